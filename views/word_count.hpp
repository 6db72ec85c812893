// Word count of a text as a monoid over text segments.
//
// word_summary::of(chunk) summarises one piece of UTF-8 text; `a + b` summarises the
// concatenation, carrying the state at the edges (does a word run across the seam? does the
// left side end with a newline?) so a tree of chunks folds to the count of the whole text
// no matter where the chunk edges fall. Identity: word_summary{}.
//
// Definitions (the oracle in tests/views/word_count.cpp restates them independently):
//   words       — maximal runs of bytes that are not ASCII whitespace (" \t\n\v\f\r");
//   code_points — UTF-8 code points (bytes that are not continuation bytes 10xxxxxx);
//   lines       — number of '\n', plus one if the text is non-empty and does not end in '\n'.
#pragma once

#include <cstdint>
#include <string_view>

namespace refold::views {

struct word_count {
    std::uint64_t words = 0;
    std::uint64_t code_points = 0;
    std::uint64_t lines = 0;
    friend bool operator==(word_count const&, word_count const&) = default;
};

struct word_summary {
    std::uint64_t bytes = 0;
    std::uint64_t code_points = 0;
    std::uint64_t newlines = 0;
    std::uint64_t words = 0;        // runs inside the segment, a run cut by an edge counted once
    bool starts_in_word = false;    // first byte is a word byte
    bool ends_in_word = false;      // last byte is a word byte
    bool ends_with_newline = false;

    [[nodiscard]] static word_summary of(std::string_view text) noexcept;
    [[nodiscard]] word_count finish() const noexcept {
        return {words, code_points, newlines + ((bytes > 0 && !ends_with_newline) ? 1u : 0u)};
    }
    friend word_summary operator+(word_summary const& a, word_summary const& b) noexcept;
    friend bool operator==(word_summary const&, word_summary const&) = default;
};

[[nodiscard]] constexpr bool is_ascii_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// The from-scratch fold: word_summary::of(text).finish().
[[nodiscard]] word_count count_words(std::string_view text) noexcept;

}  // namespace refold::views
