// The generic persistent rope against a std::vector model, on random edit sequences.
#include <schemes/rope.hpp>
#include <tests/support/random.hpp>

#include <algorithm>
#include <numeric>
#include <ranges>
#include <string>
#include <thread>
#include <vector>

using namespace refold;
using schemes::rope;

namespace {

using small_rope = schemes::basic_rope<schemes::seq_traits<int, 8>>;  // many leaves

template <class R>
void check_equal(R const& r, std::vector<int> const& model) {
    REQUIRE(r.size() == model.size());
    REQUIRE(r.to_vector() == model);
    REQUIRE(r.check_invariants());
}

std::vector<int> random_run(std::mt19937_64& rng, std::size_t max_len) {
    std::vector<int> v(std::uniform_int_distribution<std::size_t>(1, max_len)(rng));
    for (int& x : v) x = std::uniform_int_distribution<int>(0, 1 << 20)(rng);
    return v;
}

template <class R>
void random_edits(std::size_t steps, std::size_t max_run) {
    REFOLD_SEEDED_RNG(rng);
    std::vector<int> model = random_run(rng, 3 * max_run);
    R r(model);
    check_equal(r, model);
    std::vector<std::pair<R, std::vector<int>>> old_versions;
    auto pos = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n)(rng); };
    for (std::size_t step = 0; step < steps; ++step) {
        std::size_t n = model.size();
        switch (std::uniform_int_distribution<int>(0, 6)(rng)) {
        case 0:
        case 1: {  // single insert
            std::size_t p = pos(n);
            int x = static_cast<int>(step);
            r = r.insert(p, x);
            model.insert(model.begin() + static_cast<std::ptrdiff_t>(p), x);
            break;
        }
        case 2: {  // run insert
            std::size_t p = pos(n);
            auto run = random_run(rng, max_run);
            r = r.insert(p, std::span<int const>(run));
            model.insert(model.begin() + static_cast<std::ptrdiff_t>(p), run.begin(), run.end());
            break;
        }
        case 3: {  // erase a range
            std::size_t a = pos(n), b = pos(n);
            if (a > b) std::swap(a, b);
            if (b - a > max_run) b = a + pos(max_run);
            r = r.erase(a, b);
            model.erase(model.begin() + static_cast<std::ptrdiff_t>(a), model.begin() + static_cast<std::ptrdiff_t>(b));
            break;
        }
        case 4: {  // set
            if (n == 0) break;
            std::size_t p = pos(n - 1);
            r = r.set(p, -static_cast<int>(step));
            model[p] = -static_cast<int>(step);
            break;
        }
        case 5: {  // split and concat the halves in the other order, then back
            std::size_t p = pos(n);
            auto [a, b] = r.split(p);
            check_equal(a, std::vector<int>(model.begin(), model.begin() + static_cast<std::ptrdiff_t>(p)));
            r = concat(a, b);
            break;
        }
        case 6: {  // replace
            std::size_t a = pos(n), b = pos(n);
            if (a > b) std::swap(a, b);
            auto run = random_run(rng, max_run);
            r = r.replace(a, b, std::span<int const>(run));
            model.erase(model.begin() + static_cast<std::ptrdiff_t>(a), model.begin() + static_cast<std::ptrdiff_t>(b));
            model.insert(model.begin() + static_cast<std::ptrdiff_t>(a), run.begin(), run.end());
            break;
        }
        }
        check_equal(r, model);
        if (!model.empty()) {
            std::size_t i = pos(model.size() - 1);
            REQUIRE(r.at(i) == model[i]);
        }
        if (step % 50 == 0) old_versions.emplace_back(r, model);
    }
    // Persistence: every kept version still holds what it held.
    for (auto const& [v, m] : old_versions) check_equal(v, m);
}

}  // namespace

TEST_CASE("rope: random edits match a vector model (default chunks)") {
    random_edits<rope<int>>(test::cases(1500), 300);
}

TEST_CASE("rope: random edits match a vector model (chunks of 8, deep trees)") {
    random_edits<small_rope>(test::cases(1500), 40);
}

TEST_CASE("rope: height stays logarithmic") {
    std::vector<int> v(100000);
    std::iota(v.begin(), v.end(), 0);
    small_rope r(v);
    // AVL: height <= 1.45 log2(leaves + 2)
    CHECK(r.height() <= 17);
    REFOLD_SEEDED_RNG(rng);
    for (int i = 0; i < 20000; ++i) {
        std::size_t p = std::uniform_int_distribution<std::size_t>(0, r.size())(rng);
        r = r.insert(p, i);
    }
    CHECK(r.check_invariants());
    CHECK(r.height() <= 25);
    // Many small pieces concatenated one by one stay balanced too.
    small_rope acc;
    for (int i = 0; i < 3000; ++i) acc = concat(acc, small_rope(std::vector<int>{i, i + 1, i + 2}));
    CHECK(acc.size() == 9000);
    CHECK(acc.check_invariants());
    CHECK(acc.height() <= 20);
}

TEST_CASE("rope: an edit shares all but one path with the old version") {
    std::vector<int> v(50000);
    std::iota(v.begin(), v.end(), 0);
    rope<int> a(v);
    rope<int> b = a.set(25000, -1);
    CHECK(a.at(25000) == 25000);
    CHECK(b.at(25000) == -1);
    CHECK_FALSE(a.same_as(b));
    // Exactly one of the root's children is shared.
    bool left_shared = same_node(a.root()->left(), b.root()->left());
    bool right_shared = same_node(a.root()->right(), b.root()->right());
    CHECK(left_shared != right_shared);
}

