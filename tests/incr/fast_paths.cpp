// The scheduler's fast paths (core::run_path and the wide vars of core::var_changed): a path
// of only dependents runs without the heap, and a var with many dependents leaves them to a
// sweep from height 1. These tests check that both give the values of a from-scratch
// computation and exactly the recomputations, changes and callbacks that queueing gives.
#include <incr/graph.hpp>

#include <tests/support/random.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace incr = refold::incr;

namespace {

// One var read by `width` nodes (x + k) % 7, joined by a sum; `extra` unrelated observed nodes
// (a chain) make the var's dependents a small share of the necessary nodes.
struct fan {
    incr::var<int> x;
    std::vector<incr::node<int>> mids;
    std::vector<int> runs;
    int sum_runs = 0;
    std::optional<incr::observer<long>> out;
    std::vector<incr::observer<int>> keep;
    std::optional<incr::observer<int>> chain_out;

    static int f(int x, int k) { return (x + k) % 7; }

    fan(incr::graph& g, int width, int extra, bool with_bind) : runs(static_cast<std::size_t>(width), 0) {
        x = g.var(0);
        for (int k = 0; k < width; ++k) {
            int* spy = &runs[static_cast<std::size_t>(k)];
            mids.push_back(g.map([spy, k](int v) { ++*spy; return f(v, k); }, x));
        }
        auto sum = g.map_n([this](incr::inputs<int> const& xs) {
            ++sum_runs;
            long s = 0;
            for (int v : xs) s += v;
            return s;
        }, mids);
        out.emplace(g.observe(sum));
        if (extra > 0) {
            auto c = g.var(1);
            incr::node<int> last = c;
            for (int i = 0; i < extra; ++i) last = g.map([](int v) { return v + 1; }, last);
            chain_out.emplace(g.observe(last));
        }
        if (with_bind) {
            auto b = g.bind(x, [m = mids[0]](int) { return m; });
            keep.push_back(g.observe(b));
        }
        g.stabilize();
    }
};

}  // namespace

TEST_CASE("a var with many dependents: exact recomputations, with and without a sweep") {
    REFOLD_SEEDED_RNG(rng);
    struct config {
        int width, extra;
        bool bind, sweeps;
    };
    // 100 dependents of 102 necessary nodes: swept; of 3,102: queued; with a bind: queued
    for (config const c : {config{100, 0, false, true}, config{100, 3000, false, false},
                           config{100, 0, true, false}, config{40, 0, false, false}}) {
        CAPTURE(c.width, c.extra, c.bind);
        incr::graph g;
        fan net(g, c.width, c.extra, c.bind);
        int cur = 0;       // the var's latest value
        int stable = 0;    // its value at the last stabilization
        for (std::size_t round = 0; round < refold::test::cases(60); ++round) {
            bool touched = false;
            int const sets = static_cast<int>(rng() % 3);  // 0, 1 or 2 sets before stabilizing
            for (int s = 0; s < sets; ++s) {
                int const v = static_cast<int>(rng() % 10);
                if (v != cur) touched = true;
                cur = v;
                net.x.set(v);
            }
            std::vector<int> const before = net.runs;
            int const sum_before = net.sum_runs;
            long const old_sum = net.out->value();
            std::uint64_t const sweeps = g.stats().sweeps;
            g.stabilize();
            int changed_mids = 0;
            long want = 0;
            for (int k = 0; k < c.width; ++k) {
                changed_mids += fan::f(cur, k) != fan::f(stable, k) ? 1 : 0;
                want += fan::f(cur, k);
            }
            REQUIRE(net.out->value() == want);
            for (std::size_t k = 0; k < net.runs.size(); ++k) REQUIRE(net.runs[k] - before[k] == (touched ? 1 : 0));
            int const sum_ran = changed_mids > 0 ? 1 : 0;
            CHECK(net.sum_runs - sum_before == sum_ran);
            // the bind reads x (and mids[0]): it runs once when x changed, and changes with mids[0]
            std::uint64_t const bind_ran = c.bind && touched ? 1 : 0;
            std::uint64_t const bind_changed = c.bind && fan::f(cur, 0) != fan::f(stable, 0) ? 1 : 0;
            CHECK(g.stats().last.recomputed == (touched ? static_cast<std::uint64_t>(c.width) : 0) + bind_ran +
                                                   static_cast<std::uint64_t>(sum_ran));
            CHECK(g.stats().last.changed == static_cast<std::uint64_t>(changed_mids) + bind_changed +
                                                (want != old_sum ? 1u : 0u));
            CHECK(g.stats().sweeps - sweeps == (c.sweeps && touched ? 1u : 0u));
            stable = cur;
            g.invariant();
        }
    }
}

