#include <schemes/text_rope.hpp>

#include <cstdint>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <cstring>
#include <utility>

namespace refold::schemes {

namespace {

using tree = detail::rope_tree<text_traits>;
using node = tree::node;

bool is_continuation(char c) noexcept { return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U; }

std::uint64_t load8(char const* p) noexcept {
    std::uint64_t w;
    std::memcpy(&w, p, sizeof w);
    return w;
}
constexpr std::uint64_t high_bits = 0x8080808080808080ULL;

bool ascii8(char const* p) noexcept { return (load8(p) & high_bits) == 0; }

// Units that the lead bytes among 8 bytes start: one per lead byte (not 10xxxxxx), plus
// one more per 4-byte lead (1111xxxx) when counting UTF-16. A character is counted where
// its lead byte is. Per-byte flags are summed with one multiply.
template <bool Utf16>
std::size_t units8(std::uint64_t w) noexcept {
    std::uint64_t lead = (~w | (w << 1)) & high_bits;
    std::uint64_t flags = lead >> 7;
    if constexpr (Utf16) flags += (w & (w << 1) & (w << 2) & (w << 3) & high_bits) >> 7;
    return static_cast<std::size_t>((flags * 0x0101010101010101ULL) >> 56);
}

// The same for 16 bytes (SSE2), or for 64 bytes.
#if defined(__SSE2__)
template <bool Utf16>
__m128i units16_bytes(char const* p) noexcept {  // per-byte 0/1/2 units
    __m128i v = _mm_loadu_si128(reinterpret_cast<__m128i const*>(p));
    __m128i lead = _mm_cmpgt_epi8(v, _mm_set1_epi8(-65));  // signed > -65: not 10xxxxxx (-1 each)
    // 4-byte leads (0xF0 and up, unsigned): 1 each
    __m128i extra = Utf16 ? _mm_min_epu8(_mm_subs_epu8(v, _mm_set1_epi8(static_cast<char>(0xEF))), _mm_set1_epi8(1))
                          : _mm_setzero_si128();
    return _mm_sub_epi8(extra, lead);
}
std::size_t sum_bytes(__m128i acc) noexcept {
    __m128i sums = _mm_sad_epu8(acc, _mm_setzero_si128());
    return static_cast<std::size_t>(_mm_cvtsi128_si64(sums)) +
           static_cast<std::size_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
}
template <bool Utf16>
std::size_t units16(char const* p) noexcept {
    return sum_bytes(units16_bytes<Utf16>(p));
}
template <bool Utf16>
std::size_t units64(char const* p) noexcept {
    __m128i acc = units16_bytes<Utf16>(p);
    for (int j = 1; j < 4; ++j) acc = _mm_add_epi8(acc, units16_bytes<Utf16>(p + 16 * j));
    return sum_bytes(acc);
}
#else
template <bool Utf16>
std::size_t units16(char const* p) noexcept {
    return units8<Utf16>(load8(p)) + units8<Utf16>(load8(p + 8));
}
template <bool Utf16>
std::size_t units64(char const* p) noexcept {
    std::size_t n = 0;
    for (int j = 0; j < 8; ++j) n += units8<Utf16>(load8(p + 8 * j));
    return n;
}
#endif

// Within one chunk (which starts on a boundary): the byte offset of `k` code points (or
// UTF-16 units), scanning forward from byte i, before which u units start (i need not be a
// boundary: a character is counted where its lead byte is). Sets inside when k falls
// between the two units of a 4-byte character. A block of b bytes starts at most b + 1
// units (b, plus one when its last byte leads a 4-byte character, whose two units are
// counted at its lead), so whole blocks are counted while more than b units remain; the
// last few are found byte by byte, or (SSE2) in one 16-byte block at a time.
template <bool Utf16>
std::size_t scan_bytes(char const* p, std::size_t i, std::size_t n, std::size_t u, std::size_t k,
                       bool& inside) noexcept {
    for (; i < n; ++i) {
        auto b = static_cast<unsigned char>(p[i]);
        if ((b & 0xC0U) == 0x80U) continue;
        if (u >= k) break;
        std::size_t step = Utf16 && b >= 0xF0U ? 2 : 1;
        if (u + step > k) {
            inside = true;
            return i;
        }
        u += step;
    }
    return i;
}

// Whole 64- and 16-byte blocks from i while more units than a block can start remain.
template <bool Utf16>
void skip_blocks(char const* p, std::size_t n, std::size_t& i, std::size_t& u, std::size_t k) noexcept {
    while (i + 64 <= n && u + 64 < k) {
        u += units64<Utf16>(p + i);
        i += 64;
    }
    while (i + 16 <= n && u + 16 < k) {
        u += units16<Utf16>(p + i);
        i += 16;
    }
}

#if defined(__SSE2__)
// In a 16-byte block whose per-byte units are w (lanes before the scan's start zeroed):
// the first lane at which more than rem units have started, i.e. the lead byte where the
// scan stops (rem units before it; or rem - 1 and it is a 4-byte lead: then `inside`), or
// 16 when the block starts at most rem units (then `units` is their number). The running
// sums fit in a byte (at most 32), and rem is clamped below 128 for the signed compare.
[[gnu::always_inline]] inline unsigned find_in_block(__m128i w, std::size_t rem, bool& inside,
                                                     std::size_t& units) noexcept {
    __m128i c = _mm_add_epi8(w, _mm_slli_si128(w, 1));  // c[j] = w[0] + ... + w[j]
    c = _mm_add_epi8(c, _mm_slli_si128(c, 2));
    c = _mm_add_epi8(c, _mm_slli_si128(c, 4));
    c = _mm_add_epi8(c, _mm_slli_si128(c, 8));
    __m128i r = _mm_set1_epi8(static_cast<char>(rem < 100 ? rem : 100));
    auto over = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpgt_epi8(c, r)));
    if (over == 0) {
        units = static_cast<std::size_t>(_mm_extract_epi16(c, 7)) >> 8;
        return 16;
    }
    auto j = static_cast<unsigned>(__builtin_ctz(over));
    // exactly rem units before lane j, unless it was entered half-way (a 4-byte lead)
    auto exact = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_sub_epi8(c, w), r)));
    inside = ((exact >> j) & 1U) == 0;
    return j;
}

