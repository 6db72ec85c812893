// refold_bench_schemes: memoized folds after one-element edits, against plain folds and a
// hand-written persistent path update; first-run cost of memoizing; text rope inserts.
//   refold_bench_schemes [--json]
#include <bench/common/harness.hpp>
#include <schemes/cata.hpp>
#include <schemes/memo.hpp>
#include <schemes/rope.hpp>
#include <schemes/text_rope.hpp>

#include <malloc.h>

#include <algorithm>
#include <ctime>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <random>
#include <string>
#include <vector>

// ---- heap accounting (live bytes) for the memory ratio
namespace {
std::size_t g_live_bytes = 0;
}
[[gnu::noinline]] void* operator new(std::size_t n) {
    void* p = std::malloc(n == 0 ? 1 : n);
    if (p == nullptr) throw std::bad_alloc();
    g_live_bytes += malloc_usable_size(p);
    return p;
}
[[gnu::noinline]] void operator delete(void* p) noexcept {
    if (p == nullptr) return;
    g_live_bytes -= malloc_usable_size(p);
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }

using namespace refold;

namespace {

// The machine is shared: time is the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so
// that time spent descheduled is not counted. Same calibration as bench::measure.
double cpu_ns() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}
template <class Body>
bench::sample_stats measure_cpu(Body&& body, int samples = 21, double target_ms = 20.0) {
    std::size_t iters = 1;
    for (;;) {
        double t0 = cpu_ns();
        body(iters);
        double ms = (cpu_ns() - t0) / 1e6;
        if (ms >= target_ms / 4) {
            iters = std::max<std::size_t>(1, static_cast<std::size_t>(target_ms / (ms / static_cast<double>(iters))));
            break;
        }
        iters *= 4;
    }
    std::vector<double> per_iter;
    for (int i = 0; i < samples; ++i) {
        double t0 = cpu_ns();
        body(iters);
        per_iter.push_back((cpu_ns() - t0) / static_cast<double>(iters));
    }
    return bench::stats_of(std::move(per_iter));
}

using int_rope = schemes::rope<int>;
using layer = int_rope::layer<std::int64_t>;

std::int64_t sum_alg(layer const& l) {
    if (!l.is_leaf()) return l.left() + l.right();
    std::int64_t s = 0;
    for (int x : l.elements()) s += x;
    return s;
}

std::vector<int> iota_values(std::size_t n) {
    std::vector<int> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<int>(i % 1000);
    return v;
}

std::vector<std::size_t> random_positions(std::size_t n, std::size_t count, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::size_t> out(count);
    for (auto& p : out) p = std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
    return out;
}

// One element set + memo_cata of the new version (old version dropped). in_place: the
// edit is `r = std::move(r).set(...)`, which may edit the nodes only r holds in place;
// otherwise `r = r.set(...)`, which copies the path while r is still alive.
double memo_leaf_edit(std::size_t n, bool in_place) {
    int_rope r(iota_values(n));
    schemes::memo<std::int64_t> m;
    (void)schemes::memo_cata(sum_alg, r.root(), m);
    auto pos = random_positions(n, 1 << 16, 7);
    std::size_t k = 0;
    auto s = measure_cpu([&](std::size_t iters) {
        for (std::size_t i = 0; i < iters; ++i) {
            std::size_t p = pos[k++ & 0xFFFF];
            if (in_place) r = std::move(r).set(p, static_cast<int>(i & 1023));
            else r = r.set(p, static_cast<int>(i & 1023));
            bench::do_not_optimize(schemes::memo_cata(sum_alg, r.root(), m));
        }
    });
    return s.median_ns;
}

