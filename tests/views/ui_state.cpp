#include <views/ui_state.hpp>

#include <views/error.hpp>

#include <catch2/catch.hpp>

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
    CHECK(p3 == R"([{"op":"add","path":"/outline/-","value":{"level":2,"number":"1.1","title":"Details"}}])");
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