#endif

template <bool Utf16>
std::size_t scan_units_from(std::string_view s, std::size_t i, std::size_t u, std::size_t k, bool& inside) noexcept {
    std::size_t n = s.size();
    char const* p = s.data();
    inside = false;
    skip_blocks<Utf16>(p, n, i, u, k);
#if defined(__SSE2__)
    if (n < 16) return scan_bytes<Utf16>(p, i, n, u, k, inside);
    for (;;) {
        if (i >= n) return n;
        std::size_t b = i;
        __m128i w;
        if (i + 16 <= n) {
            w = units16_bytes<Utf16>(p + i);
        } else {  // the chunk's last 16 bytes, without the lanes before i
            b = n - 16;
            __m128i lane = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
            __m128i keep = _mm_cmpgt_epi8(lane, _mm_set1_epi8(static_cast<char>(i - b - 1)));
            w = _mm_and_si128(units16_bytes<Utf16>(p + b), keep);
        }
        std::size_t units = 0;
        unsigned j = find_in_block(w, k - u, inside, units);
        if (j < 16) return b + j;
        u += units;
        i = b + 16;
    }
#else
    return scan_bytes<Utf16>(p, i, n, u, k, inside);
#endif
}

// The same from the chunk's start, given the chunk's total units, from whichever end is
// nearer. A chunk with as many units as bytes is ASCII (every other character has more
// bytes than units): the offset is k itself.
template <bool Utf16>
std::size_t locate_units(std::string_view s, std::size_t total, std::size_t k, bool& inside) noexcept {
    inside = false;
    if (total == s.size()) return k < total ? k : total;
    if (k <= total / 2) return scan_units_from<Utf16>(s, 0, 0, k, inside);
    // Backwards: count the units whose lead bytes are at or after i until at least
    // total - k are; then the offset is at most one block after i, found forwards.
    std::size_t need = total - k, i = s.size(), u = 0;
    char const* p = s.data();
    while (i >= 64 && u + 64 < need) {
        i -= 64;
        u += units64<Utf16>(p + i);
    }
    while (i >= 16 && u < need) {
        i -= 16;
        u += units16<Utf16>(p + i);
    }
    if (u < need) return scan_units_from<Utf16>(s, 0, 0, k, inside);  // fewer than 16 bytes before i
    return scan_units_from<Utf16>(s, i, total - u, k, inside);
}

