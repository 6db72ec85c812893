// Local edits: text insert/erase/format, array insert/erase, map set/erase, and the reads
// that go with them. Positions are found from a per-type search marker (the last edit's item
// and index), so edits near the previous one cost O(1) amortised.
#include <crdt/yata/detail/changes.hpp>
#include <crdt/yata/detail/doc_state.hpp>
#include <crdt/yata/detail/format_cleanup.hpp>
#include <crdt/yata/doc.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace refold::crdt::yata {

using detail::doc_state;
using detail::nil;
using encoding::content;
using encoding::content_ref;

namespace {

template <class F>
void local_edit(doc_state& d, F&& f) {
    d.begin(true);
    struct closer {
        doc_state& d;
        ~closer() {
            if (d.depth == 1) d.commit();
            else --d.depth;
        }
    } c{d};
    f();
}

[[noreturn]] void out_of_range(std::uint64_t index, std::uint64_t length, std::uint64_t size) {
    throw usage_error("[crdt.yata.1] index out of range: " + std::to_string(index) + "+" + std::to_string(length) +
                      " > " + std::to_string(size));
}

std::string normalize_json(std::string const& v) {
    auto j = nlohmann::ordered_json::parse(v, nullptr, false);  // keeps key order, like JSON.stringify
    if (j.is_discarded()) throw usage_error("[crdt.yata.5] not JSON text: " + v);
    return j.dump();
}

std::string const* find_attr(attributes const& a, std::string const& key) {
    for (auto const& x : a)
        if (x.key == key) return &x.value;
    return nullptr;
}

using detail::set_attr;

// The live countable item containing unit u (u < length) and its start index.
std::pair<std::uint32_t, std::uint64_t> find_unit(doc_state& d, std::uint32_t t, std::uint64_t u) {
    auto& ty = d.types[t];
    std::uint32_t it = ty.marker != nil ? ty.marker : ty.start;
    std::uint64_t at = ty.marker != nil ? ty.marker_pos : 0;
    while (at > u) {
        it = d.items[it].left;
        auto const& x = d.items[it];
        if (!x.deleted && x.countable()) at -= x.length;
    }
    for (;;) {
        auto const& x = d.items[it];
        if (!x.deleted && x.countable()) {
            if (at + x.length > u) break;
            at += x.length;
        }
        it = x.right;
    }
    ty.marker = it;
    ty.marker_pos = at;
    return {it, at};
}

struct text_pos {
    std::uint32_t left = nil;
    std::uint32_t right = nil;
    std::uint64_t index = 0;
    attributes attrs;
};

void forward(doc_state& d, text_pos& p) {
    auto const& x = d.items[p.right];
    if (x.content.ref == content_ref::format) {
        if (!x.deleted) set_attr(p.attrs, x.content.text, x.content.value);
    } else if (!x.deleted) {
        p.index += x.length;
    }
    p.left = p.right;
    p.right = x.right;
}

// Position after `index` units (Yjs findPosition): splits the item containing the boundary.
text_pos find_pos(doc_state& d, std::uint32_t t, std::uint64_t index) {
    auto& ty = d.types[t];
    text_pos p;
    if (ty.has_formatting) {
        p.right = ty.start;
        std::uint64_t count = index;
        while (p.right != nil && count > 0) {
            auto const& x = d.items[p.right];
            if (x.content.ref != content_ref::format && !x.deleted && count < x.length)
                d.split(p.right, count);
            if (d.items[p.right].content.ref != content_ref::format && !d.items[p.right].deleted)
                count -= d.items[p.right].length;
            forward(d, p);
        }
        return p;
    }
    if (index == 0) {
        p.right = ty.start;
        return p;
    }
    auto [it, at] = find_unit(d, t, index - 1);
    if (at + d.items[it].length > index) d.split(it, index - at);
    p.left = it;
    p.right = d.items[it].right;
    p.index = index;
    return p;
}

content format_content(std::string const& key, std::string const& value) {
    content c;
    c.ref = content_ref::format;
    c.text = key;
    c.value = value;
    c.length = 1;
    return c;
}

content type_content(type_ref kind) {
    content c;
    c.ref = content_ref::type;
    c.type = kind;
    c.length = 1;
    return c;
}

std::uint32_t insert_at_pos(doc_state& d, std::uint32_t t, text_pos& p, content c) {
    auto it = d.insert_after(t, p.left, p.right, std::move(c), nil);
    p.right = it;
    forward(d, p);
    return it;
}

attributes insert_attributes(doc_state& d, std::uint32_t t, text_pos& p, attributes const& req) {
    attributes negated;
    for (auto const& [k, v] : req) {
        auto const* cur = find_attr(p.attrs, k);
        std::string curv = cur ? *cur : "null";
        if (curv != v) {
            negated.push_back({k, curv});
            insert_at_pos(d, t, p, format_content(k, v));
        }
    }
    return negated;
}

void insert_negated(doc_state& d, std::uint32_t t, text_pos& p, attributes negated) {
    while (p.right != nil) {
        auto const& x = d.items[p.right];
        if (x.deleted) {
            forward(d, p);
            continue;
        }
        if (x.content.ref != content_ref::format) break;
        auto it = std::find_if(negated.begin(), negated.end(), [&](auto const& a) { return a.key == x.content.text; });
        if (it == negated.end() || it->value != x.content.value) break;
        negated.erase(it);
        forward(d, p);
    }
    for (auto const& [k, v] : negated) insert_at_pos(d, t, p, format_content(k, v));
}

void minimize(doc_state& d, text_pos& p, attributes const& req) {
    while (p.right != nil) {
        auto const& x = d.items[p.right];
        if (!x.deleted) {
            if (x.content.ref != content_ref::format) break;
            auto const* want = find_attr(req, x.content.text);
            if ((want ? *want : std::string("null")) != x.content.value) break;
        }
        forward(d, p);
    }
}

// Yjs insertText with attributes: format items around the content as needed. Returns the id
// range of the inserted content.
id_range insert_formatted(doc_state& d, std::uint32_t t, text_pos& p, attributes req, content c) {
    for (auto const& a : p.attrs)
        if (!find_attr(req, a.key)) req.push_back({a.key, "null"});
    minimize(d, p, req);
    auto negated = insert_attributes(d, t, p, req);
    auto it = insert_at_pos(d, t, p, std::move(c));
    id_range ids{d.items[it].id.client, d.items[it].id.clock, d.items[it].length};
    insert_negated(d, t, p, std::move(negated));
    d.types[t].marker = nil;
    return ids;
}

// Records a local sequence edit (its text or elements are filled in by the caller).
detail::local_op& record(doc_state& d, std::uint32_t t, bool insert, std::uint64_t index, std::uint64_t length, bool plain,
                         id_range ids = {}) {
    auto& op = d.txn.local_ops.push();
    op.type = t;
    op.insert = insert;
    op.index = index;
    op.length = length;
    op.plain = plain;
    op.ids = ids;
    return op;
}

}  // namespace

