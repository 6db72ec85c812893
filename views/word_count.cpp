#include <views/word_count.hpp>

namespace refold::views {

word_summary word_summary::of(std::string_view text) noexcept {
    word_summary s;
    s.bytes = text.size();
    bool in_word = false;
    for (char c : text) {
        auto const u = static_cast<unsigned char>(c);
        if ((u & 0xC0u) != 0x80u) ++s.code_points;
        if (c == '\n') ++s.newlines;
        bool const w = !is_ascii_space(c);
        if (w && !in_word) ++s.words;
        in_word = w;
    }
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
