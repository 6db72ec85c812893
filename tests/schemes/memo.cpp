// memo_cata: equal to cata on every version of randomly edited texts, with work bounded by
// the nodes an edit created, and memory bounded by the live tree.
#include "functors.hpp"

#include <schemes/cata.hpp>
#include <schemes/memo.hpp>
#include <schemes/rope.hpp>
#include <schemes/text_rope.hpp>
#include <tests/support/random.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_set>
#include <vector>

using namespace refold;
using schemes::cata;
using schemes::memo;
using schemes::memo_cata;
using schemes::text_rope;

namespace {

template <class A>
using tl = text_rope::layer<A>;
template <class A>
std::string_view leaf_text(tl<A> const& l) {
    auto e = l.elements();
    return {e.data(), e.size()};
}
bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t'; }

// Length in bytes.
std::size_t length_alg(tl<std::size_t> const& l) { return l.is_leaf() ? l.elements().size() : l.left() + l.right(); }

// Word count with boundary state: a word split across two chunks counts once.
struct wc {
    std::size_t words = 0;
    bool empty = true;
    bool starts_in_word = false;
    bool ends_in_word = false;
    friend bool operator==(wc const&, wc const&) = default;
};
wc wc_alg(tl<wc> const& l) {
    if (l.is_leaf()) {
        wc r;
        bool in = false;
        for (char c : leaf_text(l)) {
            bool w = !is_space(c);
            if (w && !in) ++r.words;
            in = w;
        }
        auto t = leaf_text(l);
        r.empty = t.empty();
        r.starts_in_word = !t.empty() && !is_space(t.front());
        r.ends_in_word = in;
        return r;
    }
    wc const& a = l.left();
    wc const& b = l.right();
    if (a.empty) return b;
    if (b.empty) return a;
    return {a.words + b.words - (a.ends_in_word && b.starts_in_word ? 1 : 0), false, a.starts_in_word, b.ends_in_word};
}
std::size_t count_words(std::string const& s) {
    std::size_t n = 0;
    bool in = false;
    for (char c : s) {
        bool w = !is_space(c);
        if (w && !in) ++n;
        in = w;
    }
    return n;
}

// Byte offsets where lines start (after each '\n'), relative to the subtree.
struct line_starts {
    std::size_t bytes = 0;
    std::vector<std::size_t> starts;
    friend bool operator==(line_starts const&, line_starts const&) = default;
};
line_starts lines_alg(tl<line_starts> const& l) {
    line_starts r;
    if (l.is_leaf()) {
        auto t = leaf_text(l);
        r.bytes = t.size();
        for (std::size_t i = 0; i < t.size(); ++i)
            if (t[i] == '\n') r.starts.push_back(i + 1);
        return r;
    }
    r = l.left();
    for (std::size_t s : l.right().starts) r.starts.push_back(r.bytes + s);
    r.bytes += l.right().bytes;
    return r;
}

// Longest line in code points.
struct max_line {
    bool has_newline = false;
    std::size_t first = 0;  // code points before the first '\n' (all, if none)
    std::size_t last = 0;   // code points after the last '\n'
    std::size_t best = 0;   // longest complete line strictly between newlines
    friend bool operator==(max_line const&, max_line const&) = default;
    std::size_t longest() const { return std::max({first, last, best}); }
};
max_line max_line_alg(tl<max_line> const& l) {
    if (l.is_leaf()) {
        max_line r;
        std::size_t run = 0;
        for (char c : leaf_text(l)) {
            if (c == '\n') {
                if (!r.has_newline) r.first = run;
                else r.best = std::max(r.best, run);
                r.has_newline = true;
                run = 0;
            } else if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) {
                ++run;
            }
        }
        if (!r.has_newline) r.first = run;
        r.last = run;
        return r;
    }
    max_line const& a = l.left();
    max_line const& b = l.right();
    if (!a.has_newline && !b.has_newline) return {false, a.first + b.first, a.last + b.last, 0};
    if (!a.has_newline) return {true, a.first + b.first, b.last, b.best};
    if (!b.has_newline) return {true, a.first, a.last + b.first, a.best};
    return {true, a.first, b.last, std::max({a.best, b.best, a.last + b.first})};
}
std::size_t longest_line(std::string const& s) {
    std::size_t best = 0, run = 0;
    for (char c : s) {
        if (c == '\n') run = 0;
        else if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) best = std::max(best, ++run);
    }
    return best;
}

