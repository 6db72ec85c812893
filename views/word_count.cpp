#include <views/word_count.hpp>

#include <bit>
#include <cstddef>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace refold::views {

namespace {

// Per byte: bit 0 = starts a code point, bit 1 = '\n', bit 2 = word byte (not ASCII space).
struct byte_classes {
    unsigned char c[256] = {};
    constexpr byte_classes() {
        for (unsigned u = 0; u < 256; ++u) {
            auto const ch = static_cast<char>(u);
            c[u] = static_cast<unsigned char>(((u & 0xC0u) != 0x80u ? 1u : 0u) | (ch == '\n' ? 2u : 0u) |
                                              (!is_ascii_space(ch) ? 4u : 0u));
        }
    }
};
constexpr byte_classes classes{};

// The bytes [i, n) of `u` one at a time, continuing from `prev_word`.
struct tail_counts {
    std::uint64_t cps = 0, nls = 0, starts = 0;
    unsigned prev_word = 0;
};
void count_bytes(unsigned char const* u, std::size_t i, std::size_t n, tail_counts& t) noexcept {
    for (; i < n; ++i) {
        unsigned const k = classes.c[u[i]];
        unsigned const w = (k >> 2) & 1u;
        t.cps += k & 1u;
        t.nls += (k >> 1) & 1u;
        t.starts += w & (t.prev_word ^ 1u);
        t.prev_word = w;
    }
}

}  // namespace

word_summary word_summary::of(std::string_view text) noexcept {
    word_summary s;
    s.bytes = text.size();
    auto const* u = reinterpret_cast<unsigned char const*>(text.data());
    std::size_t const n = text.size();
    tail_counts t;
    std::size_t i = 0;
#if defined(__SSE2__)
    // Sixteen bytes per step, each class as a 16-bit mask (bit j = byte j): continuation bytes
    // 10xxxxxx are the signed bytes below -64; ASCII space is ' ' or 0x09..0x0D (signed
    // compares: no non-ASCII byte is above 0x08); a word starts at a word byte whose
    // predecessor (the previous step's last byte for bit 0) is not one.
    __m128i const cont_limit = _mm_set1_epi8(static_cast<char>(0xC0));
    __m128i const newline = _mm_set1_epi8('\n');
    __m128i const blank = _mm_set1_epi8(' ');
    __m128i const below_tab = _mm_set1_epi8(0x08);
    __m128i const above_cr = _mm_set1_epi8(0x0E);
    std::uint64_t conts = 0, blocks = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i const v = _mm_loadu_si128(reinterpret_cast<__m128i const*>(u + i));
        auto const cont = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(v, cont_limit)));
        auto const nl = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, newline)));
        __m128i const ctrl = _mm_and_si128(_mm_cmpgt_epi8(v, below_tab), _mm_cmplt_epi8(v, above_cr));
        auto const space = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(ctrl, _mm_cmpeq_epi8(v, blank))));
        unsigned const word = ~space & 0xFFFFu;
        unsigned const starts = word & ~((word << 1) | t.prev_word);
        conts += static_cast<unsigned>(std::popcount(cont));
        t.nls += static_cast<unsigned>(std::popcount(nl));
        t.starts += static_cast<unsigned>(std::popcount(starts));
        t.prev_word = word >> 15;
        ++blocks;
    }
    t.cps = blocks * 16 - conts;
#endif
    count_bytes(u, i, n, t);
    s.code_points = t.cps;
    s.newlines = t.nls;
    s.words = t.starts;
    if (!text.empty()) {
        s.starts_in_word = !is_ascii_space(text.front());
        s.ends_in_word = t.prev_word != 0;
        s.ends_with_newline = text.back() == '\n';
    }
    return s;
}

word_summary operator+(word_summary const& a, word_summary const& b) noexcept {
    if (a.bytes == 0) return b;
    if (b.bytes == 0) return a;
    word_summary s;
    s.bytes = a.bytes + b.bytes;
    s.code_points = a.code_points + b.code_points;
    s.newlines = a.newlines + b.newlines;
    s.words = a.words + b.words - ((a.ends_in_word && b.starts_in_word) ? 1u : 0u);
    s.starts_in_word = a.starts_in_word;
    s.ends_in_word = b.ends_in_word;
    s.ends_with_newline = b.ends_with_newline;
    return s;
}

word_count count_words(std::string_view text) noexcept { return word_summary::of(text).finish(); }

}  // namespace refold::views
