#include <views/markdown.hpp>

#include <algorithm>

namespace refold::views {

namespace {

// Polynomial hashes modulo 2^64 (odd bases): a monoid under (h1, p1)(h2, p2) = (h1 p2 + h2, p1 p2).
constexpr std::uint64_t byte_base = 0x100000001b3ull;      // B, for bytes of a line
constexpr std::uint64_t list_base = 0x9e3779b97f4a7c15ull;  // C, for heading lines of a list

std::uint64_t mulmod(std::uint64_t a, std::uint64_t b) noexcept { return a * b; }
std::uint64_t addmod(std::uint64_t a, std::uint64_t b) noexcept { return a + b; }

bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r'; }

// The level of an ATX heading starting `line`, 0 if none. `complete` says whether `bytes` is
// the whole line; if it is not, it must hold at least 10 bytes (enough to decide).
unsigned atx_level(std::string_view bytes) noexcept {
    std::size_t i = 0;
    while (i < bytes.size() && i < 3 && bytes[i] == ' ') ++i;
    std::size_t hashes = 0;
    while (i < bytes.size() && bytes[i] == '#' && hashes < 7) {
        ++i;
        ++hashes;
    }
    if (hashes == 0 || hashes > 6) return 0;
    if (i < bytes.size() && !is_blank(bytes[i])) return 0;
    return static_cast<unsigned>(hashes);
}

// Folds one heading line hash into a list hash.
void push_heading(line_summary& s, std::uint64_t line_hash) noexcept {
    s.list_hash = addmod(mulmod(s.list_hash, list_base), line_hash);
    s.list_pow = mulmod(s.list_pow, list_base);
    ++s.headings;
}

}  // namespace

std::optional<atx_heading> parse_atx(std::string_view line) noexcept {
    unsigned const level = atx_level(line);
    if (level == 0) return std::nullopt;
    std::size_t i = line.find('#');
    i += level;
    std::string_view rest = line.substr(i);
    while (!rest.empty() && is_blank(rest.front())) rest.remove_prefix(1);
    while (!rest.empty() && is_blank(rest.back())) rest.remove_suffix(1);
    // An optional closing sequence: a run of '#' that is all of `rest` or follows a blank.
    std::size_t j = rest.size();
    while (j > 0 && rest[j - 1] == '#') --j;
    if (j < rest.size() && (j == 0 || is_blank(rest[j - 1]))) {
        rest = rest.substr(0, j);
        while (!rest.empty() && is_blank(rest.back())) rest.remove_suffix(1);
    }
    return atx_heading{level, rest};
}

std::vector<heading> headings_of(std::string_view text) {
    std::vector<heading> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t const nl = text.find('\n', start);
        std::size_t const end = nl == std::string_view::npos ? text.size() : nl;
        if (auto h = parse_atx(text.substr(start, end - start))) {
            out.push_back(heading{h->level, std::string(h->title), start});
        }
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    return out;
}

line_piece line_piece::of(std::string_view bytes) noexcept {
    line_piece p;
    p.len = bytes.size();
    p.n = static_cast<std::uint8_t>(std::min(bytes.size(), prefix_capacity));
    std::copy_n(bytes.data(), p.n, p.prefix);
    // Four bytes per step: one multiply on the dependency chain instead of four.
    constexpr std::uint64_t b2 = byte_base * byte_base, b3 = b2 * byte_base, b4 = b3 * byte_base;
    auto const* u = reinterpret_cast<unsigned char const*>(bytes.data());
    std::size_t const n = bytes.size();
    std::uint64_t h = 0, pw = 1;
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        std::uint64_t const block = (u[i] + 1u) * b3 + (u[i + 1] + 1u) * b2 + (u[i + 2] + 1u) * byte_base + (u[i + 3] + 1u);
        h = h * b4 + block;
        pw *= b4;
    }
    for (; i < n; ++i) {
        h = h * byte_base + (u[i] + 1u);
        pw *= byte_base;
    }
    p.hash = h;
    p.pow = pw;
    return p;
}

unsigned line_piece::heading_level() const noexcept { return atx_level(known_prefix()); }

line_piece operator+(line_piece const& a, line_piece const& b) noexcept {
    if (b.len == 0) return a;
    if (a.len == 0) return b;
    line_piece r;
    r.len = a.len + b.len;
    r.hash = addmod(mulmod(a.hash, b.pow), b.hash);
    r.pow = mulmod(a.pow, b.pow);
    std::copy_n(a.prefix, a.n, r.prefix);
    std::size_t const more = std::min<std::size_t>(line_piece::prefix_capacity - a.n, b.n);
    std::copy_n(b.prefix, more, r.prefix + a.n);
    r.n = static_cast<std::uint8_t>(a.n + more);
    return r;
}

line_summary line_summary::of(std::string_view text) noexcept {
    line_summary s;
    std::size_t const first = text.find('\n');
    if (first == std::string_view::npos) {
        s.head = line_piece::of(text);
        return s;
    }
    s.has_newline = true;
    s.head = line_piece::of(text.substr(0, first));
    std::size_t start = first + 1;
    for (;;) {
        std::size_t const nl = text.find('\n', start);
        if (nl == std::string_view::npos) break;
        std::string_view const line = text.substr(start, nl - start);
        if (atx_level(line) != 0) push_heading(s, line_piece::of(line).hash);
        start = nl + 1;
    }
    s.tail = line_piece::of(text.substr(start));
    return s;
}

line_summary operator+(line_summary const& a, line_summary const& b) noexcept {
    if (!a.has_newline) {
        line_summary r = b;
        r.head = a.head + b.head;
        return r;
    }
    if (!b.has_newline) {
        line_summary r = a;
        r.tail = a.tail + b.head;
        return r;
    }
    line_summary r = a;
    r.tail = b.tail;
    line_piece const joined = a.tail + b.head;
    if (joined.heading_level() != 0) push_heading(r, joined.hash);
    r.list_hash = addmod(mulmod(r.list_hash, b.list_pow), b.list_hash);
    r.list_pow = mulmod(r.list_pow, b.list_pow);
    r.headings += b.headings;
    return r;
}

outline_digest line_summary::finish() const noexcept {
    line_summary whole;
    if (head.heading_level() != 0) push_heading(whole, head.hash);
    whole.list_hash = addmod(mulmod(whole.list_hash, list_pow), list_hash);
    whole.headings += headings;
    if (has_newline && tail.heading_level() != 0) push_heading(whole, tail.hash);
    return {whole.headings, whole.list_hash};
}

outline_digest outline_digest_of(std::string_view text) noexcept {
    line_summary s;
    std::size_t start = 0;
    for (;;) {
        std::size_t const nl = text.find('\n', start);
        std::size_t const end = nl == std::string_view::npos ? text.size() : nl;
        std::string_view const line = text.substr(start, end - start);
        if (parse_atx(line)) push_heading(s, line_piece::of(line).hash);
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    return {s.headings, s.list_hash};
}

}  // namespace refold::views
