// JSON round trips and typed errors for crdt/lattice/json.hpp.
#include <crdt/lattice/json.hpp>
#include <tests/laws/lattice.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <utility>

namespace lat = refold::crdt::lattice;
using refold::test::laws::pick;
using nlohmann::json;

namespace {

using rng_t = std::mt19937_64;

// Random states of one simulated run, as the law tests draw them.
template <class L, class Step>
void check_round_trips(Step step) {
    REFOLD_SEEDED_RNG(rng);
    auto sample = refold::test::laws::world_sampler<L>(step);
    for (std::size_t i = 0; i < refold::test::cases(200); ++i) {
        INFO("case " << i);
        for (const L& x : sample(rng)) {
            const std::string text = lat::to_json_string(x);
            INFO(text);
            const bool same = lat::from_json_string<L>(text) == x;
            REQUIRE(same);
            const bool via_nlohmann = json(x).template get<L>() == x;
            REQUIRE(via_nlohmann);
        }
    }
}

template <class L>
std::string error_of(const std::string& text) {
    try {
        (void)lat::from_json_string<L>(text);
    } catch (const lat::json_error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("json: every CRDT round-trips through JSON text", "[json]") {
    check_round_trips<lat::g_counter>([](const lat::g_counter& x, lat::replica_id r, rng_t& rng) {
        const std::uint64_t n = 1 + pick(rng, 1000);
        return std::pair{x.increment(r, n), x.increment_delta(r, n)};
    });
    check_round_trips<lat::pn_counter>([](const lat::pn_counter& x, lat::replica_id r, rng_t& rng) {
        if (pick(rng, 2) == 0) return std::pair{x.increment(r, 2), x.increment_delta(r, 2)};
        return std::pair{x.decrement(r, 3), x.decrement_delta(r, 3)};
    });
    check_round_trips<lat::g_set<std::string>>([](const lat::g_set<std::string>& x, lat::replica_id, rng_t& rng) {
        const std::string v = "s\"\\é" + std::to_string(pick(rng, 9));
        return std::pair{x.insert(v), x.insert_delta(v)};
    });
    check_round_trips<lat::two_p_set<int>>([](const lat::two_p_set<int>& x, lat::replica_id, rng_t& rng) {
        const int v = static_cast<int>(pick(rng, 9)) - 4;
        if (pick(rng, 3) == 0) return std::pair{x.erase(v), x.erase_delta(v)};
        return std::pair{x.insert(v), x.insert_delta(v)};
    });
    check_round_trips<lat::or_set<std::string>>([](const lat::or_set<std::string>& x, lat::replica_id r, rng_t& rng) {
        const std::string v(1, static_cast<char>('a' + pick(rng, 4)));
        if (pick(rng, 5) < 3) return std::pair{x.insert(r, v), x.insert_delta(r, v)};
        return std::pair{x.erase(v), x.erase_delta(v)};
    });
    check_round_trips<lat::lww_register<std::string>>([](const lat::lww_register<std::string>& x, lat::replica_id r, rng_t& rng) {
        const std::string v = std::to_string(pick(rng, 100));
        return std::pair{x.assign(r, v), x.assign_delta(r, v)};
    });
    check_round_trips<lat::mv_register<int>>([](const lat::mv_register<int>& x, lat::replica_id r, rng_t& rng) {
        const int v = static_cast<int>(pick(rng, 100));
        return std::pair{x.assign(r, v), x.assign_delta(r, v)};
    });
}

TEST_CASE("json: primitives and combinators round-trip", "[json]") {
    using lex = lat::lex_pair<lat::max_lattice<int>, std::set<int>>;
    const auto t = std::tuple{true, lat::max_lattice<double>{2.5}, std::optional<lat::unit>{lat::unit{}},
                              std::optional<lat::unit>{}, lex{{-3}, {1, 2}},
                              std::map<std::string, std::set<int>>{{"a", {1}}, {"b", {2, 3}}}};
    const auto text = lat::to_json_string(t);
    CHECK(text == R"([true,2.5,{},null,[-3,[1,2]],[["a",[1]],["b",[2,3]]]])");
    CHECK(lat::from_json_string<decltype(t)>(text) == t);
}

TEST_CASE("json: a known G-Counter and OR-Set encode as documented", "[json]") {
    const auto c = lat::g_counter{}.increment(7, 3).increment(2, 1);
    CHECK(lat::to_json_value(c) == json::parse(R"({"type":"g_counter","counts":[[2,1],[7,3]]})"));
    const auto s = lat::or_set<std::string>{}.insert(1, "x").insert(1, "y").erase("x");
    CHECK(lat::to_json_value(s) == json::parse(
        R"({"type":"or_set","entries":[["y",[[1,2]]]],"context":{"vv":[[1,2]],"cloud":[]}})"));
}

TEST_CASE("json: malformed input is a json_error with a stable id", "[json]") {
    using or_set_t = lat::or_set<std::string>;
    const std::pair<std::string, std::string> or_set_cases[] = {
        {"{", "[crdt.lattice.json.5]"},
        {"[]", "[crdt.lattice.json.1]"},
        {R"({"type":"g_set","entries":[],"context":{"vv":[],"cloud":[]}})", "[crdt.lattice.json.2]"},
        {R"({"type":"or_set","entries":[]})", "[crdt.lattice.json.2]"},
        {R"({"type":"or_set","entries":[],"context":{"vv":[],"cloud":[]},"x":1})", "[crdt.lattice.json.2]"},
        {R"({"type":"or_set","entries":{},"context":{"vv":[],"cloud":[]}})", "[crdt.lattice.json.1]"},
        {R"({"type":"or_set","entries":[[1,[[1,1]]]],"context":{"vv":[[1,1]],"cloud":[]}})", "[crdt.lattice.json.1]"},
        {R"({"type":"or_set","entries":[["a",[[1,2]]]],"context":{"vv":[[1,1]],"cloud":[]}})", "[crdt.lattice.json.3]"},
        {R"({"type":"or_set","entries":[["a",[]]],"context":{"vv":[],"cloud":[]}})", "[crdt.lattice.json.3]"},
        {R"({"type":"or_set","entries":[["a",[[1,1]]],["b",[[1,1]]]],"context":{"vv":[[1,1]],"cloud":[]}})", "[crdt.lattice.json.3]"},
        {R"({"type":"or_set","entries":[["a",[[1,0]]]],"context":{"vv":[[1,1]],"cloud":[]}})", "[crdt.lattice.json.3]"},
        {R"({"type":"or_set","entries":[],"context":{"vv":[[-1,1]],"cloud":[]}})", "[crdt.lattice.json.4]"},
        {R"({"type":"or_set","entries":[],"context":{"vv":[[1,1],[1,2]],"cloud":[]}})", "[crdt.lattice.json.3]"},
    };
    for (const auto& [text, id] : or_set_cases) {
        INFO(text);
        CHECK(error_of<or_set_t>(text).starts_with(id));
    }
    CHECK(error_of<lat::g_counter>(R"({"type":"g_counter","counts":[[1,0]]})").starts_with("[crdt.lattice.json.3]"));
    CHECK(error_of<lat::g_counter>(R"({"type":"g_counter","counts":[[1,1.5]]})").starts_with("[crdt.lattice.json.1]"));
    CHECK(error_of<lat::g_counter>(R"({"type":"g_counter","counts":[[1,2,3]]})").starts_with("[crdt.lattice.json.2]"));
    CHECK(error_of<lat::g_set<std::uint8_t>>(R"({"type":"g_set","elements":[256]})").starts_with("[crdt.lattice.json.4]"));
    CHECK(error_of<lat::g_set<int>>(R"({"type":"g_set","elements":[1,1]})").starts_with("[crdt.lattice.json.3]"));
    CHECK(error_of<lat::lww_register<int>>(R"({"type":"lww_register","write":{"lamport":0,"replica":1,"value":2}})").starts_with("[crdt.lattice.json.3]"));
    CHECK(error_of<lat::mv_register<int>>(R"({"type":"mv_register","entries":[[[2,1],5]],"context":{"vv":[[1,1]],"cloud":[]}})").starts_with("[crdt.lattice.json.3]"));
    // The typed error is also what nlohmann's get<>() reports for CRDT types.
    CHECK_THROWS_AS(json::parse("[1]").get<lat::pn_counter>(), lat::json_error);
}

namespace {

// Corrupts a few characters of a valid encoding many times: each result is either rejected
// with json_error or decodes to a state that satisfies its invariant and round-trips.
template <class L>
void check_corruptions(const L& good_state, std::mt19937_64& rng) {
    const std::string good = lat::to_json_string(good_state);
    const std::string alphabet = "[]{},:\"0123456789-.aetrunl";
    std::size_t rejected = 0;
    for (std::size_t i = 0; i < refold::test::cases(1000); ++i) {
        std::string bad = good;
        for (std::size_t k = 1 + pick(rng, 3); k > 0; --k) {
            bad[pick(rng, bad.size())] = alphabet[pick(rng, alphabet.size())];
        }
        INFO(bad);
        try {
            const L decoded = lat::from_json_string<L>(bad);
            if constexpr (refold::test::laws::has_invariant<L>) {
                REQUIRE(decoded.invariant());
            }
            const bool round_trips = lat::from_json_value<L>(lat::to_json_value(decoded)) == decoded;
            REQUIRE(round_trips);
        } catch (const lat::json_error&) {
            ++rejected;
        }
    }
    CHECK(rejected > 0);
}

}  // namespace

TEST_CASE("json: corrupted encodings give json_error or a valid state, never anything else", "[json]") {
    REFOLD_SEEDED_RNG(rng);
    auto s = lat::or_set<std::string>{};
    for (int k = 0; k < 6; ++k) s = s.insert(static_cast<lat::replica_id>(1 + k % 3), std::string(1, static_cast<char>('a' + k % 4)));
    check_corruptions(s.erase("b"), rng);
    const auto base = lat::mv_register<int>{}.assign(1, 10);
    check_corruptions(lat::join(base.assign(2, 20), base.assign(3, 30)), rng);
    check_corruptions(lat::pn_counter{}.increment(1, 12).decrement(2, 7).increment(3), rng);
    check_corruptions(lat::lww_register<std::string>{}.assign(4, "value", 17), rng);
    check_corruptions(lat::two_p_set<int>{}.insert(1).insert(20).erase(300), rng);
}
