// change_set computation (Yjs event deltas and changed keys) and element conversion.
#include <crdt/yata/detail/changes.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace refold::crdt::yata::detail {

namespace {

using encoding::any;
using encoding::content_ref;

any from_ordered(nlohmann::ordered_json const& j) {
    switch (j.type()) {
    case nlohmann::ordered_json::value_t::null: return any::null();
    case nlohmann::ordered_json::value_t::boolean: return any::boolean(j.get<bool>());
    case nlohmann::ordered_json::value_t::number_integer:
    case nlohmann::ordered_json::value_t::number_unsigned:
    case nlohmann::ordered_json::value_t::number_float: return any::number(j.get<double>());
    case nlohmann::ordered_json::value_t::string: return any::string(j.get<std::string>());
    case nlohmann::ordered_json::value_t::array: {
        std::vector<any> v;
        for (auto const& e : j) v.push_back(from_ordered(e));
        return any::array(std::move(v));
    }
    case nlohmann::ordered_json::value_t::object: {
        any a;
        a.k = any::kind::object;
        for (auto const& [k, v] : j.items()) a.fields.emplace_back(k, from_ordered(v));
        return a;
    }
    default: return any::undefined();
    }
}

struct delta_builder {
    std::vector<delta_op> ops;
    bool text_like = false;

