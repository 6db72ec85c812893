#include <views/text_state.hpp>

#include <views/error.hpp>

#include <string>

namespace refold::views {

namespace {

using crdt::yata::delta_op;

char byte_at(schemes::text_rope const& t, std::size_t i) { return t.bytes()[i]; }

// The id of the unit starting at byte offset `b`.
char_id id_at_byte(text_state const& t, std::size_t b) { return t.ids.at(t.text.metrics_before(b).utf16); }

// Byte offset of a unit position (a unit inside a surrogate pair maps to its character).
std::size_t byte_of(schemes::text_rope const& t, std::uint64_t unit) {
    return t.locate_utf16(static_cast<std::size_t>(unit)).byte;
}

// Widens [a, b) to whole tokens.
void widen(schemes::text_rope const& t, std::size_t& a, std::size_t& b) {
    while (a > 0 && is_term_byte(byte_at(t, a - 1))) --a;
    while (b < t.size_bytes() && is_term_byte(byte_at(t, b))) ++b;
}

// Calls f(byte offset, term) for each token inside [a, b) of t (a, b on token edges).
template <class F>
void tokens_in(schemes::text_rope const& t, std::size_t a, std::size_t b, F&& f) {
    if (a >= b) return;
    std::string buf;
    buf.reserve(b - a);
    for (std::size_t i = a; i < b; ++i) buf.push_back(byte_at(t, i));
    for_each_token(buf, [&](std::size_t at, std::string_view term) { f(a + at, term); });
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
            r.after.text = r.after.text.insert_utf16(static_cast<std::size_t>(new_pos), op.text);
            r.after.ids = r.after.ids.insert(new_pos, run);
            new_pos += op.length;
            region().new_end = new_pos;
            break;
        }
        case delta_op::kind::erase:
            if (new_pos + op.length > r.after.text.size_utf16())
                throw mirror_error("[views.mirror.1] erase past the end of the text");
            region();
            r.after.text = r.after.text.erase_utf16(static_cast<std::size_t>(new_pos), static_cast<std::size_t>(op.length));
            r.after.ids = r.after.ids.erase(new_pos, op.length);
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
        std::size_t oa = byte_of(before.text, regions[i].old_begin), ob = byte_of(before.text, regions[i].old_end);
        std::size_t na = byte_of(after.text, regions[i].new_begin), nb = byte_of(after.text, regions[i].new_end);
        widen(before.text, oa, ob);
        widen(after.text, na, nb);
        std::size_t j = i + 1;
        while (j < regions.size() && byte_of(before.text, regions[j].old_begin) <= ob) {
            ob = std::max(ob, byte_of(before.text, regions[j].old_end));
            nb = std::max(nb, byte_of(after.text, regions[j].new_end));
            widen(before.text, oa, ob);
            widen(after.text, na, nb);
            ++j;
        }
        tokens_in(before.text, oa, ob, [&](std::size_t at, std::string_view term) { index.remove(term, id_at_byte(before, at)); });
        tokens_in(after.text, na, nb, [&](std::size_t at, std::string_view term) { index.add(term, id_at_byte(after, at)); });
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
