#include <views/word_count.hpp>

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
    // Sixteen bytes per step, each class as a byte mask (0xFF where it holds): continuation
    // bytes 10xxxxxx are the signed bytes below -64; ASCII space is ' ' or 0x09..0x0D (signed
    // compares: no non-ASCII byte is above 0x08); a word starts at a word byte whose
    // predecessor (for byte 0, the previous step's byte 15) is not one. Masks are counted by
    // subtracting them (-1 per hit) from per-byte counters, summed every 255 steps.
    __m128i const cont_limit = _mm_set1_epi8(static_cast<char>(0xC0));
    __m128i const newline = _mm_set1_epi8('\n');
    __m128i const blank = _mm_set1_epi8(' ');
    __m128i const below_tab = _mm_set1_epi8(0x08);
    __m128i const above_cr = _mm_set1_epi8(0x0E);
    __m128i const ones = _mm_set1_epi8(-1);
    __m128i const zero = _mm_setzero_si128();
    __m128i last_word = zero;  // the previous step's word mask
    std::uint64_t conts = 0, blocks = 0;
    auto const sum = [&](__m128i acc) {
        __m128i const s2 = _mm_sad_epu8(acc, zero);
        return static_cast<std::uint64_t>(_mm_cvtsi128_si32(s2)) + static_cast<std::uint64_t>(_mm_extract_epi16(s2, 4));
    };
    while (i + 16 <= n) {
        __m128i acc_cont = zero, acc_nl = zero, acc_start = zero;
        for (std::size_t run = 0; run < 255 && i + 16 <= n; ++run, i += 16, ++blocks) {
            __m128i const v = _mm_loadu_si128(reinterpret_cast<__m128i const*>(u + i));
            acc_cont = _mm_sub_epi8(acc_cont, _mm_cmplt_epi8(v, cont_limit));
            acc_nl = _mm_sub_epi8(acc_nl, _mm_cmpeq_epi8(v, newline));
            __m128i const ctrl = _mm_and_si128(_mm_cmpgt_epi8(v, below_tab), _mm_cmplt_epi8(v, above_cr));
            __m128i const word = _mm_andnot_si128(_mm_or_si128(ctrl, _mm_cmpeq_epi8(v, blank)), ones);
            __m128i const before = _mm_or_si128(_mm_slli_si128(word, 1), _mm_srli_si128(last_word, 15));
            acc_start = _mm_sub_epi8(acc_start, _mm_andnot_si128(before, word));
            last_word = word;
        }
        conts += sum(acc_cont);
        t.nls += sum(acc_nl);
        t.starts += sum(acc_start);
    }
    t.cps = blocks * 16 - conts;
    t.prev_word = blocks > 0 ? (static_cast<unsigned>(_mm_movemask_epi8(last_word)) >> 15) & 1u : 0u;
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