TEST_CASE("rope: bad positions throw rope_error [schemes.rope.1] and change nothing") {
    rope<int> r(std::vector<int>{1, 2, 3});
    auto expect_error = [](auto&& fn) {
        try {
            fn();
            FAIL("no exception");
        } catch (schemes::rope_error const& e) {
            CHECK(std::string(e.what()).rfind("[schemes.rope.1]", 0) == 0);
        }
    };
    expect_error([&] { (void)r.at(3); });
    expect_error([&] { (void)r.insert(4, 9); });
    expect_error([&] { (void)r.erase(2, 4); });
    expect_error([&] { (void)r.erase(2, 1); });
    expect_error([&] { (void)r.set(3, 0); });
    expect_error([&] { (void)r.split(5); });
    expect_error([&] { (void)r.substr(1, 9); });
    CHECK(r.to_vector() == std::vector<int>{1, 2, 3});
    rope<int> e;
    CHECK(e.empty());
    CHECK(e.root()->is_leaf());
    CHECK(e.insert(0, 5).to_vector() == std::vector<int>{5});
    CHECK(r.erase(0, 3).empty());
    CHECK(r.substr(1, 3).to_vector() == std::vector<int>{2, 3});
}

TEST_CASE("rope: built from any range") {
    auto evens = std::views::iota(0, 1000) | std::views::filter([](int x) { return x % 2 == 0; });
    auto r = rope<int>::from_range(evens);
    CHECK(r.size() == 500);
    CHECK(r.at(499) == 998);
    CHECK(r.check_invariants());
    std::vector<int> v{4, 5, 6};
    CHECK(rope<int>::from_range(v).to_vector() == v);
}

TEST_CASE("rope: non-trivial element types") {
    std::vector<std::string> words{"alpha", "beta", "gamma"};
    rope<std::string> r(words);
    r = r.insert(1, std::string("inserted"));
    r = r.set(0, std::string("ALPHA"));
    CHECK(r.to_vector() == std::vector<std::string>{"ALPHA", "inserted", "beta", "gamma"});
    CHECK(r.erase(1, 3).to_vector() == std::vector<std::string>{"ALPHA", "gamma"});
}

namespace {
// Leaf children of branches, and how many of them the branch's chunk hint covers.
template <class Node>
void count_hints(Node const& t, std::size_t& leaf_children, std::size_t& hinted) {
    if (t->is_leaf()) return;
    unsigned h = t->chunk_hints();
    if (t->left()->is_leaf()) ++leaf_children, hinted += (h & 15U) != 0;
    if (t->right()->is_leaf()) ++leaf_children, hinted += (h >> 4) != 0;
    count_hints(t->left(), leaf_children, hinted);
    count_hints(t->right(), leaf_children, hinted);
}
// Children that are branches over two leaves, and how many of them the group hint covers.
template <class Node>
void count_groups(Node const& t, std::size_t& pair_children, std::size_t& grouped) {
    if (t->is_leaf()) return;
    auto pair = [](Node const& c) { return !c->is_leaf() && c->left()->is_leaf() && c->right()->is_leaf(); };
    unsigned g = t->group_hints();
    if (pair(t->left())) ++pair_children, grouped += (g & 63U) != 0;
    if (pair(t->right())) ++pair_children, grouped += (g >> 6) != 0;
    count_groups(t->left(), pair_children, grouped);
    count_groups(t->right(), pair_children, grouped);
}
}  // namespace

TEST_CASE("rope: a fresh build puts each leaf's chunk right after its node, and the parents know") {
    // A new thread starts with empty free lists, so every leaf is built as a neighbour pair,
    // and every branch over two leaves as one run with them.
    std::size_t leaf_children = 0, hinted = 0, pair_children = 0, grouped = 0, grouped_after = 0, unused = 0;
    bool ok = false;
    std::vector<int> v(100000, 7);
    std::thread([&] {
        rope<int> r(v);
        ok = r.check_invariants();  // includes: each hint is exactly what the layout gives
        count_hints(r.root(), leaf_children, hinted);
        count_groups(r.root(), pair_children, grouped);
        rope<int> r2 = std::move(r).set(5, 1);  // spliced in place: the hints stay
        ok = ok && r2.check_invariants();
        count_groups(r2.root(), unused, grouped_after);
        // Edits that move chunks or copy paths: the hints follow (checked exactly).
        for (int i = 0; i < 3000 && ok; ++i) {
            std::size_t p = static_cast<std::size_t>(i) * 7919 % r2.size();
            if (i % 3 == 0) r2 = std::move(r2).insert(p, std::vector<int>(40, i));
            else if (i % 3 == 1) r2 = std::move(r2).erase(p, std::min(r2.size(), p + 30));
            else r2 = r2.set(p, i);
            ok = r2.check_invariants();
        }
    }).join();
    CHECK(ok);
    CHECK(leaf_children > 1000);
    CHECK(pair_children > 300);

    // With free blocks to reuse (a rope built and dropped before), a build takes those
    // first, one by one, and cuts runs again once they are used up.
    std::size_t reused_pairs = 0, reused_grouped = 0;
    bool reused_ok = false;
    std::thread([&] {
        { rope<int> first(std::vector<int>(20000, 1)); }
        rope<int> second(std::vector<int>(200000, 2));
        reused_ok = second.check_invariants();
        count_groups(second.root(), reused_pairs, reused_grouped);
    }).join();
    CHECK(reused_ok);
    if (schemes::detail::pooling) {
        CHECK(reused_grouped > reused_pairs / 2);
        CHECK(reused_grouped < reused_pairs);
    }
    // Unpooled (sanitizer builds), the blocks are separate heap blocks and nothing is claimed.
    if (schemes::detail::pooling) {
        CHECK(hinted == leaf_children);
        CHECK(grouped == pair_children);
        CHECK(grouped_after == grouped);
    }
}
