// lib0 primitives against lib0-encoding.json (real lib0 output) and hand-checked edge cases.
#include <crdt/encoding/any.hpp>
#include <crdt/yata/json.hpp>
#include <tests/crdt/yata/vector_support.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace refold::crdt::encoding;
using refold::test::from_hex;
using refold::test::to_hex;

namespace {

nlohmann::json lib0_vectors() {
    auto p = refold::test::vectors_dir() / "lib0-encoding.json";
    if (!std::filesystem::exists(p)) return {};
    // The file holds a lone surrogate ("\ud83d", lib0 writes it as U+FFFD); nlohmann rejects it.
    std::ifstream in(p);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (std::size_t at; (at = text.find("\"\\ud83d\"")) != std::string::npos;) text.replace(at, 8, "\"\\ufffd\"");
    return nlohmann::json::parse(text);
}

}  // namespace

TEST_CASE("varUint and varInt match lib0 bytes both ways", "[lib0]") {
    auto v = lib0_vectors();
    if (v.is_null()) {
        WARN("skipped: lib0-encoding.json not found under " << refold::test::vectors_dir());
        return;
    }
    for (auto const& e : v["varUint"]) {
        auto value = e["value"].get<std::uint64_t>();
        writer w;
        w.write_var_uint(value);
        CHECK(to_hex(w.bytes()) == e["hex"].get<std::string>());
        auto bytes = from_hex(e["hex"]);
        reader r(bytes);
        CHECK(r.read_var_uint() == value);
        CHECK(r.at_end());
    }
    for (auto const& e : v["varInt"]) {
        bool negzero = e["value"].is_string();
        std::int64_t value = negzero ? 0 : e["value"].get<std::int64_t>();
        writer w;
        w.write_var_int(value, negzero);
        CHECK(to_hex(w.bytes()) == e["hex"].get<std::string>());
        auto bytes = from_hex(e["hex"]);
        reader r(bytes);
        auto got = r.read_var_int();
        CHECK(got.negative == (value < 0 || negzero));
        CHECK(got.magnitude == static_cast<std::uint64_t>(value < 0 ? -value : value));
    }
}

TEST_CASE("varString matches lib0 bytes and UTF-16 lengths", "[lib0]") {
    auto v = lib0_vectors();
    if (v.is_null()) {
        WARN("skipped: lib0-encoding.json not found");
        return;
    }
    for (auto const& e : v["varString"]) {
        auto bytes = from_hex(e["hex"]);
        reader r(bytes);
        auto s = r.read_var_string();
        CHECK(utf16_length(s) == e["utf16Units"].get<std::uint64_t>());
        writer w;
        w.write_var_string(s);
        CHECK(w.bytes() == bytes);
    }
}

TEST_CASE("any: every tag decodes to the value lib0 read back and re-encodes identically", "[lib0]") {
    auto v = lib0_vectors();
    if (v.is_null()) {
        WARN("skipped: lib0-encoding.json not found");
        return;
    }
    for (auto const& e : v["any"]) {
        INFO(e["label"].get<std::string>());
        auto bytes = from_hex(e["hex"]);
        reader r(bytes);
        any a = read_any(r);
        CHECK(r.at_end());
        writer w;
        write_any(w, a);
        CHECK(to_hex(w.bytes()) == e["hex"].get<std::string>());
        std::string back = e["decodedBack"];
        auto j = refold::crdt::yata::any_to_json(a);
        if (back == "undefined") CHECK(a.k == any::kind::undefined);
        else if (back == "NaN") CHECK(std::isnan(a.d));
        else if (back == "Infinity" || back == "-Infinity") CHECK(a.d == (back[0] == '-' ? -INFINITY : INFINITY));
        else if (back == "-0") CHECK(a.negative_zero);
        else if (back.back() == 'n') CHECK(std::to_string(a.i) + "n" == back);
        else CHECK(j == nlohmann::json::parse(back));
    }
}

TEST_CASE("any::number classifies JavaScript numbers as Yjs' writer does", "[lib0]") {
    auto enc = [](any const& a) {
        writer w;
        write_any(w, a);
        return to_hex(w.bytes());
    };
    CHECK(enc(any::number(0)) == "7d00");
    CHECK(enc(any::number(-0.0)) == "7d40");
    CHECK(enc(any::number(2147483647)) == "7dbfffffff0f");
    CHECK(enc(any::number(2147483648.0)) == "7c4f000000");
    CHECK(enc(any::number(1.5)) == "7c3fc00000");
    CHECK(enc(any::number(0.1)) == "7b3fb999999999999a");
    CHECK(enc(any::number(NAN)) == "7b7ff8000000000000");
    CHECK(enc(any::number(9007199254740991.0)) == "7b433fffffffffffff");
    auto o = any::object({{"z", any::number(0)}, {"2", any::string("x")}, {"1", any::string("y")}});
    CHECK(enc(o) == "760301317701790132770178017a7d00");
}

TEST_CASE("malformed primitives throw typed errors", "[lib0]") {
    auto expect = [](std::string const& hex, std::string const& id, auto&& f) {
        auto bytes = from_hex(hex);
        reader r(bytes);
        try {
            f(r);
            FAIL("no error for " << hex);
        } catch (decode_error const& e) {
            CHECK(std::string(e.what()).rfind(id, 0) == 0);
        }
    };
    auto u = [](reader& r) { r.read_var_uint(); };
    auto s = [](reader& r) { r.read_var_string(); };
    auto a = [](reader& r) { read_any(r); };
    expect("", "[crdt.decode.1]", u);
    expect("ff", "[crdt.decode.1]", u);
    expect("ffffffffffffff7f", "[crdt.decode.2]", u);          // 2^56-1 > 2^53-1
    expect("ffffffffffffffffff01", "[crdt.decode.2]", u);
    expect("05616263", "[crdt.decode.1]", s);                  // length beyond input
    expect("02c328", "[crdt.decode.3]", s);                    // bad continuation
    expect("02c0af", "[crdt.decode.3]", s);                    // overlong
    expect("03eda080", "[crdt.decode.3]", s);                  // UTF-8 encoded surrogate
    expect("04f4908080", "[crdt.decode.3]", s);                // > U+10FFFF
    expect("10", "[crdt.decode.4]", a);
    expect("75ffffffff0f", "[crdt.decode.7]", a);              // 2^32-1 elements in 0 bytes
}

TEST_CASE("deep nesting of any is rejected without exhausting the stack", "[lib0]") {
    std::vector<std::uint8_t> bytes;
    for (int i = 0; i < 100000; ++i) {
        bytes.push_back(0x75);
        bytes.push_back(0x01);
    }
    bytes.push_back(0x7e);
    reader r(bytes);
    CHECK_THROWS_AS(read_any(r), decode_error);
}

TEST_CASE("UTF-16 splitting replaces a cut surrogate pair by U+FFFD on both sides", "[lib0]") {
    std::string s = "a\xF0\x9F\x98\x80" "b";  // a 😀 b  = 4 units
    CHECK(utf16_length(s) == 4);
    std::string left = s;
    auto right = split_utf16(left, 2);
    CHECK(left == "a\xEF\xBF\xBD");
    CHECK(right == "\xEF\xBF\xBD" "b");
    CHECK(utf16_length(left) == 2);
    CHECK(utf16_length(right) == 2);
    std::string l2 = s;
    CHECK(split_utf16(l2, 3) == "b");
    CHECK(l2 == "a\xF0\x9F\x98\x80");
}
