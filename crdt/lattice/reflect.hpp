// Pointwise product over structs reflected with Boost.Hana: a struct defined with
// BOOST_HANA_DEFINE_STRUCT (or adapted with BOOST_HANA_ADAPT_STRUCT) whose members are all
// join-semilattices is a lattice under memberwise join; bottom is memberwise bottom.
//
//   struct doc_stats {
//       BOOST_HANA_DEFINE_STRUCT(doc_stats,
//           (max_lattice<std::uint64_t>, version),
//           (std::set<std::string>, authors));
//       friend bool operator==(const doc_stats&, const doc_stats&) = default;
//   };
//   static_assert(join_semilattice<doc_stats>);
//
// Existing structs can be adapted from the global namespace with
// BOOST_HANA_ADAPT_STRUCT(ns::type, member...).
//
// This is the only header of refold::crdt::lattice that includes Boost.Hana.
#pragma once

#include <crdt/lattice/concepts.hpp>

#include <boost/hana/accessors.hpp>
#include <boost/hana/adapt_struct.hpp>
#include <boost/hana/at_key.hpp>
#include <boost/hana/concept/struct.hpp>
#include <boost/hana/define_struct.hpp>
#include <boost/hana/for_each.hpp>
#include <boost/hana/keys.hpp>
#include <boost/hana/second.hpp>
#include <boost/hana/unpack.hpp>

#include <type_traits>
#include <utility>

namespace refold::crdt::lattice {

namespace detail {

// std::type_identity<void(M...)> for the member types M... of the reflected struct S.
template <class S>
struct hana_members {
    static constexpr auto types() {
        return boost::hana::unpack(boost::hana::accessors<S>(), [](auto... acc) {
            return std::type_identity<void(std::remove_cvref_t<decltype(boost::hana::second(acc)(
                std::declval<S&>()))>...)>{};
        });
    }
    using type = decltype(types());
};
template <class S>
using hana_member_types = typename hana_members<S>::type;

template <class Sig>
struct all_members;
template <class... Ms>
struct all_members<std::type_identity<void(Ms...)>> {
    static constexpr bool lattices = (join_semilattice<Ms> && ...);
    static constexpr bool bounded = (bounded_join_semilattice<Ms> && ...);
};

template <class S>
concept hana_struct = std::is_class_v<S> && boost::hana::Struct<S>::value;

}  // namespace detail

template <class S>
    requires detail::hana_struct<S> && detail::all_members<detail::hana_member_types<S>>::lattices
struct lattice_traits<S> {
    static S join(const S& a, const S& b) {
        S out = a;
        boost::hana::for_each(boost::hana::keys(out), [&](auto key) {
            auto& m = boost::hana::at_key(out, key);
            m = lattice::join(m, boost::hana::at_key(b, key));
        });
        return out;
    }
    static S bottom()
        requires detail::all_members<detail::hana_member_types<S>>::bounded
    {
        S out{};
        boost::hana::for_each(boost::hana::keys(out), [&](auto key) {
            auto& m = boost::hana::at_key(out, key);
            m = lattice::bottom<std::remove_cvref_t<decltype(m)>>();
        });
        return out;
    }
};

}  // namespace refold::crdt::lattice
