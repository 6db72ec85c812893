// cata: the catamorphism, folding a fix<F> bottom-up with an algebra F<A> -> A.
//
//   cata(alg, t) = alg(fmap(cata(alg), out(t)))
//
// The carrier A is the algebra's `carrier_type` when it has one (wrap generic lambdas with
// algebra<A>(fn)), else the A in the parameter type F<A> of its call operator. Recursion
// depth is the tree's height.
#pragma once

#include <schemes/detail/carrier.hpp>
#include <schemes/fix.hpp>
#include <schemes/functor.hpp>

#include <type_traits>
#include <utility>

namespace refold::schemes {

// Attaches an explicit carrier A to a (possibly generic) function object.
template <class A, class Fn>
struct algebra_fn {
    using carrier_type = A;
    Fn fn;
    template <class Layer>
    A operator()(Layer const& layer) {
        return fn(layer);
    }
    template <class Layer>
    A operator()(Layer const& layer) const {
        return fn(layer);
    }
};
template <class A, class Fn>
[[nodiscard]] constexpr algebra_fn<A, std::decay_t<Fn>> algebra(Fn&& fn) {
    return {std::forward<Fn>(fn)};
}

namespace detail {
template <class A, template <class> class F, class Alg>
A cata_rec(Alg& alg, fix<F> const& t) {
    auto rec = [&alg](fix<F> const& c) -> A { return cata_rec<A>(alg, c); };
    return static_cast<A>(alg(fmap(rec, t.layer())));
}
}  // namespace detail

struct cata_fn {
    template <class Alg, template <class> class F>
    auto operator()(Alg&& alg, fix<F> const& t) const {
        using A = detail::carrier_t<Alg, F>;
        return detail::cata_rec<A>(alg, t);
    }
};
inline constexpr cata_fn cata{};

}  // namespace refold::schemes
