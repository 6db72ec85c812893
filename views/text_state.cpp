#include <views/text_state.hpp>

#include <views/detail/text_bytes.hpp>
#include <views/error.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace refold::views {

namespace {

using crdt::yata::delta_op;

bool term_byte(char c) noexcept { return is_term_byte(c); }

// The bytes around an edit that must be re-tokenized: [a, b) widened to whole tokens.
struct window {
    std::size_t begin = 0, end = 0;
    std::string bytes;
};
window widen_window(schemes::text_rope const& t, std::size_t a, std::size_t b) {
    window w;
    w.begin = detail::run_start(t, a, term_byte);
    w.end = detail::run_end(t, b, term_byte);
    detail::append_bytes(t, w.begin, w.end, w.bytes);
    return w;
}

// The id of the unit starting at byte offset `b`.
char_id id_at_byte(text_state const& t, std::size_t b) { return t.ids.at(detail::units_before(t.text, b)); }

// Ids of units at increasing byte offsets of a window: the units before the window's start
// once, then UTF-16 units counted along the window's bytes.
class unit_cursor {
public:
    unit_cursor(text_state const& t, window const& w) : t_(t), w_(w) {}
    char_id id_at(std::size_t at) {
        if (!started_) {
            units_ = detail::units_before(t_.text, w_.begin);
            started_ = true;
        }
        for (; pos_ < at; ++pos_) {
            auto const u = static_cast<unsigned char>(w_.bytes[pos_]);
            if ((u & 0xC0u) != 0x80u) units_ += u >= 0xF0u ? 2u : 1u;
        }
        return t_.ids.at(units_);
    }

private:
    text_state const& t_;
    window const& w_;
    bool started_ = false;
    std::size_t pos_ = 0;
    std::uint64_t units_ = 0;
};

}  // namespace

applied_delta apply_text_delta(text_state const& before, std::span<delta_op const> delta, id_source const& ids) {
    applied_delta r{before, {}};
    std::uint64_t old_pos = 0, new_pos = 0;
    bool open = false;
    auto region = [&]() -> text_region& {
        if (!open) {
            r.regions.push_back({old_pos, old_pos, new_pos, new_pos});
            open = true;
        }
        return r.regions.back();
    };
    for (delta_op const& op : delta) {
        switch (op.op) {
        case delta_op::kind::retain:
            if (new_pos + op.length > r.after.text.size_utf16())
                throw mirror_error("[views.mirror.1] retain past the end of the text");
            old_pos += op.length;
            new_pos += op.length;
            open = open && op.length == 0;
            break;
        case delta_op::kind::insert: {
            auto const run = ids(op);
            std::uint64_t units = 0;
            for (auto const& x : run) units += x.length;
            if (units != op.length) throw mirror_error("[views.mirror.2] insert ids do not cover the inserted units");
            region();
            // In place past the first edit: the nodes an earlier op of this delta made are held
            // by r.after alone (the ones shared with `before` are still copied).
            r.after.text = std::move(r.after.text).insert_utf16(static_cast<std::size_t>(new_pos), op.text);
            r.after.ids = std::move(r.after.ids).insert(new_pos, run);
            new_pos += op.length;
            region().new_end = new_pos;
            break;
        }
        case delta_op::kind::erase:
            if (new_pos + op.length > r.after.text.size_utf16())
                throw mirror_error("[views.mirror.1] erase past the end of the text");
            region();
            r.after.text = std::move(r.after.text).erase_utf16(static_cast<std::size_t>(new_pos), static_cast<std::size_t>(op.length));
            r.after.ids = std::move(r.after.ids).erase(new_pos, op.length);
            old_pos += op.length;
            region().old_end = old_pos;
            break;
        }
    }
    return r;
}

text_state make_text_state(std::string_view utf8, std::span<id_run const> ids) {
    text_state t{schemes::text_rope(utf8), id_runs().insert(0, ids)};
    if (t.ids.units() != t.text.size_utf16()) throw mirror_error("[views.mirror.2] ids do not cover the text");
    return t;
}

