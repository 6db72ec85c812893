// Laws of fix, fmap and the recursion schemes (cata, para, ana, apo, hylo).
#include "functors.hpp"

#include <schemes/ana.hpp>
#include <schemes/cata.hpp>
#include <schemes/histo.hpp>
#include <schemes/hylo.hpp>
#include <schemes/para.hpp>
#include <schemes/rope.hpp>
#include <tests/laws/functor.hpp>
#include <tests/support/random.hpp>

#include <algorithm>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

using namespace refold;
using schemes::algebra;
using schemes::cata;
using test::list;
using test::list_f;
using test::tree_f;

namespace {

template <class R>
using ilist = list_f<int>::layer<R>;

list<int> from_vector(std::vector<int> const& v) {
    list<int> t(ilist<list<int>>::nil());
    for (auto it = v.rbegin(); it != v.rend(); ++it) t = list<int>(ilist<list<int>>::make(*it, t));
    return t;
}

std::vector<int> to_vector(list<int> const& t) {
    std::vector<int> out;
    for (list<int> const* p = &t; !(*p)->is_nil(); p = &(*p)->get().tail) out.push_back((*p)->get().head);
    return out;
}

std::vector<int> random_ints(std::mt19937_64& rng, std::size_t max_len) {
    std::vector<int> v(std::uniform_int_distribution<std::size_t>(0, max_len)(rng));
    for (int& x : v) x = std::uniform_int_distribution<int>(-1000, 1000)(rng);
    return v;
}

long sum_alg(ilist<long> const& l) { return l.is_nil() ? 0L : l.get().head + l.get().tail; }

}  // namespace

TEST_CASE("fmap obeys the functor laws for lists, trees, rope layers and optional") {
    auto f = [](int x) { return static_cast<long>(x) * 3 - 1; };
    auto g = [](long x) { return std::to_string(x); };
    laws::check_functor_laws(std::vector<ilist<int>>{ilist<int>::nil(), ilist<int>::make(7, 4), ilist<int>::make(-2, 0)}, f, g);
    using tl = tree_f<char>::layer<int>;
    laws::check_functor_laws(std::vector<tl>{tl::leaf(), tl::make(1, 'x', 2), tl::make(-5, 'y', 9)}, f, g);
    laws::check_functor_laws(std::vector<std::optional<int>>{std::nullopt, 3, -8}, f, g);

    using rl = schemes::rope<int>::layer<int>;
    using traits = schemes::seq_traits<int>;
    std::vector<int> elems{1, 2, 3};
    auto c = schemes::detail::chunk<int>::make(elems);
    std::vector<rl> rope_layers{rl(traits::measure(elems), c), rl({10}, 3, 4, 6)};
    laws::check_functor_laws(rope_layers, f, g);
    // Mapping a leaf shares its chunk instead of copying it.
    auto mapped = schemes::fmap(f, rope_layers[0]);
    CHECK(mapped.chunk().id() == c.id());
}

TEST_CASE("fix shares nodes: copies keep identity, equality is structural") {
    list<int> a = from_vector({1, 2, 3});
    list<int> b = a;
    CHECK(schemes::same_node(a, b));
    CHECK(a.use_count() == 2);
    list<int> c = from_vector({1, 2, 3});
    CHECK_FALSE(schemes::same_node(a, c));
    CHECK(a == c);
    CHECK_FALSE(a == from_vector({1, 2, 4}));
    // A new head over an old tail shares the tail.
    list<int> d(ilist<list<int>>::make(0, a));
    CHECK(schemes::same_node(d->get().tail, a));
    CHECK(a.use_count() == 3);
}

TEST_CASE("cata of the initial algebra is the identity") {
    REFOLD_SEEDED_RNG(rng);
    for (std::size_t i = 0; i < test::cases(50); ++i) {
        list<int> t = from_vector(random_ints(rng, 200));
        auto in = [](ilist<list<int>> const& l) { return list<int>(l); };
        list<int> copy = cata(in, t);
        CHECK(copy == t);
        CHECK_FALSE(schemes::same_node(copy, t));
    }
}

TEST_CASE("cata fusion: h . cata f == cata g when h . f == g . fmap h") {
    REFOLD_SEEDED_RNG(rng);
    // f = sum, h = (x -> 2x + 0), g(nil) = 0, g(cons(a, c)) = 2a + c
    auto h = [](long x) { return 2 * x; };
    auto g = [](ilist<long> const& l) { return l.is_nil() ? 0L : 2L * l.get().head + l.get().tail; };
    for (std::size_t i = 0; i < test::cases(50); ++i) {
        std::vector<int> v = random_ints(rng, 300);
        list<int> t = from_vector(v);
        CHECK(h(cata(sum_alg, t)) == cata(g, t));
        CHECK(cata(sum_alg, t) == std::accumulate(v.begin(), v.end(), 0L));
    }
    // The same law on a rope: h = length * 3 fuses with a tripling length algebra.
    std::vector<int> big(5000);
    std::iota(big.begin(), big.end(), 0);
    schemes::rope<int> r(big);
    using rl = schemes::rope<int>::layer<std::size_t>;
    auto len = [](rl const& l) { return l.is_leaf() ? l.elements().size() : l.left() + l.right(); };
    auto len3 = [](rl const& l) { return l.is_leaf() ? 3 * l.elements().size() : l.left() + l.right(); };
    CHECK(3 * cata(len, r.root()) == cata(len3, r.root()));
    CHECK(cata(len, r.root()) == big.size());
}

