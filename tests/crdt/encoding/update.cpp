// Update v1 codec: wire round trips of every Yjs vector, merge/diff against Yjs' own results,
// sync framing, the yrs Move vector, and malformed input (typed errors, no partial effects).
#include <crdt/encoding/describe.hpp>
#include <crdt/encoding/sync.hpp>
#include <crdt/encoding/update.hpp>
#include <crdt/yata/doc.hpp>
#include <tests/crdt/yata/vector_support.hpp>
#include <tests/support/random.hpp>

#include <catch2/catch.hpp>

using namespace refold::crdt;
using namespace refold::crdt::encoding;
using refold::test::from_hex;
using refold::test::to_hex;

namespace {

nlohmann::json vector_file(char const* name) {
    auto p = refold::test::vectors_dir() / name;
    if (!std::filesystem::exists(p)) return {};
    return refold::test::load_json(p);
}

template <class F>
std::string error_id(F&& f) {
    try {
        f();
    } catch (decode_error const& e) {
        std::string m = e.what();
        return m.substr(0, m.find(']') + 1);
    }
    return "no error";
}

}  // namespace

TEST_CASE("every vector update decodes and re-encodes byte for byte at the wire level", "[update]") {
    auto files = refold::test::scenario_files();
    if (files.empty()) {
        WARN("skipped: no Yjs vectors");
        return;
    }
    int n = 0;
    for (auto const& f : files) {
        auto v = refold::test::load_json(f);
        if (!v["stateVector"].is_string()) continue;
        INFO(f.filename().string());
        std::vector<std::string> all{v["update"].get<std::string>()};
        for (auto const& s : v["steps"]) all.push_back(s["update"]);
        for (auto const& h : all) {
            auto u = decode_update(from_hex(h));
            CHECK(to_hex(encode_update(u)) == h);
            ++n;
        }
        CHECK(to_hex(encode_state_vector(decode_state_vector(from_hex(v["stateVector"])))) ==
              v["stateVector"].get<std::string>());
    }
    CHECK(n > 80);
}

TEST_CASE("the yrs Move content (vector 21) is an unsupported-content error", "[update]") {
    auto v = vector_file("21-yrs-move-content.json");
    if (v.is_null()) {
        WARN("skipped: vector 21 not found");
        return;
    }
    auto bytes = from_hex(v["update"]);
    CHECK_THROWS_AS(decode_update(bytes), unsupported_content);
    CHECK(error_id([&] { decode_update(bytes); }) == "[crdt.decode.5]");
    yata::doc d(5);
    d.get_array("a").push_back({any::number(9)});
    auto before = d.encode_state_as_update();
    CHECK_THROWS_AS(d.apply_update(bytes), unsupported_content);
    CHECK(d.encode_state_as_update() == before);
    CHECK_FALSE(d.has_pending());
}

TEST_CASE("merge_updates, diff_update and state vectors of updates match Yjs", "[update]") {
    auto v19 = vector_file("19-merge-updates-skip.json");
    auto v14 = vector_file("14-diff-against-state-vector.json");
    if (v19.is_null() || v14.is_null()) {
        WARN("skipped: vectors 14/19 not found");
        return;
    }
    std::vector<std::vector<std::uint8_t>> steps;
    for (auto const& s : v19["steps"]) steps.push_back(from_hex(s["update"]));
    std::vector<std::vector<std::uint8_t>> u13{steps[0], steps[2]};
    auto merged = merge_updates(u13);
    CHECK(to_hex(merged) == v19["extra"]["merged"].get<std::string>());
    CHECK(to_hex(merge_updates(steps)) == v19["extra"]["mergedAll"].get<std::string>());
    CHECK(to_hex(encode_state_vector(state_vector_from_update(merged))) ==
          v19["extra"]["encodeStateVectorFromMerged"].get<std::string>());
    // merging is insensitive to order and duplicates
    std::vector<std::vector<std::uint8_t>> shuffled{steps[2], steps[0], steps[1], steps[2]};
    CHECK(to_hex(merge_updates(shuffled)) == v19["extra"]["mergedAll"].get<std::string>());

    auto full = from_hex(v14["update"]);
    auto sv1 = decode_state_vector(from_hex(v14["extra"]["sv1"]));
    CHECK(to_hex(diff_update(full, sv1)) == v14["extra"]["diffUpdateFullSv1"].get<std::string>());
    yata::doc d(9);
    d.apply_update(full);
    CHECK(to_hex(d.encode_state_as_update(sv1)) == v14["extra"]["diffAgainstSv1"].get<std::string>());
    CHECK(to_hex(d.encode_state_as_update(d.get_state_vector())) == v14["extra"]["diffAgainstOwnSv"].get<std::string>());
}

TEST_CASE("a merged update with a Skip leaves the tail pending until the gap fills (vector 19)", "[update]") {
    auto v = vector_file("19-merge-updates-skip.json");
    if (v.is_null()) {
        WARN("skipped: vector 19 not found");
        return;
    }
    yata::doc d(50);
    d.apply_update(from_hex(v["extra"]["merged"]));
    CHECK(d.get_text("text").to_string() == "abc");
    CHECK(d.pending_missing() == state_vector{{1, 5}});
    // the pending structs travel with a full encoding, like Yjs
    yata::doc e(51);
    e.apply_update(d.encode_state_as_update());
    CHECK(e.get_text("text").to_string() == "abc");
    d.apply_update(from_hex(v["steps"][1]["update"]));
    CHECK(d.get_text("text").to_string() == "abcdefghi");
    CHECK_FALSE(d.has_pending());
}

