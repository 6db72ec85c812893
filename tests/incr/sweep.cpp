// The dense sweep (core::sweep_from): once a stabilization has recomputed a large share of
// the necessary nodes, it finishes in one pass in height order. These tests check that it
// gives the same values and the same recomputations as queueing would (each node at most
// once, exactly the nodes whose inputs changed), next to the one-input shortcuts, cutoffs,
// observer changes and callbacks, and that graphs with binds never sweep.
#include <incr/graph.hpp>

#include <tests/support/random.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace incr = refold::incr;

namespace {

// Layers of `w` cells over `w` inputs; a cell reads its 3 neighbours below (wrapping), or
// only the cell right below (a one-input node) where `single` says so. Values are kept small
// (mod 5) so that cutoffs happen.
struct layered {
    std::size_t w = 0;
    std::vector<std::vector<bool>> single;     // [layer][i]
    std::vector<incr::var<int>> inputs;
    std::vector<std::vector<incr::node<int>>> cells;
    std::vector<std::vector<int>> runs;        // spies: [layer][i]

    static int f3(int a, int b, int c) { return (a + 2 * b + 3 * c) % 5; }
    static int f1(int a) { return (a + 1) % 5; }

    layered(incr::graph& g, std::size_t width, std::vector<std::vector<bool>> sh) : w(width), single(std::move(sh)) {
        std::vector<incr::node<int>> below;
        for (std::size_t i = 0; i < w; ++i) {
            inputs.push_back(g.var(static_cast<int>(i % 5)));
            below.push_back(inputs.back());
        }
        runs.assign(single.size(), std::vector<int>(w, 0));
        for (std::size_t l = 0; l < single.size(); ++l) {
            std::vector<incr::node<int>> layer;
            for (std::size_t i = 0; i < w; ++i) {
                int* spy = &runs[l][i];
                if (single[l][i]) {
                    layer.push_back(g.map([spy](int a) { ++*spy; return f1(a); }, below[i]));
                } else {
                    layer.push_back(g.map([spy](int a, int b, int c) { ++*spy; return f3(a, b, c); },
                                          below[(i + w - 1) % w], below[i], below[(i + 1) % w]));
                }
            }
            cells.push_back(layer);
            below = std::move(layer);
        }
    }

    // From-scratch values: [layer 0 = inputs, then each layer].
    std::vector<std::vector<int>> oracle(std::vector<int> const& in) const {
        std::vector<std::vector<int>> v{in};
        for (std::size_t l = 0; l < single.size(); ++l) {
            std::vector<int> const& b = v.back();
            std::vector<int> cur(w);
            for (std::size_t i = 0; i < w; ++i)
                cur[i] = single[l][i] ? f1(b[i]) : f3(b[(i + w - 1) % w], b[i], b[(i + 1) % w]);
            v.push_back(std::move(cur));
        }
        return v;
    }
};

}  // namespace