// Descends to the leaf holding unit `pos` (by the metric `get`); returns the leaf (null
// when pos is the end) and the metrics before it.
template <class Get>
std::pair<node const*, text_metrics> descend(node const& root, std::size_t& pos, Get get) {
    node const* n = &root;
    text_metrics before{};
    if (pos >= get((*n)->summary())) {
        pos -= get((*n)->summary());
        return {nullptr, (*n)->summary()};
    }
    while (!(*n)->is_leaf()) {
        node const& l = (*n)->left();
        std::size_t lu = get(l->summary());
        if (pos < lu) {
            n = &l;
        } else {
            pos -= lu;
            before = text_traits::combine(before, l->summary());
            n = &(*n)->right();
        }
    }
    return {n, before};
}

std::string_view leaf_text(node const& n) {
    auto e = n->elements();
    return {e.data(), e.size()};
}

// The UTF-16 insert's fast path: one descent by UTF-16 units to a leaf that has room and
// where the offset is not inside a surrogate pair (fits finds the byte offset in the leaf).
struct utf16_insert {
    std::span<char const> items;
    std::size_t byte = 0;

    static bool applies(std::string_view utf8) noexcept { return !utf8.empty() && utf8.size() <= text_traits::max_chunk; }
    auto fits() {
        return [this](node const& lf, std::size_t units) {
            if (lf->elements().size() + items.size() > text_traits::max_chunk) return false;
            bool inside = false;
            byte = locate_units<true>(leaf_text(lf), lf->summary().utf16, units, inside);
            return !inside;
        };
    }
    auto copy() {
        return [this](node const& lf, std::size_t) { return tree::leaf_insert(lf, byte, items); };
    }
};
std::size_t utf16_units(text_metrics const& m) noexcept { return m.utf16; }

// measure_utf8, inlined where a few typed bytes are measured per edit
inline text_metrics measure_inline(std::string_view s) noexcept {
    std::size_t cps = 0, astral = 0;
    for (char c : s) {
        auto b = static_cast<unsigned char>(c);
        cps += (b & 0xC0U) != 0x80U ? 1U : 0U;
        astral += b >= 0xF0U ? 1U : 0U;
    }
    return {s.size(), cps, cps + astral};
}

constexpr std::string_view two_replacements = "\xEF\xBF\xBD\xEF\xBF\xBD";

}  // namespace

text_metrics measure_utf8(std::string_view s) noexcept { return measure_inline(s); }

bool is_valid_utf8(std::string_view s) noexcept {
    std::size_t i = 0, n = s.size();
    while (i < n) {
        if (n - i >= 8 && ascii8(s.data() + i)) {
            i += 8;
            continue;
        }
        auto b0 = static_cast<unsigned char>(s[i]);
        if (b0 < 0x80U) {
            ++i;
            continue;
        }
        std::size_t len;
        std::uint32_t cp;
        if (b0 >= 0xC2U && b0 <= 0xDFU) {
            len = 2;
            cp = b0 & 0x1FU;
        } else if (b0 >= 0xE0U && b0 <= 0xEFU) {
            len = 3;
            cp = b0 & 0x0FU;
        } else if (b0 >= 0xF0U && b0 <= 0xF4U) {
            len = 4;
            cp = b0 & 0x07U;
        } else {
            return false;
        }
        if (n - i < len) return false;
        for (std::size_t k = 1; k < len; ++k) {
            auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xC0U) != 0x80U) return false;
            cp = (cp << 6) | (b & 0x3FU);
        }
        if ((len == 3 && cp < 0x800U) || (len == 4 && (cp < 0x10000U || cp > 0x10FFFFU)) ||
            (cp >= 0xD800U && cp <= 0xDFFFU))
            return false;
        i += len;
    }
    return true;
}

std::size_t text_traits::split_point(std::span<char const> s, std::size_t want) noexcept {
    std::size_t i = want;
    while (i > 0 && i < s.size() && is_continuation(s[i])) --i;
    if (i == 0) {
        i = want;
        while (i < s.size() && is_continuation(s[i])) ++i;
    }
    return i;
}

namespace {
void require_utf8(std::string_view s) {
    // typed text is mostly a few ASCII bytes: settle those without the full validator
    if (s.size() <= 16) {
        unsigned high = 0;
        for (char c : s) high |= static_cast<unsigned char>(c);
        if (high < 0x80U) return;
    }
    if (!is_valid_utf8(s)) throw text_error("[schemes.text.1] invalid UTF-8 in text given to a text rope");
}
std::span<char const> as_span(std::string_view s) noexcept { return {s.data(), s.size()}; }
}  // namespace

