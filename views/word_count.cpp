#include <views/word_count.hpp>

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

}  // namespace

word_summary word_summary::of(std::string_view text) noexcept {
    word_summary s;
    s.bytes = text.size();
    // Branch-free: a word starts at each word byte whose predecessor is not one.
    std::uint64_t cps = 0, nls = 0, starts = 0;
    unsigned prev_word = 0;
    for (char c : text) {
        unsigned const k = classes.c[static_cast<unsigned char>(c)];
        unsigned const w = (k >> 2) & 1u;
        cps += k & 1u;
        nls += (k >> 1) & 1u;
        starts += w & (prev_word ^ 1u);
        prev_word = w;
    }
    s.code_points = cps;
    s.newlines = nls;
    s.words = starts;
    bool const in_word = prev_word != 0;
    if (!text.empty()) {
        s.starts_in_word = !is_ascii_space(text.front());
        s.ends_in_word = in_word;
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