template <template <class> class F>
void collect(schemes::fix<F> const& t, std::unordered_set<void const*>& seen) {
    if (!seen.insert(t.id()).second) return;
    if (!t->is_leaf()) {
        collect(t->left(), seen);
        collect(t->right(), seen);
    }
}
template <template <class> class F>
std::size_t nodes_of(schemes::fix<F> const& t) {
    std::unordered_set<void const*> s;
    collect(t, s);
    return s.size();
}
// Nodes reachable from `now` and not from `before`.
template <template <class> class F>
std::size_t new_nodes(schemes::fix<F> const& now, schemes::fix<F> const& before) {
    std::unordered_set<void const*> old, fresh;
    collect(before, old);
    collect(now, fresh);
    return static_cast<std::size_t>(std::count_if(fresh.begin(), fresh.end(), [&](void const* p) { return !old.contains(p); }));
}

char const* const alphabet[] = {"a", "b", " ", "\n", "x", "\xC3\xA9", "\xF0\x9F\x98\x80", "  ", "ab\ncd"};
std::string random_piece(std::mt19937_64& rng) {
    return alphabet[std::uniform_int_distribution<std::size_t>(0, std::size(alphabet) - 1)(rng)];
}
std::string random_text(std::mt19937_64& rng, std::size_t pieces) {
    std::string s;
    for (std::size_t i = 0; i < pieces; ++i) s += random_piece(rng);
    return s;
}

// Sum of a rope<int>, in a long.
long sum_ints(schemes::rope<int>::layer<long> const& l) {
    long s = 0;
    if (l.is_leaf())
        for (int x : l.elements()) s += x;
    else
        s = l.left() + l.right();
    return s;
}

}  // namespace

TEST_CASE("memo_cata equals cata for several algebras on every version of a random edit sequence") {
    REFOLD_SEEDED_RNG(rng);
    std::string model = random_text(rng, 20000);
    text_rope r(model);
    memo<std::size_t> m_len;
    memo<wc> m_wc;
    memo<line_starts> m_lines;
    memo<max_line> m_max;
    std::size_t worst_apps = 0;
    for (std::size_t step = 0; step < test::cases(400); ++step) {
        text_rope before = r;
        std::size_t p = std::uniform_int_distribution<std::size_t>(0, r.size_code_points())(rng);
        bool single = step % 7 != 0;
        if (step % 3 == 2 && r.size_code_points() > p) {
            std::size_t n = single ? 1 : std::min<std::size_t>(r.size_code_points() - p, 40);
            std::size_t a = r.byte_of_code_point(p), b = r.byte_of_code_point(p + n);
            r = r.erase_code_points(p, n);
            model.erase(a, b - a);
        } else {
            std::string ins = single ? std::string(1, "ab \nz"[step % 5]) : random_text(rng, 30);
            std::size_t a = r.byte_of_code_point(p);
            r = r.insert_code_points(p, ins);
            model.insert(a, ins);
        }
        REQUIRE(r.str() == model);

        m_len.reset_counters();
        std::size_t len = memo_cata(length_alg, r.root(), m_len);
        std::size_t apps = m_len.applications();
        // Exactly the nodes this version created run the algebra; the rest are cache hits.
        if (step > 0) CHECK(apps == new_nodes(r.root(), before.root()));
        if (single && step > 0) {
            double bound = 3.0 * std::log2(static_cast<double>(r.size_bytes()));
            CHECK(static_cast<double>(apps) <= bound);
            worst_apps = std::max(worst_apps, apps);
        }
        CHECK(len == model.size());
        CHECK(len == cata(length_alg, r.root()));
        wc w = memo_cata(wc_alg, r.root(), m_wc);
        CHECK(w == cata(wc_alg, r.root()));
        CHECK(w.words == count_words(model));
        line_starts ls = memo_cata(lines_alg, r.root(), m_lines);
        CHECK(ls == cata(lines_alg, r.root()));
        CHECK(ls.starts.size() == static_cast<std::size_t>(std::count(model.begin(), model.end(), '\n')));
        max_line ml = memo_cata(max_line_alg, r.root(), m_max);
        CHECK(ml == cata(max_line_alg, r.root()));
        CHECK(ml.longest() == longest_line(model));
    }
    INFO("worst applications per single-character edit: " << worst_apps << " at " << r.size_bytes() << " bytes");
    CHECK(worst_apps > 0);
}

