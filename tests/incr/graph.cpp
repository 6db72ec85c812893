// Spy tests of incr::graph: recomputation counts, glitch-freedom, cutoff, necessity,
// poisoning, errors, stats and the dot dump.
#include <incr/graph.hpp>

#include <tests/incr/throws.hpp>

#include <catch2/catch.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace incr = refold::incr;


TEST_CASE("chain: each node recomputes once per change, values follow") {
    incr::graph g;
    auto in = g.var(1);
    std::vector<int> runs(5, 0);
    incr::node<int> last = in;
    for (std::size_t i = 0; i < 5; ++i) last = g.map([&runs, i](int x) { ++runs[i]; return x + 1; }, last);
    auto o = g.observe(last);
    g.stabilize();
    CHECK(o.value() == 6);
    CHECK(runs == std::vector<int>(5, 1));
    CHECK(g.stats().last.recomputed == 5);
    in.set(10);
    g.stabilize();
    CHECK(o.value() == 15);
    CHECK(runs == std::vector<int>(5, 2));
    CHECK(g.stats().last.recomputed == 5);
    CHECK(g.stats().last.changed == 5);
    g.stabilize();  // nothing changed
    CHECK(runs == std::vector<int>(5, 2));
    CHECK(g.stats().last.recomputed == 0);
    in.set(10);  // same value: the var's cutoff keeps it unchanged
    g.stabilize();
    CHECK(g.stats().last.recomputed == 0);
    CHECK(g.stats().stabilizations == 4);
    CHECK(g.stats().total.recomputed == 10);
}

TEST_CASE("diamond: the join sees both new inputs and runs once; callbacks after all") {
    incr::graph g;
    auto a = g.var(1);
    int b_runs = 0, c_runs = 0, d_runs = 0;
    auto b = g.map([&](int x) { ++b_runs; return x + 1; }, a);
    auto c = g.map([&](int x) { ++c_runs; return x * 2; }, a);
    std::vector<std::pair<int, int>> seen;
    auto d = g.map([&](int x, int y) { ++d_runs; seen.emplace_back(x, y); return x + y; }, b, c);
    auto o = g.observe(d);
    std::vector<int> notified;
    o.on_change([&](int v) {
        CHECK(d_runs == b_runs);  // runs only after the whole recomputation
        notified.push_back(v);
    });
    g.stabilize();
    a.set(10);
    g.stabilize();
    CHECK(b_runs == 2);
    CHECK(c_runs == 2);
    CHECK(d_runs == 2);
    REQUIRE(seen.size() == 2);
    CHECK(seen[0] == std::pair{2, 2});
    CHECK(seen[1] == std::pair{11, 20});
    CHECK(notified == std::vector<int>{4, 31});
    CHECK(o.value() == 31);
}

TEST_CASE("cutoff stops propagation") {
    incr::graph g;
    auto a = g.var(1);
    int parity_runs = 0, down_runs = 0;
    auto parity = g.map([&](int x) { ++parity_runs; return x % 2; }, a);
    auto down = g.map([&](int p) { ++down_runs; return p * 100; }, parity);
    auto o = g.observe(down);
    g.stabilize();
    a.set(3);  // parity unchanged
    g.stabilize();
    CHECK(parity_runs == 2);
    CHECK(down_runs == 1);
    CHECK(g.stats().last.cut_off == 1);
    CHECK(g.stats().last.changed == 0);

    SECTION("never: every recomputation propagates") {
        parity.set_cutoff(incr::cutoff::never);
        a.set(5);
        g.stabilize();
        CHECK(down_runs == 2);
    }
    SECTION("always: nothing propagates after the first value") {
        parity.set_cutoff(incr::cutoff::always);
        a.set(4);
        g.stabilize();
        CHECK(parity_runs == 3);
        CHECK(down_runs == 1);
        CHECK(o.value() == 100);
    }
    SECTION("custom predicate") {
        auto raw = g.map([](int x) { return x; }, a);
        int raw_down = 0;
        auto follow = g.map([&](int x) { ++raw_down; return x; }, raw);
        raw.set_cutoff([](int old_v, int new_v) { return new_v - old_v < 10 && old_v - new_v < 10; });
        auto o2 = g.observe(follow);
        g.stabilize();
        CHECK(raw_down == 1);
        a.set(8);  // within 10 of 3: counts as unchanged
        g.stabilize();
        CHECK(raw_down == 1);
        CHECK(o2.value() == 3);
        a.set(20);
        g.stabilize();
        CHECK(raw_down == 2);
        CHECK(o2.value() == 20);
    }
    SECTION("cutoff::custom without a predicate is an error") {
        REQUIRE_THROWS_ID(parity.set_cutoff(incr::cutoff::custom), incr::usage_error, "[incr.usage.cutoff]");
    }
}

