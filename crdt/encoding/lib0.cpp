#include <crdt/encoding/lib0.hpp>

#include <bit>
#include <cstring>

namespace refold::crdt::encoding {

namespace {
[[noreturn]] void eof() { throw decode_error("[crdt.decode.1] unexpected end of input"); }
}  // namespace

std::uint8_t reader::read_u8() {
    if (pos_ >= data_.size()) eof();
    return data_[pos_++];
}

std::uint64_t reader::read_var_uint() {
    std::uint64_t value = 0;
    unsigned shift = 0;
    for (;;) {
        std::uint8_t b = read_u8();
        if (shift >= 56) throw decode_error("[crdt.decode.2] varUint out of range (above 2^53-1)");
        value |= std::uint64_t{static_cast<std::uint8_t>(b & 0x7F)} << shift;
        if (value > max_safe_integer) throw decode_error("[crdt.decode.2] varUint out of range (above 2^53-1)");
        if ((b & 0x80) == 0) return value;
        shift += 7;
    }
}

var_int reader::read_var_int() {
    std::uint8_t b = read_u8();
    var_int r;
    r.negative = (b & 0x40) != 0;
    r.magnitude = b & 0x3F;
    unsigned shift = 6;
    while ((b & 0x80) != 0) {
        b = read_u8();
        if (shift >= 55) throw decode_error("[crdt.decode.2] varInt out of range (above 2^53-1)");
        r.magnitude |= std::uint64_t{static_cast<std::uint8_t>(b & 0x7F)} << shift;
        if (r.magnitude > max_safe_integer) throw decode_error("[crdt.decode.2] varInt out of range (above 2^53-1)");
        shift += 7;
    }
    return r;
}

std::span<const std::uint8_t> reader::read_raw(std::size_t n) {
    if (n > remaining()) eof();
    auto s = data_.subspan(pos_, n);
    pos_ += n;
    return s;
}

std::span<const std::uint8_t> reader::read_var_bytes() {
    std::uint64_t n = read_var_uint();
    if (n > remaining()) eof();
    return read_raw(static_cast<std::size_t>(n));
}

std::string_view reader::read_var_string() {
    auto b = read_var_bytes();
    std::string_view s(reinterpret_cast<const char*>(b.data()), b.size());
    if (!valid_utf8(s)) throw decode_error("[crdt.decode.3] invalid UTF-8 in string at byte " + std::to_string(pos_ - b.size()));
    return s;
}

float reader::read_f32_be() {
    auto b = read_raw(4);
    std::uint32_t u = (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
    return std::bit_cast<float>(u);
}

double reader::read_f64_be() {
    auto b = read_raw(8);
    std::uint64_t u = 0;
    for (auto x : b) u = (u << 8) | x;
    return std::bit_cast<double>(u);
}

std::int64_t reader::read_i64_be() {
    auto b = read_raw(8);
    std::uint64_t u = 0;
    for (auto x : b) u = (u << 8) | x;
    return std::bit_cast<std::int64_t>(u);
}

void reader::check_count(std::uint64_t count, std::size_t min_bytes) const {
    if (min_bytes != 0 && count > remaining() / min_bytes)
        throw decode_error("[crdt.decode.7] count " + std::to_string(count) + " exceeds the remaining input");
}

void writer::write_var_uint(std::uint64_t v) {
    while (v > 0x7F) {
        buf_.push_back(static_cast<std::uint8_t>(0x80 | (v & 0x7F)));
        v >>= 7;
    }
    buf_.push_back(static_cast<std::uint8_t>(v));
}

void writer::write_var_int(std::int64_t v, bool negative_zero) {
    bool neg = v < 0 || (v == 0 && negative_zero);
    std::uint64_t m = v < 0 ? static_cast<std::uint64_t>(-(v + 1)) + 1 : static_cast<std::uint64_t>(v);
    buf_.push_back(static_cast<std::uint8_t>((m > 0x3F ? 0x80 : 0) | (neg ? 0x40 : 0) | (m & 0x3F)));
    m >>= 6;
    while (m > 0) {
        buf_.push_back(static_cast<std::uint8_t>((m > 0x7F ? 0x80 : 0) | (m & 0x7F)));
        m >>= 7;
    }
}

void writer::write_var_string(std::string_view s) {
    write_var_uint(s.size());
    buf_.insert(buf_.end(), s.begin(), s.end());
}

void writer::write_var_bytes(std::span<const std::uint8_t> b) {
    write_var_uint(b.size());
    write_raw(b);
}

void writer::write_f32_be(float v) {
    auto u = std::bit_cast<std::uint32_t>(v);
    for (int i = 3; i >= 0; --i) buf_.push_back(static_cast<std::uint8_t>(u >> (8 * i)));
}

void writer::write_f64_be(double v) {
    auto u = std::bit_cast<std::uint64_t>(v);
    for (int i = 7; i >= 0; --i) buf_.push_back(static_cast<std::uint8_t>(u >> (8 * i)));
}

void writer::write_i64_be(std::int64_t v) {
    auto u = std::bit_cast<std::uint64_t>(v);
    for (int i = 7; i >= 0; --i) buf_.push_back(static_cast<std::uint8_t>(u >> (8 * i)));
}

// ---- UTF helpers

bool valid_utf8(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t n = s.size(), i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) { ++i; continue; }
        std::size_t len;
        std::uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1Fu; }
        else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0Fu; }
        else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07u; }
        else return false;
        if (i + len > n) return false;
        for (std::size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (p[i + k] & 0x3Fu);
        }
        if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return false;
        if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return false;
        i += len;
    }
    return true;
}

std::uint64_t utf16_length(std::string_view s) noexcept {
    std::uint64_t units = 0;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if ((c & 0xC0) != 0x80) units += (c >= 0xF0) ? 2 : 1;
    }
    return units;
}

std::size_t utf16_to_byte_offset(std::string_view s, std::uint64_t units, bool& inside_pair) noexcept {
    inside_pair = false;
    std::size_t i = 0;
    std::uint64_t u = 0;
    while (i < s.size() && u < units) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        std::uint64_t w = len == 4 ? 2 : 1;
        if (u + w > units) { inside_pair = true; return i; }
        u += w;
        i += len;
    }
    return i;
}

std::uint64_t code_points_to_utf16(std::string_view s, std::uint64_t cp) noexcept {
    std::uint64_t units = 0, seen = 0;
    for (std::size_t i = 0; i < s.size() && seen < cp; ++seen) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        units += len == 4 ? 2 : 1;
        i += len;
    }
    return units;
}

std::string to_hex(std::string_view bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (char ch : bytes) {
        auto c = static_cast<unsigned char>(ch);
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) out.push_back(static_cast<char>(cp));
    else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string split_utf16(std::string& s, std::uint64_t k) {
    bool inside = false;
    std::size_t at = utf16_to_byte_offset(s, k, inside);
    if (!inside) {
        std::string right = s.substr(at);
        s.resize(at);
        return right;
    }
    std::string right = "\xEF\xBF\xBD";
    right.append(s, at + 4, std::string::npos);
    s.resize(at);
    s += "\xEF\xBF\xBD";
    return right;
}

std::string slice_utf16(std::string_view s, std::uint64_t k) {
    bool inside = false;
    std::size_t at = utf16_to_byte_offset(s, k, inside);
    if (!inside) return std::string(s.substr(at));
    std::string r = "\xEF\xBF\xBD";
    r.append(s.substr(at + 4));
    return r;
}

}  // namespace refold::crdt::encoding
