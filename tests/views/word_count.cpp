#include <views/word_count.hpp>

#include <tests/support/random.hpp>
#include <tests/views/gen.hpp>

#include <sstream>

using namespace refold::views;

namespace {

// The oracle: words by stream extraction (C locale whitespace), code points by lead bytes,
// lines by counting '\n' plus an unterminated last line.
word_count oracle(std::string const& s) {
    word_count wc;
    std::istringstream in(s);
    in.imbue(std::locale::classic());
    std::string w;
    while (in >> w) ++wc.words;
    for (char c : s)
        if (auto const u = static_cast<unsigned char>(c); u < 0x80 || u >= 0xC0) ++wc.code_points;
    for (char c : s)
        if (c == '\n') ++wc.lines;
    if (!s.empty() && s.back() != '\n') ++wc.lines;
    return wc;
}

}  // namespace

TEST_CASE("word count: fixed cases", "[views][word_count]") {
    CHECK(count_words("") == word_count{0, 0, 0});
    CHECK(count_words("hello") == word_count{1, 5, 1});
    CHECK(count_words("hello world\n") == word_count{2, 12, 1});
    CHECK(count_words("a\n\nb") == word_count{2, 4, 3});
    CHECK(count_words("  é日本 😀 ") == word_count{2, 8, 1});
    CHECK(count_words("\n") == word_count{0, 1, 1});
}

TEST_CASE("word count: the monoid over random chunkings equals the oracle", "[views][word_count]") {
    REFOLD_SEEDED_RNG(rng);
    for (std::size_t round = 0; round < refold::test::cases(500); ++round) {
        std::string const s = refold::test::random_markdown(rng, round % 60);
        std::vector<word_summary> parts;
        for (auto c : refold::test::random_chunks(rng, s)) parts.push_back(word_summary::of(c));
        word_summary const folded = refold::test::fold_tree(rng, parts, 0, parts.size());
        INFO("text: " << s);
        CHECK(folded.finish() == oracle(s));
        CHECK(folded == word_summary::of(s));
        CHECK(count_words(s) == oracle(s));
    }
}

TEST_CASE("word count: identity and associativity", "[views][word_count]") {
    REFOLD_SEEDED_RNG(rng);
    for (std::size_t round = 0; round < refold::test::cases(300); ++round) {
        auto a = word_summary::of(refold::test::random_markdown(rng, 5));
        auto b = word_summary::of(refold::test::random_markdown(rng, 5));
        auto c = word_summary::of(refold::test::random_markdown(rng, 5));
        CHECK(a + word_summary{} == a);
        CHECK(word_summary{} + a == a);
        CHECK((a + b) + c == a + (b + c));
    }
}

TEST_CASE("word count: the block-wise summary equals the byte-by-byte definition on any bytes", "[views][word_count]") {
    // Every whitespace kind, the bytes around them, ASCII, UTF-8 lead and continuation bytes
    // (valid or not: of() counts bytes, it does not validate), at every length and alignment.
    static constexpr unsigned char alphabet[] = {' ', '\t', '\n', '\v', '\f', '\r', 0x08, 0x0E, 0x1F, 0x21, 'a', 'Z', '#',
                                                 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xA9, 0xE6, 0x97, 0xA5, 0xF0, 0x9F, 0xFF, 0x00};
    REFOLD_SEEDED_RNG(rng);
    for (std::size_t round = 0; round < refold::test::cases(3000); ++round) {
        std::size_t const len = rng() % 8 == 0 ? rng() % 6000 : rng() % 80;  // long ones: counters summed in runs
        std::string buf(len + 16, 'x');
        std::size_t const off = rng() % 16;
        bool const runs = rng() % 2 == 0;  // long runs of one class, or noise
        for (std::size_t i = 0; i < len; ++i) {
            if (runs && i > 0 && rng() % 4 != 0) buf[off + i] = buf[off + i - 1];
            else buf[off + i] = static_cast<char>(alphabet[rng() % std::size(alphabet)]);
        }
        std::string_view const s(buf.data() + off, len);
        word_summary bytewise;
        for (char c : s) bytewise = bytewise + word_summary::of(std::string_view(&c, 1));
        INFO("length " << len << " offset " << off);
        CHECK(word_summary::of(s) == bytewise);
        CHECK(word_summary::of(s).finish() == oracle(std::string(s)));
    }
}