TEST_CASE("memo holds entries only for live nodes after 10^5 edits keeping the latest version") {
    REFOLD_SEEDED_RNG(rng);
    std::int64_t const pool_before = schemes::pooled_bytes_in_use();
    std::string model = random_text(rng, 5000);
    text_rope r(model);
    std::int64_t const tree_bytes = schemes::pooled_bytes_in_use() - pool_before;
    memo<wc> m;
    std::size_t peak = 0;
    std::size_t const edits = test::cases(100000);
    for (std::size_t i = 0; i < edits; ++i) {
        std::size_t p = std::uniform_int_distribution<std::size_t>(0, r.size_code_points())(rng);
        if (i % 2 == 1 && p < r.size_code_points()) r = r.erase_code_points(p, 1);
        else r = r.insert_code_points(p, random_piece(rng));
        (void)memo_cata(wc_alg, r.root(), m);
        peak = std::max(peak, m.size());
    }
    std::size_t live = nodes_of(r.root());
    CHECK(m.size() == live);
    CHECK(memo_cata(wc_alg, r.root(), m) == cata(wc_alg, r.root()));
    // Slots are reused: the pool is the peak of live entries, not the number of edits.
    CHECK(m.capacity() <= 2 * peak + 64);
    CHECK(m.capacity() < edits);
    // The nodes themselves follow the live version too: within a small factor of a fresh
    // build of the same text, however many versions came before.
    std::int64_t const live_bytes = schemes::pooled_bytes_in_use() - pool_before;
    {
        std::int64_t const before_fresh = schemes::pooled_bytes_in_use();
        text_rope fresh(r.str());
        std::int64_t const fresh_bytes = schemes::pooled_bytes_in_use() - before_fresh;
        INFO("live tree " << live_bytes << " bytes, fresh build " << fresh_bytes << " bytes");
        CHECK(live_bytes < 3 * fresh_bytes);
    }
    CHECK(tree_bytes > 0);
    // Dropping the last version frees every entry and every node.
    r = text_rope();
    CHECK(m.size() == 0);
    CHECK(schemes::pooled_bytes_in_use() - pool_before < 256);  // the empty rope's leaf
}

TEST_CASE("memo: entries die with their nodes, and a memo may die before its nodes") {
    std::vector<int> v(10000, 1);
    schemes::rope<int> r(v);
    auto sum = sum_ints;
    memo<long> a;
    {
        memo<long> b;
        CHECK(memo_cata(sum, r.root(), a) == 10000);
        CHECK(memo_cata(sum, r.root(), b) == 10000);
        CHECK(a.size() == nodes_of(r.root()));
        CHECK(b.size() == a.size());
        a.reset_counters();
        CHECK(memo_cata(sum, r.root(), a) == 10000);
        CHECK(a.applications() == 0);
        CHECK(a.hits() == 1);
    }  // b dies first: its entries leave the nodes, a's stay
    a.reset_counters();
    CHECK(memo_cata(sum, r.root(), a) == 10000);
    CHECK(a.applications() == 0);
    {
        auto r2 = r.set(5, 10);
        CHECK(memo_cata(sum, r2.root(), a) == 10009);
        CHECK(a.applications() == new_nodes(r2.root(), r.root()));
        CHECK(a.applications() <= static_cast<std::uint64_t>(r.height() + 1));
    }  // r2's new path dies with r2
    CHECK(a.size() == nodes_of(r.root()));
    r = schemes::rope<int>();
    CHECK(a.size() == 0);
    a.clear();
    memo<long> moved = std::move(a);
    CHECK(memo_cata(sum, r.root(), moved) == 0);
    CHECK(moved.size() == 1);
}

TEST_CASE("memo_cata on a general fix (lists)") {
    using test::list;
    using layer = test::list_f<int>::layer<list<int>>;
    list<int> t(layer::nil());
    for (int i = 1; i <= 100; ++i) t = list<int>(layer::make(i, t));
    auto sum = [](test::list_f<int>::layer<long> const& l) { return l.is_nil() ? 0L : l.get().head + l.get().tail; };
    memo<long> m;
    CHECK(memo_cata(sum, t, m) == 5050);
    CHECK(m.applications() == 101);
    list<int> u(layer::make(1000, t));
    m.reset_counters();
    CHECK(memo_cata(sum, u, m) == 6050);
    CHECK(m.applications() == 1);
}

