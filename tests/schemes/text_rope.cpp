// text_rope against a std::string model: byte, code point and UTF-16 addressing, the Yjs
// surrogate rule, and typed errors.
#include <schemes/text_rope.hpp>
#include <tests/support/random.hpp>

#include <string>
#include <vector>

using namespace refold;
using schemes::text_rope;

namespace {

char const* const pieces[] = {"a", "b", "c", " ", " ", "\n", "\xC3\xA9" /* é */, "\xE4\xB8\xAD" /* 中 */,
                              "\xF0\x9F\x98\x80" /* 😀 */, "word", "\t"};

std::string random_text(std::mt19937_64& rng, std::size_t max_pieces) {
    std::string s;
    std::size_t n = std::uniform_int_distribution<std::size_t>(0, max_pieces)(rng);
    for (std::size_t i = 0; i < n; ++i) s += pieces[std::uniform_int_distribution<std::size_t>(0, std::size(pieces) - 1)(rng)];
    return s;
}

// Model helpers: code point / UTF-16 boundaries of a UTF-8 string.
struct boundaries {
    std::vector<std::size_t> cp;   // byte offset of code point i (and the end)
    std::vector<std::size_t> u16;  // byte offset of UTF-16 unit i, or npos inside a pair
};
boundaries boundaries_of(std::string const& s) {
    boundaries b;
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        b.cp.push_back(i);
        b.u16.push_back(i);
        if (len == 4) b.u16.push_back(std::string::npos);
        i += len;
    }
    b.cp.push_back(s.size());
    b.u16.push_back(s.size());
    return b;
}

void check_model(text_rope const& r, std::string const& model) {
    REQUIRE(r.str() == model);
    auto b = boundaries_of(model);
    REQUIRE(r.size_bytes() == model.size());
    REQUIRE(r.size_code_points() + 1 == b.cp.size());
    REQUIRE(r.size_utf16() + 1 == b.u16.size());
    REQUIRE(r.check_invariants());
}

}  // namespace

TEST_CASE("text_rope: random edits by byte, code point and UTF-16 offsets match a string") {
    REFOLD_SEEDED_RNG(rng);
    std::string model = random_text(rng, 3000);
    text_rope r(model);
    check_model(r, model);
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n)(rng); };
    for (std::size_t step = 0; step < test::cases(1500); ++step) {
        auto b = boundaries_of(model);
        std::size_t ncp = b.cp.size() - 1;
        std::string ins = random_text(rng, step % 10 == 0 ? 400 : 3);
        switch (std::uniform_int_distribution<int>(0, 4)(rng)) {
        case 0: {  // by code point
            std::size_t p = pick(ncp);
            r = r.insert_code_points(p, ins);
            model.insert(b.cp[p], ins);
            break;
        }
        case 1: {
            std::size_t p = pick(ncp), n = pick(std::min<std::size_t>(ncp - p, 50));
            r = r.erase_code_points(p, n);
            model.erase(b.cp[p], b.cp[p + n] - b.cp[p]);
            break;
        }
        case 2: {  // by UTF-16 at a position that does not split a pair
            std::size_t p = pick(b.u16.size() - 1);
            while (b.u16[p] == std::string::npos) --p;
            CHECK(r.locate_utf16(p).byte == b.u16[p]);
            r = r.insert_utf16(p, ins);
            model.insert(b.u16[p], ins);
            break;
        }
        case 3: {  // by byte
            std::size_t p = b.cp[pick(ncp)], q = b.cp[pick(ncp)];
            if (p > q) std::swap(p, q);
            r = r.replace(p, q, ins);
            model.replace(p, q - p, ins);
            break;
        }
        case 4: {  // split and rejoin
            std::size_t p = b.cp[pick(ncp)];
            auto [x, y] = r.split(p);
            REQUIRE(x.str() == model.substr(0, p));
            REQUIRE(x.metrics() == r.metrics_before(p));
            r = concat(x, y);
            break;
        }
        }
        check_model(r, model);
    }
}

