// internal; see <views/text_state.hpp>
//
// Reading a text rope's bytes where an edit happened, without copying windows: each helper
// descends once to the leaf it needs and scans the chunk in place (a further descent only
// when the scan runs off the chunk). Unit <-> byte conversions are O(1) for ASCII text (the
// whole text has as many bytes as UTF-16 units exactly when every character is ASCII).
#pragma once

#include <schemes/text_rope.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace refold::views::detail {

// Appends bytes [from, to) of `t` to `out` (one descent per chunk touched).
void append_bytes(schemes::text_rope const& t, std::size_t from, std::size_t to, std::string& out);

// The leaf holding byte b (the last leaf when b is the size): its bytes and the offset of its
// first byte.
struct leaf_view {
    std::string_view bytes;
    std::size_t base = 0;
};
[[nodiscard]] leaf_view leaf_at(schemes::text_rope const& t, std::size_t b);

[[nodiscard]] inline bool is_ascii(schemes::text_rope const& t) noexcept { return t.size_bytes() == t.size_utf16(); }
// The byte offset of a UTF-16 offset (a unit inside a surrogate pair maps to its character).
[[nodiscard]] std::size_t byte_of_unit(schemes::text_rope const& t, std::uint64_t unit);
// The UTF-16 units before byte b (a code point boundary).
[[nodiscard]] std::uint64_t units_before(schemes::text_rope const& t, std::size_t b);

// The start of the line holding byte b (just after the last '\n' before b, or 0).
[[nodiscard]] std::size_t line_start(schemes::text_rope const& t, std::size_t b);
// The first '\n' at or after byte e (the size when none).
[[nodiscard]] std::size_t line_end(schemes::text_rope const& t, std::size_t e);
// Where the run of bytes satisfying `in_run` that ends at byte a begins (a when byte a - 1 is
// not in the run), and where the run that starts at byte b ends.
[[nodiscard]] std::size_t run_start(schemes::text_rope const& t, std::size_t a, bool (*in_run)(char) noexcept);
[[nodiscard]] std::size_t run_end(schemes::text_rope const& t, std::size_t b, bool (*in_run)(char) noexcept);

}  // namespace refold::views::detail
