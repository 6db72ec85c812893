// refold_bench_incr: the five graph shapes of issue 3 on incr::graph, plus plain C++
// baselines and memory per node / per edge. `--json` prints one JSON object.
//
// Shapes (the same in bench/peers/incr/run.mjs):
//  1. chain: input -> 1000 derived nodes in a line (x + 1); one input change.
//  2. diamond: 1000 nodes each reading the input (x + k), joined by one sum node.
//  3. grid: 1000 inputs, 10 layers x 1000 cells, each cell = sum of its 3 neighbours
//     (i-1, i, i+1, wrapping) in the layer below; the 1000 top cells observed.
//     (a) one input changed: a cone of 3+5+...+21 = 120 cells; (b) all 1000 inputs changed.
//  4. balanced binary fold (+) over 65,536 and 1,048,576 leaves; one leaf changed per
//     iteration, the leaf drawn from a fixed pseudo-random sequence (16 / 20 ancestors);
//     fold_64k_same_leaf_edit edits one leaf over and over (its path stays in cache).
//  5. empty stabilization.
// Figures are medians of 21 samples, in ns (per node where the key says so).
#include <bench/common/harness.hpp>
#include <bench/incr/alloc_counter.hpp>
#include <incr/graph.hpp>

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <cstdio>
#include <random>
#include <string_view>
#include <vector>

namespace incr = refold::incr;
using refold::bench::do_not_optimize;

