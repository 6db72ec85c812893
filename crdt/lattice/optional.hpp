// Optional (lifted) lattice: std::optional<L> adds a new bottom, std::nullopt, below every
// element of L; two engaged values join as in L.
#pragma once

#include <crdt/lattice/concepts.hpp>

#include <optional>

namespace refold::crdt::lattice {

template <join_semilattice L>
struct lattice_traits<std::optional<L>> {
    static std::optional<L> join(const std::optional<L>& a, const std::optional<L>& b) {
        if (!a) return b;
        if (!b) return a;
        return lattice::join(*a, *b);
    }
    static void join_into(std::optional<L>& x, const std::optional<L>& d) {
        if (!d) return;
        if (!x) {
            x = d;
        } else {
            lattice::join_into(*x, *d);
        }
    }
    static std::optional<L> bottom() { return std::nullopt; }
};

template <class L>
inline constexpr bool is_chain_v<std::optional<L>> = is_chain_v<L>;

}  // namespace refold::crdt::lattice