TEST_CASE("dense sweep: all inputs changed, a cell runs once when an input of it changed") {
    incr::graph g;
    std::size_t const w = 200, layers = 8;
    layered net(g, w, std::vector<std::vector<bool>>(layers, std::vector<bool>(w, false)));
    std::vector<incr::observer<int>> outs;
    for (auto const& c : net.cells.back()) outs.push_back(g.observe(c));
    g.stabilize();
    std::vector<int> in(w);
    for (std::size_t i = 0; i < w; ++i) in[i] = static_cast<int>(i % 5);
    auto before = net.oracle(in);
    for (int round = 1; round <= 5; ++round) {
        for (auto& r : net.runs) std::fill(r.begin(), r.end(), 0);
        std::uint64_t const sweeps = g.stats().sweeps;
        for (std::size_t i = 0; i < w; ++i) {
            in[i] = static_cast<int>((i * 7 + static_cast<std::size_t>(round) * 3) % 11);
            net.inputs[i].set(in[i]);
        }
        g.stabilize();
        CHECK(g.stats().sweeps == sweeps + 1);
        auto const want = net.oracle(in);
        std::uint64_t expect = 0;
        for (std::size_t l = 0; l < layers; ++l) {
            for (std::size_t i = 0; i < w; ++i) {
                std::size_t const a = (i + w - 1) % w, c = (i + 1) % w;
                bool const changed = before[l][a] != want[l][a] || before[l][i] != want[l][i] ||
                                     before[l][c] != want[l][c];
                REQUIRE(net.runs[l][i] == (changed ? 1 : 0));
                expect += changed ? 1u : 0u;
            }
        }
        CHECK(expect > w * layers / 2);  // most of the graph ran (so the sweep was used)
        CHECK(g.stats().last.recomputed == expect);
        for (std::size_t i = 0; i < w; ++i) REQUIRE(outs[i].value() == want[layers][i]);
        before = want;
    }
    // One input changed: a cone, queued, no sweep.
    std::uint64_t const sweeps = g.stats().sweeps;
    in[100] = (in[100] + 1) % 11;
    net.inputs[100].set(in[100]);
    g.stabilize();
    CHECK(g.stats().sweeps == sweeps);
    auto const want = net.oracle(in);
    for (std::size_t i = 0; i < w; ++i) REQUIRE(outs[i].value() == want[layers][i]);
    g.invariant();
}

TEST_CASE("dense sweep: random layered graphs, exact recomputations, callbacks") {
    REFOLD_SEEDED_RNG(rng);
    std::uint64_t total_sweeps = 0;
    for (std::size_t round = 0; round < refold::test::cases(40); ++round) {
        std::size_t const w = 20 + rng() % 60, layers = 2 + rng() % 7;
        std::vector<std::vector<bool>> single(layers, std::vector<bool>(w));
        for (auto& l : single)
            for (std::size_t i = 0; i < w; ++i) l[i] = rng() % 3 == 0;
        incr::graph g;
        layered net(g, w, single);
        std::vector<int> in(w);
        for (std::size_t i = 0; i < w; ++i) in[i] = static_cast<int>(i % 5);
        // observe a random subset of cells (any layer); count callbacks per observer
        std::vector<std::vector<incr::observer<int>>> obs(layers);
        std::vector<std::vector<int>> calls(layers, std::vector<int>(w, 0));
        auto observe = [&](std::size_t l, std::size_t i) {
            obs[l][i] = g.observe(net.cells[l][i]);
            int* c = &calls[l][i];
            obs[l][i].on_change([c](int) { ++*c; });
        };
        for (std::size_t l = 0; l < layers; ++l) {
            obs[l].resize(w);
            for (std::size_t i = 0; i < w; ++i)
                if (rng() % 3 == 0) observe(l, i);
        }
        g.stabilize();
        auto before = net.oracle(in);
        for (int step = 0; step < 12; ++step) {
            for (auto& r : net.runs) std::fill(r.begin(), r.end(), 0);
            for (auto& c : calls) std::fill(c.begin(), c.end(), 0);
            // each input set at most once (a var set away and back still counts as changed)
            unsigned const odds = rng() % 2 ? 1 : 30;
            for (std::size_t i = 0; i < w; ++i) {
                if (rng() % odds != 0) continue;
                in[i] = static_cast<int>(rng() % 5);
                net.inputs[i].set(in[i]);
            }
            g.stabilize();
            auto const now = net.oracle(in);
            // necessary: observed cells and everything below them
            std::vector<std::vector<bool>> nec(layers, std::vector<bool>(w, false));
            for (std::size_t l = layers; l-- > 0;) {
                for (std::size_t i = 0; i < w; ++i) {
                    if (!nec[l][i] && !obs[l][i].active()) continue;
                    nec[l][i] = true;
                    if (l == 0) continue;
                    if (single[l][i]) {
                        nec[l - 1][i] = true;
                    } else {
                        nec[l - 1][(i + w - 1) % w] = nec[l - 1][i] = nec[l - 1][(i + 1) % w] = true;
                    }
                }
            }
            std::uint64_t expect = 0;
            INFO("round " << round << " step " << step);
            for (std::size_t l = 0; l < layers; ++l) {
                std::vector<int> const& b = before[l];
                std::vector<int> const& n = now[l];
                for (std::size_t i = 0; i < w; ++i) {
                    bool const changed =
                        single[l][i] ? b[i] != n[i]
                                     : (b[(i + w - 1) % w] != n[(i + w - 1) % w] || b[i] != n[i] ||
                                        b[(i + 1) % w] != n[(i + 1) % w]);
                    int const want_runs = nec[l][i] && changed ? 1 : 0;
                    REQUIRE(net.runs[l][i] == want_runs);
                    expect += static_cast<std::uint64_t>(want_runs);
                    if (obs[l][i].active()) {
                        REQUIRE(obs[l][i].value() == now[l + 1][i]);
                        REQUIRE(calls[l][i] == (before[l + 1][i] != now[l + 1][i] ? 1 : 0));
                    }
                }
            }
            REQUIRE(g.stats().last.recomputed == expect);
            before = now;
        }
        total_sweeps += g.stats().sweeps;
        g.invariant();
    }
    CHECK(total_sweeps > 0);  // the sweep did run (and was checked) in these rounds
}