namespace {

// Like refold::bench::measure, but timed with this thread's CPU clock: the machine is shared
// (several builds run beside the benchmark), and wall time there mostly measures waiting.
double thread_ns() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

bool g_profile = false;  // --profile: run each body a fixed number of times, once

template <class Body>
__attribute__((noinline)) void profile_loop(Body& body, std::size_t iters) {
    body(iters);
}

template <class Body>
refold::bench::sample_stats measure(Body&& body, int samples = 21, double target_ms = 20.0) {
    if (g_profile) {
        profile_loop(body, 1000);
        return {};
    }
    std::size_t iters = 1;
    for (;;) {
        double const t0 = thread_ns();
        body(iters);
        double const ms = (thread_ns() - t0) / 1e6;
        if (ms >= target_ms / 4) {
            iters = std::max<std::size_t>(1, static_cast<std::size_t>(static_cast<double>(iters) * target_ms / ms));
            break;
        }
        iters *= 4;
    }
    std::vector<double> per_iter;
    for (int i = 0; i < samples; ++i) {
        double const t0 = thread_ns();
        body(iters);
        per_iter.push_back((thread_ns() - t0) / static_cast<double>(iters));
    }
    return refold::bench::stats_of(std::move(per_iter));
}

double chain_per_node() {
    incr::graph g;
    auto in = g.var(0);
    incr::node<int> last = in;
    for (int i = 0; i < 1000; ++i) last = g.map([](int x) { return x + 1; }, last);
    auto o = g.observe(last);
    g.stabilize();
    int v = 0;
    auto s = measure([&](std::size_t iters) {
        for (std::size_t i = 0; i < iters; ++i) {
            in.set(++v);
            g.stabilize();
        }
        do_not_optimize(o.value());
    });
    return s.median_ns / 1000.0;
}

double diamond_per_node() {
    incr::graph g;
    auto in = g.var(0);
    std::vector<incr::node<int>> mids;
    for (int k = 0; k < 1000; ++k) mids.push_back(g.map([k](int x) { return x + k; }, in));
    auto sum = g.map_n(
        [](incr::inputs<int> const& xs) {
            long s = 0;
            for (int x : xs) s += x;
            return s;
        },
        mids);
    auto o = g.observe(sum);
    g.stabilize();
    int v = 0;
    auto s = measure([&](std::size_t iters) {
        for (std::size_t i = 0; i < iters; ++i) {
            in.set(++v);
            g.stabilize();
        }
        do_not_optimize(o.value());
    });
    return s.median_ns / 1000.0;
}

constexpr std::size_t grid_w = 1000;
constexpr std::size_t grid_layers = 10;

struct grid {
    incr::graph g;
    std::vector<incr::var<unsigned>> inputs;
    std::vector<incr::observer<unsigned>> outs;
    grid() {
        std::vector<incr::node<unsigned>> below;
        for (std::size_t i = 0; i < grid_w; ++i) {
            inputs.push_back(g.var(static_cast<unsigned>(i)));
            below.push_back(inputs.back());
        }
        for (std::size_t l = 0; l < grid_layers; ++l) {
            std::vector<incr::node<unsigned>> layer;
            for (std::size_t i = 0; i < grid_w; ++i) {
                layer.push_back(g.map([](unsigned a, unsigned b, unsigned c) { return a + b + c; },
                                      below[(i + grid_w - 1) % grid_w], below[i], below[(i + 1) % grid_w]));
            }
            below = std::move(layer);
        }
        for (auto const& n : below) outs.push_back(g.observe(n));
        g.stabilize();
    }
};

double grid_cone_per_node(double& cone_nodes) {
    grid gr;
    unsigned v = 0;
    gr.inputs[500].set(++v);
    gr.g.stabilize();
    cone_nodes = static_cast<double>(gr.g.stats().last.recomputed);
    auto s = measure([&](std::size_t iters) {
        for (std::size_t i = 0; i < iters; ++i) {
            gr.inputs[500].set(++v);
            gr.g.stabilize();
        }
        do_not_optimize(gr.outs[500].value());
    });
    return s.median_ns / cone_nodes;
}

double grid_all_per_node() {
    grid gr;
    unsigned v = 0;
    auto s = measure([&](std::size_t iters) {
        for (std::size_t i = 0; i < iters; ++i) {
            ++v;
            for (std::size_t k = 0; k < grid_w; ++k) gr.inputs[k].set(v + static_cast<unsigned>(k));
            gr.g.stabilize();
        }
        do_not_optimize(gr.outs[500].value());
    });
    return s.median_ns / static_cast<double>(grid_w * grid_layers);
}

double grid_all_plain_per_node() {
    std::vector<unsigned> in(grid_w);
    std::vector<std::vector<unsigned>> layers(grid_layers, std::vector<unsigned>(grid_w));
    unsigned v = 0;
    auto s = measure([&](std::size_t iters) {
        for (std::size_t it = 0; it < iters; ++it) {
            ++v;
            for (std::size_t k = 0; k < grid_w; ++k) in[k] = v + static_cast<unsigned>(k);
            std::vector<unsigned> const* below = &in;
            for (auto& layer : layers) {
                for (std::size_t i = 0; i < grid_w; ++i)
                    layer[i] = (*below)[(i + grid_w - 1) % grid_w] + (*below)[i] + (*below)[(i + 1) % grid_w];
                below = &layer;
            }
            refold::bench::clobber_memory();
        }
        do_not_optimize(layers.back()[500]);
    });
    return s.median_ns / static_cast<double>(grid_w * grid_layers);
}

std::vector<std::uint32_t> leaf_sequence(std::size_t leaves) {
    std::mt19937 rng(12345);
    std::vector<std::uint32_t> seq(4096);
    for (auto& x : seq) x = static_cast<std::uint32_t>(rng() % leaves);
    return seq;
}

// Built recursively, as a fold over a tree is: each leaf is created where the recursion
// reaches it, each inner node after its two subtrees.
incr::node<std::int64_t> build_fold(incr::graph& g, std::vector<incr::var<std::int64_t>>& leaves,
                                    std::size_t lo, std::size_t hi) {
    if (hi - lo == 1) {
        leaves[lo] = g.var(static_cast<std::int64_t>(lo));
        return leaves[lo];
    }
    std::size_t const mid = lo + (hi - lo) / 2;
    auto l = build_fold(g, leaves, lo, mid);
    auto r = build_fold(g, leaves, mid, hi);
    return g.map([](std::int64_t a, std::int64_t b) { return a + b; }, l, r);
}

double fold_leaf_edit(std::size_t n, bool same_leaf = false) {
    incr::graph g;
    std::vector<incr::var<std::int64_t>> leaves(n);
    auto root = build_fold(g, leaves, 0, n);
    auto o = g.observe(root);
    g.stabilize();
    auto const seq = leaf_sequence(n);
    std::size_t k = 0;
    auto s = measure([&](std::size_t iters) {
        for (std::size_t i = 0; i < iters; ++i) {
            auto const& leaf = leaves[same_leaf ? seq[0] : seq[k++ & 4095]];
            leaf.set(leaf.get() + 1);
            g.stabilize();
        }
        do_not_optimize(o.value());
    });
    return s.median_ns;
}

// Hand-written: an implicit binary tree in an array (node i has children 2i, 2i+1); a leaf
// edit updates the path to the root.
double fold_hand_written(std::size_t n) {
    std::vector<std::int64_t> t(2 * n);
    for (std::size_t i = 0; i < n; ++i) t[n + i] = static_cast<std::int64_t>(i);
    for (std::size_t i = n - 1; i >= 1; --i) t[i] = t[2 * i] + t[2 * i + 1];
    auto const seq = leaf_sequence(n);
    std::size_t k = 0;
    auto s = measure([&](std::size_t iters) {
        for (std::size_t it = 0; it < iters; ++it) {
            std::size_t i = n + seq[k++ & 4095];
            t[i] += 1;
            for (i /= 2; i >= 1; i /= 2) t[i] = t[2 * i] + t[2 * i + 1];
            refold::bench::clobber_memory();
        }
        do_not_optimize(t[1]);
    });
    return s.median_ns;
}

// For comparison only (not an issue key): the same path update over linked nodes (sum,
// parent and child pointers), allocated in the order the recursive fold creates them, as the
// engine's nodes are; it separates the cost of the layout from the cost of the engine.
struct linked_node {
    std::int64_t sum = 0;
    linked_node* parent = nullptr;
    linked_node* left = nullptr;
    linked_node* right = nullptr;
};

linked_node* build_linked(std::vector<linked_node>& pool, std::vector<linked_node*>& leaves, std::size_t lo,
                          std::size_t hi) {
    if (hi - lo == 1) {
        linked_node* leaf = &pool.emplace_back();
        leaf->sum = static_cast<std::int64_t>(lo);
        leaves[lo] = leaf;
        return leaf;
    }
    std::size_t const mid = lo + (hi - lo) / 2;
    linked_node* l = build_linked(pool, leaves, lo, mid);
    linked_node* r = build_linked(pool, leaves, mid, hi);
    linked_node* p = &pool.emplace_back();
    p->left = l;
    p->right = r;
    p->sum = l->sum + r->sum;
    l->parent = p;
    r->parent = p;
    return p;
}

double fold_hand_written_linked(std::size_t n) {
    std::vector<linked_node> pool;
    pool.reserve(2 * n);  // (no reallocation: pointers stay valid)
    std::vector<linked_node*> leaves(n);
    linked_node* root = build_linked(pool, leaves, 0, n);
    auto const seq = leaf_sequence(n);
    std::size_t k = 0;
    auto s = measure([&](std::size_t iters) {
        for (std::size_t it = 0; it < iters; ++it) {
            linked_node* x = leaves[seq[k++ & 4095]];
            x->sum += 1;
            for (x = x->parent; x != nullptr; x = x->parent) x->sum = x->left->sum + x->right->sum;
            refold::bench::clobber_memory();
        }
        do_not_optimize(root->sum);
    });
    return s.median_ns;
}

double empty_stabilize() {
    grid gr;
    auto s = measure([&](std::size_t iters) {
        for (std::size_t i = 0; i < iters; ++i) gr.g.stabilize();
    });
    return s.median_ns;
}

// Bytes held by a stabilized, observed graph (heap allocations made while building it and
// still live, counted by the operator new hook, plus the node arena, which is mapped memory) of 1000 inputs and 1000 layers x 1000 cells
// (10^6 derived nodes of int), each cell reading `fan_in` cells of the layer below.
double graph_bytes(std::size_t fan_in, double& nodes, double& edges) {
    std::size_t const w = 1000;
    std::size_t const layers = 1000;
    unsigned const epoch = refold::bench::mark_epoch();
    double bytes = 0;
    {
        incr::graph g;
        std::vector<incr::node<int>> below;
        for (std::size_t i = 0; i < w; ++i) below.push_back(g.var(static_cast<int>(i)));
        std::vector<incr::node<int>> layer;
        layer.reserve(w);
        for (std::size_t l = 0; l < layers; ++l) {
            layer.clear();
            for (std::size_t i = 0; i < w; ++i) {
                if (fan_in == 1)
                    layer.push_back(g.map([](int a) { return a + 1; }, below[i]));
                else
                    layer.push_back(g.map([](int a, int b) { return a + b; }, below[i], below[(i + 1) % w]));
            }
            below.swap(layer);
        }
        std::vector<incr::observer<int>> outs;
        outs.reserve(w);
        for (auto const& n : below) outs.push_back(g.observe(n));
        g.stabilize();
        // Handles kept by this benchmark are not the graph's memory.
        std::size_t const handles = below.capacity() * sizeof(below[0]) + layer.capacity() * sizeof(layer[0]) +
                                    outs.capacity() * sizeof(outs[0]);
        bytes = static_cast<double>(refold::bench::live_bytes_since(epoch) - handles + g.arena_bytes());
        nodes = static_cast<double>(w + w * layers);
        edges = static_cast<double>(w * layers * fan_in);
    }
    return bytes;
}

}  // namespace

