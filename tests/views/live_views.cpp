#include <views/live_views.hpp>

#include <views/ui_state.hpp>

#include <tests/support/random.hpp>

using namespace refold;
using namespace refold::views;

TEST_CASE("live views: local edits keep every view current", "[views][live]") {
    crdt::yata::doc d(1);
    live_views lv(d, "content");
    auto t = d.get_text("content");
    t.insert(0, "# Title\nhello world\n");
    CHECK(lv.words() == word_count{4, 20, 2});
    auto const entries = lv.outline().entries();
    REQUIRE(entries.size() == 1);
    CHECK(entries[0] == outline_entry{"1", 1, "Title", 0});
    CHECK(lv.index().count("hello") == 1);
    CHECK(lv.top_terms().size() == 3);
    t.insert(8, "## Sub\n");
    CHECK(lv.outline().entries().size() == 2);
    CHECK(lv.outline().entries()[1] == outline_entry{"1.1", 2, "Sub", 8});
    CHECK(lv.ui_patch() != "[]");
    t.erase(0, 8);
    CHECK(lv.text().text.str() == t.to_string());
    CHECK(lv.words() == count_words(t.to_string()));
    CHECK(lv.outline().entries() == outline_of_text(t.to_string()));
}
