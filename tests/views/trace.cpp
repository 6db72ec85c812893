// Tests views/trace: the editing-trace reader (JSON and gzip), its typed errors, and a replay
// of the real traces in ../shared/traces against their endContent.
#include <views/trace.hpp>

#include <tests/support/shared_data.hpp>

#include <catch2/catch.hpp>
#include <zlib.h>

#include <filesystem>
#include <fstream>

using namespace refold::views;

namespace {

std::vector<std::uint8_t> gzip(std::string const& s) {
    z_stream zs{};
    REQUIRE(deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::vector<std::uint8_t> out(deflateBound(&zs, static_cast<uLong>(s.size())) + 32);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
    zs.avail_in = static_cast<uInt>(s.size());
    zs.next_out = out.data();
    zs.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

std::string expect_error(auto&& f) {
    try {
        f();
    } catch (trace_error const& e) {
        return e.what();
    }
    FAIL("no trace_error thrown");
    return {};
}

// Applies a sequential trace's patches to a UTF-32 string (positions are code points).
std::u32string replay(editing_trace const& t) {
    std::u32string doc;
    auto decode = [](std::string const& s) {
        std::u32string out;
        for (std::size_t i = 0; i < s.size();) {
            auto c = static_cast<unsigned char>(s[i]);
            std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
            for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
            out.push_back(cp);
            i += len;
        }
        return out;
    };
    for (auto const& tx : t.txns)
        for (auto const& p : tx.patches) {
            if (p.pos + p.del > doc.size()) FAIL("patch [" << p.pos << ", " << p.del << "] past the end " << doc.size());
            doc.replace(p.pos, p.del, decode(p.ins));
        }
    REQUIRE(doc == decode(t.end_content));
    return doc;
}

}  // namespace

TEST_CASE("a sequential trace parses", "[views][trace]") {
    auto t = parse_trace(R"({"startContent":"","endContent":"hé!","txns":[
        {"time":"x","patches":[[0,0,"hx"]]},{"patches":[[1,1,"é"],[2,0,"!"]]}]})");
    CHECK_FALSE(t.concurrent);
    REQUIRE(t.txns.size() == 2);
    CHECK(t.patch_count() == 3);
    CHECK(t.txns[1].patches[0].pos == 1);
    CHECK(t.txns[1].patches[0].del == 1);
    CHECK(t.txns[1].patches[0].ins == "\xc3\xa9");
    replay(t);
}

TEST_CASE("a concurrent trace parses with agents and parents", "[views][trace]") {
    auto t = parse_trace(R"({"kind":"concurrent","numAgents":2,"endContent":"ab","txns":[
        {"parents":[],"agent":0,"patches":[[0,0,"a"]]},
        {"parents":[0],"agent":1,"patches":[[1,0,"b"]]}]})");
    CHECK(t.concurrent);
    CHECK(t.agents == 2);
    CHECK(t.txns[1].agent == 1);
    CHECK(t.txns[1].parents == std::vector<std::size_t>{0});
}

TEST_CASE("bad traces give typed errors with stable ids", "[views][trace]") {
    CHECK_THAT(expect_error([] { parse_trace("{\"endContent\": "); }), Catch::StartsWith("[views.trace.3]"));
    CHECK_THAT(expect_error([] { parse_trace("[1,2]"); }), Catch::StartsWith("[views.trace.4]"));
    // Found by fuzz_trace_json: a number too large for any JSON number type.
    CHECK_THAT(expect_error([] { parse_trace(R"({"endContent":"","txns":[{"patches":[[88e00001876065816,0,""]]}]})"); }),
               Catch::StartsWith("[views.trace.3]"));
    CHECK_THAT(expect_error([] { parse_trace(R"({"endContent":"","txns":[{"patches":[[0,-1,"x"]]}]})"); }),
               Catch::StartsWith("[views.trace.4]"));
    CHECK_THAT(expect_error([] { parse_trace(R"({"endContent":"","txns":[{"patches":[[0,0]]}]})"); }),
               Catch::StartsWith("[views.trace.4]"));
    CHECK_THAT(expect_error([] {
                   parse_trace(R"({"kind":"concurrent","numAgents":1,"endContent":"","txns":[
                       {"parents":[0],"agent":0,"patches":[]}]})");
               }),
               Catch::StartsWith("[views.trace.4]"));
    // Found by fuzz_trace_json: "kind" that is not a string (here an array, the last of two keys).
    CHECK_THAT(expect_error([] {
                   parse_trace(R"({"kind":"concurrent","numAgents":2,"endContent":"ab","kind":[{"parents":[],"patches":[[1,0,"b"]]}]})");
               }),
               Catch::StartsWith("[views.trace.4]"));
    CHECK_THAT(expect_error([] { read_trace("/nonexistent/trace.json.gz"); }), Catch::StartsWith("[views.trace.1]"));

    auto good = gzip(R"({"endContent":"","txns":[]})");
    CHECK(gunzip(good) == R"({"endContent":"","txns":[]})");
    auto truncated = good;
    truncated.resize(good.size() / 2);
    CHECK_THAT(expect_error([&] { gunzip(truncated); }), Catch::StartsWith("[views.trace.2]"));
    std::vector<std::uint8_t> garbage{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef};
    CHECK_THAT(expect_error([&] { gunzip(garbage); }), Catch::StartsWith("[views.trace.2]"));
    // A gzip bomb stops at the limit instead of allocating without bound.
    auto bomb = gzip(std::string(1 << 20, 'x'));
    CHECK_THAT(expect_error([&] { gunzip(bomb, trace_limits{1 << 16}); }), Catch::StartsWith("[views.trace.5]"));

    auto file = std::filesystem::temp_directory_path() / "refold-trace-test.json.gz";
    {
        std::ofstream out(file, std::ios::binary);
        out.write(reinterpret_cast<const char*>(truncated.data()), static_cast<std::streamsize>(truncated.size()));
    }
    CHECK_THAT(expect_error([&] { read_trace(file.string()); }), Catch::StartsWith("[views.trace.2]"));
    std::filesystem::remove(file);
}

TEST_CASE("UTF-16 offsets of code-point positions", "[views][trace]") {
    std::string s = "a\xc3\xa9\xf0\x9f\x98\x80z";  // a é 😀 z
    CHECK(utf16_offset(s, 0) == 0);
    CHECK(utf16_offset(s, 2) == 2);
    CHECK(utf16_offset(s, 3) == 4);
    CHECK(utf16_offset(s, 4) == 5);
    CHECK(utf16_offset(s, 99) == 5);
    CHECK(code_points(s) == 4);
    CHECK(utf16_length(s) == 5);
}

TEST_CASE("every sequential trace in ../shared replays to its endContent", "[views][trace]") {
    auto dir = refold::test::shared_dir() / "traces" / "sequential";
    if (!std::filesystem::exists(dir)) {
        WARN("skipped: " << dir << " is absent");
        return;
    }
    std::size_t n = 0;
    for (auto const& f : std::filesystem::directory_iterator(dir)) {
        if (f.path().extension() != ".gz") continue;
        INFO(f.path().filename().string());
        auto t = read_trace(f.path().string());
        CHECK_FALSE(t.concurrent);
        replay(t);
        if (f.path().filename() == "automerge-paper.json.gz") CHECK(t.patch_count() == 259'778);
        ++n;
    }
    CHECK(n >= 6);
}