namespace detail {

std::uint32_t doc_state::insert_after(std::uint32_t type, std::uint32_t left, std::uint32_t right, content c,
                                      std::uint32_t key) {
    auto clock = state(client);
    std::uint32_t it = items.alloc();
    item& x = items[it];
    x.id = {client, clock};
    x.length = c.length;
    if (left != nil) {
        x.origin = items[left].last_id();
        x.has_origin = true;
    }
    if (right != nil) {
        x.right_origin = items[right].id;
        x.has_right_origin = true;
    }
    x.left = left;
    x.right = right;
    x.parent = type;
    x.key = key;
    x.content = std::move(c);
    marker_owned = true;
    integrate(it, 0);
    marker_owned = false;
    return it;
}

void doc_state::set_marker(std::uint32_t type, std::uint32_t it, std::uint64_t pos) {
    types[type].marker = it;
    types[type].marker_pos = pos;
}

}  // namespace detail

// ---- text

void text::insert_embed(std::uint64_t index, std::string const& json, attributes const& attrs) {
    auto& d = d_->state();
    if (index > d.types[t_].length) out_of_range(index, 0, d.types[t_].length);
    content c;
    c.ref = content_ref::embed;
    c.text = normalize_json(json);
    c.length = 1;
    attributes req;
    for (auto const& a : attrs) req.push_back({a.key, normalize_json(a.value)});
    local_edit(d, [&] {
        auto p = find_pos(d, t_, index);
        auto ids = insert_formatted(d, t_, p, std::move(req), std::move(c));
        record(d, t_, true, index, 1, false, ids);
    });
}

