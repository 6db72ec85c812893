// Work follows the delta: counters of the memos and of the graph after each merged update.
#include <views/live_views.hpp>

#include <tests/support/random.hpp>
#include <tests/views/gen.hpp>

#include <cmath>

using namespace refold;
using namespace refold::views;

namespace {

std::string markdown_of_size(std::mt19937_64& rng, std::size_t n) {
    std::string s;
    std::size_t para = 0;
    while (s.size() < n) {
        if (para++ % 5 == 0) s += "## Section " + std::to_string(para) + "\n";
        s += refold::test::random_markdown(rng, 30);
        s += "\n\n";
    }
    return s;
}

}  // namespace

TEST_CASE("work bound: a merged k-op delta re-runs <= 4 k ceil(log2 n) algebras and nodes", "[views][work]") {
    REFOLD_SEEDED_RNG(rng);
    crdt::yata::doc a(1), b(2);
    live_views lv(a, "content");
    auto ta = a.get_text("content");
    auto tb = b.get_text("content");
    ta.insert(0, markdown_of_size(rng, 50'000));
    b.apply_update(a.encode_state_as_update());
    for (std::size_t round = 0; round < refold::test::cases(200); ++round) {
        std::size_t const k = 1 + round % 10;
        auto const sv = b.get_state_vector();
        b.transact([&] {
            for (std::size_t i = 0; i < k; ++i) {
                std::string const s = tb.to_string();
                std::size_t const cps = refold::test::code_points(s);
                std::size_t const at = rng() % (cps + 1);
                if (rng() % 2 == 0 || at == cps) {
                    tb.insert(refold::test::utf16_of(s, at), "word ");
                } else {
                    std::uint64_t const a16 = refold::test::utf16_of(s, at), b16 = refold::test::utf16_of(s, at + 1);
                    tb.erase(a16, b16 - a16);
                }
            }
        });
        a.apply_update(b.encode_state_as_update(a.get_state_vector()));
        (void)sv;
        double const n = static_cast<double>(ta.length());
        auto const bound = static_cast<std::uint64_t>(4.0 * static_cast<double>(k) * std::ceil(std::log2(n)));
        auto const& w = lv.last_work();
        INFO("k " << k << " n " << n << " algebras " << w.algebra_applications << " nodes " << w.graph.recomputed);
        CHECK(w.algebra_applications + w.graph.recomputed <= bound);
        CHECK(w.algebra_applications > 0);
        REQUIRE(lv.text().text.str() == ta.to_string());
    }
    CHECK(lv.words() == count_words(ta.to_string()));
}

TEST_CASE("work bound: a map edit recomputes no text view", "[views][work]") {
    crdt::yata::doc d(1);
    live_views lv(d, "content");
    d.get_text("content").insert(0, "# Title\nsome words here\n");
    auto meta = d.get_map("meta");
    meta.set("author", crdt::yata::any::string("ada"));
    meta.set("author", crdt::yata::any::string("grace"));
    auto const& w = lv.last_work();
    CHECK(w.algebra_applications == 0);
    CHECK(w.graph.recomputed == 1);  // the text extraction node, cut off by identity
    CHECK(w.graph.cut_off == 1);
    CHECK(w.index_tokens == 0);
    REQUIRE(lv.document().map(meta.type_index()) != nullptr);
    CHECK(lv.document().map(meta.type_index())->find("author") != nullptr);
    // A text edit does re-run them.
    d.get_text("content").insert(0, "more ");
    CHECK(lv.last_work().algebra_applications > 0);
    CHECK(lv.words() == word_count{6, 29, 2});
}

TEST_CASE("snapshots: views of an old version keep that version's answer", "[views][snapshot]") {
    REFOLD_SEEDED_RNG(rng);
    crdt::yata::doc d(1);
    live_views lv(d, "content");
    auto t = d.get_text("content");
    t.insert(0, "# One\nalpha beta\n## Two\ngamma\n");
    text_state const old = lv.text();
    std::string const old_str = t.to_string();
    outline_value const old_outline = lv.outline_at_current();
    doc_version const old_doc = lv.document();
    for (int i = 0; i < 200; ++i) {
        std::uint64_t const len = t.length();
        std::string const s = t.to_string();
        std::size_t const cps = refold::test::code_points(s);
        std::size_t const at = rng() % (cps + 1);
        (void)len;
        if (rng() % 3 == 0 && at < cps) {
            std::uint64_t const a16 = refold::test::utf16_of(s, at), b16 = refold::test::utf16_of(s, at + 1);
            t.erase(a16, b16 - a16);
        } else {
            t.insert(refold::test::utf16_of(s, at), refold::test::random_markdown(rng, 2));
        }
    }
    REQUIRE(t.to_string() != old_str);
    CHECK(old.text.str() == old_str);
    CHECK(old_doc.text(t.type_index())->text.str() == old_str);
    schemes::memo<word_summary> m;
    CHECK(schemes::memo_cata(word_algebra{}, old.text.root(), m).finish() == count_words(old_str));
    CHECK(old_outline.entries() == outline_of_text(old_str));
    CHECK(index_of(old).counts().at("alpha") == 1);
    CHECK(lv.words() == count_words(t.to_string()));
}
