// Sticky positions: index -> position -> index round trips, survival of concurrent edits,
// Yjs' byte layout, and a randomized check against a cursor tracked by hand.
#include <crdt/yata/sticky.hpp>
#include <tests/crdt/yata/vector_support.hpp>
#include <tests/support/random.hpp>

#include <catch2/catch.hpp>

using namespace refold::crdt;
using refold::test::to_hex;

TEST_CASE("sticky positions encode as Yjs relative positions", "[sticky]") {
    yata::doc d(1);
    auto t = d.get_text("text");
    t.insert(0, "hello");
    auto p = yata::sticky_from_index(d, t.type_index(), 2);
    CHECK(p.kind == yata::sticky_position::anchor::item);
    CHECK(p.item == yata::id{1, 2});
    CHECK(to_hex(yata::encode_sticky(p)) == "00010200");
    auto end = yata::sticky_from_index(d, t.type_index(), 5);
    CHECK(to_hex(yata::encode_sticky(end)) == "010474657874" "00");  // root "text", assoc 0
    auto left = yata::sticky_from_index(d, t.type_index(), 0, -1);
    CHECK(to_hex(yata::encode_sticky(left)) == "010474657874" "41");  // assoc -1
    for (auto const& q : {p, end, left}) CHECK(yata::decode_sticky(yata::encode_sticky(q)) == q);
    CHECK_THROWS_AS(yata::decode_sticky(std::vector<std::uint8_t>{0x07}), encoding::decode_error);
}

TEST_CASE("a sticky position follows its character through concurrent edits", "[sticky]") {
    yata::doc a(1), b(2);
    auto ta = a.get_text("text");
    ta.insert(0, "hello world");
    b.apply_update(a.encode_state_as_update());
    auto cursor = yata::sticky_from_index(a, ta.type_index(), 6);  // before "w"
    auto tb = b.get_text("text");
    tb.insert(0, "XYZ ");
    tb.erase(9, 1);  // delete the space before "world"
    a.apply_update(b.encode_state_as_update(a.get_state_vector()));
    auto at = yata::sticky_to_index(a, cursor);
    REQUIRE(at.has_value());
    CHECK(at->index == 9);
    CHECK(ta.to_string().substr(at->index, 5) == "world");
    // deleting the anchored character collapses the position onto the deletion point
    ta.erase(9, 1);
    CHECK(yata::sticky_to_index(a, cursor)->index == 9);
    // unknown anchors do not resolve
    yata::doc c(3);
    CHECK_FALSE(yata::sticky_to_index(c, cursor).has_value());
}

TEST_CASE("sticky positions agree with an index tracked through random local edits", "[sticky]") {
    REFOLD_SEEDED_RNG(rng);
    for (std::size_t round = 0; round < refold::test::cases(30); ++round) {
        yata::doc d(1 + rng() % 100);
        auto t = d.get_text("text");
        t.insert(0, "0123456789");
        std::uint64_t idx = rng() % 11;
        auto assoc = rng() % 2 == 0 ? 0 : -1;
        auto p = yata::sticky_from_index(d, t.type_index(), idx, assoc);
        bool anchor_deleted = false;  // inserts at a deleted anchor's index land after it
        for (int k = 0; k < 60; ++k) {
            if (t.length() > 0 && rng() % 3 == 0) {
                auto pos = rng() % t.length();
                auto len = 1 + rng() % std::min<std::uint64_t>(3, t.length() - pos);
                t.erase(pos, len);
                // the anchor is unit idx (assoc >= 0) or idx-1 (assoc < 0)
                auto anchor = assoc < 0 ? idx - 1 : idx;
                if ((assoc >= 0 || idx > 0) && anchor >= pos && anchor < pos + len) anchor_deleted = true;
                if (idx > pos) idx = idx >= pos + len ? idx - len : pos;
            } else {
                auto pos = rng() % (t.length() + 1);
                t.insert(pos, "ab");
                if (pos < idx || (pos == idx && assoc >= 0 && !anchor_deleted)) idx += 2;
            }
            auto got = yata::sticky_to_index(d, p);
            REQUIRE(got.has_value());
            REQUIRE(got->index == idx);
        }
    }
}
