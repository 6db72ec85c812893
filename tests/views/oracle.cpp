// The issue's oracle: 3 replicas edit markdown concurrently and exchange diff updates in
// random order with duplicates; after every merged update every live view equals the same
// view computed from scratch on to_string(), and replicas that merged the same updates hold
// the same views.
#include <views/live_views.hpp>

#include <views/ui_state.hpp>

#include <tests/support/random.hpp>
#include <tests/views/gen.hpp>

#include <memory>

using namespace refold;
using namespace refold::views;

namespace {

struct replica {
    std::unique_ptr<crdt::yata::doc> doc;
    std::unique_ptr<live_views> views;
    explicit replica(std::uint64_t client)
        : doc(std::make_unique<crdt::yata::doc>(client)), views(std::make_unique<live_views>(*doc, "content")) {}
};

std::string random_piece(std::mt19937_64& rng) {
    static constexpr std::string_view bits[] = {
        "word ", "Alpha ", "beta", " ", "\n", "\n\n", "# Heading\n", "## Sub section\n", "### deep ###\n", "#",
        "##", " #tag", "para graph. ", "é", "日本 ", "😀", "Title", "\n# ", "   # x\n", "foo_bar v2 "};
    std::uniform_int_distribution<std::size_t> pick(0, std::size(bits) - 1);
    std::string s;
    for (std::size_t i = 0, n = 1 + rng() % 3; i < n; ++i) s += bits[pick(rng)];
    return s;
}

void local_edit(replica& r, std::mt19937_64& rng) {
    auto t = r.doc->get_text("content");
    std::string const s = t.to_string();
    std::size_t const cps = static_cast<std::size_t>(count_words(s).code_points);
    bool const erase = cps > 0 && rng() % (cps > 1500 ? 2 : 3) == 0;  // keeps the text around 2k
    if (erase) {
        std::size_t const from = rng() % cps;
        std::size_t const len = 1 + rng() % std::min<std::size_t>(cps > 1500 ? 40 : 12, cps - from);
        std::uint64_t const a = refold::test::utf16_of(s, from), b = refold::test::utf16_of(s, from + len);
        t.erase(a, b - a);
    } else {
        t.insert(refold::test::utf16_of(s, rng() % (cps + 1)), random_piece(rng));
    }
}

std::map<std::string, std::int64_t> term_counts(std::string const& s) {
    std::map<std::string, std::int64_t> m;
    for_each_token(s, [&](std::size_t, std::string_view t) { ++m[std::string(t)]; });
    return m;
}

void check_against_scratch(replica const& r) {
    std::string const s = r.doc->get_text("content").to_string();
    live_views const& v = *r.views;
    REQUIRE(v.text().text.str() == s);
    CHECK(v.words() == count_words(s));
    CHECK(v.outline().digest() == outline_digest_of(s));
    // The live value (kept by the cutoff while the heading lines are the same) has the same
    // entries up to offsets.
    auto strip = [](std::vector<outline_entry> es) {
        for (auto& e : es) e.offset = 0;
        return es;
    };
    CHECK(strip(v.outline().entries()) == strip(outline_of_text(s)));
    auto const entries = v.outline_at_current().entries();
    auto const expect_entries = outline_of_text(s);
    if (entries != expect_entries) {
        auto show = [](std::vector<outline_entry> const& es) {
            std::string o;
            for (auto const& e : es) o += Catch::Detail::stringify(e) + " ";
            return o;
        };
        FAIL_CHECK("outline " << show(entries) << " != " << show(expect_entries) << " text: " << s);
    }
    CHECK(v.index().counts() == term_counts(s));
    CHECK(v.index() == index_of(v.text()));
    // Occurrences are CRDT item ids: the index equals the one computed from scratch on a fresh
    // mirror of the document (which takes every unit's id from the CRDT itself).
    mirror const fresh(*r.doc);
    text_state const* ft = fresh.current().text(v.text_type());
    REQUIRE(ft != nullptr);
    REQUIRE(ft->text.str() == s);
    CHECK(v.index() == index_of(*ft));
    auto const expect_top = [&] {
        std::vector<term_count> all;
        for (auto const& [t, c] : term_counts(s)) all.push_back({t, c});
        std::stable_sort(all.begin(), all.end(), [](auto const& a, auto const& b) { return a.count > b.count; });
        all.resize(std::min<std::size_t>(all.size(), 10));
        return all;
    }();
    CHECK(v.top_terms() == expect_top);
    CHECK(v.ui_value() == ui_state_of(count_words(s), outline_of_text(s), expect_top));
}

void run_oracle(std::size_t merges_wanted) {
    REFOLD_SEEDED_RNG(rng);
    std::vector<replica> rs;
    for (std::uint64_t c = 1; c <= 3; ++c) rs.emplace_back(c * 1000 + (rng() % 1000));
    std::vector<std::vector<std::uint8_t>> updates;
    std::vector<std::string> ui_values(3);
    for (std::size_t i = 0; i < 3; ++i) ui_values[i] = rs[i].views->ui_value();
    std::size_t merges = 0;
    while (merges < merges_wanted) {
        std::size_t const who = rng() % 3;
        replica& r = rs[who];
        if (updates.empty() || rng() % 3 == 0) {
            auto const sv = r.doc->get_state_vector();
            local_edit(r, rng);
            updates.push_back(r.doc->encode_state_as_update(sv));
        } else {
            // A random earlier update (duplicates and any order).
            r.doc->apply_update(updates[rng() % updates.size()]);
            ++merges;
        }
        check_against_scratch(r);
        // The UI patch takes the previous UI value to the new one.
        CHECK(ui_state::apply_patch(ui_values[who], r.views->ui_patch()) == r.views->ui_value());
        ui_values[who] = r.views->ui_value();
        if (merges % 500 == 499) {
            // Everyone merges everything: same document, same views.
            for (auto& x : rs)
                for (auto const& u : updates) x.doc->apply_update(u);
            merges += 3 * updates.size();
            for (auto& x : rs) check_against_scratch(x);
            std::string const s0 = rs[0].doc->get_text("content").to_string();
            for (auto& x : rs) {
                REQUIRE(x.doc->get_text("content").to_string() == s0);
                CHECK(x.views->words() == rs[0].views->words());
                CHECK(x.views->outline_at_current().entries() == rs[0].views->outline_at_current().entries());
                CHECK(x.views->index().counts() == rs[0].views->index().counts());
                // Same occurrences, as item ids (sticky positions agree across replicas).
                CHECK(x.views->index() == rs[0].views->index());
                CHECK(x.views->ui_value() == rs[0].views->ui_value());
            }
            // A replica that joins now (its views start from a snapshot) holds the same views.
            crdt::yata::doc late(999);
            late.apply_update(rs[0].doc->encode_state_as_update());
            live_views const late_views(late, "content");
            CHECK(late_views.index() == rs[0].views->index());
            CHECK(late_views.ui_value() == rs[0].views->ui_value());
            for (std::size_t i = 0; i < 3; ++i) ui_values[i] = rs[i].views->ui_value();
            updates.clear();
        }
    }
}

}  // namespace

TEST_CASE("oracle: 3 replicas, merged updates in random order with duplicates", "[views][oracle]") {
    run_oracle(refold::test::cases(10'000));
}

TEST_CASE("oracle: long run", "[.][slow][views][oracle]") { run_oracle(refold::test::cases(200'000)); }