text_rope::text_rope(std::string_view utf8) : rope_((require_utf8(utf8), bytes_rope(as_span(utf8)))) {}

std::string text_rope::str() const {
    std::string out;
    out.reserve(size_bytes());
    rope_.for_each_chunk([&](std::span<char const> c) { out.append(c.data(), c.size()); });
    return out;
}

void text_rope::check_boundary(std::size_t byte_pos, char const* op) const {
    if (byte_pos > size_bytes()) {
        throw rope_error("[schemes.rope.1] " + std::string(op) + ": byte offset " + std::to_string(byte_pos) +
                         " past the end (" + std::to_string(size_bytes()) + " bytes)");
    }
    if (byte_pos < size_bytes() && is_continuation(rope_[byte_pos])) {
        throw text_error("[schemes.text.2] " + std::string(op) + ": byte offset " + std::to_string(byte_pos) +
                         " is inside a UTF-8 sequence");
    }
}

text_rope text_rope::insert(std::size_t byte_pos, std::string_view utf8) const& {
    check_boundary(byte_pos, "insert");
    require_utf8(utf8);
    return text_rope(rope_.insert(byte_pos, as_span(utf8)));
}

text_rope text_rope::insert(std::size_t byte_pos, std::string_view utf8) && {
    check_boundary(byte_pos, "insert");
    require_utf8(utf8);
    return text_rope(std::move(rope_).insert(byte_pos, as_span(utf8)));
}

text_rope text_rope::erase(std::size_t byte_from, std::size_t byte_to) const& {
    if (byte_from > byte_to) throw rope_error("[schemes.rope.1] erase: reversed byte range");
    check_boundary(byte_from, "erase");
    check_boundary(byte_to, "erase");
    return text_rope(rope_.erase(byte_from, byte_to));
}

text_rope text_rope::erase(std::size_t byte_from, std::size_t byte_to) && {
    if (byte_from > byte_to) throw rope_error("[schemes.rope.1] erase: reversed byte range");
    check_boundary(byte_from, "erase");
    check_boundary(byte_to, "erase");
    return text_rope(std::move(rope_).erase(byte_from, byte_to));
}

text_rope text_rope::replace(std::size_t byte_from, std::size_t byte_to, std::string_view utf8) const {
    require_utf8(utf8);
    return erase(byte_from, byte_to).insert(byte_from, utf8);
}

std::pair<text_rope, text_rope> text_rope::split(std::size_t byte_pos) const {
    check_boundary(byte_pos, "split");
    auto [a, b] = rope_.split(byte_pos);
    return {text_rope(std::move(a)), text_rope(std::move(b))};
}

text_rope::utf16_location text_rope::locate_utf16(std::size_t pos) const {
    if (pos > size_utf16())
        throw rope_error("[schemes.rope.1] UTF-16 offset " + std::to_string(pos) + " past the end (" +
                         std::to_string(size_utf16()) + " units)");
    std::size_t rest = pos;
    auto [lf, before] = descend(root(), rest, [](text_metrics const& m) { return m.utf16; });
    if (lf == nullptr) return {size_bytes(), false};
    bool inside = false;
    std::size_t b = locate_units<true>(leaf_text(*lf), (*lf)->summary().utf16, rest, inside);
    return {before.bytes + b, inside};
}

std::size_t text_rope::byte_of_code_point(std::size_t pos) const {
    if (pos > size_code_points())
        throw rope_error("[schemes.rope.1] code point offset " + std::to_string(pos) + " past the end (" +
                         std::to_string(size_code_points()) + " code points)");
    std::size_t rest = pos;
    auto [lf, before] = descend(root(), rest, [](text_metrics const& m) { return m.code_points; });
    if (lf == nullptr) return size_bytes();
    bool inside = false;
    return before.bytes + locate_units<false>(leaf_text(*lf), (*lf)->summary().code_points, rest, inside);
}

text_metrics text_rope::metrics_before(std::size_t byte_pos) const {
    check_boundary(byte_pos, "metrics_before");
    std::size_t rest = byte_pos;
    auto [lf, before] = descend(root(), rest, [](text_metrics const& m) { return m.bytes; });
    if (lf == nullptr) return metrics();
    return text_traits::combine(before, measure_utf8(leaf_text(*lf).substr(0, rest)));
}

