// Lexicographic pair: ordered by `first`, and by `second` only where the firsts are equal.
//
//   join((a1, a2), (b1, b2)) = (a1, join(a2, b2))   if a1 == b1
//                            = (b1, b2)             if a1 < b1
//                            = (a1, a2)             if b1 < a1
//                            = (join(a1, b1), ⊥)    if a1, b1 are incomparable
//
// The last case needs a bottom in B; when A is a chain it never arises, and B may be any
// lattice. A lexicographic pair of two chains is a chain (e.g. (lamport, replica) stamps).
#pragma once

#include <crdt/lattice/concepts.hpp>

namespace refold::crdt::lattice {

template <join_semilattice A, join_semilattice B>
    requires is_chain_v<A> || bounded_join_semilattice<B>
struct lex_pair {
    A first{};
    B second{};

    friend lex_pair join(const lex_pair& x, const lex_pair& y) {
        if (x.first == y.first) return {x.first, lattice::join(x.second, y.second)};
        A j = lattice::join(x.first, y.first);
        if (j == y.first) return y;
        if (j == x.first) return x;
        if constexpr (bounded_join_semilattice<B>) {
            return {std::move(j), lattice::bottom<B>()};
        } else {
            return {std::move(j), x.second};  // unreachable: A is a chain
        }
    }
    friend bool operator==(const lex_pair&, const lex_pair&) = default;

    static lex_pair bottom()
        requires bounded_join_semilattice<A> && bounded_join_semilattice<B>
    {
        return {lattice::bottom<A>(), lattice::bottom<B>()};
    }
};

template <class A, class B>
inline constexpr bool is_chain_v<lex_pair<A, B>> = is_chain_v<A> && is_chain_v<B>;

}  // namespace refold::crdt::lattice
