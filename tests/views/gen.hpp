// Random markdown-ish text and random chunkings, shared by the views tests.
#pragma once

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

}  // namespace refold::test

#include <views/inverted_index.hpp>
#include <views/outline.hpp>
#include <views/word_count.hpp>

#include <catch2/catch.hpp>

namespace Catch {
template <>
struct StringMaker<refold::views::outline_entry> {
    static std::string convert(refold::views::outline_entry const& e) {
        return "{" + e.number + " L" + std::to_string(e.level) + " '" + e.title + "' @" + std::to_string(e.offset) + "}";
    }
};
template <>
struct StringMaker<refold::views::word_count> {
    static std::string convert(refold::views::word_count const& w) {
        return "{words " + std::to_string(w.words) + ", cps " + std::to_string(w.code_points) + ", lines " +
               std::to_string(w.lines) + "}";
    }
};
template <>
struct StringMaker<refold::views::term_count> {
    static std::string convert(refold::views::term_count const& t) { return t.term + ":" + std::to_string(t.count); }
};
}  // namespace Catch