// ---- a hand-written persistent tree with the sum stored in each node: the same shape as
// the rope (balanced binary, leaves of the rope's build size), path copying on update.
// Like the rope's descent, it starts loading the right child before it reads the left
// child's size. (Its nodes, with the sum inside, are 64 bytes from malloc.)
struct hw_node {
    std::uint32_t refs = 1;
    std::int64_t sum = 0;
    std::size_t size = 0;
    hw_node* left = nullptr;
    hw_node* right = nullptr;
    std::vector<int> elems;
};
void hw_release(hw_node* p) {
    if (p == nullptr || --p->refs != 0) return;
    hw_release(p->left);
    hw_release(p->right);
    delete p;
}
hw_node* hw_build(int const* v, std::size_t n, std::size_t leaf) {
    auto* t = new hw_node;
    t->size = n;
    if (n <= leaf) {
        t->elems.assign(v, v + n);
        for (int x : t->elems) t->sum += x;
        return t;
    }
    std::size_t leaves = (n + leaf - 1) / leaf, mid = leaves / 2 * leaf;
    t->left = hw_build(v, mid, leaf);
    t->right = hw_build(v + mid, n - mid, leaf);
    t->sum = t->left->sum + t->right->sum;
    return t;
}
hw_node* hw_set(hw_node const* t, std::size_t i, int x) {
    auto* c = new hw_node;
    c->size = t->size;
    if (t->left == nullptr) {
        c->elems = t->elems;
        c->sum = t->sum - c->elems[i] + x;
        c->elems[i] = x;
        return c;
    }
    __builtin_prefetch(t->right);
    if (i < t->left->size) {
        c->left = hw_set(t->left, i, x);
        c->right = t->right;
        ++c->right->refs;
    } else {
        c->left = t->left;
        ++c->left->refs;
        c->right = hw_set(t->right, i - t->left->size, x);
    }
    c->sum = c->left->sum + c->right->sum;
    return c;
}
double hand_written_edit(std::size_t n) {
    auto v = iota_values(n);
    constexpr std::size_t leaf = int_rope::traits_type::max_chunk - int_rope::traits_type::max_chunk / 4;
    hw_node* root = hw_build(v.data(), n, leaf);
    auto pos = random_positions(n, 1 << 16, 7);
    std::size_t k = 0;
    auto s = measure_cpu([&](std::size_t iters) {
        for (std::size_t i = 0; i < iters; ++i) {
            hw_node* next = hw_set(root, pos[k++ & 0xFFFF], static_cast<int>(i & 1023));
            hw_release(root);
            root = next;
            bench::do_not_optimize(root->sum);
        }
    });
    hw_release(root);
    return s.median_ns;
}

double plain_cata(int_rope const& r) {
    return measure_cpu([&](std::size_t iters) {
               for (std::size_t i = 0; i < iters; ++i) bench::do_not_optimize(schemes::cata(sum_alg, r.root()));
           })
        .median_ns;
}

// First memoized run: a fresh memo each sample; only the fold is timed.
double memo_first_run(int_rope const& r) {
    std::vector<double> samples;
    for (int s = 0; s < 41; ++s) {
        schemes::memo<std::int64_t> m;
        double t0 = cpu_ns();
        bench::do_not_optimize(schemes::memo_cata(sum_alg, r.root(), m));
        samples.push_back(cpu_ns() - t0);
    }
    return bench::stats_of(samples).median_ns;
}

// (tree + memo after the first run) / (tree after a plain cata), in bytes: the tree's
// nodes and chunks as counted by the node pool, the memo's and cata's as live heap bytes.
double g_tree_bytes = 0;  // the tree alone, for the report
double memo_bytes_ratio(std::size_t n) {
    std::int64_t pool0 = schemes::pooled_bytes_in_use();
    auto r = int_rope(iota_values(n));
    auto tree = static_cast<double>(schemes::pooled_bytes_in_use() - pool0);
    g_tree_bytes = tree;
    std::size_t heap0 = g_live_bytes;
    bench::do_not_optimize(schemes::cata(sum_alg, r.root()));
    auto plain = tree + static_cast<double>(g_live_bytes - heap0);
    schemes::memo<std::int64_t> m;
    bench::do_not_optimize(schemes::memo_cata(sum_alg, r.root(), m));
    auto memoized = tree + static_cast<double>(g_live_bytes - heap0);
    return memoized / plain;
}