namespace {
struct persistent {
    std::shared_ptr<int> p;
    static inline int deep_compares = 0;
    int const* identity() const { return p.get(); }
    friend bool operator==(persistent const& a, persistent const& b) {
        ++deep_compares;
        return *a.p == *b.p;
    }
};
}  // namespace

TEST_CASE("persistent values: identity first, then ==") {
    incr::graph g;
    auto shared = std::make_shared<int>(7);
    auto a = g.var(persistent{shared});
    int runs = 0;
    auto m = g.map([&](persistent const& v) { ++runs; return *v.p; }, a);
    auto o = g.observe(m);
    g.stabilize();
    persistent::deep_compares = 0;
    a.set(persistent{shared});  // same identity: equal without a deep compare
    CHECK(persistent::deep_compares == 0);
    g.stabilize();
    CHECK(runs == 1);
    a.set(persistent{std::make_shared<int>(7)});  // new identity, equal contents
    CHECK(persistent::deep_compares == 1);
    g.stabilize();
    CHECK(runs == 1);
    a.set(persistent{std::make_shared<int>(8)});
    g.stabilize();
    CHECK(runs == 2);
    CHECK(o.value() == 8);
}

TEST_CASE("unobserve releases what only it needed; observing again recomputes") {
    incr::graph g;
    auto a = g.var(1);
    int runs = 0;
    auto m1 = g.map([&](int x) { ++runs; return x + 1; }, a);
    auto m2 = g.map([&](int x) { ++runs; return x + 1; }, m1);
    auto o = g.observe(m2);
    g.stabilize();
    CHECK(g.stats().necessary_nodes == 3);
    CHECK(runs == 2);
    o.unobserve();
    CHECK_FALSE(o.active());
    CHECK(g.stats().necessary_nodes == 0);
    a.set(5);
    g.stabilize();
    CHECK(runs == 2);
    CHECK(g.stats().last.recomputed == 0);
    REQUIRE_THROWS_ID(o.value(), incr::usage_error, "[incr.usage.unobserved]");
    {
        auto o2 = g.observe(m2);
        auto o3 = g.observe(m1);
        g.stabilize();
        CHECK(o2.value() == 7);
        CHECK(o3.value() == 6);
        CHECK(runs == 4);
        CHECK(g.stats().necessary_nodes == 3);
    }  // destroyed observers unobserve
    CHECK(g.stats().necessary_nodes == 0);
    g.invariant();
}

TEST_CASE("a throwing node function poisons the graph") {
    incr::graph g;
    auto a = g.var(1);
    auto m = g.map([](int x) { if (x == 3) throw std::domain_error("three"); return x; }, a);
    auto o = g.observe(m);
    g.stabilize();
    a.set(3);
    REQUIRE_THROWS_AS(g.stabilize(), std::domain_error);
    CHECK(g.poisoned());
    REQUIRE_THROWS_ID(g.stabilize(), incr::poisoned_error, "[incr.poisoned]");
    REQUIRE_THROWS_ID(a.set(4), incr::poisoned_error, "[incr.poisoned]");
    REQUIRE_THROWS_ID(o.value(), incr::poisoned_error, "[incr.poisoned]");
    REQUIRE_THROWS_ID(g.map([](int x) { return x; }, a), incr::poisoned_error, "[incr.poisoned]");
    REQUIRE_THROWS_WITH(g.stabilize(), Catch::Matchers::Contains("three"));
}

TEST_CASE("a throwing observer callback poisons the graph too") {
    incr::graph g;
    auto a = g.var(1);
    auto o = g.observe(a);
    o.on_change([](int) { throw std::runtime_error("callback"); });
    g.stabilize();
    a.set(2);
    REQUIRE_THROWS_WITH(g.stabilize(), "callback");
    REQUIRE_THROWS_ID(g.stabilize(), incr::poisoned_error, "[incr.poisoned]");
}