void text::insert(std::uint64_t index, std::string_view utf8, attributes const& attrs) {
    auto& d = d_->state();
    if (!encoding::valid_utf8(utf8)) throw usage_error("[crdt.yata.3] invalid UTF-8 text");
    if (index > d.types[t_].length) out_of_range(index, 0, d.types[t_].length);
    if (utf8.empty()) return;
    attributes req;
    for (auto const& a : attrs) req.push_back({a.key, normalize_json(a.value)});
    local_edit(d, [&] {
        auto p = find_pos(d, t_, index);
        auto len = encoding::utf16_length(utf8);
        if (!d.types[t_].has_formatting && req.empty()) {
            while (p.right != nil && d.items[p.right].deleted) {
                p.left = p.right;
                p.right = d.items[p.right].right;
            }
            if (p.left != nil) {
                // Typing on: the new item would merge into our own last item at commit (same
                // checks as merging), so append to it directly.
                auto& L = d.items[p.left];
                bool right_ok = p.right == nil ? !L.has_right_origin
                                               : (L.has_right_origin && L.right_origin == d.items[p.right].id);
                if (L.id.client == d.client && L.content.ref == content_ref::string && !L.deleted &&
                    L.right == p.right && right_ok && L.end() == d.state(d.client)) {
                    d.note_before(d.client, L.end());
                    id_range ids{d.client, L.end(), len};
                    auto start = index - L.length;
                    L.content.text.append(utf8);
                    L.content.length += len;
                    L.length += len;
                    d.types[t_].length += len;
                    if (d.types[t_].indexed) d.index_reweigh(p.left);
                    d.add_changed(t_, nil);
                    d.set_marker(t_, p.left, start);
                    record(d, t_, true, index, len, true, ids).text.assign(utf8);
                    return;
                }
            }
            auto it = d.insert_after(t_, p.left, p.right, content::string(std::string(utf8)), nil);
            d.set_marker(t_, it, index);
            record(d, t_, true, index, len, true, {d.client, d.items[it].id.clock, len}).text.assign(utf8);
            return;
        }
        auto ids = insert_formatted(d, t_, p, std::move(req), content::string(std::string(utf8)));
        record(d, t_, true, index, len, false, ids).text.assign(utf8);
    });
}

void text::erase(std::uint64_t index, std::uint64_t length) {
    auto& d = d_->state();
    if (index + length > d.types[t_].length || index + length < index) out_of_range(index, length, d.types[t_].length);
    if (length == 0) return;
    local_edit(d, [&] {
        auto p = find_pos(d, t_, index);
        auto first = p.right;
        auto start_attrs = p.attrs;
        std::uint64_t remaining = length;
        d.marker_owned = true;
        bool plain = !d.types[t_].has_formatting;
        while (remaining > 0 && p.right != nil) {
            auto const& x = d.items[p.right];
            if (!x.deleted && (x.content.ref == content_ref::string || x.content.ref == content_ref::embed ||
                               x.content.ref == content_ref::type)) {
                if (remaining < x.length) d.split(p.right, remaining);
                remaining -= d.items[p.right].length;
                d.delete_item(p.right);
            } else if (plain && x.deleted) {  // a run of tombstones: no formatting to track
                p.left = p.right;
                p.right = x.right;
                continue;
            }
            forward(d, p);
        }
        if (d.types[t_].has_formatting && first != nil)
            detail::cleanup_formatting_gap(d, first, p.right, start_attrs, p.attrs);
        d.marker_owned = false;
        if (d.types[t_].has_formatting) d.types[t_].marker = nil;
        else d.set_marker(t_, first, index);
        record(d, t_, false, index, length, true);
    });
}