void update_index(inverted_index& index, text_state const& before, text_state const& after,
                  std::span<text_region const> regions) {
    struct token {
        std::size_t at = 0, len = 0;  // in the window
        std::string term;
        char_id id{};  // looked up only for tokens not cancelled by place
        bool cancelled = false;
    };
    std::vector<token> gone, came;
    std::size_t i = 0;
    while (i < regions.size()) {
        // Widen in both versions; merge following regions while the windows touch (the text
        // between them is the same in both versions, so they must be re-tokenized together).
        std::size_t const oa = detail::byte_of_unit(before.text, regions[i].old_begin), na = detail::byte_of_unit(after.text, regions[i].new_begin);
        std::size_t ob = detail::byte_of_unit(before.text, regions[i].old_end), nb = detail::byte_of_unit(after.text, regions[i].new_end);
        std::size_t ob_end = detail::run_end(before.text, ob, term_byte);
        std::size_t j = i + 1;
        while (j < regions.size() && detail::byte_of_unit(before.text, regions[j].old_begin) <= ob_end) {
            ob = std::max(ob, detail::byte_of_unit(before.text, regions[j].old_end));
            nb = std::max(nb, detail::byte_of_unit(after.text, regions[j].new_end));
            ob_end = detail::run_end(before.text, ob, term_byte);
            ++j;
        }
        window const wo = widen_window(before.text, oa, ob);
        window const wn = widen_window(after.text, na, nb);
        // Tokens of both windows. The bytes before the edit ([begin, oa) and [begin, na)) and
        // after it ([ob, end) and [nb, end)) are the same units in both versions, so a token
        // lying in them at the same place with the same length is the same occurrence (same
        // term, same first unit): it cancels out without looking up its id. So does a token
        // with the same term and first-unit id on both sides (text typed after a word).
        gone.clear();
        came.clear();
        for_each_token(wo.bytes, [&](std::size_t at, std::string_view term) { gone.push_back({at, term.size(), std::string(term)}); });
        for_each_token(wn.bytes, [&](std::size_t at, std::string_view term) { came.push_back({at, term.size(), std::string(term)}); });
        std::size_t const o_pre = oa - wo.begin, n_pre = na - wn.begin;  // prefix lengths
        std::size_t const o_post = ob - wo.begin, n_post = nb - wn.begin; // suffix starts
        for (token& c : came) {
            bool const in_prefix = c.at + c.len <= n_pre;
            bool const in_suffix = c.at >= n_post;
            if (!in_prefix && !in_suffix) continue;
            for (token& g : gone) {
                if (g.cancelled || g.len != c.len) continue;
                bool const same_place = in_prefix ? (g.at + g.len <= o_pre && n_pre - c.at == o_pre - g.at)
                                                  : (g.at >= o_post && c.at - n_post == g.at - o_post);
                if (same_place) {
                    g.cancelled = c.cancelled = true;
                    break;
                }
            }
        }
        unit_cursor co(before, wo), cn(after, wn);
        for (token& g : gone)
            if (!g.cancelled) g.id = co.id_at(g.at);
        for (token& c : came) {
            if (c.cancelled) continue;
            c.id = cn.id_at(c.at);
            for (token& g : gone)
                if (!g.cancelled && g.id == c.id && g.term == c.term) {
                    g.cancelled = c.cancelled = true;
                    break;
                }
        }
        for (token const& g : gone)
            if (!g.cancelled) index.remove(g.term, g.id);
        for (token const& c : came)
            if (!c.cancelled) index.add(c.term, c.id);
        i = j;
    }
}

inverted_index index_of(text_state const& t) {
    inverted_index index;
    std::string const s = t.text.str();
    for_each_token(s, [&](std::size_t at, std::string_view term) { index.add(term, id_at_byte(t, at)); });
    return index;
}

}  // namespace refold::views
