// fmap: the functor customisation point.
//
// fmap(f, x) maps f over the recursive positions of a layer x of type F<A>, giving F<B>
// with B = std::decay_t<std::invoke_result_t<Fn&, A const&>>. A layer type opts in either
// with a member `x.map(f)` or with a free function `refold_fmap(x, f)` found by ADL.
// std::optional<A> is a functor out of the box (Nothing / Just). Instances must satisfy the
// functor laws, checked by tests/laws/functor.hpp:
//   identity:     fmap(id, x) == x
//   composition:  fmap(g . f, x) == fmap(g, fmap(f, x))
#pragma once

#include <concepts>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

namespace refold::schemes {

namespace detail::fmap_impl {

void refold_fmap() = delete;  // ADL only

template <class FA, class Fn>
concept has_member = requires(FA const& x, Fn& f) { x.map(f); };
template <class FA, class Fn>
concept has_adl = requires(FA const& x, Fn& f) { refold_fmap(x, f); };

template <class T>
inline constexpr bool is_optional = false;
template <class T>
inline constexpr bool is_optional<std::optional<T>> = true;

struct fmap_fn {
    template <class Fn, class FA>
        requires has_member<FA, Fn> || has_adl<FA, Fn> || is_optional<FA>
    constexpr auto operator()(Fn&& f, FA const& x) const {
        if constexpr (has_member<FA, Fn>) {
            return x.map(f);
        } else if constexpr (has_adl<FA, Fn>) {
            return refold_fmap(x, f);
        } else {
            using B = std::decay_t<std::invoke_result_t<Fn&, typename FA::value_type const&>>;
            return x.has_value() ? std::optional<B>(std::invoke(f, *x)) : std::optional<B>();
        }
    }
};

}  // namespace detail::fmap_impl

inline constexpr detail::fmap_impl::fmap_fn fmap{};

}  // namespace refold::schemes