namespace {

// A balanced tree over `n` leaves whose inner nodes compute (a + b) % m: with small m, a
// leaf edit stops at a random ancestor (cutoff). Inner values of the last stabilization and
// per-node runs are kept to predict exactly what a leaf edit recomputes.
struct mod_tree {
    int m;
    std::vector<incr::var<int>> leaves;
    struct inner {
        std::size_t lo, hi;
        int runs = 0;
        incr::node<int> node;
    };
    std::vector<inner> nodes;  // post-order
    incr::node<int> root;

    mod_tree(incr::graph& g, std::size_t n, int mod) : m(mod), leaves(n) {
        nodes.reserve(2 * n);
        root = build(g, 0, n);
    }
    incr::node<int> build(incr::graph& g, std::size_t lo, std::size_t hi) {
        if (hi - lo == 1) {
            leaves[lo] = g.var(static_cast<int>(lo % 3));
            return leaves[lo];
        }
        std::size_t const mid = lo + (hi - lo) / 2;
        auto l = build(g, lo, mid);
        auto r = build(g, mid, hi);
        std::size_t const k = nodes.size();
        nodes.push_back({lo, hi, 0, {}});
        nodes[k].node = g.map([this, k](int a, int b) { ++nodes[k].runs; return (a + b) % m; }, l, r);
        return nodes[k].node;
    }
    // from-scratch value of the subtree [lo, hi)
    static int value(std::vector<int> const& vals, std::size_t lo, std::size_t hi, int m) {
        if (hi - lo == 1) return vals[lo];
        std::size_t const mid = lo + (hi - lo) / 2;
        return (value(vals, lo, mid, m) + value(vals, mid, hi, m)) % m;
    }
};

}  // namespace

