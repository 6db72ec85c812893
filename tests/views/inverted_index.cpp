#include <views/inverted_index.hpp>

#include <tests/support/random.hpp>

#include <map>

using namespace refold::views;

TEST_CASE("tokens: runs of term bytes, lower-cased", "[views][index]") {
    std::vector<std::pair<std::size_t, std::string>> got;
    for_each_token("Hello, wörld_2 #Tag\n", [&](std::size_t at, std::string_view t) { got.emplace_back(at, std::string(t)); });
    REQUIRE(got.size() == 3);
    CHECK(got[0] == std::pair<std::size_t, std::string>{0, "hello"});
    CHECK(got[1] == std::pair<std::size_t, std::string>{7, "wörld_2"});
    CHECK(got[2] == std::pair<std::size_t, std::string>{17, "tag"});
}

TEST_CASE("inverted index: a commutative group of occurrences", "[views][index]") {
    REFOLD_SEEDED_RNG(rng);
    std::uniform_int_distribution<int> term(0, 9), client(0, 3), clock(0, 50), op(0, 2);
    inverted_index idx;
    std::map<std::pair<std::string, char_id>, int> model;
    for (std::size_t i = 0; i < refold::test::cases(5000); ++i) {
        std::string const t = "t" + std::to_string(term(rng));
        char_id const at{static_cast<std::uint64_t>(client(rng)), static_cast<std::uint64_t>(clock(rng))};
        int const sign = op(rng) == 0 ? -1 : 1;
        idx.add(t, at, sign);
        model[{t, at}] += sign;
    }
    REQUIRE(idx.invariant());
    std::map<std::string, std::int64_t> counts;
    for (auto const& [k, m] : model)
        if (m != 0) counts[k.first] += m;
    for (auto it = counts.begin(); it != counts.end();)
        it = it->second == 0 ? counts.erase(it) : std::next(it);
    CHECK(idx.counts() == counts);
    // Undo everything in another order: back to the identity.
    std::vector<std::pair<std::pair<std::string, char_id>, int>> all(model.begin(), model.end());
    std::shuffle(all.begin(), all.end(), rng);
    for (auto const& [k, m] : all) idx.add(k.first, k.second, -m);
    CHECK(idx.distinct_terms() == 0);
    CHECK(idx.total() == 0);
    CHECK(idx == inverted_index{});
    CHECK(idx.invariant());
}

TEST_CASE("inverted index: top-k by count then term", "[views][index]") {
    inverted_index idx;
    std::uint64_t c = 0;
    for (auto const& [t, n] : std::vector<std::pair<std::string, int>>{{"b", 3}, {"a", 3}, {"c", 5}, {"d", 1}})
        for (int i = 0; i < n; ++i) idx.add(t, char_id{1, c++});
    auto const top = idx.top(3);
    REQUIRE(top.size() == 3);
    CHECK(top[0] == term_count{"c", 5});
    CHECK(top[1] == term_count{"a", 3});
    CHECK(top[2] == term_count{"b", 3});
    CHECK(idx.occurrences("d") == std::vector<char_id>{char_id{1, 11}});
    idx.remove("c", char_id{1, 6});
    idx.remove("c", char_id{1, 7});
    idx.remove("c", char_id{1, 8});
    CHECK(idx.top(1)[0] == term_count{"a", 3});
    CHECK(idx.count("c") == 2);
    CHECK(idx.invariant());
}
