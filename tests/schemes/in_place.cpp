// In-place edits of rvalue ropes (`r = std::move(r).insert(...)`): the same values as the
// persistent edits, other versions that share nodes never change, and memo entries of
// nodes edited in place never survive (memo_cata stays equal to cata).
#include <schemes/cata.hpp>
#include <schemes/memo.hpp>
#include <schemes/rope.hpp>
#include <schemes/text_rope.hpp>
#include <tests/support/random.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

using namespace refold;
using schemes::cata;
using schemes::memo;
using schemes::memo_cata;

namespace {

// A position-sensitive fold (not a commutative monoid): a stale cached entry for a node
// whose elements changed, moved or grew shows up as a different result.
struct poly {
    std::uint64_t hash = 0;
    std::uint64_t scale = 1;  // B^length
    std::size_t length = 0;
    friend bool operator==(poly const&, poly const&) = default;
};
constexpr std::uint64_t base = 1000003;

template <class Rope>
poly poly_alg(typename Rope::template layer<poly> const& l) {
    if (!l.is_leaf()) {
        poly const& a = l.left();
        poly const& b = l.right();
        return {a.hash * b.scale + b.hash, a.scale * b.scale, a.length + b.length};
    }
    poly r;
    for (auto x : l.elements()) {
        r.hash = r.hash * base + static_cast<std::uint64_t>(x);
        r.scale *= base;
        ++r.length;
    }
    return r;
}

// The same kind of fold in 8 trivially copyable bytes (hash and B^length mod 2^32): small
// enough to be kept in rope<int> nodes' inline memo slots.
struct poly32 {
    std::uint32_t hash = 0;
    std::uint32_t scale = 1;
    friend bool operator==(poly32 const&, poly32 const&) = default;
};
constexpr std::uint32_t base32 = 16777619;

template <class Rope>
poly32 poly32_alg(typename Rope::template layer<poly32> const& l) {
    if (!l.is_leaf()) {
        poly32 const& a = l.left();
        poly32 const& b = l.right();
        return {a.hash * b.scale + b.hash, a.scale * b.scale};
    }
    poly32 r;
    for (auto x : l.elements()) {
        r.hash = r.hash * base32 + static_cast<std::uint32_t>(x);
        r.scale *= base32;
    }
    return r;
}

poly32 poly32_of(std::vector<int> const& v) {
    poly32 r;
    for (int x : v) {
        r.hash = r.hash * base32 + static_cast<std::uint32_t>(x);
        r.scale *= base32;
    }
    return r;
}

poly poly_of(std::vector<int> const& v) {
    poly r;
    for (int x : v) {
        r.hash = r.hash * base + static_cast<std::uint64_t>(x);
        r.scale *= base;
        ++r.length;
    }
    return r;
}

template <class F>
std::size_t count_nodes(F const& t, std::unordered_set<void const*>& seen) {
    if (!seen.insert(t.id()).second) return 0;
    if (t->is_leaf()) return 1;
    return 1 + count_nodes(t->left(), seen) + count_nodes(t->right(), seen);
}
template <class F>
std::size_t count_nodes(F const& t) {
    std::unordered_set<void const*> seen;
    return count_nodes(t, seen);
}

std::vector<int> random_run(std::mt19937_64& rng, std::size_t max_len) {
    std::vector<int> v(std::uniform_int_distribution<std::size_t>(1, max_len)(rng));
    for (int& x : v) x = std::uniform_int_distribution<int>(0, 1 << 20)(rng);
    return v;
}

template <class R>
void random_in_place_edits(std::size_t steps, std::size_t max_run) {
    REFOLD_SEEDED_RNG(rng);
    std::vector<int> model = random_run(rng, 40 * max_run);
    R r(model);
    memo<poly> m;
    memo<poly32> m32;  // kept in the nodes' inline slots where they have one
    REQUIRE(memo_cata(poly_alg<R>, r.root(), m) == poly_of(model));
    REQUIRE(memo_cata(poly32_alg<R>, r.root(), m32) == poly32_of(model));
    std::vector<std::pair<R, std::vector<int>>> kept;  // older versions, some sharing nodes with r
    auto pos = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n)(rng); };
    auto at = [&](std::size_t p) { return model.begin() + static_cast<std::ptrdiff_t>(p); };
    std::size_t in_place_steps = 0, worst_apps = 0;
    for (std::size_t step = 0; step < steps; ++step) {
        // Keep this version now and then (the next edit must then leave it unchanged).
        if (rng() % 4 == 0) kept.emplace_back(r, model);
        if (kept.size() > 6 || (rng() % 8 == 0 && !kept.empty())) kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(rng() % kept.size()));
        bool shared = r.root().use_count() > 1;
        std::size_t n = model.size();
        bool single = true;
        int kind = std::uniform_int_distribution<int>(0, 7)(rng);
        INFO("step " << step << " kind " << kind << " shared " << shared << " size " << n);
        switch (kind) {
        case 0:
        case 1: {
            std::size_t p = pos(n);
            int x = static_cast<int>(step);
            r = std::move(r).insert(p, x);
            model.insert(at(p), x);
            break;
        }
        case 2: {
            std::size_t p = pos(n);
            auto run = random_run(rng, max_run);
            r = std::move(r).insert(p, std::span<int const>(run));
            model.insert(at(p), run.begin(), run.end());
            single = false;
            break;
        }
        case 3: {
            std::size_t a = pos(n), b = pos(n);
            if (a > b) std::swap(a, b);
            if (b - a > max_run) b = a + pos(max_run);
            r = std::move(r).erase(a, b);
            model.erase(at(a), at(b));
            single = b - a <= 1;
            break;
        }
        case 4:
        case 5: {
            if (n == 0) break;
            std::size_t p = pos(n - 1);
            int x = static_cast<int>(rng() % 1000);
            r = std::move(r).set(p, x);
            model[p] = x;
            break;
        }
        case 6: {
            std::size_t a = pos(n), b = pos(n);
            if (a > b) std::swap(a, b);
            if (b - a > max_run) b = a + pos(max_run);
            auto run = random_run(rng, max_run);
            r = std::move(r).replace(a, b, std::span<int const>(run));
            model.erase(at(a), at(b));
            model.insert(at(a), run.begin(), run.end());
            single = false;
            break;
        }
        default: {  // insert a run read from the rope's own chunk (aliasing the edited storage)
            if (n == 0) break;
            std::size_t p = pos(n - 1);
            auto [leaf, start] = std::pair{&r.root(), std::size_t{0}};
            while (!(*leaf)->is_leaf()) {
                std::size_t ls = (*leaf)->left()->summary().count;
                if (p - start < ls) leaf = &(*leaf)->left();
                else start += ls, leaf = &(*leaf)->right();
            }
            auto e = (*leaf)->elements();
            std::size_t k = std::min<std::size_t>(e.size(), 3);
            std::vector<int> copy(e.begin(), e.begin() + static_cast<std::ptrdiff_t>(k));
            r = std::move(r).insert(p, e.first(k));
            model.insert(at(p), copy.begin(), copy.end());
            single = false;
            break;
        }
        }
        if (!shared) ++in_place_steps;
        REQUIRE(r.to_vector() == model);
        REQUIRE(r.check_invariants());
        for (auto const& [v, snapshot] : kept) REQUIRE(v.to_vector() == snapshot);

        m.reset_counters();
        poly p = memo_cata(poly_alg<R>, r.root(), m);
        REQUIRE(p == cata(poly_alg<R>, r.root()));
        REQUIRE(p == poly_of(model));
        if (single && model.size() > 1) {
            double bound = 3.0 * std::log2(static_cast<double>(model.size()));
            CHECK(static_cast<double>(m.applications()) <= bound + 3.0);
            worst_apps = std::max<std::size_t>(worst_apps, m.applications());
        }
        m32.reset_counters();
        REQUIRE(memo_cata(poly32_alg<R>, r.root(), m32) == poly32_of(model));
        CHECK(m32.applications() == m.applications());
        // Kept versions still fold to their own contents through the same memo.
        for (auto const& [v, snapshot] : kept) {
            REQUIRE(memo_cata(poly_alg<R>, v.root(), m) == poly_of(snapshot));
            REQUIRE(memo_cata(poly32_alg<R>, v.root(), m32) == poly32_of(snapshot));
        }
    }
    // Every live node folded by both memos holds one entry of each, and no other.
    std::unordered_set<void const*> seen;
    std::size_t live = count_nodes(r.root(), seen);
    for (auto const& [v, snapshot] : kept) live += count_nodes(v.root(), seen);
    CHECK(m.size() == live);
    CHECK(m32.size() == live);
    if constexpr (R::node_type::has_memo_slot()) CHECK(m32.capacity() == 0);
    INFO("in-place steps " << in_place_steps << " of " << steps << ", worst applications " << worst_apps);
    CHECK(in_place_steps > steps / 4);
}

}  // namespace