    void retain(std::uint64_t n) {
        if (!ops.empty() && ops.back().op == delta_op::kind::retain) ops.back().length += n;
        else ops.push_back({delta_op::kind::retain, n, {}, {}, {}});
    }
    void erase(std::uint64_t n) {
        if (!ops.empty() && ops.back().op == delta_op::kind::erase) ops.back().length += n;
        else ops.push_back({delta_op::kind::erase, n, {}, {}, {}});
    }
    void insert_text(std::string const& s, std::uint64_t n, attributes const& attrs, yata::id first) {
        if (!ops.empty() && ops.back().op == delta_op::kind::insert && ops.back().elements.empty() &&
            !ops.back().text.empty() && ops.back().attrs == attrs) {
            ops.back().text += s;
            ops.back().length += n;
        } else {
            ops.push_back({delta_op::kind::insert, n, s, {}, attrs});
        }
        append_ids(ops.back().ids, first.client, first.clock, n);
    }
    void insert_elements(std::vector<element> els, attributes const& attrs, yata::id first) {
        auto n = static_cast<std::uint64_t>(els.size());
        if (!text_like && !ops.empty() && ops.back().op == delta_op::kind::insert && ops.back().text.empty()) {
            auto& e = ops.back().elements;
            e.insert(e.end(), std::make_move_iterator(els.begin()), std::make_move_iterator(els.end()));
            ops.back().length += n;
        } else {
            ops.push_back({delta_op::kind::insert, n, {}, std::move(els), text_like ? attrs : attributes{}});
        }
        append_ids(ops.back().ids, first.client, first.clock, n);
    }
    void finish() {
        if (!ops.empty() && ops.back().op == delta_op::kind::retain && ops.back().attrs.empty()) ops.pop_back();
    }
};

attributes::iterator find_key(attributes& a, std::string const& key) {
    return std::find_if(a.begin(), a.end(), [&](auto const& x) { return x.key == key; });
}

std::string value_or_null(attributes& a, std::string const& key) {
    auto it = find_key(a, key);
    return it == a.end() ? std::string("null") : it->value;
}

void put(attributes& a, std::string const& key, std::string const& value) {  // keeps "null"
    auto it = find_key(a, key);
    if (it == a.end()) a.push_back({key, value});
    else it->value = value;
}

// Yjs YTextEvent.delta: inserts carry the current formatting; retains carry the formatting this
// transaction changed (a removed attribute as "null"). Yjs also deletes redundant new Format
// items while computing it; we do not mutate here (the rendered result is the same).
std::vector<delta_op> walk_text_delta(doc_state& d, std::uint32_t t) {
    enum class act { none, ins, ret, del };
    std::vector<delta_op> out;
    attributes current, old, changed;
    act action = act::none;
    delta_op pending_insert;
    std::uint64_t retain = 0, del = 0;
    auto flush = [&] {
        switch (action) {
        case act::del:
            if (del > 0) out.push_back({delta_op::kind::erase, del, {}, {}, {}});
            del = 0;
            break;
        case act::ins:
            if (pending_insert.length > 0) {
                pending_insert.op = delta_op::kind::insert;
                pending_insert.attrs = current;
                out.push_back(std::move(pending_insert));
            }
            pending_insert = {};
            break;
        case act::ret:
            if (retain > 0) out.push_back({delta_op::kind::retain, retain, {}, {}, changed});
            retain = 0;
            break;
        case act::none: break;
        }
        action = act::none;
    };
    auto to = [&](act a) {
        if (action != a) {
            flush();
            action = a;
        }
    };
    for (auto it = d.types[t].start; it != nil; it = d.items[it].right) {
        item const& x = d.items[it];
        if (x.gc) continue;
        auto before = d.before_state(x.id.client);
        bool adds = x.id.clock >= before;
        bool deletes = x.deleted && d.txn.ds.contains(x.id.client, x.id.clock);
        switch (x.content.ref) {
        case content_ref::type:
        case content_ref::embed:
            if (adds) {
                if (!deletes) {
                    flush();
                    action = act::ins;
                    append_elements(d, x, pending_insert.elements);
                    append_ids(pending_insert.ids, x.id.client, x.id.clock, 1);
                    pending_insert.length = 1;
                    flush();
                }
            } else if (deletes) {
                to(act::del);
                del += 1;
            } else if (!x.deleted) {
                to(act::ret);
                retain += 1;
            }
            break;
        case content_ref::string:
            if (adds) {
                if (!deletes) {
                    to(act::ins);
                    pending_insert.text += x.content.text;
                    pending_insert.length += x.length;
                    append_ids(pending_insert.ids, x.id.client, x.id.clock, x.length);
                }
            } else if (deletes) {
                to(act::del);
                del += std::min(x.end(), before) - x.id.clock;  // typing may have extended the block
            } else if (!x.deleted) {
                to(act::ret);
                retain += std::min(x.end(), before) - x.id.clock;
                if (x.end() > before) {  // our own block, extended in place by typing
                    to(act::ins);
                    pending_insert.text += encoding::slice_utf16(x.content.text, before - x.id.clock);
                    pending_insert.length += x.end() - before;
                    append_ids(pending_insert.ids, x.id.client, before, x.end() - before);
                }
            }
            break;
        case content_ref::format: {
            auto const& key = x.content.text;
            auto const& value = x.content.value;
            if (adds) {
                if (!deletes && value_or_null(current, key) != value) {
                    if (action == act::ret) flush();
                    if (value == value_or_null(old, key)) {
                        auto k = find_key(changed, key);
                        if (k != changed.end()) changed.erase(k);
                    } else {
                        put(changed, key, value);
                    }
                }
            } else if (deletes) {
                put(old, key, value);
                auto cur = value_or_null(current, key);
                if (cur != value) {
                    if (action == act::ret) flush();
                    put(changed, key, cur);
                }
            } else if (!x.deleted) {
                put(old, key, value);
                auto k = find_key(changed, key);
                if (k != changed.end() && k->value != value) {
                    if (action == act::ret) flush();
                    if (value == "null") changed.erase(find_key(changed, key));
                    else put(changed, key, value);
                }
            }
            if (!x.deleted) {
                if (action == act::ins) flush();
                set_attr(current, key, value);
            }
            break;
        }
        default: break;
        }
    }
    flush();
    while (!out.empty() && out.back().op == delta_op::kind::retain && out.back().attrs.empty()) out.pop_back();
    return out;
}

std::vector<delta_op> walk_delta(doc_state& d, std::uint32_t t) {
    delta_builder b;
    auto const& ty = d.types[t];
    b.text_like = d.text_like(t);
    if (b.text_like) return walk_text_delta(d, t);
    attributes attrs;
    for (auto it = ty.start; it != nil; it = d.items[it].right) {
        item const& x = d.items[it];
        if (x.gc) continue;
        bool added = x.id.clock >= d.before_state(x.id.client);
        if (x.deleted) {
            if (!added && x.countable() && d.txn.ds.contains(x.id.client, x.id.clock)) {
                // a block extended by typing in this transaction can hold new units at its end
                b.erase(std::min(x.end(), d.before_state(x.id.client)) - x.id.clock);
            }
        } else if (x.content.ref == content_ref::format) {
            set_attr(attrs, x.content.text, x.content.value);
        } else if (added) {
            if (!x.countable()) continue;
            if (x.content.ref == content_ref::string) {
                b.insert_text(x.content.text, x.length, attrs, x.id);
            } else {
                std::vector<element> els;
                append_elements(d, x, els);
                b.insert_elements(std::move(els), attrs, x.id);
            }
        } else if (x.countable()) {
            auto before = d.before_state(x.id.client);
            if (x.end() > before && x.content.ref == content_ref::string) {
                // our own last item, extended in place by typing during this transaction
                b.retain(before - x.id.clock);
                b.insert_text(encoding::slice_utf16(x.content.text, before - x.id.clock), x.end() - before, attrs,
                              {x.id.client, before});
            } else {
                b.retain(x.length);
            }
        }
    }
    b.finish();
    return std::move(b.ops);
}

// ---- deltas from the touched items and the type's seq_index (O(k log n))

// Structs inserted or deleted in the open transaction (each once).
void collect_touched(doc_state& d, std::vector<std::uint32_t>& out) {
    out.clear();
    for (auto const& [c, b] : d.txn.before) {
        auto const* s = d.list_of(c);
        if (s == nullptr || d.state(c) <= b) continue;
        for (auto pos = d.find_pos(*s, b); pos < s->size(); ++pos) out.push_back((*s)[pos]);
    }
    for (auto const& [c, ranges] : d.txn.ds.clients) {
        auto const* s = d.list_of(c);
        if (s == nullptr) continue;
        for (auto r : ranges) {
            for (auto pos = d.find_pos(*s, r.clock); pos < s->size(); ++pos) {
                auto it = (*s)[pos];
                if (d.items[it].id.clock >= r.clock + r.length) break;
                out.push_back(it);
            }
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
}

// The same delta as walk_delta for a typed, formatting-free type, from its touched items only.
// Returns false (caller walks) when the walk is the better choice.
bool index_delta(doc_state& d, std::uint32_t t, std::vector<std::uint32_t> const& touched, std::vector<delta_op>& out) {
    auto& ty = d.types[t];
    if (!d.fast_remote_deltas || ty.has_formatting) return false;
    bool text_like = d.text_like(t);
    std::vector<std::pair<seq_index::place, std::uint32_t>> mine;
    for (auto it : touched) {
        item const& x = d.items[it];
        if (x.parent == t && x.key == nil && !x.gc) mine.push_back({{}, it});
    }
    // a large share of the type: one walk is cheaper than building and querying the index
    if (!ty.indexed && d.walk_share > 0 && mine.size() * d.walk_share > ty.length + 64) return false;
    if (!ty.indexed || ty.index_text_like != text_like) d.build_index(t);  // (an untyped root's kind may change)
    for (auto& [p, it] : mine) {
        auto b = d.items[it].blk;
        auto const& bl = ty.index.at(b);
        p.block_pos = bl.pos;
        p.before = ty.index.weight_before_block(b);
        std::uint32_t off = 0;
        for (auto const& e : bl.entries) {
            if (e.item == it) break;
            p.before += e.weight;
            ++off;
        }
        p.offset = off;
    }
    std::sort(mine.begin(), mine.end(), [](auto const& a, auto const& b) { return a.first < b.first; });
    auto counts = [&](item const& x) {
        if (!text_like) return x.countable();
        auto c = x.content.ref;
        return c == content_ref::string || c == content_ref::embed || c == content_ref::type;
    };
    delta_builder b;
    b.text_like = text_like;
    std::uint64_t at = 0;  // units of the new sequence accounted for
    auto retain_to = [&](std::uint64_t pos) {
        if (pos > at) b.retain(pos - at);
        at = pos;
    };
    for (auto const& [p, it] : mine) {
        item const& x = d.items[it];
        if (!counts(x)) continue;
        auto before = d.before_state(x.id.client);
        bool added = x.id.clock >= before;
        if (x.deleted) {
            if (!added && d.txn.ds.contains(x.id.client, x.id.clock)) {
                retain_to(p.before);
                b.erase(std::min(x.end(), before) - x.id.clock);
            }
        } else if (added) {
            retain_to(p.before);
            if (x.content.ref == content_ref::string) {
                b.insert_text(x.content.text, x.length, {}, x.id);
            } else {
                std::vector<element> els;
                append_elements(d, x, els);
                b.insert_elements(std::move(els), {}, x.id);
            }
            at = p.before + x.length;
        } else if (x.end() > before && x.content.ref == content_ref::string) {
            // our own block, extended in place by typing during this transaction
            retain_to(p.before + (before - x.id.clock));
            b.insert_text(encoding::slice_utf16(x.content.text, before - x.id.clock), x.end() - before, {},
                          {x.id.client, before});
            at = p.before + x.length;
        }
    }
    b.finish();
    out = std::move(b.ops);
    return true;
}

}  // namespace

void set_attr(attributes& attrs, std::string const& key, std::string const& value) {
    auto it = std::find_if(attrs.begin(), attrs.end(), [&](auto const& a) { return a.key == key; });
    if (value == "null") {
        if (it != attrs.end()) attrs.erase(it);
    } else if (it != attrs.end()) {
        it->value = value;
    } else {
        attrs.push_back({key, value});
    }
}

encoding::any any_from_json_text(std::string_view text) {
    if (text == "undefined") return any::undefined();
    auto j = nlohmann::ordered_json::parse(text, nullptr, false);
    if (j.is_discarded()) return any::undefined();
    return from_ordered(j);
}

void append_elements(doc_state const& d, item const& x, std::vector<element>& out) {
    (void)d;
    auto const& c = x.content;
    switch (c.ref) {
    case content_ref::any:
        for (auto const& v : c.values) out.push_back({element::kind::value, v, {}, no_type});
        break;
    case content_ref::json:
        for (auto const& s : c.json) out.push_back({element::kind::value, any_from_json_text(s), {}, no_type});
        break;
    case content_ref::binary: out.push_back({element::kind::binary, any::bytes(c.text), {}, no_type}); break;
    case content_ref::embed: out.push_back({element::kind::embed, any_from_json_text(c.text), c.text, no_type}); break;
    case content_ref::type: out.push_back({element::kind::type, {}, {}, x.self_type}); break;
    case content_ref::doc:
        out.push_back({element::kind::doc, c.values.empty() ? any::undefined() : c.values[0], c.text, no_type});
        break;
    case content_ref::string:  // as YArray reads a string: one element per character
        for (std::size_t i = 0; i < c.text.size();) {
            auto b = static_cast<unsigned char>(c.text[i]);
            std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
            out.push_back({element::kind::value, any::string(c.text.substr(i, n)), {}, no_type});
            i += n;
        }
        break;
    default: break;
    }
}

element last_element(doc_state const& d, item const& x) {
    std::vector<element> els;
    if (x.content.ref == content_ref::any && !x.content.values.empty())
        return {element::kind::value, x.content.values.back(), {}, no_type};
    append_elements(d, x, els);
    if (els.empty()) return {};
    return std::move(els.back());
}

namespace {

// The common case: one plain local sequence edit on one type. Reuses the previous storage; the
// op's text and elements move into the change_set (the op is not read after the commit).
bool single_local_edit(doc_state& d, change_set& cs) {
    auto& tx = d.txn;
    if (!tx.local || tx.local_ops.size() != 1 || tx.changed.size() != 1) return false;
    auto& op = tx.local_ops.front();
    if (!op.plain || tx.changed[0].first != op.type || tx.changed[0].second != nil || d.types[op.type].has_formatting)
        return false;
    if (cs.changes.size() != 1) cs.changes.resize(1);
    auto& tc = cs.changes[0];
    tc.type = op.type;
    tc.keys.clear();
    std::size_t n = op.index > 0 ? 2 : 1;
    if (tc.delta.size() != n) tc.delta.resize(n);
    auto reset = [](delta_op& x, delta_op::kind k, std::uint64_t length) {
        x.op = k;
        x.length = length;
        x.text.clear();
        if (!x.elements.empty()) x.elements.clear();
        if (!x.attrs.empty()) x.attrs.clear();
        x.ids.clear();  // keeps the previous change_set's storage
    };
    if (n == 2) reset(tc.delta[0], delta_op::kind::retain, op.index);
    auto& e = tc.delta[n - 1];
    reset(e, op.insert ? delta_op::kind::insert : delta_op::kind::erase, op.length);
    if (op.insert) {
        e.text.swap(op.text);
        if (!op.elements.empty()) e.elements.swap(op.elements);
        if (op.ids.length > 0) e.ids.push_back(op.ids);
    }
    return true;
}

// ---- composing the deltas of several local edits (so a multi-edit transaction needs no walk)

// Appends units [from, from+n) of the id ranges `ids` to `out`.
void slice_ids(std::vector<id_range> const& ids, std::uint64_t from, std::uint64_t n, std::vector<id_range>& out) {
    for (auto const& r : ids) {
        if (n == 0) break;
        if (from >= r.length) {
            from -= r.length;
            continue;
        }
        auto take = std::min(n, r.length - from);
        append_ids(out, r.client, r.clock + from, take);
        n -= take;
        from = 0;
    }
}

struct delta_cursor {
    std::vector<delta_op> const& ops;
    std::size_t i = 0;
    std::uint64_t used = 0;  // units of ops[i] already consumed

    bool done() const { return i >= ops.size(); }
    delta_op::kind kind() const { return done() ? delta_op::kind::retain : ops[i].op; }
    std::uint64_t left() const { return done() ? ~std::uint64_t{0} : ops[i].length - used; }
    // Takes up to n units of the current op (an implicit retain past the end).
    delta_op take(std::uint64_t n) {
        delta_op out;
        if (done()) {
            out.op = delta_op::kind::retain;
            out.length = n;
            return out;
        }
        auto const& op = ops[i];
        n = std::min(n, op.length - used);
        out.op = op.op;
        out.length = n;
        if (op.op == delta_op::kind::insert) {
            if (!op.text.empty()) {
                std::string rest = encoding::slice_utf16(op.text, used);
                if (n < op.length - used) encoding::split_utf16(rest, n);
                out.text = std::move(rest);
            } else {
                out.elements.assign(op.elements.begin() + static_cast<std::ptrdiff_t>(used),
                                    op.elements.begin() + static_cast<std::ptrdiff_t>(used + n));
            }
            slice_ids(op.ids, used, n, out.ids);
        }
        used += n;
        if (used == op.length) {
            ++i;
            used = 0;
        }
        return out;
    }
};

void push_op(std::vector<delta_op>& out, delta_op op) {
    if (op.length == 0) return;
    if (!out.empty()) {
        auto& last = out.back();
        if (last.op == op.op && op.op != delta_op::kind::insert) {
            last.length += op.length;
            return;
        }
        if (last.op == op.op && !last.text.empty() && !op.text.empty()) {
            last.text += op.text;
            last.length += op.length;
            append_ids(last.ids, op.ids);
            return;
        }
        if (last.op == op.op && last.text.empty() && op.text.empty()) {
            last.elements.insert(last.elements.end(), op.elements.begin(), op.elements.end());
            last.length += op.length;
            append_ids(last.ids, op.ids);
            return;
        }
    }
    out.push_back(std::move(op));
}

// Delta of applying `a` then `b` (both without attributes). At one position, the order of a's
// deletes and b's inserts follows where Yjs puts new items: text inserts skip tombstones (so
// deletes come first), array inserts go before them.
std::vector<delta_op> compose(std::vector<delta_op> const& a, std::vector<delta_op> const& b, bool text) {
    std::vector<delta_op> out;
    delta_cursor ca{a}, cb{b};
    while (!ca.done() || !cb.done()) {
        if (text && ca.kind() == delta_op::kind::erase) {
            push_op(out, ca.take(ca.left()));
        } else if (cb.kind() == delta_op::kind::insert) {
            push_op(out, cb.take(cb.left()));
        } else if (ca.kind() == delta_op::kind::erase) {
            push_op(out, ca.take(ca.left()));
        } else {
            auto n = std::min(ca.left(), cb.left());
            auto x = ca.take(n);
            auto y = cb.take(n);
            if (y.op == delta_op::kind::retain) push_op(out, std::move(x));  // keeps a's retain/insert
            else if (x.op == delta_op::kind::retain) push_op(out, std::move(y));  // b deletes base units
            // b deletes what a inserted: both vanish
        }
    }
    if (!out.empty() && out.back().op == delta_op::kind::retain) out.pop_back();
    return out;
}

std::vector<delta_op> op_delta(local_op const& op) {
    std::vector<delta_op> d;
    if (op.index > 0) d.push_back({delta_op::kind::retain, op.index, {}, {}, {}});
    if (op.insert) {
        d.push_back({delta_op::kind::insert, op.length, op.text, op.elements, {}});
        append_ids(d.back().ids, op.ids.client, op.ids.clock, op.ids.length);
    }
    else d.push_back({delta_op::kind::erase, op.length, {}, {}, {}});
    return d;
}

}  // namespace

void compute_changes(doc_state& d, change_set& cs) {
    if (d.fast_local_deltas && single_local_edit(d, cs)) return;
    auto& tx = d.txn;
    auto& order = d.scratch_types;
    order.clear();
    for (auto const& [t, k] : tx.changed)
        if (std::find(order.begin(), order.end(), t) == order.end()) order.push_back(t);
    auto added = [&](item const& x) { return x.id.clock >= d.before_state(x.id.client); };
    auto deleted_now = [&](item const& x) { return x.deleted && tx.ds.contains(x.id.client, x.id.clock); };
    std::size_t used = 0;
    bool have_touched = false;
    std::vector<std::uint32_t> touched;
    for (auto t : order) {
        // reuse the storage of the previous change_set
        if (used == cs.changes.size()) cs.changes.emplace_back();
        type_change& tc = cs.changes[used];
        tc.type = t;
        tc.keys.clear();
        std::size_t ndelta = 0;
        bool list = false;
        for (auto const& [tt, k] : tx.changed) {
            if (tt != t) continue;
            if (k == nil) {
                list = true;
                continue;
            }
            auto e = d.types[t].map.find(k);
            if (e == d.types[t].map.end()) continue;
            item const& cur = d.items[e->second];
            auto prev = cur.left;
            while (prev != nil && added(d.items[prev])) prev = d.items[prev].left;
            bool prev_del = prev != nil && deleted_now(d.items[prev]);
            if (added(cur) && !cur.deleted)
                tc.keys.push_back({d.keys[k], prev_del ? key_change::action::update : key_change::action::add});
            else if (added(cur) ? prev_del : deleted_now(cur))
                tc.keys.push_back({d.keys[k], key_change::action::erase});
        }
        if (list) {
            local_op const* only = nullptr;
            int n = 0;
            for (auto const& op : tx.local_ops)
                if (op.type == t) { only = &op; ++n; }
            if (d.fast_local_deltas && tx.local && n == 1 && only->plain && !d.types[t].has_formatting) {
                auto add = [&](delta_op::kind k, std::uint64_t len) -> delta_op& {
                    if (ndelta == tc.delta.size()) tc.delta.emplace_back();
                    auto& op = tc.delta[ndelta++];  // reuse the previous change_set's ops
                    op.op = k;
                    op.length = len;
                    op.text.clear();
                    op.elements.clear();
                    op.attrs.clear();
                    op.ids.clear();
                    return op;
                };
                if (only->index > 0) add(delta_op::kind::retain, only->index);
                if (only->insert) {
                    auto& op = add(delta_op::kind::insert, only->length);
                    op.text = only->text;
                    op.elements = only->elements;
                    append_ids(op.ids, only->ids.client, only->ids.clock, only->ids.length);
                } else {
                    add(delta_op::kind::erase, only->length);
                }
                tc.delta.resize(ndelta);
            } else if (d.fast_local_deltas && tx.local && n > 1 && !d.types[t].has_formatting &&
                       std::all_of(tx.local_ops.begin(), tx.local_ops.end(),
                                   [t](local_op const& op) { return op.type != t || op.plain; })) {
                std::vector<delta_op> acc;
                bool first = true;
                bool text_like = d.types[t].ref == encoding::type_ref::text || d.types[t].ref == encoding::type_ref::xml_text;
                for (auto const& op : tx.local_ops) {
                    if (op.type != t) continue;
                    acc = first ? op_delta(op) : compose(acc, op_delta(op), text_like);
                    first = false;
                }
                tc.delta = std::move(acc);
            } else {
                bool fast = false;
                // clocks inserted + ranges deleted bound the touched items: a transaction that
                // rewrites much of an unindexed type (loading a document) walks without collecting
                std::uint64_t bound = 0;
                for (auto const& [c, b] : tx.before) bound += d.state(c) - b;
                for (auto const& [c, v] : tx.ds.clients) bound += v.size();
                auto const& ty = d.types[t];
                bool worth = ty.indexed || d.walk_share == 0 || bound * d.walk_share <= ty.length + 64;
                if (d.fast_remote_deltas && !ty.has_formatting && worth) {
                    if (!have_touched) collect_touched(d, touched);
                    have_touched = true;
                    fast = index_delta(d, t, touched, tc.delta);
                }
                if (!fast) tc.delta = walk_delta(d, t);
            }
        } else {
            tc.delta.clear();
        }
        if (!tc.delta.empty() || !tc.keys.empty()) ++used;
    }
    cs.changes.resize(used);
}

}  // namespace refold::crdt::yata::detail
