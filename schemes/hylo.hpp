// hylo: an unfold followed by a fold, fused so that no intermediate tree is built.
//
//   hylo(alg, coalg, s) = alg(fmap(hylo(alg, coalg), coalg(s)))  ==  cata(alg) . ana(coalg)
//
// The functor F is read off the coalgebra's result F<S>; the carrier A as for cata (the
// algebra's `carrier_type`, or its parameter type F<A>). Only one layer per recursion level
// is alive at a time; recursion depth is the depth of the virtual tree.
#pragma once

#include <schemes/cata.hpp>

#include <type_traits>
#include <utility>

namespace refold::schemes {

namespace detail {
template <class A, template <class> class F, class S, class Alg, class Coalg>
A hylo_rec(Alg& alg, Coalg& coalg, S const& seed, F<S> const* /*tag*/) {
    auto rec = [&alg, &coalg](S const& s) -> A {
        return hylo_rec<A>(alg, coalg, s, static_cast<F<S> const*>(nullptr));
    };
    return static_cast<A>(alg(fmap(rec, coalg(seed))));
}

template <class Alg, template <class> class F, class S>
carrier_t<Alg, F> hylo_carrier(F<S> const*);
}  // namespace detail

struct hylo_fn {
    template <class Alg, class Coalg, class S>
    auto operator()(Alg&& alg, Coalg&& coalg, S const& seed) const {
        using layer = std::remove_cvref_t<decltype(coalg(seed))>;
        using A = decltype(detail::hylo_carrier<std::remove_cvref_t<Alg>>(static_cast<layer const*>(nullptr)));
        return detail::hylo_rec<A>(alg, coalg, seed, static_cast<layer const*>(nullptr));
    }
};
inline constexpr hylo_fn hylo{};

}  // namespace refold::schemes
