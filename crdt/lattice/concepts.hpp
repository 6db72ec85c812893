// Join-semilattices: the one algebraic structure every state-based CRDT in refold is.
//
// A type L is a join-semilattice when `join(a, b)` (the least upper bound, written a ∨ b)
// is defined for all a, b and obeys, for all a, b, c of L (with == as equality):
//
//   associativity   join(join(a, b), c) == join(a, join(b, c))
//   commutativity   join(a, b) == join(b, a)
//   idempotence     join(a, a) == a
//
// The order is derived from join and is never given separately:
//
//   leq(a, b)  ⇔  join(a, b) == b                 (a ≤ b)
//
// which makes leq a partial order (reflexive, antisymmetric, transitive) and join the
// least upper bound: a ≤ join(a, b), b ≤ join(a, b), and a ≤ c ∧ b ≤ c ⇒ join(a, b) ≤ c.
//
// A bounded join-semilattice also has a least element `bottom<L>()`:
//
//   identity        join(bottom<L>(), a) == a     (equivalently bottom ≤ a)
//
// A state-based CRDT is such a lattice with monotone (inflationary) mutators: x ≤ m(x).
// A delta-mutator m^δ returns a small state d with join(x, m^δ(x)) == m(x).
//
// How a type takes part (checked in this order by the customisation point objects):
//   1. a specialisation of lattice_traits<L> with static `join(a, b)` (and `bottom()`),
//      used for std types (bool, std::set, std::map, std::pair, std::tuple, std::optional)
//      and for structs reflected with Boost.Hana (see reflect.hpp);
//   2. a `join(a, b)` found by argument-dependent lookup (usually a hidden friend), and a
//      static member function `L::bottom()`.
// Either way a type may also provide an in-place `join_into(x, d)` (static in the traits, or
// by ADL) for applying a small delta to a big state; join_into falls back to x = join(x, d).
// Which headers to include: primitives.hpp (max, bool, set, unit), map.hpp, product.hpp,
// lexicographic.hpp, optional.hpp, reflect.hpp (Hana structs); counter.hpp, set.hpp,
// or_set.hpp, register.hpp (CRDTs); json.hpp (JSON for all of them).
// The laws are checked for every lattice in refold by tests/laws/lattice.hpp.
#pragma once

#include <concepts>
#include <type_traits>

namespace refold::crdt::lattice {

// Specialise for types whose join cannot be a hidden friend. Members: static L join(const L&,
// const L&) and, for bounded lattices, static L bottom(). The primary template is empty.
template <class L>
struct lattice_traits {};

// True when every two elements of L are comparable (L is a chain). Lexicographic products use
// it: a chain in the first component needs no bottom in the second.
template <class L>
inline constexpr bool is_chain_v = false;

namespace detail {

template <class L>
concept has_trait_join = requires(const L& a, const L& b) {
    { lattice_traits<L>::join(a, b) } -> std::same_as<L>;
};

template <class L>
concept has_trait_bottom = requires {
    { lattice_traits<L>::bottom() } -> std::same_as<L>;
};

template <class L>
concept has_member_bottom = requires {
    { L::bottom() } -> std::same_as<L>;
};

namespace join_adl {
void join() = delete;  // hides the customisation point object from the lookup below

template <class L>
concept has_adl_join = requires(const L& a, const L& b) {
    { join(a, b) } -> std::same_as<L>;
};

struct join_fn {
    template <class L>
        requires has_trait_join<L> || has_adl_join<L>
    constexpr L operator()(const L& a, const L& b) const {
        if constexpr (has_trait_join<L>) {
            return lattice_traits<L>::join(a, b);
        } else {
            return join(a, b);
        }
    }
};
}  // namespace join_adl

template <class L>
struct bottom_fn {
    constexpr L operator()() const
        requires has_trait_bottom<L> || has_member_bottom<L>
    {
        if constexpr (has_trait_bottom<L>) {
            return lattice_traits<L>::bottom();
        } else {
            return L::bottom();
        }
    }
};

}  // namespace detail

inline namespace cpo {
// join(a, b): the least upper bound of a and b.
inline constexpr detail::join_adl::join_fn join{};
// bottom<L>(): the least element of a bounded join-semilattice.
template <class L>
inline constexpr detail::bottom_fn<L> bottom{};
}  // namespace cpo

template <class L>
concept join_semilattice = std::regular<L> && requires(const L& a, const L& b) {
    { lattice::join(a, b) } -> std::same_as<L>;
};

template <class L>
concept bounded_join_semilattice = join_semilattice<L> && requires {
    { lattice::bottom<L>() } -> std::same_as<L>;
};

namespace detail {
struct leq_fn {
    template <join_semilattice L>
    constexpr bool operator()(const L& a, const L& b) const {
        return lattice::join(a, b) == b;
    }
};
}  // namespace detail

inline namespace cpo {
// leq(a, b): a ≤ b in the order derived from join.
inline constexpr detail::leq_fn leq{};
}  // namespace cpo

namespace detail {
template <class L>
concept has_trait_join_into = requires(L& x, const L& d) { lattice_traits<L>::join_into(x, d); };

namespace join_into_adl {
void join_into() = delete;  // hides the customisation point object from the lookup below

template <class L>
concept has_adl_join_into = requires(L& x, const L& d) { join_into(x, d); };

struct join_into_fn {
    template <join_semilattice L>
    constexpr L& operator()(L& x, const L& delta) const {
        if (&x == &delta) return x;  // idempotence
        if constexpr (has_trait_join_into<L>) {
            lattice_traits<L>::join_into(x, delta);
        } else if constexpr (has_adl_join_into<L>) {
            join_into(x, delta);
        } else {
            x = lattice::join(x, delta);
        }
        return x;
    }
};
}  // namespace join_into_adl
}  // namespace detail

inline namespace cpo {
// join_into(x, delta): x = join(x, delta), in place, returning x. The way to apply a received
// state or delta: types may customise it (lattice_traits<L>::join_into or an ADL
// join_into(L&, const L&)) to cost O(|delta| log |x|) instead of a copy of x.
//   law: after join_into(x, d), x == join(old x, d)
inline constexpr detail::join_into_adl::join_into_fn join_into{};
}  // namespace cpo

}  // namespace refold::crdt::lattice
