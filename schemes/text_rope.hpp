// text_rope: a persistent rope of UTF-8 text that knows its length in bytes, code points
// and UTF-16 code units at every node.
//
// Text is stored as UTF-8 in chunks cut only at code point boundaries; each node's summary
// is a text_metrics. Positions can be given in bytes, code points or UTF-16 units (the unit
// Yjs counts in, see DESIGN.md §5); conversions descend the tree in O(log n) and scan one
// chunk. The *_utf16 edits follow Yjs's surrogate rule: an offset that falls between the
// two UTF-16 units of a 4-byte character splits it into two U+FFFD (one unit each), so
// lengths in UTF-16 never change, exactly as a Yjs replica splitting that item would.
// A Yjs-style delta (retain r / insert s / delete d, counted in UTF-16) applies as
// insert_utf16(pos, s) and erase_utf16(pos, d) while pos advances by r and size16(s).
//
// Invalid UTF-8 throws text_error [schemes.text.1]; a byte offset that is not a code point
// boundary throws text_error [schemes.text.2]; positions past the end throw rope_error
// [schemes.rope.1]. The rope is unchanged in every case (values are immutable).
#pragma once

#include <schemes/rope.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace refold::schemes {

struct text_metrics {
    std::size_t bytes = 0;
    std::size_t code_points = 0;
    std::size_t utf16 = 0;
    friend bool operator==(text_metrics, text_metrics) = default;
};

// The metrics of valid UTF-8 text (not validated here).
[[nodiscard]] text_metrics measure_utf8(std::string_view s) noexcept;
// True when s is well-formed UTF-8 (no overlongs, surrogates, or values past U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view s) noexcept;

struct text_traits {
    using value_type = char;
    using summary_type = text_metrics;
    static constexpr std::size_t max_chunk = 512;
    static text_metrics measure(std::span<char const> s) noexcept {
        return measure_utf8(std::string_view(s.data(), s.size()));
    }
    static text_metrics combine(text_metrics a, text_metrics b) noexcept {
        return {a.bytes + b.bytes, a.code_points + b.code_points, a.utf16 + b.utf16};
    }
    static text_metrics difference(text_metrics a, text_metrics b) noexcept {
        return {a.bytes - b.bytes, a.code_points - b.code_points, a.utf16 - b.utf16};
    }
    static std::size_t size(text_metrics m) noexcept { return m.bytes; }
    // The code point boundary at or before want (after it if none is before).
    static std::size_t split_point(std::span<char const> s, std::size_t want) noexcept;
};

class text_rope {
public:
    using bytes_rope = basic_rope<text_traits>;
    using node_type = bytes_rope::node_type;
    template <class R>
    using layer = bytes_rope::layer<R>;

    text_rope() = default;
    explicit text_rope(std::string_view utf8);

    [[nodiscard]] text_metrics const& metrics() const noexcept { return rope_.summary(); }
    [[nodiscard]] std::size_t size_bytes() const noexcept { return metrics().bytes; }
    [[nodiscard]] std::size_t size_code_points() const noexcept { return metrics().code_points; }
    [[nodiscard]] std::size_t size_utf16() const noexcept { return metrics().utf16; }
    [[nodiscard]] bool empty() const noexcept { return rope_.empty(); }
    [[nodiscard]] std::string str() const;
    [[nodiscard]] node_type const& root() const noexcept { return rope_.root(); }
    [[nodiscard]] bytes_rope const& bytes() const noexcept { return rope_; }

    // Edits by byte offset (offsets must be code point boundaries). As for basic_rope, the
    // && overloads (`t = std::move(t).insert(...)`) edit the nodes only *this holds in place.
    [[nodiscard]] text_rope insert(std::size_t byte_pos, std::string_view utf8) const&;
    [[nodiscard]] text_rope insert(std::size_t byte_pos, std::string_view utf8) &&;
    [[nodiscard]] text_rope erase(std::size_t byte_from, std::size_t byte_to) const&;
    [[nodiscard]] text_rope erase(std::size_t byte_from, std::size_t byte_to) &&;
    [[nodiscard]] text_rope replace(std::size_t byte_from, std::size_t byte_to, std::string_view utf8) const;
    [[nodiscard]] std::pair<text_rope, text_rope> split(std::size_t byte_pos) const;
    [[nodiscard]] friend text_rope concat(text_rope const& a, text_rope const& b) {
        return text_rope(concat(a.rope_, b.rope_));
    }

    // Edits by UTF-16 offset and length, with Yjs's surrogate rule.
    [[nodiscard]] text_rope insert_utf16(std::size_t pos, std::string_view utf8) const&;
    [[nodiscard]] text_rope insert_utf16(std::size_t pos, std::string_view utf8) &&;
    [[nodiscard]] text_rope erase_utf16(std::size_t pos, std::size_t len) const&;
    [[nodiscard]] text_rope erase_utf16(std::size_t pos, std::size_t len) &&;
    // Edits by code point offset and length.
    [[nodiscard]] text_rope insert_code_points(std::size_t pos, std::string_view utf8) const;
    [[nodiscard]] text_rope erase_code_points(std::size_t pos, std::size_t len) const;

    // The byte offset of a UTF-16 offset; `inside_pair` when it falls between the two
    // units of a 4-byte character (then `byte` is that character's first byte).
    struct utf16_location {
        std::size_t byte = 0;
        bool inside_pair = false;
    };
    [[nodiscard]] utf16_location locate_utf16(std::size_t pos) const;
    [[nodiscard]] std::size_t byte_of_code_point(std::size_t pos) const;
    // The metrics of the first byte_pos bytes (a code point boundary).
    [[nodiscard]] text_metrics metrics_before(std::size_t byte_pos) const;

    [[nodiscard]] bool check_invariants() const;
    [[nodiscard]] bool same_as(text_rope const& o) const noexcept { return rope_.same_as(o.rope_); }

private:
    explicit text_rope(bytes_rope r) : rope_(std::move(r)) {}
    void check_boundary(std::size_t byte_pos, char const* op) const;
    // Applies the surrogate rule at a UTF-16 offset: the rope and the offset's byte.
    [[nodiscard]] std::pair<text_rope, std::size_t> cut_at_utf16(std::size_t pos) const;

    bytes_rope rope_;
};

}  // namespace refold::schemes