TEST_CASE("text_rope: UTF-16 offsets inside a surrogate pair follow the Yjs rule") {
    std::string const fffd = "\xEF\xBF\xBD";
    text_rope r("\xF0\x9F\x98\x80");  // 😀: 4 bytes, 1 code point, 2 UTF-16 units
    CHECK(r.size_utf16() == 2);
    CHECK(r.locate_utf16(1).inside_pair);
    // Inserting "x" at unit 1 destroys the emoji into two U+FFFD around x (vector 12).
    text_rope s = r.insert_utf16(1, "x");
    CHECK(s.str() == fffd + "x" + fffd);
    CHECK(s.size_utf16() == 3);
    // Deleting the second unit keeps the first as U+FFFD.
    text_rope t = text_rope("a\xF0\x9F\x98\x80" "b").erase_utf16(2, 2);
    CHECK(t.str() == "a" + fffd);
    CHECK(t.size_utf16() == 2);
    // Offsets on boundaries never change the text around them.
    CHECK(text_rope("a\xF0\x9F\x98\x80" "b").erase_utf16(1, 2).str() == "ab");
}

TEST_CASE("text_rope: invalid UTF-8 and inner byte offsets are typed errors") {
    auto expect = [](auto&& fn, char const* id) {
        try {
            fn();
            FAIL("no exception");
        } catch (schemes::schemes_error const& e) {
            CHECK(std::string(e.what()).rfind(id, 0) == 0);
        }
    };
    expect([] { text_rope("\xC0\xAF"); }, "[schemes.text.1]");          // overlong
    expect([] { text_rope("\xED\xA0\x80"); }, "[schemes.text.1]");      // surrogate
    expect([] { text_rope("\xF4\x90\x80\x80"); }, "[schemes.text.1]");  // > U+10FFFF
    expect([] { text_rope("ab\xE4\xB8"); }, "[schemes.text.1]");        // truncated
    text_rope r("a\xC3\xA9z");
    expect([&] { (void)r.insert(2, "x"); }, "[schemes.text.2]");
    expect([&] { (void)r.erase(0, 2); }, "[schemes.text.2]");
    expect([&] { (void)r.insert(9, "x"); }, "[schemes.rope.1]");
    expect([&] { (void)r.insert(0, "\xFF"); }, "[schemes.text.1]");
    expect([&] { (void)r.erase_utf16(2, 5); }, "[schemes.rope.1]");
    expect([&] { (void)r.locate_utf16(4); }, "[schemes.rope.1]");
    CHECK(r.str() == "a\xC3\xA9z");
    CHECK(schemes::is_valid_utf8("plain \xE4\xB8\xAD \xF0\x9F\x98\x80"));
}

TEST_CASE("text_rope: chunks never split a code point and metrics add up") {
    std::string s;
    for (int i = 0; i < 5000; ++i) s += (i % 3 == 0) ? "\xF0\x9F\x98\x80" : (i % 3 == 1 ? "\xE4\xB8\xAD" : "x");
    text_rope r(s);
    CHECK(r.check_invariants());
    CHECK(r.size_code_points() == 5000);
    CHECK(r.size_utf16() == 5000 + 1667);
    CHECK(r.byte_of_code_point(3) == 8);
    CHECK(r.metrics_before(8) == schemes::text_metrics{8, 3, 4});
}

TEST_CASE("text_rope: every UTF-16 and code point offset locates its byte (chunk scans over long runs)") {
    REFOLD_SEEDED_RNG(rng);
    for (std::size_t round = 0; round < test::cases(12); ++round) {
        // Long ASCII runs (whole 64- and 16-byte blocks) mixed with multi-byte characters.
        // Every third round is pure ASCII (chunks located without a scan), every third
        // mostly 4-byte characters (blocks that start more units than bytes).
        std::string s;
        std::size_t target = std::uniform_int_distribution<std::size_t>(0, 5000)(rng);
        std::size_t flavour = round % 3;
        while (s.size() < target) {
            if (flavour == 1 || rng() % 3 == 0)
                s += std::string(std::uniform_int_distribution<std::size_t>(1, 150)(rng), 'x');
            else if (flavour == 2 && rng() % 4 != 0)
                s += "\xF0\x9F\x98\x80";
            else
                s += pieces[std::uniform_int_distribution<std::size_t>(0, std::size(pieces) - 1)(rng)];
        }
        text_rope r(s);
        auto b = boundaries_of(s);
        for (std::size_t p = 0; p < b.u16.size(); ++p) {
            auto loc = r.locate_utf16(p);
            if (b.u16[p] == std::string::npos) {
                REQUIRE(loc.inside_pair);
                REQUIRE(loc.byte == b.u16[p - 1]);
            } else {
                REQUIRE(!loc.inside_pair);
                REQUIRE(loc.byte == b.u16[p]);
            }
        }
        for (std::size_t p = 0; p < b.cp.size(); ++p) REQUIRE(r.byte_of_code_point(p) == b.cp[p]);
    }
}
