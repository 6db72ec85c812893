// Reusable law checkers for join-semilattices and state-based CRDTs (see
// crdt/lattice/concepts.hpp for the laws). Templates over any lattice L and a generator:
//
//   sampler  (std::mt19937_64&) -> std::vector<L>   a few states of one consistent world
//   step     (const L& x, replica_id r, std::mt19937_64&) -> std::pair<L, L>
//            one random mutation by replica r: {mutate(x), delta_mutate(x)} for the same op
//
// Every checker runs refold::test::cases(1000) cases by default, seeded by REFOLD_SEEDED_RNG.
#pragma once

#include <crdt/lattice/concepts.hpp>
#include <crdt/lattice/dot.hpp>  // replica_id
#include <tests/support/random.hpp>

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <random>
#include <utility>
#include <vector>

namespace refold::test::laws {

namespace lat = refold::crdt::lattice;

inline std::size_t pick(std::mt19937_64& rng, std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
}

// States with an invariant() member (canonical form, internal consistency) get it checked.
template <class L>
concept has_invariant = requires(const L& x) {
    { x.invariant() } -> std::same_as<bool>;
};

// Counts, per law with a premise, the cases where the premise held, so a checker can show it
// did not pass vacuously.
struct premise_hits {
    std::size_t antisymmetry = 0;
    std::size_t transitivity = 0;
    std::size_t least = 0;
};

// Associativity, commutativity, idempotence; leq reflexive, antisymmetric, transitive; join is
// the least upper bound; bottom (if any) is the identity. Returns how often premises held.
template <lat::join_semilattice L, class Sampler>
premise_hits check_semilattice_laws(Sampler&& sample, std::size_t n = cases(1000)) {
    REFOLD_SEEDED_RNG(rng);
    premise_hits hits;
    for (std::size_t i = 0; i < n; ++i) {
        INFO("case " << i);
        const std::vector<L> xs = sample(rng);
        REQUIRE(!xs.empty());
        const L& a = xs[pick(rng, xs.size())];
        const L& b = xs[pick(rng, xs.size())];
        const L& c = xs[pick(rng, xs.size())];
        const L ab = lat::join(a, b);
        const L bc = lat::join(b, c);
        if constexpr (has_invariant<L>) {
            const bool invariants_hold = a.invariant() && ab.invariant() && bc.invariant();
            REQUIRE(invariants_hold);
        }

        const bool associative = lat::join(ab, c) == lat::join(a, bc);
        REQUIRE(associative);
        const bool commutative = ab == lat::join(b, a);
        REQUIRE(commutative);
        const bool idempotent = lat::join(a, a) == a;
        REQUIRE(idempotent);
        L in_place = a;
        lat::join_into(in_place, b);
        const bool join_into_agrees = in_place == ab;
        REQUIRE(join_into_agrees);

        const bool reflexive = lat::leq(a, a);
        REQUIRE(reflexive);
        if (lat::leq(a, b) && lat::leq(b, a)) {
            ++hits.antisymmetry;
            const bool antisymmetric = a == b;
            REQUIRE(antisymmetric);
        }
        if (lat::leq(a, b) && lat::leq(b, c)) {
            ++hits.transitivity;
            const bool transitive = lat::leq(a, c);
            REQUIRE(transitive);
        }
        const bool upper_bound = lat::leq(a, ab) && lat::leq(b, ab);
        REQUIRE(upper_bound);
        // Least: below every upper bound, random ones and ones built from a third state.
        const L u = lat::join(a, lat::join(c, b));
        for (const L* up : {&c, &u}) {
            if (lat::leq(a, *up) && lat::leq(b, *up)) {
                ++hits.least;
                const bool least = lat::leq(ab, *up);
                REQUIRE(least);
            }
        }
        if constexpr (lat::bounded_join_semilattice<L>) {
            const L bot = lat::bottom<L>();
            const bool identity = lat::join(bot, a) == a && lat::join(a, bot) == a;
            REQUIRE(identity);
        }
    }
    return hits;
}

// A sampler from a single-value generator: independent values and joins of them (so that
// related pairs, where leq holds, come up often).
template <class Gen>
auto independent(Gen gen) {
    return [gen](std::mt19937_64& rng) mutable {
        auto x = gen(rng);
        auto y = gen(rng);
        auto z = gen(rng);
        auto xy = lat::join(x, y);
        auto xyz = lat::join(xy, z);
        return std::vector{std::move(x), std::move(y), std::move(z), std::move(xy), std::move(xyz)};
    };
}

// One run of N replicas: local mutations (each producing a delta), and messages carrying
// deltas or full states between random replicas, in random order, with duplicates.
template <class L>
struct world {
    std::vector<L> replicas;
    std::vector<L> deltas;     // every delta ever produced, in creation order
    std::vector<L> snapshots;  // states replicas passed through
};

template <lat::bounded_join_semilattice L, class Step>
world<L> simulate(Step& step, std::size_t n_replicas, std::size_t n_events, std::mt19937_64& rng) {
    world<L> w;
    w.replicas.assign(n_replicas, lat::bottom<L>());
    for (std::size_t e = 0; e < n_events; ++e) {
        const std::size_t i = pick(rng, n_replicas);
        const std::size_t roll = pick(rng, 10);
        if (roll < 6 || w.deltas.empty()) {
            auto [full, delta] = step(w.replicas[i], static_cast<lat::replica_id>(i + 1), rng);
            w.replicas[i] = std::move(full);
            w.deltas.push_back(std::move(delta));
        } else if (roll < 8) {
            lat::join_into(w.replicas[i], w.deltas[pick(rng, w.deltas.size())]);
        } else {
            lat::join_into(w.replicas[i], w.replicas[pick(rng, n_replicas)]);
        }
        w.snapshots.push_back(w.replicas[i]);
    }
    return w;
}

// A sampler of consistent CRDT states: snapshots, final replica states and deltas of a run.
template <lat::bounded_join_semilattice L, class Step>
auto world_sampler(Step step) {
    return [step](std::mt19937_64& rng) mutable {
        world<L> w = simulate<L>(step, 2 + pick(rng, 3), 1 + pick(rng, 16), rng);
        std::vector<L> xs = std::move(w.snapshots);
        xs.insert(xs.end(), w.replicas.begin(), w.replicas.end());
        xs.insert(xs.end(), w.deltas.begin(), w.deltas.end());
        xs.push_back(lat::bottom<L>());
        return xs;
    };
}

// Every mutator is inflationary (x ≤ m(x)) and its delta agrees: join(x, m^δ(x)) == m(x).
template <lat::bounded_join_semilattice L, class Step>
void check_mutator_laws(Step step, std::size_t n = cases(1000)) {
    REFOLD_SEEDED_RNG(rng);
    auto sample = world_sampler<L>(step);
    for (std::size_t i = 0; i < n; ++i) {
        INFO("case " << i);
        const std::vector<L> xs = sample(rng);
        const L& x = xs[pick(rng, xs.size())];
        const auto r = static_cast<lat::replica_id>(1 + pick(rng, 4));
        const auto [full, delta] = step(x, r, rng);
        if constexpr (has_invariant<L>) {
            const bool invariants_hold = x.invariant() && full.invariant() && delta.invariant() &&
                                         lat::join(x, delta).invariant();
            REQUIRE(invariants_hold);
        }
        const bool inflationary = lat::leq(x, full);
        REQUIRE(inflationary);
        const bool delta_agrees = lat::join(x, delta) == full;
        REQUIRE(delta_agrees);
    }
}

// Replicas converge: after random mutations and gossip, delivering every delta to every
// replica (shuffled, with duplicates) — or exchanging only full states through a random
// relay order — leaves all replicas equal to the join of all deltas.
template <lat::bounded_join_semilattice L, class Step>
void check_convergence(Step step, std::size_t n = cases(1000)) {
    REFOLD_SEEDED_RNG(rng);
    for (std::size_t i = 0; i < n; ++i) {
        INFO("case " << i);
        const std::size_t n_replicas = 2 + pick(rng, 4);
        world<L> w = simulate<L>(step, n_replicas, 1 + pick(rng, 30), rng);
        L oracle = lat::bottom<L>();
        for (const L& d : w.deltas) oracle = lat::join(oracle, d);  // not join_into: independent

        const bool by_deltas = i % 2 == 0;
        if (by_deltas) {
            for (L& replica : w.replicas) {
                std::vector<std::size_t> order(w.deltas.size());
                for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
                for (std::size_t k = pick(rng, order.size() + 1); k > 0; --k) {
                    order.push_back(pick(rng, w.deltas.size()));  // duplicates
                }
                std::shuffle(order.begin(), order.end(), rng);
                for (std::size_t k : order) lat::join_into(replica, w.deltas[k]);
            }
        } else {
            // Full states only: gather into a random relay in random order, then spread it,
            // with random extra (duplicate) exchanges in between.
            std::vector<std::size_t> order(n_replicas);
            for (std::size_t k = 0; k < n_replicas; ++k) order[k] = k;
            std::shuffle(order.begin(), order.end(), rng);
            const std::size_t relay = order.front();
            for (std::size_t k : order) {
                lat::join_into(w.replicas[relay], w.replicas[k]);
                const std::size_t s = pick(rng, n_replicas);
                lat::join_into(w.replicas[pick(rng, n_replicas)], w.replicas[s]);
            }
            std::shuffle(order.begin(), order.end(), rng);
            for (std::size_t k : order) lat::join_into(w.replicas[k], w.replicas[relay]);
        }
        INFO((by_deltas ? "exchanging deltas" : "exchanging full states"));
        for (const L& replica : w.replicas) {
            const bool converged = replica == oracle;
            REQUIRE(converged);
        }
    }
}

}  // namespace refold::test::laws

