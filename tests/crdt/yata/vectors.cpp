// Every Yjs scenario in ../shared/yjs/vectors: steps applied in the given, reversed and shuffled
// orders reach the expected JSON and state vector; full-state encodings re-encode byte for byte.
#include <crdt/yata/doc.hpp>
#include <crdt/yata/json.hpp>
#include <tests/crdt/yata/vector_support.hpp>
#include <tests/support/random.hpp>

#include <catch2/catch.hpp>

#include <algorithm>

using namespace refold::crdt;
using refold::test::from_hex;
using refold::test::to_hex;
using nlohmann::json;

namespace {

// Checks the document against the scenario's `json` (roots per `roots`).
void check_json(yata::doc& d, json const& roots, json const& expected) {
    for (auto const& [name, kind] : roots.items()) {
        INFO("root " << name << " (" << kind << ")");
        json got;
        if (kind == "text") {
            auto t = d.get_text(name);
            got = t.to_string();
            if (expected.contains(name + "#delta")) {
                CHECK(yata::delta_to_json(d, t.delta()) == expected[name + "#delta"]);
            }
        } else if (kind == "map") {
            got = yata::type_to_json(d, d.get_map(name).type_index());
        } else if (kind == "array") {
            got = yata::type_to_json(d, d.get_array(name).type_index());
        } else {
            got = yata::type_to_json(d, d.get_xml_fragment(name));
        }
        CHECK(got == expected[name]);
    }
}

std::vector<std::vector<std::uint8_t>> steps_of(json const& v) {
    std::vector<std::vector<std::uint8_t>> out;
    for (auto const& s : v["steps"]) out.push_back(from_hex(s["update"]));
    return out;
}

}  // namespace

TEST_CASE("yjs vectors: steps in given, reversed and shuffled orders converge to the expected state", "[vectors]") {
    auto files = refold::test::scenario_files();
    if (files.empty()) {
        WARN("skipped: no Yjs vectors under " << refold::test::vectors_dir());
        return;
    }
    REFOLD_SEEDED_RNG(rng);
    std::size_t checked = 0;
    for (auto const& f : files) {
        auto v = refold::test::load_json(f);
        if (v["steps"].empty()) continue;  // 21: bytes only
        INFO("vector " << f.filename().string());
        auto steps = steps_of(v);
        std::vector<std::vector<std::size_t>> orders;
        for (auto const& [name, r] : v["replay"].items()) orders.push_back(r["order"].get<std::vector<std::size_t>>());
        for (int k = 0; k < 3; ++k) {
            std::vector<std::size_t> o(steps.size());
            for (std::size_t i = 0; i < o.size(); ++i) o[i] = i;
            std::shuffle(o.begin(), o.end(), rng);
            orders.push_back(o);
        }
        for (auto const& order : orders) {
            INFO("order " << json(order).dump());
            yata::doc d(1000);
            for (auto i : order) {
                d.apply_update(steps[i]);
                d.check_invariants();
            }
            check_json(d, v["roots"], v["json"]);
            CHECK(to_hex(d.encode_state_vector()) == v["stateVector"].get<std::string>());
            CHECK_FALSE(d.has_pending());
            // duplicates change nothing
            for (auto i : order) d.apply_update(steps[i]);
            check_json(d, v["roots"], v["json"]);
            ++checked;
        }
    }
    CHECK(checked >= 24 * 5);
}

TEST_CASE("yjs vectors: full-state updates load and re-encode byte for byte", "[vectors]") {
    auto files = refold::test::scenario_files();
    if (files.empty()) {
        WARN("skipped: no Yjs vectors under " << refold::test::vectors_dir());
        return;
    }
    std::size_t checked = 0;
    for (auto const& f : files) {
        auto v = refold::test::load_json(f);
        if (!v["stateVector"].is_string()) continue;  // 21
        INFO("vector " << f.filename().string());
        auto update = from_hex(v["update"]);
        yata::doc d(1000);
        d.apply_update(update);
        check_json(d, v["roots"], v["json"]);
        CHECK(to_hex(d.encode_state_as_update()) == v["update"].get<std::string>());
        CHECK(to_hex(d.encode_state_vector()) == v["stateVector"].get<std::string>());
        // the replica built from the steps encodes the same bytes
        yata::doc e(1001);
        for (auto const& s : steps_of(v)) e.apply_update(s);
        CHECK(to_hex(e.encode_state_as_update()) == v["update"].get<std::string>());
        ++checked;
    }
    CHECK(checked == 24);
}

TEST_CASE("remote change_sets match the events Yjs observers received (vectors 13 and 22)", "[vectors][events]") {
    auto dir = refold::test::vectors_dir();
    if (!std::filesystem::exists(dir / "13-formatting.json") || !std::filesystem::exists(dir / "22-events-observe.json")) {
        WARN("skipped: vectors 13/22 not found");
        return;
    }
    {
        auto v = refold::test::load_json(dir / "13-formatting.json");
        yata::doc d(2);
        auto t = d.get_text("rich");
        for (std::size_t i = 0; i < v["steps"].size(); ++i) {
            INFO("13 step " << i);
            auto const& cs = d.apply_update(from_hex(v["steps"][i]["update"]));
            REQUIRE(cs.changes.size() == 1);
            CHECK(cs.changes[0].type == t.type_index());
            CHECK(yata::delta_to_json(d, cs.changes[0].delta) == v["extra"]["remoteEvents"][i]["delta"]);
        }
    }
    auto v = refold::test::load_json(dir / "22-events-observe.json");
    yata::doc d(2);
    auto t = d.get_text("t");
    auto arr = d.get_array("arr");
    auto m = d.get_map("m");
    d.apply_update(from_hex(v["steps"][0]["update"]));
    auto const& cs = d.apply_update(from_hex(v["steps"][1]["update"]));
    json got = json::object();
    for (auto const& tc : cs.changes) {
        auto info = d.info(tc.type);
        std::string name = info.parent == yata::no_type ? info.name : "nested:" + info.key.value_or("");
        if (!tc.delta.empty()) got[name + ".delta"] = yata::delta_to_json(d, tc.delta, tc.type == t.type_index());
        for (auto const& k : tc.keys)
            got[name + ".keys"][k.key] = k.what == yata::key_change::action::add ? "add"
                                         : k.what == yata::key_change::action::update ? "update" : "delete";
    }
    auto const& ev = v["extra"]["events"];
    CHECK(got["t.delta"] == ev[0]["delta"]);
    CHECK(got["arr.delta"] == ev[1]["delta"]);
    CHECK(got["m.keys"] == json{{"k1", "update"}, {"k2", "delete"}});
    CHECK(got["nested:nested.keys"] == json{{"y", "add"}});
    // inserted / deleted ids as the transaction reports them
    CHECK(cs.inserted == std::vector<yata::id_range>{{1, 19, 6}});
    CHECK(cs.deleted.clients.at(1) == std::vector<encoding::clock_range>{{6, 5}, {12, 2}, {17, 2}});
    (void)arr;
    (void)m;
}
