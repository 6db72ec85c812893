// Products: std::pair and std::tuple of lattices join componentwise; bottom is the tuple of
// bottoms. (Pointwise products over structs reflected with Boost.Hana are in reflect.hpp.)
#pragma once

#include <crdt/lattice/concepts.hpp>

#include <cstddef>
#include <tuple>
#include <utility>

namespace refold::crdt::lattice {

template <join_semilattice A, join_semilattice B>
struct lattice_traits<std::pair<A, B>> {
    static std::pair<A, B> join(const std::pair<A, B>& x, const std::pair<A, B>& y) {
        return {lattice::join(x.first, y.first), lattice::join(x.second, y.second)};
    }
    static void join_into(std::pair<A, B>& x, const std::pair<A, B>& d) {
        lattice::join_into(x.first, d.first);
        lattice::join_into(x.second, d.second);
    }
    static std::pair<A, B> bottom()
        requires bounded_join_semilattice<A> && bounded_join_semilattice<B>
    {
        return {lattice::bottom<A>(), lattice::bottom<B>()};
    }
};

template <join_semilattice... Ts>
struct lattice_traits<std::tuple<Ts...>> {
    using tuple_type = std::tuple<Ts...>;
    static tuple_type join(const tuple_type& x, const tuple_type& y) {
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            return tuple_type{lattice::join(std::get<I>(x), std::get<I>(y))...};
        }(std::index_sequence_for<Ts...>{});
    }
    static void join_into(tuple_type& x, const tuple_type& d) {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (lattice::join_into(std::get<I>(x), std::get<I>(d)), ...);
        }(std::index_sequence_for<Ts...>{});
    }
    static tuple_type bottom()
        requires(bounded_join_semilattice<Ts> && ...)
    {
        return tuple_type{lattice::bottom<Ts>()...};
    }
};

}  // namespace refold::crdt::lattice