TEST_CASE("in-place rope edits match a vector model; kept versions never change; memo stays exact") {
    SECTION("chunks of 8 (deep trees)") {
        random_in_place_edits<schemes::basic_rope<schemes::seq_traits<int, 8>>>(test::cases(3000), 12);
    }
    SECTION("default chunks") { random_in_place_edits<schemes::rope<int>>(test::cases(1500), 200); }
}

TEST_CASE("in-place edits of a uniquely held rope reuse its nodes, and never touch a shared one") {
    schemes::rope<int> r(std::vector<int>(10000, 1));
    void const* root = r.root().id();
    r = std::move(r).set(5000, 7);
    CHECK(r.root().id() == root);  // edited in place
    CHECK(r[5000] == 7);
    schemes::rope<int> keep = r;
    r = std::move(r).set(5000, 8);
    CHECK(r.root().id() != root);  // keep holds the root: the path was copied
    CHECK(keep[5000] == 7);
    CHECK(r[5000] == 8);
    CHECK(keep.root().id() == root);
}

TEST_CASE("memo after in-place edits: entries only for live nodes, none stale") {
    REFOLD_SEEDED_RNG(rng);
    std::string model;
    char const* start_pieces[] = {"a", "b", " ", "\n", "\xC3\xA9"};
    for (int i = 0; i < 20000; ++i) model += start_pieces[rng() % std::size(start_pieces)];
    schemes::text_rope t(model);
    memo<std::size_t> m;
    auto len_alg = [](schemes::text_rope::layer<std::size_t> const& l) -> std::size_t {
        std::size_t n = 0;
        if (!l.is_leaf()) return l.left() + l.right();
        for (char c : l.elements()) n += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1U : 0U;
        return n;
    };
    char const* pieces[] = {"a", " ", "\n", "\xC3\xA9", "\xF0\x9F\x98\x80", "xyz"};
    for (std::size_t i = 0; i < test::cases(20000); ++i) {
        std::size_t u = std::uniform_int_distribution<std::size_t>(0, t.size_utf16())(rng);
        if (i % 2 == 1 && u < t.size_utf16()) {
            t = std::move(t).erase_utf16(u, 1);
        } else {
            t = std::move(t).insert_utf16(u, pieces[rng() % std::size(pieces)]);
        }
        REQUIRE(memo_cata(len_alg, t.root(), m) == t.size_code_points());
        if (i % 1000 == 0) {
            REQUIRE(t.check_invariants());
            REQUIRE(m.size() == count_nodes(t.root()));
        }
    }
    REQUIRE(m.size() == count_nodes(t.root()));
}

