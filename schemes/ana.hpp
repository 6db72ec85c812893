// ana and apo: unfolds that build a fix<F> top-down from a seed.
//
//   ana(coalg, s) = in(fmap(ana(coalg), coalg(s)))          coalg : S -> F<S>
//   apo(coalg, s) = in(fmap(either(id, apo(coalg)), coalg(s)))
//                                              coalg : S -> F<std::variant<fix<F>, S>>
// apo may stop early by handing back a finished subtree (index 0) instead of a new seed,
// which shares that subtree with the result. The functor F is read off the coalgebra's
// result type F<S>.
#pragma once

#include <schemes/fix.hpp>
#include <schemes/functor.hpp>

#include <type_traits>
#include <utility>
#include <variant>

namespace refold::schemes {

namespace detail {
template <template <class> class F, class S, class Coalg>
fix<F> ana_rec(Coalg& coalg, S const& seed, F<S> const* /*tag*/) {
    auto rec = [&coalg](S const& s) -> fix<F> {
        return ana_rec(coalg, s, static_cast<F<S> const*>(nullptr));
    };
    return fix<F>(fmap(rec, coalg(seed)));
}

template <template <class> class F, class S, class Coalg>
fix<F> apo_rec(Coalg& coalg, S const& seed, F<std::variant<fix<F>, S>> const* /*tag*/) {
    using tag = F<std::variant<fix<F>, S>> const*;
    auto rec = [&coalg](std::variant<fix<F>, S> const& v) -> fix<F> {
        if (auto const* done = std::get_if<0>(&v)) return *done;
        return apo_rec(coalg, *std::get_if<1>(&v), static_cast<tag>(nullptr));
    };
    return fix<F>(fmap(rec, coalg(seed)));
}
}  // namespace detail

struct ana_fn {
    template <class Coalg, class S>
    auto operator()(Coalg&& coalg, S const& seed) const {
        using layer = std::remove_cvref_t<decltype(coalg(seed))>;
        return detail::ana_rec(coalg, seed, static_cast<layer const*>(nullptr));
    }
};
inline constexpr ana_fn ana{};

struct apo_fn {
    template <class Coalg, class S>
    auto operator()(Coalg&& coalg, S const& seed) const {
        using layer = std::remove_cvref_t<decltype(coalg(seed))>;
        return detail::apo_rec(coalg, seed, static_cast<layer const*>(nullptr));
    }
};
inline constexpr apo_fn apo{};

}  // namespace refold::schemes