TEST_CASE("pending timeline of vector 15", "[update]") {
    auto v = vector_file("15-missing-dependency-pending.json");
    if (v.is_null()) {
        WARN("skipped: vector 15 not found");
        return;
    }
    std::map<std::string, std::vector<std::uint8_t>> by_action;
    for (auto const& s : v["steps"]) by_action[s["action"]] = from_hex(s["update"]);
    yata::doc d(77);
    for (auto const& step : v["extra"]["timeline"]) {
        std::string action = step["applied"];
        INFO(action);
        REQUIRE(by_action.count(action) == 1);
        auto const* bytes = &by_action[action];
        d.apply_update(*bytes);
        CHECK(d.get_text("text").to_string() == step["json"]["text"].get<std::string>());
        CHECK(to_hex(d.encode_state_vector()) == step["stateVector"].get<std::string>());
        state_vector missing;
        if (step["pendingStructsMissing"].is_object())
            for (auto const& [c, clock] : step["pendingStructsMissing"].items()) missing[std::stoull(c)] = clock;
        CHECK(d.pending_missing() == missing);
        CHECK(!d.pending_deletes().empty() == step["hasPendingDs"].get<bool>());
        CHECK(to_hex(d.encode_state_as_update()) == step["encodeStateAsUpdate"].get<std::string>());
    }
}

TEST_CASE("sync protocol framing matches y-protocols", "[update]") {
    auto v = vector_file("sync-protocol.json");
    if (v.is_null()) {
        WARN("skipped: sync-protocol.json not found");
        return;
    }
    yata::doc b(2);
    auto step1 = encode_sync(sync_message::step1, b.encode_state_vector());
    CHECK(to_hex(step1) == v["syncStep1FromB"].get<std::string>());
    auto f = decode_sync(from_hex(v["syncStep2FromAToB"]));
    CHECK(f.kind == sync_message::step2);
    b.apply_update(f.payload);
    CHECK(b.get_text("text").to_string() == v["bAfterStep2"].get<std::string>());
    auto up = decode_sync(from_hex(v["updateMessageFromA"]));
    CHECK(up.kind == sync_message::update);
    CHECK(to_hex(encode_sync(up.kind, up.payload)) == v["updateMessageFromA"].get<std::string>());
    CHECK(error_id([&] { decode_sync(from_hex(v["queryAwarenessMessage"])); }) == "[crdt.decode.12]");
}

TEST_CASE("truncated and corrupted updates throw typed errors and leave the document unchanged", "[update]") {
    auto files = refold::test::scenario_files();
    if (files.empty()) {
        WARN("skipped: no Yjs vectors");
        return;
    }
    REFOLD_SEEDED_RNG(rng);
    std::size_t rejected = 0, accepted = 0;
    for (auto const& f : files) {
        auto v = refold::test::load_json(f);
        if (!v["stateVector"].is_string()) continue;
        INFO(f.filename().string());
        auto full = from_hex(v["update"]);
        yata::doc base(424242);
        base.get_text("text").insert(0, "base");
        auto before = base.encode_state_as_update();
        for (std::size_t cut = 0; cut < full.size(); ++cut) {
            std::vector<std::uint8_t> part(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(cut));
            try {
                base.apply_update(part);
                ++accepted;  // a prefix can be a valid (smaller) update only by accident
                base = yata::doc(424242);
                base.get_text("text").insert(0, "base");
            } catch (decode_error const&) {
                ++rejected;
                REQUIRE(base.encode_state_as_update() == before);
            }
        }
        for (std::size_t k = 0; k < refold::test::cases(40); ++k) {
            auto bad = full;
            auto at = std::uniform_int_distribution<std::size_t>(0, bad.size() - 1)(rng);
            bad[at] = static_cast<std::uint8_t>(rng());
            yata::doc d(424242);
            d.get_text("text").insert(0, "base");
            try {
                d.apply_update(bad);
                d.encode_state_as_update();  // whatever was accepted must stay encodable
            } catch (decode_error const&) {
                REQUIRE(d.encode_state_as_update() == before);
            }
        }
    }
    CHECK(rejected > 500);
}

TEST_CASE("counts and lengths from the input never drive allocation", "[update]") {
    // 2^53-1 client sections / structs / ranges announced in a few bytes
    for (auto hex : {"ffffffffffffff0f", "01ffffffffffffff0f0100", "00ffffffffffff0f",
                     "0101010008ffffffffffffff0f", "010101000401047465787480808080808080808001"}) {
        INFO(hex);
        CHECK_THROWS_AS(decode_update(from_hex(hex)), decode_error);
    }
    CHECK(error_id([] { decode_update(from_hex("ffffffff0f")); }) == "[crdt.decode.7]");
    // a Deleted run of 2^52 units costs one struct
    auto u = decode_update(from_hex("01010100" "01" "0104" "74657874" "80808080808080" "08" "00"));
    REQUIRE(u.sections.size() == 1);
    CHECK(u.sections[0].structs[0].length == (std::uint64_t{1} << 52));
}

TEST_CASE("describe() reproduces the vectors' struct and delete-set annotations", "[update]") {
    auto files = refold::test::scenario_files();
    if (files.empty()) {
        WARN("skipped: no Yjs vectors");
        return;
    }
    int n = 0;
    for (auto const& f : files) {
        auto v = refold::test::load_json(f);
        if (!v["stateVector"].is_string()) continue;
        INFO(f.filename().string());
        auto u = decode_update(from_hex(v["update"]));
        std::vector<std::string> lines;
        for (auto const& sec : u.sections)
            for (auto const& s : sec.structs) lines.push_back(describe(s));
        CHECK(lines == v["structs"].get<std::vector<std::string>>());
        CHECK(describe(u.deletes) == v["deleteSet"].get<std::vector<std::string>>());
        ++n;
    }
    CHECK(n == 24);
}