TEST_CASE("a leaf edit runs its ancestors up to the first cutoff, callbacks exactly once") {
    REFOLD_SEEDED_RNG(rng);
    for (int mod : {2, 3, 1000}) {
        CAPTURE(mod);
        incr::graph g;
        std::size_t const n = 300;
        mod_tree t(g, n, mod);
        auto o = g.observe(t.root);
        // callbacks on a few inner nodes (observed nodes on the path)
        std::vector<incr::observer<int>> watched;
        std::vector<int> calls;
        std::vector<std::size_t> watched_at;
        for (std::size_t k = 0; k < t.nodes.size(); k += 37) {
            watched.push_back(g.observe(t.nodes[k].node));
            watched_at.push_back(k);
        }
        calls.assign(watched.size(), 0);
        for (std::size_t w = 0; w < watched.size(); ++w) watched[w].on_change([&calls, w](int) { ++calls[w]; });
        g.stabilize();
        std::vector<int> vals(n);
        for (std::size_t i = 0; i < n; ++i) vals[i] = static_cast<int>(i % 3);
        for (std::size_t round = 0; round < refold::test::cases(300); ++round) {
            std::size_t const leaf = rng() % n;
            int const v = static_cast<int>(rng() % 5);
            bool const leaf_changed = v != vals[leaf];
            std::vector<int> old_inner(t.nodes.size());
            for (std::size_t k = 0; k < t.nodes.size(); ++k)
                old_inner[k] = mod_tree::value(vals, t.nodes[k].lo, t.nodes[k].hi, mod);
            vals[leaf] = v;
            t.leaves[leaf].set(v);
            std::vector<int> runs_before(t.nodes.size());
            for (std::size_t k = 0; k < t.nodes.size(); ++k) runs_before[k] = t.nodes[k].runs;
            std::vector<int> const calls_before = calls;
            g.stabilize();
            // expected: the ancestors (post-order: containing `leaf`), bottom up, until the
            // first whose value did not change (inclusive)
            std::vector<std::size_t> path;
            for (std::size_t k = 0; k < t.nodes.size(); ++k)
                if (t.nodes[k].lo <= leaf && leaf < t.nodes[k].hi) path.push_back(k);
            std::vector<int> expect_runs(t.nodes.size(), 0);
            std::vector<bool> changed(t.nodes.size(), false);
            std::uint64_t recomputed = 0, n_changed = 0;
            if (leaf_changed) {
                for (std::size_t k : path) {  // post-order lists a subtree's nodes before its root
                    expect_runs[k] = 1;
                    ++recomputed;
                    int const now = mod_tree::value(vals, t.nodes[k].lo, t.nodes[k].hi, mod);
                    if (now == old_inner[k]) break;
                    changed[k] = true;
                    ++n_changed;
                }
            }
            for (std::size_t k = 0; k < t.nodes.size(); ++k) REQUIRE(t.nodes[k].runs - runs_before[k] == expect_runs[k]);
            CHECK(g.stats().last.recomputed == recomputed);
            CHECK(g.stats().last.changed == n_changed);
            for (std::size_t w = 0; w < watched.size(); ++w) {
                REQUIRE(calls[w] - calls_before[w] == (changed[watched_at[w]] ? 1 : 0));
                REQUIRE(watched[w].value() == mod_tree::value(vals, t.nodes[watched_at[w]].lo, t.nodes[watched_at[w]].hi, mod));
            }
            REQUIRE(o.value() == mod_tree::value(vals, 0, n, mod));
        }
        g.invariant();
    }
}

TEST_CASE("a node that becomes necessary while a path runs still runs in that stabilization") {
    incr::graph g;
    auto a = g.var(0);
    auto side_in = g.var(1);
    auto side = g.map([](int x) { return x * 10; }, side_in);
    auto side2 = g.map([](int x) { return x + 1; }, side);
    std::optional<incr::observer<int>> late;
    auto c = g.var(0);
    auto n1 = g.map([](int x) { return x + 1; }, a);
    // on the path: starts observing side2 from inside its function
    auto n2 = g.map([&](int x) {
        if (x == 8 && !late) late.emplace(g.observe(side2));
        return x * 2;
    }, n1);
    auto n3 = g.map([](int x, int y) { return x + y; }, n2, c);  // two inputs: not single
    auto n4 = g.map([](int x) { return x - 1; }, n3);
    auto o = g.observe(n4);
    g.stabilize();
    CHECK(o.value() == 1);
    a.set(7);
    g.stabilize();
    REQUIRE(late.has_value());
    CHECK(late->value() == 11);
    CHECK(o.value() == 15);
    CHECK(g.stats().last.recomputed == 6);  // n1, n2, n3, n4, side, side2
    side_in.set(2);
    g.stabilize();
    CHECK(late->value() == 21);
    CHECK(g.stats().last.recomputed == 2);
    g.invariant();
}

