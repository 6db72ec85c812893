// Randomized DAGs: after every stabilization each observed node equals its from-scratch
// value, and the engine recomputed exactly the necessary nodes whose inputs changed (or that
// just became necessary), per its stats.
#include <incr/graph.hpp>

#include <tests/support/random.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace incr = refold::incr;

namespace {

struct spec {
    std::vector<std::vector<std::size_t>> inputs;  // per node; vars have none
    std::size_t vars = 0;
};

// The node function: small values so that cutoffs happen often.
int mix(std::size_t node, std::vector<int> const& in) {
    std::int64_t s = static_cast<std::int64_t>(node % 5);
    for (std::size_t i = 0; i < in.size(); ++i) s += static_cast<std::int64_t>(i + 1) * in[i];
    return static_cast<int>(((s % 7) + 7) % 7);
}

std::vector<int> from_scratch(spec const& sp, std::vector<int> const& var_values) {
    std::vector<int> v(sp.inputs.size());
    for (std::size_t i = 0; i < sp.inputs.size(); ++i) {
        if (i < sp.vars) {
            v[i] = var_values[i];
            continue;
        }
        std::vector<int> in;
        for (std::size_t c : sp.inputs[i]) in.push_back(v[c]);
        v[i] = mix(i, in);
    }
    return v;
}

std::vector<bool> necessary(spec const& sp, std::vector<bool> const& observed) {
    std::vector<bool> nec = observed;
    for (std::size_t i = sp.inputs.size(); i-- > 0;)
        if (nec[i])
            for (std::size_t c : sp.inputs[i]) nec[c] = true;
    return nec;
}

}  // namespace

TEST_CASE("random DAGs: observed values and exact recompute counts") {
    REFOLD_SEEDED_RNG(rng);
    for (std::size_t round = 0; round < refold::test::cases(60); ++round) {
        spec sp;
        sp.vars = 2 + rng() % 10;
        std::size_t const n = sp.vars + 5 + rng() % 120;
        sp.inputs.resize(n);
        for (std::size_t i = sp.vars; i < n; ++i) {
            std::size_t const fan = 1 + rng() % 4;
            for (std::size_t k = 0; k < fan; ++k) {
                // prefer recent nodes to get depth
                std::size_t const back = 1 + rng() % std::min<std::size_t>(i, rng() % 2 ? 6 : i);
                sp.inputs[i].push_back(i - back);
            }
        }
        incr::graph g;
        std::vector<incr::var<int>> vars;
        std::vector<incr::node<int>> nodes;
        std::vector<int> var_values(sp.vars);
        for (std::size_t i = 0; i < sp.vars; ++i) {
            var_values[i] = static_cast<int>(rng() % 4);
            vars.push_back(g.var(var_values[i]));
            nodes.push_back(vars.back());
        }
        for (std::size_t i = sp.vars; i < n; ++i) {
            auto const& ins = sp.inputs[i];
            if (ins.size() == 1) {
                nodes.push_back(g.map([i](int a) { return mix(i, {a}); }, nodes[ins[0]]));
            } else if (ins.size() == 2) {
                nodes.push_back(g.map([i](int a, int b) { return mix(i, {a, b}); }, nodes[ins[0]], nodes[ins[1]]));
            } else {
                std::vector<incr::node<int>> in;
                for (std::size_t c : ins) in.push_back(nodes[c]);
                nodes.push_back(g.map_n([i](incr::inputs<int> const& xs) {
                    return mix(i, std::vector<int>(xs.begin(), xs.end()));
                }, in));
            }
        }
        std::vector<bool> observed(n, false);
        std::vector<incr::observer<int>> obs(n);
        auto observe = [&](std::size_t i) {
            observed[i] = true;
            obs[i] = g.observe(nodes[i]);
        };
        for (std::size_t i = 0; i < n; ++i)
            if (rng() % 4 == 0) observe(i);

        std::vector<int> before = from_scratch(sp, var_values);
        std::vector<bool> nec_before(n, false);
        for (int step = 0; step < 25; ++step) {
            // change some vars (each at most once), sometimes to the same value
            for (std::size_t v = 0; v < sp.vars; ++v) {
                if (rng() % 3 != 0) continue;
                var_values[v] = static_cast<int>(rng() % 4);
                vars[v].set(var_values[v]);
            }
            // sometimes change what is observed
            if (step > 0 && rng() % 4 == 0) {
                std::size_t const i = rng() % n;
                if (observed[i]) {
                    observed[i] = false;
                    obs[i].unobserve();
                } else {
                    observe(i);
                }
            }
            g.stabilize();
            std::vector<int> const now = from_scratch(sp, var_values);
            std::vector<bool> const nec = necessary(sp, observed);
            std::uint64_t expect_recomputed = 0;
            for (std::size_t i = sp.vars; i < n; ++i) {
                if (!nec[i]) continue;
                bool const fresh = step == 0 || !nec_before[i];
                bool input_changed = false;
                for (std::size_t c : sp.inputs[i]) input_changed = input_changed || now[c] != before[c];
                if (fresh || input_changed) ++expect_recomputed;
            }
            INFO("round " << round << " step " << step);
            for (std::size_t i = 0; i < n; ++i)
                if (observed[i]) REQUIRE(obs[i].value() == now[i]);
            REQUIRE(g.stats().last.recomputed == expect_recomputed);
            std::uint64_t necessary_count = 0;
            for (bool b : nec) necessary_count += b ? 1u : 0u;
            REQUIRE(g.stats().necessary_nodes == necessary_count);
            before = now;
            nec_before = nec;
        }
        g.invariant();
    }
}
