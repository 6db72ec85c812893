#include <views/mirror.hpp>

#include <views/error.hpp>

#include <crdt/encoding/any.hpp>
#include <crdt/encoding/lib0.hpp>

#include <algorithm>

namespace refold::views {

namespace {

using crdt::yata::delta_op;
using crdt::yata::element;
using crdt::yata::type_ref;

type_state const& empty_state() {
    static type_state const e;
    return e;
}

// Ids of an insert op: the op's own when delta_op reports them.
template <class Op>
bool ids_from_op(Op const& op, std::vector<id_run>& out) {
    if constexpr (requires { op.ids; }) {
        for (auto const& r : op.ids) out.push_back({r.client, r.clock, r.length});
        return true;
    } else {
        (void)op;
        (void)out;
        return false;
    }
}

// The sorted position of `key` in a map's entries (binary search over the rope).
std::size_t lower_bound_key(schemes::rope<map_entry> const& r, std::string_view key) {
    std::size_t lo = 0, hi = r.size();
    while (lo < hi) {
        std::size_t const mid = lo + (hi - lo) / 2;
        if (r[mid].key < key) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

}  // namespace

std::string const* map_state::find(std::string_view key) const {
    std::size_t const i = lower_bound_key(entries, key);
    if (i < entries.size() && entries[i].key == key) return &entries[i].value;
    return nullptr;
}

type_state const& doc_version::type(std::uint32_t index) const {
    if (index >= slots_.size() || !slots_[index]) return empty_state();
    return *slots_[index];
}

doc_version doc_version::with(std::uint32_t index, type_state s) const {
    doc_version r = *this;
    while (r.slots_.size() <= index) r.slots_ = r.slots_.push_back(nullptr);
    r.slots_ = r.slots_.set(index, std::make_shared<type_state const>(std::move(s)));
    return r;
}

std::string element_key(element const& e) {
    switch (e.k) {
    case element::kind::type: return "t:" + std::to_string(e.type);
    case element::kind::embed: return "e:" + e.text;
    case element::kind::doc: return "d:" + e.text;
    case element::kind::binary:
    case element::kind::value: break;
    }
    crdt::encoding::writer w;
    crdt::encoding::write_any(w, e.value);
    auto const& b = w.bytes();
    return "v:" + std::string(b.begin(), b.end());
}

mirror::mirror(crdt::yata::doc& d) : doc_(&d) {
    for (auto const& [name, index] : d.roots()) {
        current_ = current_.with(index, snapshot_type(index));
        snapshot_nested("", current_);
    }
    previous_ = current_;
}

std::vector<id_run> mirror::fresh_ids(std::uint64_t units) {
    std::vector<id_run> r;
    if (units > 0) r.push_back({mirror_client, next_clock_, units});
    next_clock_ += units;
    return r;
}

type_state mirror::snapshot_type(std::uint32_t index) {
    auto const info = doc_->info(index);
    if (!info.typed) return {};
    switch (info.kind) {
    case type_ref::text:
    case type_ref::xml_text: {
        // The text with the CRDT ids of its units (so replicas agree on sticky positions).
        std::string s;
        std::vector<id_run> ids;
        for (auto const& op : doc_->text_at(index).delta()) {
            if (op.op != delta_op::kind::insert) continue;
            if (!op.elements.empty()) throw mirror_error("[views.mirror.3] embeds in text are not mirrored");
            s += op.text;
            std::size_t const before = ids.size();
            if (!ids_from_op(op, ids) || ids.size() == before) {
                auto const fresh = fresh_ids(op.length);
                ids.insert(ids.end(), fresh.begin(), fresh.end());
            }
        }
        return make_text_state(s, ids);
    }
    case type_ref::map: {
        map_state m;
        auto h = doc_->map_at(index);
        std::vector<map_entry> entries;
        for (auto const& k : h.keys())
            if (auto v = h.get(k)) entries.push_back({k, element_key(*v)});
        m.entries = schemes::rope<map_entry>(entries);
        return m;
    }
    case type_ref::array: {
        array_state a;
        std::vector<std::string> els;
        for (auto const& e : doc_->array_at(index).elements()) els.push_back(element_key(e));
        a.elements = schemes::rope<std::string>(els);
        return a;
    }
    default: return {};
    }
}

// Snapshots every nested type referenced from `v` that the mirror has no state for yet.
void mirror::snapshot_nested(std::string const&, doc_version& v) {
    for (bool again = true; again;) {
        again = false;
        for (std::uint32_t t = 0; t < v.types(); ++t) {
            auto visit = [&](std::string const& key) {
                if (key.size() < 2 || key[0] != 't' || key[1] != ':') return;
                auto const child = static_cast<std::uint32_t>(std::stoul(key.substr(2)));
                if (std::holds_alternative<std::monostate>(v.type(child))) {
                    type_state s = snapshot_type(child);
                    if (!std::holds_alternative<std::monostate>(s)) {
                        v = v.with(child, std::move(s));
                        again = true;
                    }
                }
            };
            if (auto const* m = v.map(t)) m->entries.for_each_chunk([&](auto span) { for (auto const& e : span) visit(e.value); });
            if (auto const* a = v.array(t)) a->elements.for_each_chunk([&](auto span) { for (auto const& e : span) visit(e); });
        }
    }
}

doc_version const& mirror::apply(crdt::yata::change_set const& cs) {
    previous_ = current_;
    regions_.clear();
    doc_version v = current_;
    bool nested = false;
    for (auto const& change : cs.changes) {
        type_state const& before = v.type(change.type);
        if (std::holds_alternative<std::monostate>(before)) {
            // A type the mirror has not seen (a root typed since): take it as it is now.
            v = v.with(change.type, snapshot_type(change.type));
            nested = true;
            continue;
        }
        if (auto const* t = std::get_if<text_state>(&before)) {
            id_source ids = [this](delta_op const& op) {
                std::vector<id_run> r;
                if (!op.elements.empty()) throw mirror_error("[views.mirror.3] embeds in text are not mirrored");
                if (!ids_from_op(op, r)) r = fresh_ids(op.length);
                return r;
            };
            applied_delta a = apply_text_delta(*t, change.delta, ids);
            regions_.emplace_back(change.type, std::move(a.regions));
            v = v.with(change.type, std::move(a.after));
        } else if (auto const* arr = std::get_if<array_state>(&before)) {
            array_state next = *arr;
            std::size_t pos = 0;
            for (auto const& op : change.delta) {
                switch (op.op) {
                case delta_op::kind::retain: pos += op.length; break;
                case delta_op::kind::insert: {
                    std::vector<std::string> els;
                    for (auto const& e : op.elements) {
                        els.push_back(element_key(e));
                        nested = nested || e.k == element::kind::type;
                    }
                    if (pos > next.elements.size()) throw mirror_error("[views.mirror.1] insert past the end of an array");
                    next.elements = next.elements.insert(pos, els);
                    pos += els.size();
                    break;
                }
                case delta_op::kind::erase:
                    if (pos + op.length > next.elements.size())
                        throw mirror_error("[views.mirror.1] erase past the end of an array");
                    next.elements = next.elements.erase(pos, pos + op.length);
                    break;
                }
            }
            v = v.with(change.type, std::move(next));
        } else if (auto const* m = std::get_if<map_state>(&before)) {
            map_state next = *m;
            auto h = doc_->map_at(change.type);
            for (auto const& k : change.keys) {
                std::size_t const i = lower_bound_key(next.entries, k.key);
                bool const present = i < next.entries.size() && next.entries[i].key == k.key;
                auto const value = h.get(k.key);
                if (!value) {
                    if (present) next.entries = next.entries.erase(i, i + 1);
                    continue;
                }
                map_entry e{k.key, element_key(*value)};
                nested = nested || value->k == element::kind::type;
                next.entries = present ? next.entries.set(i, e) : next.entries.insert(i, e);
            }
            v = v.with(change.type, std::move(next));
        }
    }
    if (nested) snapshot_nested("", v);
    current_ = std::move(v);
    return current_;
}

}  // namespace refold::views
