// The scheduler's shortcuts (core::run_heap): a changed node's only dependent runs right away
// when nothing else is pending, one-input dependents run depth first. These tests check that
// the shortcuts never run a node before all its inputs are final, nor twice.
#include <incr/graph.hpp>

#include <tests/support/random.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <utility>
#include <vector>

namespace incr = refold::incr;

namespace {

struct fold_tree {
    std::vector<incr::var<std::int64_t>> leaves;
    std::vector<int> runs;  // per inner node
    incr::node<std::int64_t> root;

    fold_tree(incr::graph& g, std::size_t n) : leaves(n) { root = build(g, 0, n); }

    incr::node<std::int64_t> build(incr::graph& g, std::size_t lo, std::size_t hi) {
        if (hi - lo == 1) {
            leaves[lo] = g.var(static_cast<std::int64_t>(lo));
            return leaves[lo];
        }
        std::size_t const mid = lo + (hi - lo) / 2;
        auto l = build(g, lo, mid);
        auto r = build(g, mid, hi);
        std::size_t const k = runs.size();
        runs.push_back(0);
        return g.map([this, k](std::int64_t a, std::int64_t b) { ++runs[k]; return a + b; }, l, r);
    }
};

}  // namespace

TEST_CASE("fold: a leaf edit recomputes exactly its ancestors, each once") {
    REFOLD_SEEDED_RNG(rng);
    incr::graph g;
    std::size_t const n = 1000;  // not a power of two: uneven subtrees, uneven heights
    fold_tree t(g, n);
    auto o = g.observe(t.root);
    g.stabilize();
    std::vector<std::int64_t> vals(n);
    for (std::size_t i = 0; i < n; ++i) vals[i] = static_cast<std::int64_t>(i);
    for (std::size_t round = 0; round < refold::test::cases(200); ++round) {
        std::size_t const leaf = rng() % n;
        std::int64_t const delta = static_cast<std::int64_t>(rng() % 5);  // 0: nothing changes
        vals[leaf] += delta;
        t.leaves[leaf].set(vals[leaf]);
        std::vector<int> before = t.runs;
        g.stabilize();
        std::int64_t sum = 0;
        for (auto v : vals) sum += v;
        REQUIRE(o.value() == sum);
        // the ancestors of `leaf`: the path in the recursive split
        std::size_t depth = 0;
        for (std::size_t lo = 0, hi = n; hi - lo > 1; ++depth) {
            std::size_t const mid = lo + (hi - lo) / 2;
            (leaf < mid ? hi : lo) = mid;
        }
        std::size_t const expect = delta == 0 ? 0 : depth;
        CHECK(g.stats().last.recomputed == expect);
        std::size_t ran = 0;
        for (std::size_t k = 0; k < t.runs.size(); ++k) {
            REQUIRE(t.runs[k] - before[k] <= 1);
            ran += static_cast<std::size_t>(t.runs[k] - before[k]);
        }
        CHECK(ran == expect);
    }
}

TEST_CASE("an only dependent waits while an input of it is still pending at a lower height") {
    // a = x + y (height 1) has c as its only dependent; c also reads b2 (height 2), which is
    // reached through b1 (height 1). Whatever the order of a and b1 in the bucket (it follows
    // the order in which c's inputs became necessary), c must run once, after both, and see
    // both new values.
    for (int order = 0; order < 2; ++order) {
        incr::graph g;
        auto x = g.var(1);
        auto y = g.var(2);
        auto a = g.map([](int p, int q) { return p + q; }, x, y);
        auto b1 = g.map([](int p, int q) { return p * q; }, x, y);
        auto b2 = g.map([](int p, int q) { return p - q; }, b1, y);
        std::vector<std::pair<int, int>> seen;  // (a, b2) as c saw them
        auto f = [&](int p, int q) { seen.emplace_back(p, q); return p * 100 + q; };
        auto c = order == 0 ? g.map(f, a, b2) : g.map([f](int q, int p) mutable { return f(p, q); }, b2, a);
        auto o = g.observe(c);
        g.stabilize();
        REQUIRE(seen.size() == 1);
        CHECK(seen.back() == std::pair{3, 0});
        x.set(5);
        g.stabilize();
        REQUIRE(seen.size() == 2);
        CHECK(seen.back() == std::pair{7, 8});
        CHECK(o.value() == 708);
        CHECK(g.stats().last.recomputed == 4);
        y.set(3);
        g.stabilize();
        REQUIRE(seen.size() == 3);
        CHECK(seen.back() == std::pair{8, 12});
        CHECK(g.stats().last.recomputed == 4);
    }
}

TEST_CASE("a chain of two-input nodes with a late side input") {
    // n_k = n_{k-1} + s, where s = f(x) sits at a height above the early chain links: the chain
    // cannot run straight through once s is pending.
    incr::graph g;
    auto x = g.var(1);
    incr::node<int> s = x;
    for (int i = 0; i < 5; ++i) s = g.map([](int v) { return v + 1; }, s);  // height 5
    std::vector<int> runs(8, 0);
    incr::node<int> n = x;
    for (std::size_t k = 0; k < 8; ++k)
        n = g.map([&runs, k](int p, int q) { ++runs[k]; return p + q; }, n, s);
    auto o = g.observe(n);
    g.stabilize();
    int expect = 1;
    for (int k = 0; k < 8; ++k) expect += 6;
    CHECK(o.value() == expect);
    x.set(2);
    g.stabilize();
    expect = 2;
    for (int k = 0; k < 8; ++k) expect += 7;
    CHECK(o.value() == expect);
    CHECK(runs == std::vector<int>(8, 2));
    CHECK(g.stats().last.recomputed == 5 + 8);
}