int main(int argc, char** argv) {
    // --profile <shape>: run one shape's body 1000 times, once (for callgrind / cachegrind:
    // --toggle-collect='*profile_loop*'). Shapes: chain diamond cone all fold fold_1m
    // fold_same fold_hand fold_hand_1m fold_linked empty.
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::string_view(argv[i]) != "--profile") continue;
        std::string_view const shape = argv[i + 1];
        g_profile = true;
        double x = 0;
        if (shape == "chain") x = chain_per_node();
        if (shape == "diamond") x = diamond_per_node();
        if (shape == "cone") x = grid_cone_per_node(x);
        if (shape == "all") x = grid_all_per_node();
        if (shape == "fold") x = fold_leaf_edit(std::size_t{1} << 16);
        if (shape == "fold_1m") x = fold_leaf_edit(std::size_t{1} << 20);
        if (shape == "fold_same") x = fold_leaf_edit(std::size_t{1} << 16, true);
        if (shape == "fold_hand") x = fold_hand_written(std::size_t{1} << 16);
        if (shape == "fold_hand_1m") x = fold_hand_written(std::size_t{1} << 20);
        if (shape == "fold_linked") x = fold_hand_written_linked(std::size_t{1} << 16);
        if (shape == "empty") x = empty_stabilize();
        std::printf("%s %.3f\n", argv[i + 1], x);
        return 0;
    }
    refold::bench::json_report r;
    double cone_nodes = 0;
    double n1 = 0, e1 = 0, n2 = 0, e2 = 0;
    double const b1 = graph_bytes(1, n1, e1);
    double const b2 = graph_bytes(2, n2, e2);
    double const per_edge = (b2 - b1) / (e2 - e1);
    double const per_node = (b1 - per_edge * e1) / n1;

    r.add("chain_1000_per_node", chain_per_node());
    r.add("diamond_1000_per_node", diamond_per_node());
    r.add("grid_cone_per_node", grid_cone_per_node(cone_nodes));
    r.add("grid_cone_nodes", cone_nodes);
    r.add("grid_all_per_node", grid_all_per_node());
    r.add("grid_all_plain_per_node", grid_all_plain_per_node());
    r.add("fold_64k_leaf_edit", fold_leaf_edit(std::size_t{1} << 16));
    r.add("fold_1m_leaf_edit", fold_leaf_edit(std::size_t{1} << 20));
    r.add("fold_64k_same_leaf_edit", fold_leaf_edit(std::size_t{1} << 16, true));  // path stays in cache
    r.add("fold_64k_hand_written", fold_hand_written(std::size_t{1} << 16));
    r.add("fold_1m_hand_written", fold_hand_written(std::size_t{1} << 20));
    r.add("fold_64k_hand_written_linked", fold_hand_written_linked(std::size_t{1} << 16));
    r.add("fold_1m_hand_written_linked", fold_hand_written_linked(std::size_t{1} << 20));
    r.add("empty_stabilize", empty_stabilize());
    r.add("bytes_per_node", per_node);
    r.add("bytes_per_edge", per_edge);
    r.add("bytes_graph_fan_in_1", b1);
    r.add("bytes_graph_fan_in_2", b2);
    if (refold::bench::has_flag(argc, argv, "--json"))
        r.print();
    else
        r.print_table();
    return 0;
}
