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
    CHECK(p3 == R"([{"op":"add","path":"/outline/0/children/0","value":{"children":[],"level":2,"title":"Details"}}])");
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

namespace {

std::vector<outline_entry> entries_of(std::vector<heading> const& hs) {
    std::vector<outline_entry> out;
    for (auto const& h : hs) out.push_back(outline_entry{"", h.level, h.title, h.offset});
    return out;
}

std::size_t op_count(std::string const& patch) {
    std::size_t n = 0;
    for (std::size_t k = patch.find("\"op\""); k != std::string::npos; k = patch.find("\"op\"", k + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("ui state: the outline is nested, without numbers", "[views][ui_state]") {
    std::vector<heading> hs{{1, "A", 0}, {2, "B", 0}, {3, "C", 0}, {2, "D", 0}, {1, "E", 0}, {3, "F", 0}, {2, "G", 0}};
    CHECK(ui_state_of({}, outline_of(hs), {}) ==
          R"({"outline":[{"children":[{"children":[{"children":[],"level":3,"title":"C"}],"level":2,"title":"B"},)"
          R"({"children":[],"level":2,"title":"D"}],"level":1,"title":"A"},{"children":[{"children":[],"level":3,"title":"F"},)"
          R"({"children":[],"level":2,"title":"G"}],"level":1,"title":"E"}],"top_terms":[],"word_count":{"characters":0,"lines":0,"words":0}})");
}

TEST_CASE("ui state: a new top-level section is one op, wherever it goes", "[views][ui_state]") {
    std::vector<heading> hs;
    for (int i = 0; i < 200; ++i) {
        hs.push_back({1, "S" + std::to_string(i), 0});
        hs.push_back({2, "sub", 0});
        hs.push_back({3, "subsub", 0});
    }
    ui_state s;
    s.set_outline(entries_of(hs));
    (void)s.commit();
    std::string const before = s.value();
    // Before section 3: numbers 4..201 would all change in a numbered outline.
    std::vector<outline_entry> const fresh{{"", 1, "New", 0}};
    s.splice_outline(9, 0, fresh);
    std::string const patch = s.commit();
    CHECK(patch == R"([{"op":"add","path":"/outline/3","value":{"children":[],"level":1,"title":"New"}}])");
    CHECK(ui_state::apply_patch(before, patch) == s.value());
    // A title deep inside: one op at depth 3.
    std::string const v2 = s.value();
    std::vector<outline_entry> const retitled{{"", 3, "renamed", 0}};
    s.splice_outline(300, 1, retitled);
    std::string const p2 = s.commit();
    CHECK(p2 == R"([{"op":"replace","path":"/outline/100/children/0/children/0/title","value":"renamed"}])");
    CHECK(ui_state::apply_patch(v2, p2) == s.value());
}

TEST_CASE("ui state: outline patches on random heading edits", "[views][ui_state]") {
    REFOLD_SEEDED_RNG(rng);
    static char const* const titles[] = {"Intro", "Usage", "API", "Notes", "Intro", "Design"};
    std::vector<heading> hs;
    ui_state s;
    s.set_word_count({});
    s.set_top_terms({});
    s.set_outline(outline_of(hs));
    (void)s.commit();
    for (std::size_t round = 0; round < refold::test::cases(1500); ++round) {
        std::string const before = s.value();
        bool const as_splice = rng() % 2 == 0;
        std::vector<heading> const old = hs;
        std::size_t const edits = 1 + rng() % 3;
        for (std::size_t e = 0; e < edits; ++e) {
            std::size_t const at = hs.empty() ? 0 : rng() % (hs.size() + 1);
            // Outlines of up to about 60 headings (above that, edits lean to erasing).
            switch (hs.size() > 60 && rng() % 2 == 0 ? 2 : rng() % 5) {
            case 0:
            case 1: hs.insert(hs.begin() + static_cast<std::ptrdiff_t>(at), heading{1u + static_cast<unsigned>(rng() % 4), titles[rng() % 6], 0}); break;
            case 2: if (at < hs.size()) hs.erase(hs.begin() + static_cast<std::ptrdiff_t>(at)); break;
            case 3: if (at < hs.size()) hs[at].level = 1u + static_cast<unsigned>(rng() % 4); break;
            default: if (at < hs.size()) hs[at].title = titles[rng() % 6]; break;
            }
        }
        if (as_splice) {
            // The splice between old and new: common prefix and suffix by (level, title).
            std::size_t p = 0;
            while (p < old.size() && p < hs.size() && old[p] == hs[p]) ++p;
            std::size_t q = 0;
            while (q < old.size() - p && q < hs.size() - p && old[old.size() - 1 - q] == hs[hs.size() - 1 - q]) ++q;
            // Sometimes widened: unchanged entries inside a splice must cost nothing wrong.
            if (p > 0 && rng() % 3 == 0) --p;
            std::vector<heading> const mid(hs.begin() + static_cast<std::ptrdiff_t>(p), hs.end() - static_cast<std::ptrdiff_t>(q));
            s.splice_outline(p, old.size() - p - q, entries_of(mid));
        } else {
            s.set_outline(outline_of(hs));
        }
        std::string const patch = s.commit();
        CHECK(s.value() == ui_state_of({}, outline_of(hs), {}));
        CHECK(ui_state::apply_patch(before, patch) == s.value());
        bool same_levels = old.size() == hs.size();
        for (std::size_t k = 0; same_levels && k < hs.size(); ++k) same_levels = old[k].level == hs[k].level;
        if (same_levels) {
            // Only titles changed: one replace per changed title, nothing else.
            std::size_t changed = 0;
            for (std::size_t k = 0; k < hs.size(); ++k) changed += old[k].title != hs[k].title ? 1u : 0u;
            CHECK(op_count(patch) == changed);
        }
    }
    // Appending a sub-heading touches nothing before it: one op.
    hs.push_back({6, "Tail", 0});
    s.set_outline(outline_of(hs));
    CHECK(op_count(s.commit()) == 1);
}
