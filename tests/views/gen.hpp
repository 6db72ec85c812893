// Random markdown-ish text and random chunkings, shared by the views tests.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace refold::test {

// Text built from pieces that stress the views: words, spaces of all kinds, newlines,
// heading markers, '#' runs, indentation, multi-byte code points.
inline std::string random_markdown(std::mt19937_64& rng, std::size_t pieces) {
    static constexpr std::string_view bits[] = {
        "word", "Alpha", "beta", "x", " ", "  ", "\t", "\n", "\n\n", "# ", "## ", "###", "####### ",
        "   # ", "    # ", "#", " ##", "\r\n", "é", "ü", "日本", "😀", "-", ".", "foo_bar", "v2", "\f", "#tag"};
    std::uniform_int_distribution<std::size_t> pick(0, std::size(bits) - 1);
    std::string s;
    for (std::size_t i = 0; i < pieces; ++i) s += bits[pick(rng)];
    return s;
}

// Cuts `s` into random chunks (at any byte: the monoids must not care).
inline std::vector<std::string_view> random_chunks(std::mt19937_64& rng, std::string_view s) {
    std::vector<std::string_view> out;
    std::uniform_int_distribution<std::size_t> len(0, 7);
    while (!s.empty()) {
        std::size_t const n = std::min(s.size(), len(rng));
        out.push_back(s.substr(0, n));
        s.remove_prefix(n);
    }
    return out;
}

// Folds summaries of chunks as a random binary tree (the monoid must be associative).
template <class S>
S fold_tree(std::mt19937_64& rng, std::vector<S> const& xs, std::size_t lo, std::size_t hi) {
    if (lo == hi) return S{};
    if (hi - lo == 1) return xs[lo];
    std::uniform_int_distribution<std::size_t> mid(lo + 1, hi - 1);
    std::size_t const m = mid(rng);
    return fold_tree(rng, xs, lo, m) + fold_tree(rng, xs, m, hi);
}

// UTF-16 offset of code point `cp` in `s`. Tests edit at code point boundaries: an edit
// between the two halves of a surrogate pair makes Yjs replace both halves by U+FFFD, which
// no delta reports (see the views report), so a mirror cannot follow it.
inline std::uint64_t utf16_of(std::string_view s, std::size_t cp) {
    std::uint64_t units = 0;
    std::size_t seen = 0;
    for (std::size_t i = 0; i < s.size() && seen < cp;) {
        auto const u = static_cast<unsigned char>(s[i]);
        std::size_t const len = u < 0x80 ? 1 : u < 0xE0 ? 2 : u < 0xF0 ? 3 : 4;
        units += len == 4 ? 2 : 1;
        i += len;
        ++seen;
    }
    return units;
}

// Code points of UTF-8 text.
inline std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) ++n;
    return n;
}

}  // namespace refold::test

#include <views/inverted_index.hpp>
#include <views/outline.hpp>
#include <views/word_count.hpp>

#include <catch2/catch.hpp>

namespace refold::views {
inline std::ostream& operator<<(std::ostream& o, outline_entry const& e) {
    return o << "{" << e.number << " L" << e.level << " '" << e.title << "' @" << e.offset << "}";
}
inline std::ostream& operator<<(std::ostream& o, word_count const& w) {
    return o << "{words " << w.words << ", cps " << w.code_points << ", lines " << w.lines << "}";
}
inline std::ostream& operator<<(std::ostream& o, term_count const& t) { return o << t.term << ":" << t.count; }
}  // namespace refold::views
