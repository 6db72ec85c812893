// bind: dynamic dependencies, scopes released when the bind re-runs, cycles.
#include <incr/graph.hpp>

#include <tests/incr/throws.hpp>
#include <tests/support/random.hpp>

#include <catch2/catch.hpp>

#include <vector>

namespace incr = refold::incr;

TEST_CASE("bind switching runs only the chosen side and releases the old scope") {
    incr::graph g;
    auto use_left = g.var(true);
    auto left = g.var(1);
    auto right = g.var(100);
    int left_runs = 0, right_runs = 0, bind_runs = 0;
    incr::node<int> inner;  // the last node created in the scope
    auto b = g.bind(use_left, [&](bool l) {
        ++bind_runs;
        if (l) inner = g.map([&](int x) { ++left_runs; return x + 1; }, left);
        else inner = g.map([&](int x) { ++right_runs; return x + 2; }, right);
        return inner;
    });
    auto o = g.observe(b);
    g.stabilize();
    CHECK(o.value() == 2);
    auto const live = g.stats().live_nodes;
    auto first_inner = inner;
    CHECK(first_inner.valid());

    right.set(200);  // not read by the current scope
    g.stabilize();
    CHECK(right_runs == 0);
    CHECK(g.stats().last.recomputed == 0);

    use_left.set(false);
    g.stabilize();
    CHECK(o.value() == 202);
    CHECK(bind_runs == 2);
    CHECK(right_runs == 1);
    CHECK_FALSE(first_inner.valid());  // released with the old scope
    CHECK(g.stats().last.released == 1);
    CHECK(g.stats().live_nodes == live);

    left.set(5);  // the old scope is gone: nothing runs
    g.stabilize();
    CHECK(left_runs == 1);
    CHECK(g.stats().last.recomputed == 0);

    right.set(300);  // the new scope follows its input; the bind does not re-run f
    g.stabilize();
    CHECK(o.value() == 302);
    CHECK(bind_runs == 2);
    REQUIRE_THROWS_AS(g.map([](int x) { return x; }, first_inner), incr::invalid_handle_error);
    g.invariant();
}

TEST_CASE("bind over a higher right-hand side moves above it (heights adjust)") {
    incr::graph g;
    auto sel = g.var(0);
    auto base = g.var(1);
    // a deep chain outside any scope: the rhs may sit far above the bind
    incr::node<int> deep = base;
    for (int i = 0; i < 20; ++i) deep = g.map([](int x) { return x + 1; }, deep);
    auto b = g.bind(sel, [&](int s) { return s == 0 ? incr::node<int>(base) : deep; });
    auto after = g.map([](int x) { return x * 10; }, b);
    auto o = g.observe(after);
    g.stabilize();
    CHECK(o.value() == 10);
    sel.set(1);
    g.stabilize();
    CHECK(o.value() == 210);
    base.set(2);
    g.stabilize();
    CHECK(o.value() == 220);
    sel.set(0);
    g.stabilize();
    CHECK(o.value() == 20);
    CHECK(g.stats().necessary_nodes == 4);  // sel, base, b, after: the chain was released
    g.invariant();
}

TEST_CASE("observers of released scope nodes become invalid") {
    incr::graph g;
    auto sel = g.var(0);
    incr::node<int> inner;
    auto b = g.bind(sel, [&](int s) {
        inner = g.map([s](int x) { return x * 3 + s; }, sel);
        return inner;
    });
    auto o = g.observe(b);
    g.stabilize();
    CHECK(o.value() == 0);
    auto inner_obs = g.observe(inner);  // an observer of a node owned by the bind's scope
    g.stabilize();
    CHECK(inner_obs.value() == 0);
    sel.set(2);
    g.stabilize();
    CHECK(o.value() == 8);
    CHECK_FALSE(inner_obs.active());
    REQUIRE_THROWS_ID(inner_obs.value(), incr::invalid_handle_error, "[incr.handle.invalid]");
    inner_obs.unobserve();  // harmless
    g.invariant();
}