TEST_CASE("a path of same-type nodes honours each node's cutoff and callbacks") {
    REFOLD_SEEDED_RNG(rng);
    incr::graph g;
    std::size_t const len = 12;
    std::vector<int> runs(len, 0), calls(len, 0);
    std::vector<incr::node<int>> chain;
    auto in = g.var(1000);
    incr::node<int> last = in;
    for (std::size_t k = 0; k < len; ++k) {
        int* spy = &runs[k];
        last = g.map([spy](int x) { ++*spy; return x / 2; }, last);  // one lambda type for all
        chain.push_back(last);
    }
    // per node: 0 equal (default), 1 never, 2 always, 3 custom (within 1 counts as unchanged)
    std::vector<int> mode(len);
    for (std::size_t k = 0; k < len; ++k) {
        mode[k] = static_cast<int>(rng() % 4);
        if (mode[k] == 1) chain[k].set_cutoff(incr::cutoff::never);
        if (mode[k] == 2) chain[k].set_cutoff(incr::cutoff::always);
        if (mode[k] == 3) chain[k].set_cutoff([](int a, int b) { return a - b <= 1 && b - a <= 1; });
    }
    auto o = g.observe(chain.back());
    // callbacks on a few nodes in the middle (they end a same-type run)
    std::vector<incr::observer<int>> watched;
    for (std::size_t k = 3; k < len; k += 4) {
        watched.push_back(g.observe(chain[k]));
        watched.back().on_change([&calls, k](int) { ++calls[k]; });
    }
    g.stabilize();
    // the oracle's stored values: what each node holds
    std::vector<int> stored(len);
    int x = 1000;
    for (std::size_t k = 0; k < len; ++k) stored[k] = x = x / 2;
    int cur = 1000;
    for (std::size_t round = 0; round < refold::test::cases(400); ++round) {
        int const v = static_cast<int>(rng() % 4096);
        bool const changed_in = v != cur;
        cur = v;
        in.set(v);
        std::vector<int> const runs_before = runs, calls_before = calls;
        g.stabilize();
        std::vector<int> expect_runs(len, 0), expect_calls(len, 0);
        std::uint64_t recomputed = 0, changed = 0;
        if (changed_in) {
            int input = v;
            for (std::size_t k = 0; k < len; ++k) {
                expect_runs[k] = 1;
                ++recomputed;
                int const nv = input / 2;
                bool ch = false;
                switch (mode[k]) {
                    case 0: ch = nv != stored[k]; break;
                    case 1: ch = true; break;
                    case 2: ch = false; break;
                    default: ch = !(nv - stored[k] <= 1 && stored[k] - nv <= 1); break;
                }
                if (!ch) break;
                ++changed;
                stored[k] = nv;
                if (k % 4 == 3) expect_calls[k] = 1;
                input = nv;
            }
        }
        for (std::size_t k = 0; k < len; ++k) {
            REQUIRE(runs[k] - runs_before[k] == expect_runs[k]);
            REQUIRE(calls[k] - calls_before[k] == expect_calls[k]);
        }
        CHECK(g.stats().last.recomputed == recomputed);
        CHECK(g.stats().last.changed == changed);
        REQUIRE(o.value() == stored.back());
    }
    g.invariant();
}

TEST_CASE("a wide var set before the graph changes in the same round: a bind, a new dependent") {
    SECTION("a bind created after the set: no sweep, each dependent runs once") {
        incr::graph g;
        fan net(g, 100, 0, false);
        net.x.set(3);
        int bind_runs = 0;
        auto b = g.bind(net.x, [&bind_runs, m = net.mids[0]](int) {
            ++bind_runs;
            return m;
        });
        auto ob = g.observe(b);
        std::uint64_t const sweeps = g.stats().sweeps;
        g.stabilize();
        long want = 0;
        for (int k = 0; k < 100; ++k) want += fan::f(3, k);
        REQUIRE(net.out->value() == want);
        REQUIRE(ob.value() == fan::f(3, 0));
        for (int r : net.runs) REQUIRE(r == 2);  // the first stabilization and this one
        CHECK(bind_runs == 1);
        CHECK(g.stats().sweeps == sweeps);
        g.invariant();
    }
    SECTION("a dependent observed between two sets runs exactly once") {
        incr::graph g;
        fan net(g, 100, 0, false);
        net.x.set(4);
        int new_runs = 0;
        auto late = g.map([&new_runs](int v) {
            ++new_runs;
            return v * 10;
        }, net.x);
        auto ol = g.observe(late);
        net.x.set(5);
        g.stabilize();
        long want = 0;
        for (int k = 0; k < 100; ++k) want += fan::f(5, k);
        REQUIRE(net.out->value() == want);
        REQUIRE(ol.value() == 50);
        CHECK(new_runs == 1);
        for (int r : net.runs) REQUIRE(r == 2);
        g.invariant();
    }
}
