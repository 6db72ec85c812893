#include <views/text_views.hpp>

#include <views/detail/text_bytes.hpp>

namespace refold::views {

namespace {

struct heading_walk {
    schemes::text_rope const& text;
    schemes::memo<line_summary>& memo;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> lines;  // (offset, length)

    line_summary const& summary(text_node const& n) {
        if (auto const* s = memo.find(n)) return *s;
        (void)schemes::memo_cata(line_algebra{}, n, memo);
        return *memo.find(n);
    }

    void emit_if_heading(line_piece const& p, std::uint64_t offset) {
        if (p.heading_level() != 0) lines.emplace_back(offset, p.len);
    }

    // Emits the heading lines lying strictly inside n (which starts at byte `base`).
    void walk(text_node const& n, std::uint64_t base) {
        if (n->is_leaf()) {
            std::string_view const s = chunk_text(n->elements());
            std::size_t const first = s.find('\n');
            if (first == std::string_view::npos) return;
            std::size_t start = first + 1;
            for (std::size_t nl; (nl = s.find('\n', start)) != std::string_view::npos; start = nl + 1) {
                std::string_view const line = s.substr(start, nl - start);
                if (parse_atx(line)) lines.emplace_back(base + start, line.size());
            }
            return;
        }
        text_node const& l = n->left();
        text_node const& r = n->right();
        line_summary const sl = summary(l);
        line_summary const sr = summary(r);
        std::uint64_t const lbytes = l->summary().bytes;
        if (sl.headings > 0) walk(l, base);
        if (sl.has_newline && sr.has_newline) emit_if_heading(sl.tail + sr.head, base + lbytes - sl.tail.len);
        if (sr.headings > 0) walk(r, base + lbytes);
    }
};

std::string slice(schemes::text_rope const& t, std::uint64_t offset, std::uint64_t len) {
    std::string s;
    s.reserve(len);
    detail::append_bytes(t, offset, offset + len, s);
    return s;
}

}  // namespace

outline_value::outline_value(schemes::text_rope text, std::shared_ptr<schemes::memo<line_summary>> memo)
    : text_(std::move(text)), memo_(std::move(memo)) {
    digest_ = schemes::memo_cata(line_algebra{}, text_.root(), *memo_).finish();
}

std::vector<heading> outline_value::headings() const {
    std::vector<heading> out;
    if (!memo_ || digest_.headings == 0) return out;
    heading_walk w{text_, *memo_, {}};
    line_summary const all = w.summary(text_.root());
    w.emit_if_heading(all.head, 0);
    if (all.headings > 0) w.walk(text_.root(), 0);
    if (all.has_newline) w.emit_if_heading(all.tail, text_.size_bytes() - all.tail.len);
    out.reserve(w.lines.size());
    for (auto const& [offset, len] : w.lines) {
        std::string const line = slice(text_, offset, len);
        if (auto h = parse_atx(line)) out.push_back(heading{h->level, std::string(h->title), offset});
    }
    return out;
}

std::vector<outline_entry> outline_value::entries() const {
    auto const hs = headings();
    return outline_of(hs);
}

}  // namespace refold::views
