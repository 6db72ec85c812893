// Concepts of the schemes module. The laws stated here are checked by tests/laws/.
#pragma once

#include <schemes/functor.hpp>

#include <concepts>
#include <functional>

namespace refold::schemes {

// A layer type F<A> that fmap can map. Laws (tests/laws/functor.hpp):
//   fmap(std::identity{}, x) == x;  fmap(g . f, x) == fmap(g, fmap(f, x)).
template <class FA>
concept functor = requires(FA const& x) {
    { fmap(std::identity{}, x) } -> std::same_as<FA>;
};

// An F-algebra with carrier A: a function F<A> -> A.
template <class Alg, class FA, class A>
concept algebra_for = std::invocable<Alg&, FA const&> &&
                      std::convertible_to<std::invoke_result_t<Alg&, FA const&>, A>;

}  // namespace refold::schemes
