// Markdown ATX headings, and a line-summary monoid that finds them from chunk summaries.
//
// parse_atx(line) recognises one ATX heading line (CommonMark §4.2, within reason: up to
// three spaces of indentation, 1–6 '#', then a space, tab or the end of the line; the title is
// trimmed and an optional closing run of '#' preceded by a space is removed). Setext headings,
// code blocks and containers are not considered.
//
// line_summary is a monoid over text segments: a segment is cut at '\n' into a head (bytes
// before the first '\n'), complete lines, and a tail (bytes after the last '\n'). Complete
// lines are classified on the spot; the head and tail keep their first bytes (enough to
// classify them) and a polynomial hash, so `a + b` classifies the line that a chunk edge cut
// in two. finish() treats the segment as a whole document: its head and tail are lines too.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace refold::views {

struct atx_heading {
    unsigned level = 0;       // 1..6
    std::string_view title;   // a view into the parsed line
};

// `line` excludes its '\n'; a trailing '\r' is treated as part of the line ending.
[[nodiscard]] std::optional<atx_heading> parse_atx(std::string_view line) noexcept;

// A heading of a document: level, title and the byte offset where its line starts.
struct heading {
    unsigned level = 0;
    std::string title;
    std::uint64_t offset = 0;
    friend bool operator==(heading const&, heading const&) = default;
};

// From scratch: every ATX heading of `text`, in order.
[[nodiscard]] std::vector<heading> headings_of(std::string_view text);

// A piece of one line (no '\n'): its length, first bytes and hash.
struct line_piece {
    static constexpr std::size_t prefix_capacity = 12;
    std::uint64_t len = 0;
    std::uint64_t hash = 0;   // sum of (byte_i + 1) * B^(len-1-i) mod 2^64
    std::uint64_t pow = 1;    // B^len mod 2^64
    std::uint8_t n = 0;       // min(len, prefix_capacity)
    char prefix[prefix_capacity] = {};

    [[nodiscard]] static line_piece of(std::string_view bytes) noexcept;
    [[nodiscard]] std::string_view known_prefix() const noexcept { return {prefix, n}; }
    // The heading level of the line this piece is all of, or 0.
    [[nodiscard]] unsigned heading_level() const noexcept;
    friend line_piece operator+(line_piece const& a, line_piece const& b) noexcept;
    friend bool operator==(line_piece const& a, line_piece const& b) noexcept {
        return a.len == b.len && a.hash == b.hash && a.known_prefix() == b.known_prefix();
    }
};

// What the outline of a whole document depends on: how many headings, and a hash of the
// sequence of heading lines (an outline view uses it as its cutoff).
struct outline_digest {
    std::uint64_t headings = 0;
    std::uint64_t hash = 0;
    friend bool operator==(outline_digest const&, outline_digest const&) = default;
};

struct line_summary {
    bool has_newline = false;
    line_piece head;               // before the first '\n' (all of it without one)
    line_piece tail;               // after the last '\n'
    std::uint64_t headings = 0;    // complete heading lines strictly inside
    std::uint64_t list_hash = 0;   // hash of their line hashes, in order
    std::uint64_t list_pow = 1;    // C^headings

    [[nodiscard]] static line_summary of(std::string_view text) noexcept;
    // Headings of the segment read as a whole document (head and tail are lines).
    [[nodiscard]] outline_digest finish() const noexcept;
    friend line_summary operator+(line_summary const& a, line_summary const& b) noexcept;
    friend bool operator==(line_summary const&, line_summary const&) = default;
};

// The digest computed from scratch (line by line, not through the monoid).
[[nodiscard]] outline_digest outline_digest_of(std::string_view text) noexcept;

}  // namespace refold::views
