// Law checker for functors (see <schemes/concepts.hpp>): identity and composition of fmap,
// checked on sample layers with sample functions. Used by tests of every functor instance.
#pragma once

#include <schemes/concepts.hpp>
#include <schemes/functor.hpp>

#include <catch2/catch.hpp>

#include <functional>

namespace refold::laws {

// fmap(id, x) == x
template <class FA>
void check_functor_identity(FA const& x) {
    static_assert(schemes::functor<FA>);
    CHECK(schemes::fmap(std::identity{}, x) == x);
}

// fmap(g . f, x) == fmap(g, fmap(f, x))
template <class FA, class Fn, class Gn>
void check_functor_composition(FA const& x, Fn f, Gn g) {
    auto composed = [&](auto const& a) { return g(f(a)); };
    CHECK(schemes::fmap(composed, x) == schemes::fmap(g, schemes::fmap(f, x)));
}

// Both laws on every sample.
template <class Samples, class Fn, class Gn>
void check_functor_laws(Samples const& samples, Fn f, Gn g) {
    for (auto const& x : samples) {
        check_functor_identity(x);
        check_functor_composition(x, f, g);
    }
}

}  // namespace refold::laws