void text::format(std::uint64_t index, std::uint64_t length, attributes const& attrs) {
    auto& d = d_->state();
    if (index + length > d.types[t_].length || index + length < index) out_of_range(index, length, d.types[t_].length);
    if (length == 0) return;
    attributes req;
    for (auto const& a : attrs) req.push_back({a.key, normalize_json(a.value)});
    local_edit(d, [&] {
        auto p = find_pos(d, t_, index);
        if (p.right == nil) return;
        minimize(d, p, req);
        auto negated = insert_attributes(d, t_, p, req);
        std::uint64_t remaining = length;
        while (p.right != nil) {
            auto const& x = d.items[p.right];
            bool more = remaining > 0 ||
                        (!negated.empty() && (x.deleted || x.content.ref == content_ref::format));
            if (!more) break;
            if (!x.deleted) {
                if (x.content.ref == content_ref::format) {
                    auto const* want = find_attr(req, x.content.text);
                    if (want) {
                        auto ng = std::find_if(negated.begin(), negated.end(),
                                               [&](auto const& a) { return a.key == x.content.text; });
                        if (*want == x.content.value) {
                            if (ng != negated.end()) negated.erase(ng);
                        } else {
                            if (remaining == 0) break;
                            if (ng != negated.end()) ng->value = x.content.value;
                            else negated.push_back({x.content.text, x.content.value});
                        }
                        d.delete_item(p.right);
                    } else {
                        auto it = std::find_if(p.attrs.begin(), p.attrs.end(),
                                               [&](auto const& a) { return a.key == x.content.text; });
                        if (it != p.attrs.end()) it->value = x.content.value;
                        else p.attrs.push_back({x.content.text, x.content.value});
                    }
                } else {
                    if (remaining < x.length) d.split(p.right, remaining);
                    remaining -= std::min(remaining, d.items[p.right].length);
                }
            }
            forward(d, p);
        }
        insert_negated(d, t_, p, std::move(negated));
        d.types[t_].marker = nil;
        record(d, t_, true, index, 0, false);
    });
}

std::uint64_t text::length() const { return d_->state().types[t_].length; }

std::string text::to_string() const {
    auto const& d = d_->state();
    std::string out;
    for (auto it = d.types[t_].start; it != nil; it = d.items[it].right) {
        auto const& x = d.items[it];
        if (!x.deleted && x.content.ref == content_ref::string) out += x.content.text;
    }
    return out;
}

std::vector<delta_op> text::delta() const {
    auto const& d = d_->state();
    std::vector<delta_op> ops;
    attributes attrs;
    bool open = false;
    for (auto it = d.types[t_].start; it != nil; it = d.items[it].right) {
        auto const& x = d.items[it];
        if (x.deleted) continue;
        if (x.content.ref == content_ref::format) {
            open = false;
            set_attr(attrs, x.content.text, x.content.value);
        } else if (x.content.ref == content_ref::string) {
            if (open) {
                ops.back().text += x.content.text;
                ops.back().length += x.length;
            } else {
                ops.push_back({delta_op::kind::insert, x.length, x.content.text, {}, attrs});
                open = true;
            }
            detail::append_ids(ops.back().ids, x.id.client, x.id.clock, x.length);
        } else if (x.countable()) {
            open = false;
            delta_op op{delta_op::kind::insert, 1, {}, {}, attrs};
            detail::append_elements(d, x, op.elements);
            detail::append_ids(op.ids, x.id.client, x.id.clock, 1);
            ops.push_back(std::move(op));
        }
    }
    return ops;
}

// ---- array

namespace {

// Left neighbour for an insert at `index` of an array (the item holding unit index-1, split).
std::uint32_t array_left(doc_state& d, std::uint32_t t, std::uint64_t index) {
    if (index == 0) return nil;
    auto [it, at] = find_unit(d, t, index - 1);
    if (at + d.items[it].length > index) d.split(it, index - at);
    return it;
}

std::uint32_t array_insert(doc_state& d, std::uint32_t t, std::uint64_t index, content c, std::vector<element> els) {
    std::uint32_t result = nil;
    local_edit(d, [&] {
        auto left = array_left(d, t, index);
        auto right = left == nil ? d.types[t].start : d.items[left].right;
        auto len = c.length;
        auto it = d.insert_after(t, left, right, std::move(c), nil);
        d.set_marker(t, it, index);
        result = it;
        if (d.items[it].self_type != nil) els = {{element::kind::type, {}, {}, d.items[it].self_type}};
        record(d, t, true, index, len, true, {d.client, d.items[it].id.clock, len}).elements = std::move(els);
    });
    return result;
}

}  // namespace

void array::insert(std::uint64_t index, std::vector<any> values) {
    auto& d = d_->state();
    if (index > d.types[t_].length) out_of_range(index, 0, d.types[t_].length);
    if (values.empty()) return;
    std::vector<element> els;
    for (auto const& v : values) els.push_back({element::kind::value, v, {}, no_type});
    array_insert(d, t_, index, content::anys(std::move(values)), std::move(els));
}

void array::push_back(std::vector<any> values) { insert(size(), std::move(values)); }

