// Map-of-lattice: std::map<K, V> with V a join-semilattice is a lattice under pointwise join,
// an absent key standing for bottom. Keys of either side survive; shared keys join values.
//
// Canonical form: a map never holds an explicit bottom value. join preserves this (the join
// of two non-bottom values is not bottom), and map_join_at below keeps it; with it,
// {k ↦ ⊥} and {} are the same state, as the "absent = bottom" reading requires.
#pragma once

#include <crdt/lattice/concepts.hpp>

#include <map>
#include <utility>

namespace refold::crdt::lattice {

template <class K, join_semilattice V, class Compare, class Alloc>
struct lattice_traits<std::map<K, V, Compare, Alloc>> {
    using map_type = std::map<K, V, Compare, Alloc>;

    static map_type join(const map_type& a, const map_type& b) {
        if (a.size() < b.size()) return join(b, a);
        map_type out = a;
        auto hint = out.begin();
        for (const auto& [k, v] : b) {
            hint = out.lower_bound(k);
            if (hint != out.end() && !out.key_comp()(k, hint->first)) {
                hint->second = lattice::join(hint->second, v);
            } else {
                hint = out.emplace_hint(hint, k, v);
            }
        }
        return out;
    }
    static void join_into(map_type& x, const map_type& d) {
        for (const auto& [k, v] : d) {
            auto [it, fresh] = x.try_emplace(k, v);
            if (!fresh) lattice::join_into(it->second, v);
        }
    }
    static map_type bottom() { return {}; }
};

// Joins v into m[k] (absent = bottom), keeping the map canonical: a bottom v adds nothing.
template <class K, join_semilattice V, class Compare, class Alloc>
void map_join_at(std::map<K, V, Compare, Alloc>& m, const K& k, const V& v) {
    if constexpr (bounded_join_semilattice<V>) {
        if (v == lattice::bottom<V>()) return;
    }
    if (auto it = m.find(k); it != m.end()) {
        it->second = lattice::join(it->second, v);
    } else {
        m.emplace(k, v);
    }
}

}  // namespace refold::crdt::lattice
