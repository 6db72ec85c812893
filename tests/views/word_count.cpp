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