std::pair<text_rope, std::size_t> text_rope::cut_at_utf16(std::size_t pos) const {
    utf16_location loc = locate_utf16(pos);
    if (!loc.inside_pair) return {*this, loc.byte};
    text_rope cut(rope_.replace(loc.byte, loc.byte + 4, as_span(two_replacements)));
    return {std::move(cut), loc.byte + 3};
}

text_rope text_rope::insert_utf16(std::size_t pos, std::string_view utf8) const& {
    require_utf8(utf8);
    if (pos > size_utf16())
        throw rope_error("[schemes.rope.1] insert_utf16: offset " + std::to_string(pos) + " past the end");
    // Fast path: one descent by UTF-16 units to a leaf with room, not inside a pair.
    if (!empty() && utf16_insert::applies(utf8)) {
        utf16_insert ins{as_span(utf8)};
        if (node r = tree::replace_in_leaf_by(root(), pos, true, utf16_units, ins.fits(), ins.copy()))
            return text_rope(bytes_rope::from_root(std::move(r)));
    }
    auto [cut, byte] = cut_at_utf16(pos);
    return text_rope(cut.rope_.insert(byte, as_span(utf8)));
}

text_rope text_rope::insert_utf16(std::size_t pos, std::string_view utf8) && {
    require_utf8(utf8);
    if (pos > size_utf16())
        throw rope_error("[schemes.rope.1] insert_utf16: offset " + std::to_string(pos) + " past the end");
    if (!empty() && utf16_insert::applies(utf8)) {
        utf16_insert ins{as_span(utf8)};
        text_metrics const added = measure_inline(utf8);
        auto in_place = [&ins, &added](layer<node>& lf, std::size_t) {
            tree::splice_leaf(lf, ins.byte, 0, ins.items, text_traits::combine(lf.summary(), added));
        };
        node t = std::move(rope_).take_root();
        bool done = tree::grow_leaf_owned(t, pos, true, utf16_units, added, ins.fits(), ins.copy(), in_place);
        rope_ = bytes_rope::from_root(std::move(t));
        if (done) return std::move(*this);
    }
    utf16_location loc = locate_utf16(pos);
    if (loc.inside_pair) return std::as_const(*this).insert_utf16(pos, utf8);
    return text_rope(std::move(rope_).insert(loc.byte, as_span(utf8)));
}

text_rope text_rope::erase_utf16(std::size_t pos, std::size_t len) const& {
    if (len > size_utf16() || pos > size_utf16() - len)
        throw rope_error("[schemes.rope.1] erase_utf16: range past the end");
    if (len == 0) return *this;
    auto [a, from] = cut_at_utf16(pos);
    auto [b, to] = a.cut_at_utf16(pos + len);
    return text_rope(b.rope_.erase(from, to));
}

text_rope text_rope::erase_utf16(std::size_t pos, std::size_t len) && {
    if (len > size_utf16() || pos > size_utf16() - len)
        throw rope_error("[schemes.rope.1] erase_utf16: range past the end");
    if (len == 0) return std::move(*this);
    utf16_location from = locate_utf16(pos), to = locate_utf16(pos + len);
    if (from.inside_pair || to.inside_pair) return std::as_const(*this).erase_utf16(pos, len);
    return text_rope(std::move(rope_).erase(from.byte, to.byte));
}

text_rope text_rope::insert_code_points(std::size_t pos, std::string_view utf8) const {
    require_utf8(utf8);
    return text_rope(rope_.insert(byte_of_code_point(pos), as_span(utf8)));
}

text_rope text_rope::erase_code_points(std::size_t pos, std::size_t len) const {
    if (len > size_code_points() || pos > size_code_points() - len)
        throw rope_error("[schemes.rope.1] erase_code_points: range past the end");
    return text_rope(rope_.erase(byte_of_code_point(pos), byte_of_code_point(pos + len)));
}

bool text_rope::check_invariants() const {
    if (!rope_.check_invariants()) return false;
    bool ok = true;
    rope_.for_each_chunk([&](std::span<char const> c) {
        if (!c.empty() && is_continuation(c[0])) ok = false;  // chunks start on a boundary
    });
    return ok;
}

}  // namespace refold::schemes
