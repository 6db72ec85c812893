// lib0 primitives as used by Yjs v1 updates (SPEC §1): varUint, varInt (sign-magnitude),
// varString (UTF-8, strictly validated), varBytes and big-endian fixed-width numbers.
//
// `reader` never allocates more than the remaining input can justify: every length read
// from the input is checked against the bytes left before anything is copied.
#pragma once

#include <crdt/errors.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace refold::crdt::encoding {

// Malformed or unsupported input. Message ids (stable):
//   [crdt.decode.1] unexpected end of input      [crdt.decode.2] integer out of range
//   [crdt.decode.3] invalid UTF-8                [crdt.decode.4] unknown `any` tag
//   [crdt.decode.5] unsupported content          [crdt.decode.6] unknown type ref
//   [crdt.decode.7] count exceeds input          [crdt.decode.8] invalid struct
//   [crdt.decode.9] invalid reference            [crdt.decode.10] invalid JSON text
//   [crdt.decode.11] nesting too deep            [crdt.decode.12] invalid message
class decode_error : public crdt::error {
public:
    using crdt::error::error;
};
// Content kinds Yjs cannot read (yrs Move, ref 11; unknown refs): "[crdt.decode.5] ...".
class unsupported_content : public decode_error {
public:
    using decode_error::decode_error;
};

inline constexpr std::uint64_t max_safe_integer = (std::uint64_t{1} << 53) - 1;

// A signed varInt as lib0 writes it; `negative` with magnitude 0 is JavaScript's -0.
struct var_int {
    std::uint64_t magnitude = 0;
    bool negative = false;
};

class reader {
public:
    explicit reader(std::span<const std::uint8_t> bytes) : data_(bytes) {}

    std::uint8_t read_u8();
    std::uint64_t read_var_uint();  // rejects values above 2^53-1
    var_int read_var_int();
    std::string_view read_var_string();                 // validated UTF-8 (a view into input)
    std::span<const std::uint8_t> read_var_bytes();
    std::span<const std::uint8_t> read_raw(std::size_t n);
    float read_f32_be();
    double read_f64_be();
    std::int64_t read_i64_be();

    std::size_t remaining() const noexcept { return data_.size() - pos_; }
    std::size_t position() const noexcept { return pos_; }
    bool at_end() const noexcept { return pos_ == data_.size(); }
    // Throws [crdt.decode.7] when `count` items of at least `min_bytes` each cannot fit.
    void check_count(std::uint64_t count, std::size_t min_bytes) const;

private:
    std::span<const std::uint8_t> data_;
    std::size_t pos_ = 0;
};

class writer {
public:
    void write_u8(std::uint8_t v) { buf_.push_back(v); }
    void write_var_uint(std::uint64_t v);
    void write_var_int(std::int64_t v, bool negative_zero = false);
    void write_var_string(std::string_view s);  // assumes valid UTF-8
    void write_var_bytes(std::span<const std::uint8_t> b);
    void write_raw(std::span<const std::uint8_t> b) { buf_.insert(buf_.end(), b.begin(), b.end()); }
    void write_f32_be(float v);
    void write_f64_be(double v);
    void write_i64_be(std::int64_t v);

    std::vector<std::uint8_t> const& bytes() const& noexcept { return buf_; }
    std::vector<std::uint8_t> take() && noexcept { return std::move(buf_); }
    std::size_t size() const noexcept { return buf_.size(); }

private:
    std::vector<std::uint8_t> buf_;
};

// ---- UTF-8 / UTF-16 helpers (text is UTF-8 in memory, lengths are UTF-16 units)

bool valid_utf8(std::string_view s) noexcept;
// UTF-16 length of valid UTF-8 text (4-byte sequences count 2 units).
std::uint64_t utf16_length(std::string_view s) noexcept;
// Byte offset of UTF-16 unit `units` in valid UTF-8 text. When `units` falls between the two
// halves of a surrogate pair, returns the offset of that 4-byte sequence and sets `inside_pair`.
std::size_t utf16_to_byte_offset(std::string_view s, std::uint64_t units, bool& inside_pair) noexcept;
// Splits valid UTF-8 text at UTF-16 unit k as Yjs does: a cut inside a surrogate pair turns
// both halves into U+FFFD (each keeps one unit). Returns the right part; `s` keeps the left.
std::string split_utf16(std::string& s, std::uint64_t k);
// The text from UTF-16 unit k on (a plain slice; a cut pair becomes U+FFFD, as TextEncoder does).
std::string slice_utf16(std::string_view s, std::uint64_t k);
// UTF-16 offset of code point `cp` in valid UTF-8 text (clamped to the end).
std::uint64_t code_points_to_utf16(std::string_view s, std::uint64_t cp) noexcept;
// Lower-case hex of raw bytes.
std::string to_hex(std::string_view bytes);
// Encodes one code point as UTF-8 (used for U+FFFD and JSON escapes).
void append_utf8(std::string& out, std::uint32_t cp);

}  // namespace refold::crdt::encoding
