// The outline tracker (views/detail/outline_tracker.*) against headings_of on the whole text,
// after every random delta: entries, their offsets, and the splices it reports.
#include <views/detail/outline_tracker.hpp>
#include <views/markdown.hpp>

#include <tests/support/random.hpp>
#include <tests/views/gen.hpp>

using namespace refold::views;
using refold::crdt::yata::delta_op;

namespace {

// Code points [from, from + n) of s as (byte length, UTF-16 units), n clamped to what is left.
std::pair<std::size_t, std::uint64_t> take_code_points(std::string_view s, std::size_t from_byte, std::size_t n) {
    std::size_t i = from_byte;
    std::uint64_t units = 0;
    for (std::size_t k = 0; k < n && i < s.size(); ++k) {
        auto const u = static_cast<unsigned char>(s[i]);
        std::size_t const len = u < 0x80 ? 1 : u < 0xE0 ? 2 : u < 0xF0 ? 3 : 4;
        units += len == 4 ? 2 : 1;
        i += len;
    }
    return {i - from_byte, units};
}

}  // namespace

TEST_CASE("outline tracker: entries and offsets equal the headings of the text after every delta", "[views][outline]") {
    REFOLD_SEEDED_RNG(rng);
    std::uint64_t clock = 0;
    id_source const fresh = [&](delta_op const& op) { return std::vector<id_run>{{2, (clock += op.length) - op.length, op.length}}; };
    for (std::size_t doc = 0; doc < refold::test::cases(6); ++doc) {
        std::string text = refold::test::random_markdown(rng, 400 + rng() % 1600);  // several leaves
        std::uint64_t const units = take_code_points(text, 0, text.size()).second;
        text_state state = make_text_state(text, std::vector<id_run>{{1, 0, units}});
        detail::outline_tracker tracker;
        tracker.reset(state.text);
        for (std::size_t round = 0; round < refold::test::cases(300); ++round) {
            // A delta of 1..6 ops, far apart or close together, written against `text`.
            std::vector<delta_op> delta;
            std::string next;
            std::size_t at = 0;
            std::size_t const ops = 1 + rng() % 6;
            bool const close = rng() % 2 == 0;
            for (std::size_t k = 0; k < ops && at <= text.size(); ++k) {
                auto const [rb, ru] = take_code_points(text, at, close ? rng() % 12 : rng() % 400);
                if (ru > 0) delta.push_back({delta_op::kind::retain, ru, {}, {}, {}});
                next.append(text, at, rb);
                at += rb;
                if (rng() % 2 == 0) {
                    std::string const ins = refold::test::random_markdown(rng, 1 + rng() % 4);
                    delta.push_back({delta_op::kind::insert, take_code_points(ins, 0, ins.size()).second, ins, {}, {}});
                    next += ins;
                } else {
                    auto const [eb, eu] = take_code_points(text, at, 1 + rng() % 6);
                    if (eu == 0) continue;
                    delta.push_back({delta_op::kind::erase, eu, {}, {}, {}});
                    at += eb;
                }
            }
            next.append(text, at);
            applied_delta const r = apply_text_delta(state, delta, fresh);
            REQUIRE(r.after.text.str() == next);
            bool const changed = outline_digest_of(text) != outline_digest_of(next);
            std::vector<outline_entry> spliced = tracker.entries();
            for (auto const& sp : tracker.apply(state, r.after, r.regions, changed)) {
                REQUIRE(sp.at + sp.removed <= spliced.size());
                auto const first = spliced.begin() + static_cast<std::ptrdiff_t>(sp.at);
                spliced.erase(first, first + static_cast<std::ptrdiff_t>(sp.removed));
                spliced.insert(spliced.begin() + static_cast<std::ptrdiff_t>(sp.at), sp.inserted.begin(), sp.inserted.end());
            }
            auto const expect = headings_of(next);
            INFO("round " << round << " text: " << next);
            REQUIRE(tracker.entries().size() == expect.size());
            REQUIRE(tracker.offsets().size() == expect.size());
            REQUIRE(spliced.size() == expect.size());
            for (std::size_t k = 0; k < expect.size(); ++k) {
                CHECK(tracker.entries()[k].level == expect[k].level);
                CHECK(tracker.entries()[k].title == expect[k].title);
                CHECK(tracker.offsets()[k] == expect[k].offset);
                CHECK(spliced[k].level == expect[k].level);
                CHECK(spliced[k].title == expect[k].title);
            }
            state = r.after;
            text = next;
        }
    }
}

TEST_CASE("outline tracker: a heading line rewritten in place with the same bytes keeps its offset", "[views][outline]") {
    // The digest does not move (same heading lines), but the heading's line lies inside the
    // edit: the offset must come from the text, not from shifting by the edit's length change.
    std::string const text = "intro\n# H\nbody\n";
    std::string const next = "intro\n# H\nbodyyyyyydy\n";
    id_source const fresh = [](delta_op const& op) { return std::vector<id_run>{{2, 0, op.length}}; };
    text_state const state = make_text_state(text, std::vector<id_run>{{1, 0, text.size()}});
    std::vector<delta_op> const delta{{delta_op::kind::retain, 6, {}, {}, {}},
                                      {delta_op::kind::insert, 13, "# H\nbodyyyyyy", {}, {}},
                                      {delta_op::kind::erase, 6, {}, {}, {}}};
    applied_delta const r = apply_text_delta(state, delta, fresh);
    REQUIRE(r.after.text.str() == next);
    REQUIRE(outline_digest_of(text) == outline_digest_of(next));
    detail::outline_tracker tracker;
    tracker.reset(state.text);
    CHECK(tracker.apply(state, r.after, r.regions, false).empty());
    REQUIRE(tracker.offsets().size() == 1);
    CHECK(tracker.offsets()[0] == 6);
    CHECK(tracker.entries()[0].title == "H");
}
