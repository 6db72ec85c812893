// doc: construction, roots, transactions, update exchange and read-only structure access.
#include <crdt/yata/detail/doc_state.hpp>
#include <crdt/yata/doc.hpp>

#include <algorithm>
#include <random>

namespace refold::crdt::yata {

using detail::nil;

doc::doc(std::uint64_t client_id, doc_options opts) : s_(std::make_unique<detail::doc_state>()) {
    s_->client = client_id;
    s_->gc_enabled = opts.gc;
    s_->collect_changes = opts.collect_changes;
    s_->fast_local_deltas = opts.fast_local_deltas;
    s_->fast_remote_deltas = opts.fast_remote_deltas;
    s_->max_pending_structs = opts.max_pending_structs;
    s_->max_type_depth = opts.max_type_depth;
}

doc::doc() : doc(std::random_device{}()) {}
doc::~doc() = default;
doc::doc(doc&&) noexcept = default;
doc& doc::operator=(doc&&) noexcept = default;

std::uint64_t doc::client_id() const noexcept { return s_->client; }

namespace {

std::uint32_t typed_root(detail::doc_state& d, std::string_view name, type_ref ref) {
    auto t = d.root(name);
    auto& ty = d.types[t];
    if (ty.typed && ty.ref != ref)
        throw usage_error("[crdt.yata.2] root \"" + std::string(name) + "\" is a " + encoding::type_name(ty.ref) +
                          ", not a " + encoding::type_name(ref));
    ty.typed = true;
    ty.ref = ref;
    return t;
}

// A struct whose first clocks this document already holds must not depend on an item it lacks:
// the known part was integrated with the same parent and right origin (and the first clock with
// the same origin), so they were all here. Left pending, such a struct could not be written into
// any update faithfully: the format gives a struct that starts after its client's known clocks
// an origin and no parent, so a document loading our encoding would integrate it elsewhere.
void check_overlap(detail::doc_state const& d, encoding::wire_struct const& s) {
    auto dep = detail::lacking_dependency(s, [&](std::uint64_t c) { return d.state(c); });
    if (!dep) return;
    throw inconsistent_update("[crdt.yata.8] struct (" + std::to_string(s.id.client) + "," + std::to_string(s.id.clock) +
                              ") overlaps known clocks of its client but depends on (" + std::to_string(dep->client) + "," +
                              std::to_string(dep->clock) + "), which this document does not have");
}

}  // namespace

text doc::get_text(std::string_view name) { return {*this, typed_root(*s_, name, type_ref::text)}; }
array doc::get_array(std::string_view name) { return {*this, typed_root(*s_, name, type_ref::array)}; }
map doc::get_map(std::string_view name) { return {*this, typed_root(*s_, name, type_ref::map)}; }
std::uint32_t doc::get_root(std::string_view name) { return s_->root(name); }
std::uint32_t doc::get_xml_fragment(std::string_view name) { return typed_root(*s_, name, type_ref::xml_fragment); }

void doc::begin_local() { s_->begin(true); }

change_set const& doc::end_transaction() {
    static const change_set none;
    if (s_->depth == 1) return s_->commit();
    --s_->depth;
    return none;
}

change_set const& doc::apply_update(std::span<const std::uint8_t> bytes) {
    if (s_->depth > 0) throw usage_error("[crdt.yata.4] apply_update inside an open transaction");
    encoding::update u = encoding::decode_update(bytes);  // throws before any mutation
    // Bounds on what the update would leave (doc_options), checked by a dry run before any
    // mutation; the dry run is needed only when the cheap upper bounds exceed them.
    std::size_t incoming = 0, incoming_types = 0;
    for (auto const& sec : u.sections) {
        incoming += sec.structs.size();
        auto known = s_->state(sec.client);
        for (auto const& st : sec.structs) {
            incoming_types += st.content.ref == encoding::content_ref::type ? 1 : 0;
            if (st.id.clock < known && known < st.end()) check_overlap(*s_, st);
        }
    }
    // (only structs holding a type can nest types: pending ones bound the depth with the incoming)
    auto pending = s_->pending_count();
    if (pending + incoming > s_->max_pending_structs ||
        s_->deepest + incoming_types + s_->pending_types() > s_->max_type_depth) {
        auto r = s_->dry_run(u);
        if (r.pending > s_->max_pending_structs)
            throw usage_error("[crdt.yata.6] too many pending structs: " + std::to_string(r.pending) +
                              " would wait for missing dependencies, limit " + std::to_string(s_->max_pending_structs) +
                              " (doc_options::max_pending_structs)");
        if (r.deepest > s_->max_type_depth)
            throw usage_error("[crdt.yata.7] shared types nested too deep: " + std::to_string(r.deepest) + " levels, limit " +
                              std::to_string(s_->max_type_depth) + " (doc_options::max_type_depth)");
    }
    s_->begin(false);
    s_->apply_update(std::move(u));
    return s_->commit();
}

state_vector doc::get_state_vector() const { return s_->state_vector_(); }
std::vector<std::uint8_t> doc::encode_state_vector() const { return encoding::encode_state_vector(get_state_vector()); }
bool doc::has_pending() const noexcept { return !s_->pending.empty() || !s_->pending_ds.empty(); }
state_vector doc::pending_missing() const { return s_->pending_missing; }
delete_set doc::pending_deletes() const { return s_->pending_ds; }

void doc::observe(std::function<void(change_set const&)> f) { s_->observers.push_back(std::move(f)); }

type_info doc::info(std::uint32_t type) const {
    auto const& d = *s_;
    auto const& ty = d.types.at(type);
    type_info ti;
    ti.kind = ty.ref;
    ti.typed = ty.typed;
    ti.name = ty.name;
    if (ty.item != nil) {
        auto const& x = d.items[ty.item];
        ti.item = x.id;
        ti.parent = x.parent == nil ? no_type : x.parent;
        if (x.key != nil) ti.key = d.keys[x.key];
        ti.name = x.content.text;
    }
    return ti;
}

std::vector<std::pair<std::string, std::uint32_t>> doc::roots() const {
    std::vector<std::pair<std::string, std::uint32_t>> out(s_->roots.begin(), s_->roots.end());
    std::sort(out.begin(), out.end());
    return out;
}

std::size_t doc::struct_count() const noexcept {
    std::size_t n = 0;
    for (auto const& [c, s] : s_->clients) n += s.size();
    return n;
}

}  // namespace refold::crdt::yata