TEST_CASE("in-place text edits by byte and UTF-16 offset match the persistent ones") {
    REFOLD_SEEDED_RNG(rng);
    std::string s;
    for (int i = 0; i < 3000; ++i) s += "ab \n"[rng() % 4];
    schemes::text_rope a(s);  // persistent edits
    schemes::text_rope b(s);  // in-place edits
    std::vector<schemes::text_rope> kept;
    std::vector<std::string> kept_text;
    char const* pieces[] = {"a", "\xC3\xA9", "\xF0\x9F\x98\x80", "xyz\n", ""};
    for (std::size_t i = 0; i < test::cases(3000); ++i) {
        if (rng() % 5 == 0) {
            kept.push_back(b);
            kept_text.push_back(b.str());
        }
        std::string_view piece = pieces[rng() % std::size(pieces)];
        std::size_t u = std::uniform_int_distribution<std::size_t>(0, a.size_utf16())(rng);
        switch (rng() % 4) {
        case 0:
            a = a.insert_utf16(u, piece);
            b = std::move(b).insert_utf16(u, piece);
            break;
        case 1: {
            std::size_t len = std::min<std::size_t>(a.size_utf16() - u, rng() % 4);
            a = a.erase_utf16(u, len);
            b = std::move(b).erase_utf16(u, len);
            break;
        }
        case 2: {
            std::size_t byte = a.locate_utf16(u).byte;
            a = a.insert(byte, piece);
            b = std::move(b).insert(byte, piece);
            break;
        }
        default: {
            std::size_t from = a.locate_utf16(u).byte;
            std::size_t to = a.locate_utf16(std::min(a.size_utf16(), u + rng() % 5)).byte;
            a = a.erase(from, to);
            b = std::move(b).erase(from, to);
            break;
        }
        }
        REQUIRE(b.str() == a.str());
        REQUIRE(b.metrics() == a.metrics());
        if (i % 100 == 0) REQUIRE(b.check_invariants());
    }
    for (std::size_t k = 0; k < kept.size(); ++k) REQUIRE(kept[k].str() == kept_text[k]);
}

TEST_CASE("in-place edits with bad positions throw and leave a usable value") {
    schemes::text_rope t("h\xC3\xA9llo");
    CHECK_THROWS_AS(schemes::text_rope(t).insert(2, "x"), schemes::text_error);
    CHECK_THROWS_AS(schemes::text_rope(t).insert_utf16(99, "x"), schemes::rope_error);
    CHECK_THROWS_AS(schemes::text_rope(t).erase_utf16(3, 9), schemes::rope_error);
    t = std::move(t).insert_utf16(1, "x");
    CHECK(t.str() == "hx\xC3\xA9llo");
    schemes::rope<int> r(std::vector<int>{1, 2, 3});
    CHECK_THROWS_AS(schemes::rope<int>(r).set(3, 0), schemes::rope_error);
    CHECK(r.to_vector() == std::vector<int>{1, 2, 3});
}
