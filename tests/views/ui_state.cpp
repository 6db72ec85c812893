#include <views/ui_state.hpp>

#include <views/error.hpp>

#include <tests/support/random.hpp>

#include <catch2/catch.hpp>

#include <random>

using namespace refold::views;

TEST_CASE("ui state: patches take the previous value to the next", "[views][ui_state]") {
    ui_state s;
    std::string const empty = s.value();
    s.set_word_count({3, 10, 1});
    std::vector<outline_entry> o{{"1", 1, "Intro", 0}};
    s.set_outline(o);
    std::vector<term_count> top{{"a", 2}};
    s.set_top_terms(top);
    std::string const p1 = s.commit();
    CHECK(s.value() == ui_state_of({3, 10, 1}, o, top));
    CHECK(ui_state::apply_patch(empty, p1) == s.value());

    std::string const v1 = s.value();
    s.set_word_count({4, 12, 1});
    std::string const p2 = s.commit();
    CHECK(p2 == R"([{"op":"replace","path":"/word_count/characters","value":12},{"op":"replace","path":"/word_count/words","value":4}])");
    CHECK(ui_state::apply_patch(v1, p2) == s.value());

    std::string const v2 = s.value();
    o.push_back({"1.1", 2, "Details", 9});
    s.set_outline(o);
    std::string const p3 = s.commit();
    CHECK(p3 == R"([{"op":"add","path":"/outline/1","value":{"level":2,"number":"1.1","title":"Details"}}])");
    CHECK(ui_state::apply_patch(v2, p3) == s.value());
    CHECK(s.commit() == "[]");
}

TEST_CASE("ui state: a bad patch is a typed error", "[views][ui_state]") {
    try {
        (void)ui_state::apply_patch("{}", R"([{"op":"remove","path":"/nope"}])");
        FAIL("no throw");
    } catch (error const& e) {
        CHECK(std::string(e.what()).rfind("[views.ui_state.1]", 0) == 0);
    }
}

TEST_CASE("ui state: outline patches on random heading edits", "[views][ui_state]") {
    REFOLD_SEEDED_RNG(rng);
    static char const* const titles[] = {"Intro", "Usage", "API", "Notes", "Intro", "Design"};
    std::vector<heading> hs;
    ui_state s;
    s.set_outline(outline_of(hs));
    (void)s.commit();
    for (std::size_t round = 0; round < refold::test::cases(2000); ++round) {
        std::string const before = s.value();
        std::size_t const edits = 1 + rng() % 3;
        for (std::size_t e = 0; e < edits; ++e) {
            std::size_t const at = hs.empty() ? 0 : rng() % (hs.size() + 1);
            switch (rng() % 4) {
            case 0:
            case 1: hs.insert(hs.begin() + static_cast<std::ptrdiff_t>(at), heading{1u + static_cast<unsigned>(rng() % 4), titles[rng() % 6], 0}); break;
            case 2: if (at < hs.size()) hs.erase(hs.begin() + static_cast<std::ptrdiff_t>(at)); break;
            default: if (at < hs.size()) hs[at].title = titles[rng() % 6]; break;
            }
        }
        auto const entries = outline_of(hs);
        s.set_outline(entries);
        std::string const patch = s.commit();
        ui_state fresh;
        fresh.set_outline(entries);
        (void)fresh.commit();
        CHECK(s.value() == fresh.value());
        CHECK(ui_state::apply_patch(before, patch) == s.value());
    }
    // Appending a sub-heading touches nothing before it: one op.
    hs.push_back({6, "Tail", 0});
    s.set_outline(outline_of(hs));
    CHECK(s.commit().find("},{") == std::string::npos);
}
