// para: the paramorphism, a fold whose algebra also sees each original subtree.
//
//   para(alg, t) = alg(fmap(c -> (c, para(alg, c)), out(t)))
//
// The algebra takes F<std::pair<fix<F>, A>>; its carrier is found as for cata.
#pragma once

#include <schemes/cata.hpp>

#include <utility>

namespace refold::schemes {

namespace detail {
// F<(fix<F>, A)> -> A
template <template <class> class F>
struct para_layer_arg {
    template <class A>
    A operator()(F<std::pair<fix<F>, A>> const*) const;
};

template <class A, template <class> class F, class Alg>
A para_rec(Alg& alg, fix<F> const& t) {
    auto rec = [&alg](fix<F> const& c) -> std::pair<fix<F>, A> { return {c, para_rec<A>(alg, c)}; };
    return static_cast<A>(alg(fmap(rec, t.layer())));
}
}  // namespace detail

struct para_fn {
    template <class Alg, template <class> class F>
    auto operator()(Alg&& alg, fix<F> const& t) const {
        using A = typename detail::carrier_by<std::remove_cvref_t<Alg>, detail::para_layer_arg<F>>::type;
        return detail::para_rec<A>(alg, t);
    }
};
inline constexpr para_fn para{};

}  // namespace refold::schemes
