// Primitive lattices: max over a totally ordered type, boolean or, set union, unit.
#pragma once

#include <crdt/lattice/concepts.hpp>

#include <algorithm>
#include <concepts>
#include <iterator>
#include <limits>
#include <set>
#include <string>

namespace refold::crdt::lattice {

namespace detail {
// Types with a known least value: bounded arithmetic types and strings ("" is least).
template <class T>
concept has_least_value =
    (std::numeric_limits<T>::is_specialized && std::numeric_limits<T>::is_bounded) ||
    std::same_as<T, std::string>;
}  // namespace detail

// max over a totally ordered T: join is std::max, the order is T's order (a chain).
// Bounded when T has a least value (numeric_limits<T>::lowest(), or "" for strings).
template <std::totally_ordered T>
struct max_lattice {
    T value{};

    friend constexpr max_lattice join(const max_lattice& a, const max_lattice& b) {
        return b.value < a.value ? a : b;
    }
    friend constexpr bool operator==(const max_lattice&, const max_lattice&) = default;

    static constexpr max_lattice bottom()
        requires detail::has_least_value<T>
    {
        if constexpr (std::same_as<T, std::string>) {
            return max_lattice{};
        } else {
            return max_lattice{std::numeric_limits<T>::lowest()};
        }
    }
};

template <class T>
inline constexpr bool is_chain_v<max_lattice<T>> = true;

// The one-element lattice: what a set maps its members to.
struct unit {
    friend constexpr unit join(unit, unit) { return {}; }
    friend constexpr bool operator==(unit, unit) = default;
    static constexpr unit bottom() { return {}; }
};

template <>
inline constexpr bool is_chain_v<unit> = true;

// bool under or: false ≤ true.
template <>
struct lattice_traits<bool> {
    static constexpr bool join(bool a, bool b) { return a || b; }
    static constexpr bool bottom() { return false; }
};

template <>
inline constexpr bool is_chain_v<bool> = true;

// std::set<T> under union; bottom is the empty set.
template <class T, class Compare, class Alloc>
struct lattice_traits<std::set<T, Compare, Alloc>> {
    using set_type = std::set<T, Compare, Alloc>;
    static set_type join(const set_type& a, const set_type& b) {
        if (a.size() < b.size()) return join(b, a);
        set_type out = a;
        for (const auto& x : b) out.insert(out.end(), x);
        return out;
    }
    static void join_into(set_type& x, const set_type& d) { x.insert(d.begin(), d.end()); }
    static set_type bottom() { return {}; }
};

}  // namespace refold::crdt::lattice