TEST_CASE("a bind whose right-hand side depends on the bind is a cycle error") {
    incr::graph g;
    auto a = g.var(1);
    incr::node<int> self;
    auto b = g.bind(a, [&](int) { return g.map([](int x) { return x + 1; }, self); });
    self = b;
    auto o = g.observe(b);
    REQUIRE_THROWS_ID(g.stabilize(), incr::cycle_error, "[incr.cycle]");
    REQUIRE_THROWS_ID(g.stabilize(), incr::poisoned_error, "[incr.poisoned]");
}

TEST_CASE("nested binds release nested scopes") {
    incr::graph g;
    auto outer = g.var(1);
    auto inner = g.var(1);
    auto b = g.bind(outer, [&](int o) {
        return g.bind(inner, [&g, o, &inner](int i) { return g.map([o, i](int x) { return o * 100 + i * 10 + x; }, inner); });
    });
    auto obs = g.observe(b);
    g.stabilize();
    CHECK(obs.value() == 111);
    auto const live = g.stats().live_nodes;
    inner.set(2);
    g.stabilize();
    CHECK(obs.value() == 122);
    outer.set(3);
    g.stabilize();
    CHECK(obs.value() == 322);
    CHECK(g.stats().live_nodes == live);
    g.invariant();
}

TEST_CASE("randomized binds equal their from-scratch value") {
    REFOLD_SEEDED_RNG(rng);
    for (std::size_t round = 0; round < refold::test::cases(50); ++round) {
        incr::graph g;
        int const k = 4;
        std::vector<incr::var<int>> vals;
        for (int i = 0; i < k; ++i) vals.push_back(g.var(i));
        auto sel = g.var(0);
        auto sel2 = g.var(1);
        // b = vals[sel] * 2 + (bind on sel2: vals[sel2] + sel)
        auto b = g.bind(sel, [&](int s) {
            auto nested = g.bind(sel2, [&, s](int s2) {
                return g.map([s](int v) { return v + s; }, vals[static_cast<std::size_t>(s2)]);
            });
            return g.map([](int v, int n) { return v * 2 + n; }, vals[static_cast<std::size_t>(s)], nested);
        });
        auto o = g.observe(b);
        std::uniform_int_distribution<int> pick(0, k - 1), value(0, 5);
        for (int step = 0; step < 30; ++step) {
            switch (rng() % 3) {
                case 0: sel.set(pick(rng)); break;
                case 1: sel2.set(pick(rng)); break;
                default: vals[static_cast<std::size_t>(pick(rng))].set(value(rng)); break;
            }
            g.stabilize();
            int const s = sel.get(), s2 = sel2.get();
            int const expect = vals[static_cast<std::size_t>(s)].get() * 2 + vals[static_cast<std::size_t>(s2)].get() + s;
            REQUIRE(o.value() == expect);
        }
        g.invariant();
    }
}

TEST_CASE("memory follows live versions: a bind switched many times reuses its nodes' memory") {
    incr::graph g;
    auto sel = g.var(0);
    auto x = g.var(1);
    auto b = g.bind(sel, [&](int s) {
        auto m = g.map([s](int v) { return v + s; }, x);
        return g.map([](int v) { return v * 2; }, m);
    });
    auto o = g.observe(b);
    g.stabilize();
    sel.set(1);
    g.stabilize();
    auto const bytes = g.arena_bytes();
    auto const live = g.stats().live_nodes;
    for (int i = 2; i < 1000; ++i) {
        sel.set(i);
        g.stabilize();
        REQUIRE(o.value() == (1 + i) * 2);
        REQUIRE(g.stats().last.created == 2);
        REQUIRE(g.stats().last.released == 2);
    }
    CHECK(g.arena_bytes() == bytes);
    CHECK(g.stats().live_nodes == live);
}