TEST_CASE("ana unfolds a seed, and hylo equals cata after ana without building the tree") {
    REFOLD_SEEDED_RNG(rng);
    auto countdown = [](int n) { return n <= 0 ? ilist<int>::nil() : ilist<int>::make(n, n - 1); };
    CHECK(to_vector(schemes::ana(countdown, 4)) == std::vector<int>{4, 3, 2, 1});
    for (int n = 0; n < 60; ++n) {
        long via_tree = cata(sum_alg, schemes::ana(countdown, n));
        CHECK(schemes::hylo(sum_alg, countdown, n) == via_tree);
        CHECK(via_tree == static_cast<long>(n) * (n + 1) / 2);
    }
    // Merge sort: unfold a vector into a tree of halves, fold by merging.
    using tl = tree_f<int>;
    auto halves = [](std::vector<int> const& v) {
        using layer = tl::layer<std::vector<int>>;
        if (v.empty()) return layer::leaf();
        auto mid = static_cast<std::ptrdiff_t>(v.size() / 2);
        return layer::make(std::vector<int>(v.begin(), v.begin() + mid), v[static_cast<std::size_t>(mid)],
                           std::vector<int>(v.begin() + mid + 1, v.end()));
    };
    auto merge = [](tl::layer<std::vector<int>> const& l) {
        std::vector<int> out;
        if (l.is_leaf()) return out;
        std::merge(l.get().left.begin(), l.get().left.end(), l.get().right.begin(), l.get().right.end(),
                   std::back_inserter(out));
        out.insert(std::upper_bound(out.begin(), out.end(), l.get().key), l.get().key);
        return out;
    };
    for (std::size_t i = 0; i < test::cases(100); ++i) {
        std::vector<int> v = random_ints(rng, 300);
        std::vector<int> sorted = v;
        std::sort(sorted.begin(), sorted.end());
        CHECK(schemes::hylo(merge, halves, v) == sorted);
        CHECK(cata(merge, schemes::ana(halves, v)) == sorted);
    }
}

TEST_CASE("para sees the original subtrees") {
    REFOLD_SEEDED_RNG(rng);
    std::vector<int> v = random_ints(rng, 100);
    list<int> t = from_vector(v);
    // For each element, how many later elements are smaller: needs the original tails.
    using pl = ilist<std::pair<list<int>, std::vector<int>>>;
    auto alg = [](pl const& l) {
        if (l.is_nil()) return std::vector<int>{};
        auto const& [tail, rest] = l.get().tail;
        std::vector<int> later = to_vector(tail);
        int head = l.get().head;
        std::vector<int> out{static_cast<int>(std::count_if(later.begin(), later.end(), [&](int x) { return x < head; }))};
        out.insert(out.end(), rest.begin(), rest.end());
        return out;
    };
    std::vector<int> expected;
    for (std::size_t i = 0; i < v.size(); ++i)
        expected.push_back(static_cast<int>(std::count_if(v.begin() + static_cast<std::ptrdiff_t>(i) + 1, v.end(),
                                                          [&](int x) { return x < v[i]; })));
    CHECK(schemes::para(alg, t) == expected);
}

TEST_CASE("apo inserts into a sorted list and shares the untouched tail") {
    REFOLD_SEEDED_RNG(rng);
    for (std::size_t i = 0; i < test::cases(50); ++i) {
        std::vector<int> v = random_ints(rng, 50);
        std::sort(v.begin(), v.end());
        list<int> t = from_vector(v);
        int x = std::uniform_int_distribution<int>(-1100, 1100)(rng);
        // Seed: (the rest of the list, still to insert x?)
        using seed = std::pair<list<int>, bool>;
        using out = ilist<std::variant<list<int>, seed>>;
        auto coalg = [x](seed const& s) -> out {
            auto const& [rest, pending] = s;
            if (!pending) return out::make(0, rest);  // unreachable: never seeded so
            if (rest->is_nil() || x <= rest->get().head) return out::make(x, rest);  // done: share rest
            return out::make(rest->get().head, seed{rest->get().tail, true});
        };
        list<int> r = schemes::apo(coalg, seed{t, true});
        std::vector<int> expected = v;
        expected.insert(std::lower_bound(expected.begin(), expected.end(), x), x);
        CHECK(to_vector(r) == expected);
        // The suffix after x is the original suffix, not a copy.
        std::size_t k = static_cast<std::size_t>(std::lower_bound(v.begin(), v.end(), x) - v.begin());
        list<int> const* p = &r;
        for (std::size_t j = 0; j <= k; ++j) p = &(*p)->get().tail;
        list<int> const* q = &t;
        for (std::size_t j = 0; j < k; ++j) q = &(*q)->get().tail;
        CHECK(schemes::same_node(*p, *q));
    }
}

TEST_CASE("histo sees every earlier result: Fibonacci over Nat = fix<std::optional>") {
    using nat = schemes::fix<std::optional>;
    using cf = schemes::cofree<std::optional, long>;
    auto fib = [](std::optional<cf> const& l) -> long {
        if (!l) return 0;                 // fib 0
        if (!l->tail()) return 1;         // fib 1
        return l->head() + (*l->tail()).head();  // fib n = fib(n-1) + fib(n-2)
    };
    nat n(std::nullopt);
    long a = 0, b = 1;  // fib k, fib k+1
    for (int k = 0; k <= 60; ++k) {
        CHECK(schemes::histo(fib, n) == a);
        b = a + b;
        a = b - a;
        n = nat(std::optional<nat>(n));
    }
    // An algebra that only looks at heads is a plain cata.
    auto depth_h = [](std::optional<cf> const& l) -> long { return l ? l->head() + 1 : 0; };
    auto depth_c = [](std::optional<long> const& l) -> long { return l ? *l + 1 : 0; };
    CHECK(schemes::histo(depth_h, n) == schemes::cata(depth_c, n));
    CHECK(schemes::cata(depth_c, n) == 61);
}
