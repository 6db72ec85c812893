// internal; see <views/outline.hpp>
// Small cata/ana over schemes::fix, used until the schemes module exposes its own.
#pragma once

#include <schemes/fix.hpp>
#include <schemes/functor.hpp>

#include <functional>

namespace refold::views::detail {

// cata alg: fold bottom-up, alg : F<A> -> A.
template <class A, template <class> class F, class Alg>
A cata(Alg& alg, schemes::fix<F> const& x) {
    return alg(schemes::fmap([&](schemes::fix<F> const& c) { return cata<A>(alg, c); }, x.layer()));
}

// ana coalg: unfold top-down, coalg : S -> F<S>.
template <template <class> class F, class Coalg, class S>
schemes::fix<F> ana(Coalg& coalg, S const& seed) {
    return schemes::fix<F>(schemes::fmap([&](S const& s) { return ana<F>(coalg, s); }, coalg(seed)));
}

}  // namespace refold::views::detail