// Test cases checking that L (named `name` in the listing) is a join-semilattice, with
// states drawn from `sampler`.
#define REFOLD_LATTICE_LAW_TEST(name, L, sampler)                                          \
    TEST_CASE("laws: " name " is a join-semilattice", "[laws]") {                          \
        const auto hits = ::refold::test::laws::check_semilattice_laws<L>(sampler);        \
        INFO("cases where antisymmetry's premise held: " << hits.antisymmetry);            \
        CHECK(hits.antisymmetry > 0);                                                      \
        CHECK(hits.transitivity > 0);                                                      \
        CHECK(hits.least > 0);                                                             \
    }

// Test cases for a CRDT: lattice laws on states of simulated runs, mutator laws, convergence.
#define REFOLD_CRDT_LAW_TESTS(name, L, step)                                               \
    REFOLD_LATTICE_LAW_TEST(name, L, ::refold::test::laws::world_sampler<L>(step))         \
    TEST_CASE("laws: " name " mutators are inflationary and match their deltas", "[laws]") { \
        ::refold::test::laws::check_mutator_laws<L>(step);                                 \
    }                                                                                      \
    TEST_CASE("laws: " name " replicas converge", "[laws]") {                              \
        ::refold::test::laws::check_convergence<L>(step);                                  \
    }