TEST_CASE("dense sweep: a graph with a bind never sweeps") {
    incr::graph g;
    std::size_t const w = 100;
    layered net(g, w, std::vector<std::vector<bool>>(4, std::vector<bool>(w, false)));
    auto flag = g.var(true);
    auto b = g.bind(flag, [&](bool f) { return f ? net.cells[3][0] : net.cells[3][1]; });
    std::vector<incr::observer<int>> outs;
    for (auto const& c : net.cells.back()) outs.push_back(g.observe(c));
    auto ob = g.observe(b);
    g.stabilize();
    std::vector<int> in(w);
    for (std::size_t i = 0; i < w; ++i) {
        in[i] = static_cast<int>((i * 3) % 5);
        net.inputs[i].set(in[i]);
    }
    g.stabilize();
    CHECK(g.stats().sweeps == 0);
    auto const want = net.oracle(in);
    for (std::size_t i = 0; i < w; ++i) REQUIRE(outs[i].value() == want[4][i]);
    CHECK(ob.value() == want[4][0]);
}

TEST_CASE("dense sweep: nodes that become necessary while it runs still run") {
    incr::graph g;
    std::size_t const w = 100;
    layered net(g, w, std::vector<std::vector<bool>>(4, std::vector<bool>(w, false)));
    auto side_in = g.var(1);
    auto side = g.map([](int x) { return x * 10; }, side_in);
    auto side2 = g.map([](int x) { return x + 1; }, side);
    auto trigger = g.var(0);
    std::optional<incr::observer<int>> late;
    // a node that starts observing side2 from inside its function (during the sweep)
    auto hook = g.map([&](int t) {
        if (t == 1 && !late) late.emplace(g.observe(side2));
        return t;
    }, trigger);
    std::vector<incr::observer<int>> outs;
    for (auto const& c : net.cells.back()) outs.push_back(g.observe(c));
    auto oh = g.observe(hook);
    g.stabilize();
    std::vector<int> in(w);
    for (std::size_t i = 0; i < w; ++i) {
        in[i] = static_cast<int>((i * 3 + 1) % 5);
        net.inputs[i].set(in[i]);
    }
    trigger.set(1);
    std::uint64_t const sweeps = g.stats().sweeps;
    g.stabilize();
    CHECK(g.stats().sweeps == sweeps + 1);
    REQUIRE(late.has_value());
    CHECK(late->value() == 11);
    auto const want = net.oracle(in);
    for (std::size_t i = 0; i < w; ++i) REQUIRE(outs[i].value() == want[4][i]);
    side_in.set(2);
    g.stabilize();
    CHECK(late->value() == 21);
    g.invariant();
}