TEST_CASE("memo: small results live in the nodes' inline slots, one memo per node, others in lists") {
    using int_rope = schemes::rope<int>;
    // rope<int> nodes have room for a slot within their cache line; text nodes fill theirs.
    static_assert(int_rope::node_type::has_memo_slot());
    static_assert(!text_rope::node_type::has_memo_slot());
    auto sum = sum_ints;
    // Weighted by position within each leaf, so a misplaced cached value shows.
    using wl = int_rope::layer<std::uint64_t>;
    auto weighted = [](wl const& l) {
        std::uint64_t s = 0;
        if (l.is_leaf())
            for (int x : l.elements()) s = s * 31 + static_cast<std::uint64_t>(x);
        else
            s = l.left() * 1000003 + l.right();
        return s;
    };
    REFOLD_SEEDED_RNG(rng);
    std::vector<int> v(20000);
    for (int& x : v) x = std::uniform_int_distribution<int>(0, 999)(rng);
    int_rope r(v);
    std::size_t const nodes = nodes_of(r.root());
    long const total = cata(sum, r.root());

    memo<long> a;  // first: takes the inline slots
    CHECK(memo_cata(sum, r.root(), a) == total);
    CHECK(a.size() == nodes);
    CHECK(a.capacity() == 0);
    {
        memo<long> b;  // the slots are a's: b uses its own entries
        CHECK(memo_cata(sum, r.root(), b) == total);
        CHECK(b.size() == nodes);
        CHECK(b.capacity() >= nodes);
        b.reset_counters();
        CHECK(memo_cata(sum, r.root(), b) == total);
        CHECK(b.applications() == 0);
        memo<std::uint64_t> w;
        CHECK(memo_cata(weighted, r.root(), w) == cata(weighted, r.root()));
        CHECK(w.size() == nodes);
    }
    CHECK(a.size() == nodes);
    a.reset_counters();
    CHECK(memo_cata(sum, r.root(), a) == total);
    CHECK(a.applications() == 0);

    // a dies: its slots go stale and the next memo reuses them (stale values never read).
    a = memo<long>();
    {
        memo<std::uint64_t> w;
        CHECK(memo_cata(weighted, r.root(), w) == cata(weighted, r.root()));
        CHECK(w.applications() == nodes);
        CHECK(w.size() == nodes);
        CHECK(w.capacity() == 0);
        // clear(): every result goes, inline ones included, and all are computed again.
        w.clear();
        CHECK(w.size() == 0);
        w.reset_counters();
        CHECK(memo_cata(weighted, r.root(), w) == cata(weighted, r.root()));
        CHECK(w.applications() == nodes);
        CHECK(w.size() == nodes);
    }

    // Path-copying and in-place edits, keeping only the latest version: inline results die
    // with their nodes (the count follows the live tree) and are never read stale.
    memo<long> m;
    memo<std::uint64_t> w;
    CHECK(memo_cata(sum, r.root(), m) == total);
    CHECK(memo_cata(weighted, r.root(), w) == cata(weighted, r.root()));
    std::size_t const edits = test::cases(3000);
    for (std::size_t i = 0; i < edits; ++i) {
        std::size_t p = std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng);
        int x = std::uniform_int_distribution<int>(0, 999)(rng);
        switch (i % 4) {
        case 0: r = r.set(p, x); v[p] = x; break;
        case 1: r = std::move(r).set(p, x); v[p] = x; break;
        case 2: r = std::move(r).insert(p, x); v.insert(v.begin() + static_cast<std::ptrdiff_t>(p), x); break;
        default: r = r.erase(p, p + 1); v.erase(v.begin() + static_cast<std::ptrdiff_t>(p)); break;
        }
        m.reset_counters();
        long s = memo_cata(sum, r.root(), m);
        REQUIRE(s == cata(sum, r.root()));
        REQUIRE(memo_cata(weighted, r.root(), w) == cata(weighted, r.root()));
        CHECK(static_cast<double>(m.applications()) <= 3.0 * std::log2(static_cast<double>(v.size())) + 3.0);
    }
    CHECK(r.to_vector() == v);
    CHECK(m.size() == nodes_of(r.root()));
    CHECK(w.size() == nodes_of(r.root()));
    CHECK(m.capacity() == 0);  // m took every slot first
    r = int_rope();
    CHECK(m.size() == 0);
    CHECK(w.size() == 0);
}
