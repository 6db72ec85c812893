// Lattice, mutator and convergence laws for every CRDT of crdt/lattice.
#include <crdt/lattice/counter.hpp>
#include <crdt/lattice/or_set.hpp>
#include <crdt/lattice/register.hpp>
#include <crdt/lattice/set.hpp>
#include <tests/laws/lattice.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <utility>

namespace lat = refold::crdt::lattice;
using refold::test::laws::pick;

namespace {

using rng_t = std::mt19937_64;

const auto g_counter_step = [](const lat::g_counter& x, lat::replica_id r, rng_t& rng) {
    const std::uint64_t n = 1 + pick(rng, 5);
    return std::pair{x.increment(r, n), x.increment_delta(r, n)};
};

const auto pn_counter_step = [](const lat::pn_counter& x, lat::replica_id r, rng_t& rng) {
    const std::uint64_t n = 1 + pick(rng, 5);
    if (pick(rng, 2) == 0) return std::pair{x.increment(r, n), x.increment_delta(r, n)};
    return std::pair{x.decrement(r, n), x.decrement_delta(r, n)};
};

const auto g_set_step = [](const lat::g_set<int>& x, lat::replica_id, rng_t& rng) {
    const int v = static_cast<int>(pick(rng, 10));
    return std::pair{x.insert(v), x.insert_delta(v)};
};

const auto two_p_set_step = [](const lat::two_p_set<int>& x, lat::replica_id, rng_t& rng) {
    const int v = static_cast<int>(pick(rng, 8));
    if (pick(rng, 3) != 0) return std::pair{x.insert(v), x.insert_delta(v)};
    return std::pair{x.erase(v), x.erase_delta(v)};
};

// Small element domain so that concurrent adds and removes of one element are common.
const auto or_set_step = [](const lat::or_set<std::string>& x, lat::replica_id r, rng_t& rng) {
    const std::string v(1, static_cast<char>('a' + pick(rng, 4)));
    if (pick(rng, 5) < 3) return std::pair{x.insert(r, v), x.insert_delta(r, v)};
    return std::pair{x.erase(v), x.erase_delta(v)};
};

const auto lww_step = [](const lat::lww_register<int>& x, lat::replica_id r, rng_t& rng) {
    const int v = static_cast<int>(pick(rng, 100));
    const std::uint64_t clock = pick(rng, 3) == 0 ? x.lamport() + pick(rng, 4) : 0;  // may lag
    return std::pair{x.assign(r, v, clock), x.assign_delta(r, v, clock)};
};

const auto mv_step = [](const lat::mv_register<std::string>& x, lat::replica_id r, rng_t& rng) {
    const std::string v = "v" + std::to_string(pick(rng, 50));
    return std::pair{x.assign(r, v), x.assign_delta(r, v)};
};

using or_set_t = lat::or_set<std::string>;
using lww_t = lat::lww_register<int>;
using mv_t = lat::mv_register<std::string>;
using g_set_t = lat::g_set<int>;
using two_p_set_t = lat::two_p_set<int>;

}  // namespace

REFOLD_CRDT_LAW_TESTS("g_counter", lat::g_counter, g_counter_step)
REFOLD_CRDT_LAW_TESTS("pn_counter", lat::pn_counter, pn_counter_step)
REFOLD_CRDT_LAW_TESTS("g_set", g_set_t, g_set_step)
REFOLD_CRDT_LAW_TESTS("two_p_set", two_p_set_t, two_p_set_step)
REFOLD_CRDT_LAW_TESTS("or_set", or_set_t, or_set_step)
REFOLD_CRDT_LAW_TESTS("lww_register", lww_t, lww_step)
REFOLD_CRDT_LAW_TESTS("mv_register", mv_t, mv_step)
