#include <views/text_state.hpp>

#include <views/detail/text_bytes.hpp>
#include <views/error.hpp>

#include <string>
#include <vector>

namespace refold::views {

namespace {

using crdt::yata::delta_op;

// Appends bytes [from, to) of the subtree n (which starts at byte `base`) to out.
void copy_bytes(schemes::text_rope::node_type const& n, std::size_t base, std::size_t from, std::size_t to, std::string& out) {
    if (n->is_leaf()) {
        auto const e = n->elements();
        std::size_t const a = from > base ? from - base : 0;
        std::size_t const b = std::min(e.size(), to - base);
        if (a < b) out.append(e.data() + a, b - a);
        return;
    }
    std::size_t const lbytes = n->left()->summary().bytes;
    if (from < base + lbytes) copy_bytes(n->left(), base, from, to, out);
    if (to > base + lbytes) copy_bytes(n->right(), base + lbytes, from, to, out);
}

}  // namespace

void detail::append_bytes(schemes::text_rope const& t, std::size_t from, std::size_t to, std::string& out) {
    if (from < to) copy_bytes(t.root(), 0, from, std::min(to, t.size_bytes()), out);
}

namespace {

// A window of the text around [a, b) widened to whole tokens: its bytes and where it starts.
struct window {
    std::size_t begin = 0, end = 0;
    std::string bytes;
};
window widen_window(schemes::text_rope const& t, std::size_t a, std::size_t b) {
    std::size_t margin = 32;
    for (;;) {
        window w;
        w.begin = a > margin ? a - margin : 0;
        w.end = std::min(t.size_bytes(), b + margin);
        w.bytes.reserve(w.end - w.begin);
        copy_bytes(t.root(), 0, w.begin, w.end, w.bytes);
        std::size_t lo = a - w.begin, hi = b - w.begin;
        while (lo > 0 && is_term_byte(w.bytes[lo - 1])) --lo;
        while (hi < w.bytes.size() && is_term_byte(w.bytes[hi])) ++hi;
        bool const cut_left = lo == 0 && w.begin > 0;
        bool const cut_right = hi == w.bytes.size() && w.end < t.size_bytes();
        if (!cut_left && !cut_right) {
            w.bytes = w.bytes.substr(lo, hi - lo);
            w.end = w.begin + hi;
            w.begin += lo;
            return w;
        }
        margin *= 4;  // a token longer than the margin: look further
    }
}

// The id of the unit starting at byte offset `b`.
char_id id_at_byte(text_state const& t, std::size_t b) { return t.ids.at(t.text.metrics_before(b).utf16); }

// Ids of units at increasing byte offsets of a window: one descent for the window's start,
// then UTF-16 units counted along the window's bytes.
class unit_cursor {
public:
    unit_cursor(text_state const& t, window const& w) : t_(t), w_(w) {}
    char_id id_at(std::size_t at) {
        if (!started_) {
            units_ = t_.text.metrics_before(w_.begin).utf16;
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

// Byte offset of a unit position (a unit inside a surrogate pair maps to its character).
std::size_t byte_of(schemes::text_rope const& t, std::uint64_t unit) {
    return t.locate_utf16(static_cast<std::size_t>(unit)).byte;
}

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
    std::size_t i = 0;
    while (i < regions.size()) {
        // Widen in both versions; merge following regions while the windows touch (the text
        // between them is the same in both versions, so they must be re-tokenized together).
        std::size_t ob = byte_of(before.text, regions[i].old_end), nb = byte_of(after.text, regions[i].new_end);
        std::size_t const oa = byte_of(before.text, regions[i].old_begin), na = byte_of(after.text, regions[i].new_begin);
        window wo = widen_window(before.text, oa, ob);
        window wn = widen_window(after.text, na, nb);
        std::size_t j = i + 1;
        while (j < regions.size() && byte_of(before.text, regions[j].old_begin) <= wo.end) {
            ob = std::max(ob, byte_of(before.text, regions[j].old_end));
            nb = std::max(nb, byte_of(after.text, regions[j].new_end));
            wo = widen_window(before.text, oa, ob);
            wn = widen_window(after.text, na, nb);
            ++j;
        }
        // Tokens of both windows; a token with the same term and the same first-unit id on both
        // sides (text typed after a word, say) cancels out and never touches the index.
        struct token {
            std::string term;
            char_id at;
            bool cancelled = false;
        };
        std::vector<token> gone, came;
        unit_cursor co(before, wo), cn(after, wn);
        for_each_token(wo.bytes, [&](std::size_t at, std::string_view term) {
            gone.push_back({std::string(term), co.id_at(at)});
        });
        for_each_token(wn.bytes, [&](std::size_t at, std::string_view term) {
            token t{std::string(term), cn.id_at(at)};
            for (token& g : gone)
                if (!g.cancelled && g.at == t.at && g.term == t.term) {
                    g.cancelled = t.cancelled = true;
                    break;
                }
            if (!t.cancelled) came.push_back(std::move(t));
        });
        for (token const& g : gone)
            if (!g.cancelled) index.remove(g.term, g.at);
        for (token const& c : came) index.add(c.term, c.at);
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