std::string sample_text(std::size_t bytes) {
    static char const* const words[] = {"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog",
                                        "caf\xC3\xA9", "\xE4\xB8\xAD\xE6\x96\x87", "\n", "refold"};
    std::mt19937_64 rng(3);
    std::string s;
    while (s.size() < bytes) {
        s += words[std::uniform_int_distribution<std::size_t>(0, std::size(words) - 1)(rng)];
        s += ' ';
    }
    return s;
}

// Random single-character inserts into a 1 MB text (by UTF-16 offset, or by byte offset),
// the old version dropped: `r = std::move(r).insert...` (in place where r alone holds the
// nodes), or `r = r.insert...` (path copied while r is alive).
double rope_insert(bool by_utf16, bool in_place) {
    schemes::text_rope r(sample_text(1 << 20));
    std::mt19937_64 rng(11);
    std::vector<double> fractions(1 << 16);
    for (auto& f : fractions) f = std::uniform_real_distribution<double>(0, 1)(rng);
    std::size_t k = 0;
    auto s = measure_cpu([&](std::size_t iters) {
        for (std::size_t i = 0; i < iters; ++i) {
            double f = fractions[k++ & 0xFFFF];
            if (by_utf16) {
                auto p = static_cast<std::size_t>(f * static_cast<double>(r.size_utf16()));
                if (in_place) r = std::move(r).insert_utf16(p, "x");
                else r = r.insert_utf16(p, "x");
            } else {
                // a code point boundary at or before the random byte offset
                auto p = static_cast<std::size_t>(f * static_cast<double>(r.size_bytes()));
                while (p > 0 && (static_cast<unsigned char>(r.bytes()[p]) & 0xC0U) == 0x80U) --p;
                if (in_place) r = std::move(r).insert(p, "x");
                else r = r.insert(p, "x");
            }
        }
    });
    return s.median_ns;
}

}  // namespace

int main(int argc, char** argv) {
    bench::json_report rep;
    double e64 = memo_leaf_edit(1 << 16, true);
    double e1m = memo_leaf_edit(1 << 20, true);
    double c64 = memo_leaf_edit(1 << 16, false);
    double c1m = memo_leaf_edit(1 << 20, false);
    double hw64 = hand_written_edit(1 << 16);
    double hw1m = hand_written_edit(1 << 20);
    int_rope r64(iota_values(1 << 16));
    double plain = plain_cata(r64);
    double first = memo_first_run(r64);
    rep.add("memo_cata_leaf_edit_64k", e64);
    rep.add("memo_cata_leaf_edit_1m", e1m);
    rep.add("hand_written_path_update_64k", hw64);
    rep.add("plain_cata_64k", plain);
    rep.add("memo_cata_first_run_64k", first);
    rep.add("memo_cata_first_run_bytes_ratio", memo_bytes_ratio(1 << 16));
    rep.add("rope_64k_tree_bytes", g_tree_bytes);
    rep.add("rope_insert_ns", rope_insert(true, true));
    rep.add("rope_insert_byte_offset_ns", rope_insert(false, true));
    rep.add("rope_insert_path_copy_ns", rope_insert(true, false));
    rep.add("memo_cata_leaf_edit_ratio_1m_64k", e1m / e64);
    rep.add("memo_cata_vs_hand_written_64k", e64 / hw64);
    rep.add("memo_cata_first_run_time_ratio", first / plain);
    rep.add("hand_written_path_update_1m", hw1m);
    rep.add("hand_written_ratio_1m_64k", hw1m / hw64);
    rep.add("memo_cata_leaf_edit_path_copy_64k", c64);
    rep.add("memo_cata_leaf_edit_path_copy_1m", c1m);
    if (bench::has_flag(argc, argv, "--json")) rep.print();
    else rep.print_table();
    return 0;
}