TEST_CASE("usage errors have stable ids") {
    incr::graph g;
    auto a = g.var(1);
    auto m = g.map([](int x) { return x; }, a);
    auto o = g.observe(m);
    REQUIRE_THROWS_ID(o.value(), incr::usage_error, "[incr.usage.stale]");
    g.stabilize();
    CHECK(o.value() == 1);

    incr::node<int> empty;
    CHECK_FALSE(empty.valid());
    REQUIRE_THROWS_ID(g.map([](int x) { return x; }, empty), incr::invalid_handle_error, "[incr.handle.invalid]");
    incr::graph other;
    REQUIRE_THROWS_ID(other.observe(m), incr::invalid_handle_error, "[incr.handle.invalid]");

    SECTION("setting a var while nodes recompute") {
        auto b = g.var(0);
        auto bad = g.map([&](int x) { b.set(x); return x; }, a);
        auto ob = g.observe(bad);
        REQUIRE_THROWS_ID(g.stabilize(), incr::usage_error, "[incr.usage.set_in_stabilize]");
        CHECK(g.poisoned());
    }
    SECTION("stabilize from a callback") {
        o.on_change([&](int) { g.stabilize(); });
        a.set(2);
        REQUIRE_THROWS_ID(g.stabilize(), incr::usage_error, "[incr.usage.reentrant]");
    }
}

TEST_CASE("callbacks may set vars for the next stabilization") {
    incr::graph g;
    auto a = g.var(1);
    auto b = g.var(0);
    auto twice = g.map([](int x) { return 2 * x; }, b);
    auto oa = g.observe(a);
    auto ot = g.observe(twice);
    oa.on_change([&](int v) { b.set(v); });
    g.stabilize();
    a.set(21);
    g.stabilize();
    CHECK(ot.value() == 0);  // b changed after this round's recomputation
    CHECK(b.get() == 21);
    g.stabilize();
    CHECK(ot.value() == 42);
}

TEST_CASE("map_n over a run-time list of inputs") {
    incr::graph g;
    std::vector<incr::var<int>> vars;
    std::vector<incr::node<int>> nodes;
    for (int i = 0; i < 10; ++i) {
        vars.push_back(g.var(i));
        nodes.push_back(vars.back());
    }
    int runs = 0;
    auto sum = g.map_n([&](incr::inputs<int> const& xs) {
        ++runs;
        long s = 0;
        for (int x : xs) s += x;
        long by_index = 0;
        for (std::size_t i = 0; i < xs.size(); ++i) by_index += xs[i];
        CHECK(by_index == s);
        return s;
    }, nodes);
    auto o = g.observe(sum);
    g.stabilize();
    CHECK(o.value() == 45);
    vars[3].set(103);
    vars[7].set(107);
    g.stabilize();
    CHECK(o.value() == 245);
    CHECK(runs == 2);
}

TEST_CASE("stats, names and the dot dump") {
    incr::graph g;
    auto a = g.var(2);
    a.set_name("input");
    auto sq = g.map([](int x) { return x * x; }, a);
    sq.set_name("square");
    auto unused = g.map([](int x) { return -x; }, a);
    auto o = g.observe(sq);
    CHECK(g.stats().live_nodes == 3);
    g.stabilize();
    CHECK(g.stats().last.created == 3);
    auto const dot = g.dot();
    CHECK_THAT(dot, Catch::Matchers::StartsWith("digraph incr {"));
    auto const id = [](auto const& h) { return std::to_string(h.id()); };
    CHECK_THAT(dot, Catch::Matchers::Contains("input #" + id(a) + " var h=0\\n= 2"));
    CHECK_THAT(dot, Catch::Matchers::Contains("square #" + id(sq) + " h=1\\n= 4"));
    CHECK_THAT(dot, Catch::Matchers::Contains("n" + id(a) + " -> n" + id(sq) + ";"));
    CHECK_THAT(dot, Catch::Matchers::Contains("n" + id(a) + " -> n" + id(unused) + ";"));
    CHECK_THAT(dot, Catch::Matchers::Contains("style=dashed"));  // the unobserved node
    g.stabilize();
    CHECK(g.stats().last.created == 0);
    CHECK(g.stats().total.created == 3);
    CHECK(unused.valid());
}
