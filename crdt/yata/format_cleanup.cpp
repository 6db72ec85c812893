// Removal of redundant format items, as Yjs does it (SPEC §10.4): cleanupFormattingGap after
// local deletes, and after remote transactions the contextless cleanup around deleted content
// or a cleanup of the whole text when a format item was inserted or deleted.
#include <crdt/yata/detail/format_cleanup.hpp>
#include <crdt/yata/detail/changes.hpp>

#include <algorithm>

namespace refold::crdt::yata::detail {

using encoding::content_ref;

namespace {

std::string attr_of(attributes const& a, std::string const& key) {
    for (auto const& x : a)
        if (x.key == key) return x.value;
    return "null";
}

// Yjs compares format values with ===: equal primitives are equal, objects never are.
bool same_value(std::string const& a, std::string const& b) {
    if (a != b) return false;
    return a.empty() || (a.front() != '{' && a.front() != '[');
}

bool is_format(item const& x) { return !x.gc && x.content.ref == content_ref::format; }

// Yjs cleanupContextlessFormattingGap: among the format items of the gap around `it`, keeps
// only the last one of each key.
void cleanup_contextless(doc_state& d, std::uint32_t it) {
    while (it != nil && d.items[it].right != nil) {
        auto const& r = d.items[d.items[it].right];
        if (!(r.deleted || !r.countable())) break;
        it = d.items[it].right;
    }
    std::vector<std::string> seen;
    while (it != nil && (d.items[it].deleted || !d.items[it].countable())) {
        auto const& x = d.items[it];
        if (!x.deleted && is_format(x)) {
            if (std::find(seen.begin(), seen.end(), x.content.text) != seen.end()) d.delete_item(it);
            else seen.push_back(x.content.text);
        }
        it = d.items[it].left;
    }
}

// Yjs cleanupYTextFormatting.
void cleanup_text(doc_state& d, std::uint32_t t) {
    auto start = d.types[t].start;
    attributes start_attrs, current;
    for (auto end = d.types[t].start; end != nil; end = d.items[end].right) {
        auto const& x = d.items[end];
        if (x.deleted) continue;
        if (is_format(x)) {
            set_attr(current, x.content.text, x.content.value);
        } else {
            cleanup_formatting_gap(d, start, end, start_attrs, current);
            start_attrs = current;
            start = end;
        }
    }
}

bool is_text(type_rec const& ty) {
    return ty.typed && (ty.ref == encoding::type_ref::text || ty.ref == encoding::type_ref::xml_text);
}

}  // namespace

std::size_t cleanup_formatting_gap(doc_state& d, std::uint32_t start, std::uint32_t curr,
                                   attributes const& start_attrs, attributes& curr_attrs) {
    auto end = start;
    std::vector<std::pair<std::string, std::uint32_t>> end_formats;  // key -> last live format item
    while (end != nil && (!d.items[end].countable() || d.items[end].deleted)) {
        auto const& x = d.items[end];
        if (!x.deleted && is_format(x)) {
            auto f = std::find_if(end_formats.begin(), end_formats.end(),
                                  [&](auto const& e) { return e.first == x.content.text; });
            if (f != end_formats.end()) f->second = end;
            else end_formats.emplace_back(x.content.text, end);
        }
        end = x.right;
    }
    std::size_t cleanups = 0;
    bool reached_curr = false;
    while (start != end) {
        if (curr == start) reached_curr = true;
        auto const& x = d.items[start];
        if (!x.deleted && is_format(x)) {
            auto const& key = x.content.text;
            auto const& value = x.content.value;
            auto start_value = attr_of(start_attrs, key);
            auto f = std::find_if(end_formats.begin(), end_formats.end(),
                                  [&](auto const& e) { return e.first == key; });
            bool last_of_key = f != end_formats.end() && f->second == start;
            if (!last_of_key || same_value(start_value, value)) {
                d.delete_item(start);
                ++cleanups;
                if (!reached_curr && same_value(attr_of(curr_attrs, key), value) && !same_value(start_value, value))
                    set_attr(curr_attrs, key, start_value);
            }
            if (!reached_curr && !x.deleted) set_attr(curr_attrs, key, value);
        }
        start = x.right;
    }
    return cleanups;
}

void cleanup_after_remote(doc_state& d) {
    // Yjs runs this when an observer call found a changed, live text with formatting.
    bool needed = false;
    for (auto const& [t, key] : d.txn.changed) {
        auto const& ty = d.types[t];
        if (is_text(ty) && ty.has_formatting && (ty.item == nil || !d.items[ty.item].deleted)) needed = true;
    }
    if (!needed) return;
    std::vector<std::uint32_t> full;
    auto add_full = [&](std::uint32_t t) {
        if (std::find(full.begin(), full.end(), t) == full.end()) full.push_back(t);
    };
    // a format item was inserted: clean the whole text
    for (auto const& [c, before] : d.txn.before) {
        auto after = d.state(c);
        if (after <= before) continue;
        auto const& s = d.list_for(c);
        for (auto i = d.find_pos(s, before); i < s.size(); ++i) {
            auto const& x = d.items[s[i]];
            if (!x.deleted && is_format(x) && x.parent != nil) add_full(x.parent);
        }
    }
    // deleted structs: format items → whole text; other content → contextless gap cleanup
    auto ds = d.txn.ds;
    ds.normalize();
    std::vector<std::uint32_t> contextless;
    // Yjs walks the transaction's delete set in the order its clients first got a deletion; for
    // a remote update that is the wire order of the update's delete set: descending client ids
    // (the order decides which format item of a gap a contextless cleanup keeps, and whether a
    // deleted format item turns the rest into a full cleanup first).
    for (auto ci = ds.clients.rbegin(); ci != ds.clients.rend(); ++ci) {
        auto const c = ci->first;
        auto const& ranges = ci->second;
        auto const* s = d.list_of(c);
        if (s == nullptr) continue;
        for (auto r : ranges) {
            for (auto i = d.find_pos(*s, r.clock); i < s->size(); ++i) {
                auto it = (*s)[i];
                auto const& x = d.items[it];
                if (x.id.clock >= r.clock + r.length) break;
                if (x.gc || x.parent == nil) continue;
                auto const& ty = d.types[x.parent];
                if (!is_text(ty) || !ty.has_formatting) continue;
                if (std::find(full.begin(), full.end(), x.parent) != full.end()) continue;
                if (is_format(x)) add_full(x.parent);
                else cleanup_contextless(d, it);
            }
        }
    }
    for (auto t : full) cleanup_text(d, t);
}

}  // namespace refold::crdt::yata::detail