void array::insert_binary(std::uint64_t index, std::string bytes) {
    auto& d = d_->state();
    if (index > d.types[t_].length) out_of_range(index, 0, d.types[t_].length);
    content c;
    c.ref = content_ref::binary;
    c.length = 1;
    c.text = bytes;
    array_insert(d, t_, index, std::move(c), {{element::kind::binary, any::bytes(std::move(bytes)), {}, no_type}});
}

std::uint32_t array::insert_type(std::uint64_t index, type_ref kind) {
    auto& d = d_->state();
    if (index > d.types[t_].length) out_of_range(index, 0, d.types[t_].length);
    auto it = array_insert(d, t_, index, type_content(kind), {});
    return d.items[it].self_type;
}

void array::erase(std::uint64_t index, std::uint64_t length) {
    auto& d = d_->state();
    if (index + length > d.types[t_].length || index + length < index) out_of_range(index, length, d.types[t_].length);
    if (length == 0) return;
    local_edit(d, [&] {
        auto left = array_left(d, t_, index);
        auto n = left == nil ? d.types[t_].start : d.items[left].right;
        auto first = n;
        std::uint64_t remaining = length;
        d.marker_owned = true;
        while (remaining > 0 && n != nil) {
            if (!d.items[n].deleted) {
                if (remaining < d.items[n].length) d.split(n, remaining);
                remaining -= d.items[n].length;
                d.delete_item(n);
            }
            n = d.items[n].right;
        }
        d.marker_owned = false;
        d.set_marker(t_, first, index);
        record(d, t_, false, index, length, true);
    });
}

element array::get(std::uint64_t index) const {
    auto& d = d_->state();
    if (index >= d.types[t_].length) out_of_range(index, 1, d.types[t_].length);
    auto [it, at] = find_unit(d, t_, index);
    std::vector<element> els;
    detail::append_elements(d, d.items[it], els);
    return els.at(static_cast<std::size_t>(index - at));
}

std::vector<element> array::elements() const {
    auto const& d = d_->state();
    std::vector<element> out;
    for (auto it = d.types[t_].start; it != nil; it = d.items[it].right) {
        auto const& x = d.items[it];
        if (!x.deleted && x.countable()) detail::append_elements(d, x, out);
    }
    return out;
}

std::uint64_t array::size() const { return d_->state().types[t_].length; }

// ---- map

namespace {

void map_set(doc_state& d, std::uint32_t t, std::string_view key, content c) {
    local_edit(d, [&] {
        auto k = d.key_of(key);
        auto e = d.types[t].map.find(k);
        auto left = e == d.types[t].map.end() ? nil : e->second;
        d.insert_after(t, left, nil, std::move(c), k);
    });
}

}  // namespace

void map::set(std::string_view key, any value) {
    std::vector<any> v;
    v.push_back(std::move(value));
    map_set(d_->state(), t_, key, content::anys(std::move(v)));
}

void map::set_binary(std::string_view key, std::string bytes) {
    content c;
    c.ref = content_ref::binary;
    c.length = 1;
    c.text = std::move(bytes);
    map_set(d_->state(), t_, key, std::move(c));
}

std::uint32_t map::set_type(std::string_view key, type_ref kind) {
    auto& d = d_->state();
    map_set(d, t_, key, type_content(kind));
    return d.items[d.types[t_].map.at(d.key_of(key))].self_type;
}

void map::erase(std::string_view key) {
    auto& d = d_->state();
    auto k = d.key_index.find(std::string(key));
    if (k == d.key_index.end()) return;
    auto e = d.types[t_].map.find(k->second);
    if (e == d.types[t_].map.end() || d.items[e->second].deleted) return;
    local_edit(d, [&] { d.delete_item(e->second); });
}

std::optional<element> map::get(std::string_view key) const {
    auto const& d = d_->state();
    auto k = d.key_index.find(std::string(key));
    if (k == d.key_index.end()) return std::nullopt;
    auto e = d.types[t_].map.find(k->second);
    if (e == d.types[t_].map.end() || d.items[e->second].deleted) return std::nullopt;
    return detail::last_element(d, d.items[e->second]);
}

std::vector<std::string> map::keys() const {
    auto const& d = d_->state();
    std::vector<std::string> out;
    for (auto const& [k, e] : d.types[t_].map)
        if (!d.items[e].deleted) out.push_back(d.keys[k]);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace refold::crdt::yata
