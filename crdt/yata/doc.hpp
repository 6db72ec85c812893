// A Yjs-compatible YATA document: named root types, text/array/map (and XML kept as data),
// transactions yielding change_sets, and update v1 exchange byte-compatible with Yjs 13.6.
//
//   doc d(1);                                   // client id 1
//   auto t = d.get_text("text");
//   t.insert(0, "hello");                       // one implicit transaction
//   auto cs = d.transact([&] { t.insert(5, "!"); t.erase(0, 1); });   // one transaction
//   auto bytes = d.encode_state_as_update();    // full state (Yjs encodeStateAsUpdate)
//   doc e(2); e.apply_update(bytes);            // atomic: throws and changes nothing on bad input
//
// Indices are UTF-16 code units for text (as Yjs counts them) and elements for arrays; text
// payloads are UTF-8. Handles (text/array/map) are cheap views: a doc pointer plus a type index;
// they stay valid while the doc lives (a deleted nested type reads as empty).
#pragma once

#include <crdt/yata/change_set.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace refold::crdt::yata {

namespace detail { struct doc_state; }

// API misuse on a document: "[crdt.yata.1] index out of range", "[crdt.yata.2] wrong type",
// "[crdt.yata.3] invalid UTF-8 text", "[crdt.yata.4] update applied inside a local transaction".
// Bounds on input (doc_options): "[crdt.yata.6] too many pending structs", "[crdt.yata.7] shared
// types nested too deep" (usage_errors too).
class usage_error : public crdt::error {
public:
    using crdt::error::error;
};

// An update that contradicts what the document already holds: "[crdt.yata.8] struct (c,k)
// overlaps known clocks of its client but depends on an item this document does not have". No
// honest peer sends one (a struct's parent and right origin are those of the known part, whose
// dependencies were integrated with it), and no update can carry it onward (see apply_update).
class inconsistent_update : public crdt::error {
public:
    using crdt::error::error;
};

using encoding::any;
using encoding::type_ref;

class doc;

class text {
public:
    text(doc& d, std::uint32_t type) : d_(&d), t_(type) {}
    void insert(std::uint64_t index, std::string_view utf8, attributes const& attrs = {});
    void erase(std::uint64_t index, std::uint64_t length);
    // Yjs insertEmbed: `json` is the embed's JSON text (e.g. {"image":"x.png"}).
    void insert_embed(std::uint64_t index, std::string const& json, attributes const& attrs = {});
    void format(std::uint64_t index, std::uint64_t length, attributes const& attrs);
    std::string to_string() const;
    std::uint64_t length() const;            // UTF-16 units
    std::vector<delta_op> delta() const;     // Yjs toDelta (inserts with attributes)
    std::uint32_t type_index() const noexcept { return t_; }

private:
    doc* d_;
    std::uint32_t t_;
};

class array {
public:
    array(doc& d, std::uint32_t type) : d_(&d), t_(type) {}
    void insert(std::uint64_t index, std::vector<any> values);
    void push_back(std::vector<any> values);
    void insert_binary(std::uint64_t index, std::string bytes);
    // Inserts a new nested shared type; returns its type index (doc::text_at etc.).
    std::uint32_t insert_type(std::uint64_t index, type_ref kind);
    void erase(std::uint64_t index, std::uint64_t length);
    element get(std::uint64_t index) const;
    std::vector<element> elements() const;
    std::uint64_t size() const;
    std::uint32_t type_index() const noexcept { return t_; }

private:
    doc* d_;
    std::uint32_t t_;
};

class map {
public:
    map(doc& d, std::uint32_t type) : d_(&d), t_(type) {}
    void set(std::string_view key, any value);
    void set_binary(std::string_view key, std::string bytes);
    std::uint32_t set_type(std::string_view key, type_ref kind);
    void erase(std::string_view key);
    std::optional<element> get(std::string_view key) const;
    bool contains(std::string_view key) const { return get(key).has_value(); }
    std::vector<std::string> keys() const;   // live keys, sorted
    std::uint32_t type_index() const noexcept { return t_; }

private:
    doc* d_;
    std::uint32_t t_;
};

struct doc_options {
    bool gc = true;              // garbage-collect deleted content (Yjs default)
    bool collect_changes = true;  // compute change_set deltas/keys
    // Derive the deltas of local transactions from the edits themselves (composed) instead of
    // walking the whole sequence as Yjs does; both give the same delta (tests compare them).
    bool fast_local_deltas = true;
    // Derive the deltas of other transactions (remote updates, formatting-free) from the touched
    // items and an order-statistics index over the type (O(k log n)) instead of the walk.
    bool fast_remote_deltas = true;
    // Bound on pending structs (received but not integrable: a dependency is missing). An update
    // that would leave more pending is rejected whole with crdt::error "[crdt.yata.6] ...", the
    // document unchanged. An attacker who never sends a dependency thus holds at most this many
    // structs of the document's memory. Checked by a dry run of the update, done only when the
    // pending structs plus the update's structs exceed the bound.
    std::size_t max_pending_structs = std::size_t{1} << 20;
    // Bound on the nesting of shared types (a type in a root has depth 1, a type inside it 2...).
    // A received update that would integrate a deeper type is rejected whole with crdt::error
    // "[crdt.yata.7] ...", the document unchanged; this keeps the recursive walks over nested
    // types (JSON, delete and GC cascades) shallow. Local edits are not checked.
    std::uint32_t max_type_depth = 512;
};

// Read-only facts about a shared type, for views.
struct type_info {
    type_ref kind = type_ref::array;
    bool typed = false;            // roots are untyped until get_text/get_array/get_map
    std::string name;              // root name, or XML node name
    std::uint32_t parent = no_type;  // containing type (no_type for roots)
    std::optional<std::string> key;  // key in the parent map, if any
    std::optional<yata::id> item;    // the Type item holding it (none for roots)
};

class doc {
public:
    explicit doc(std::uint64_t client_id, doc_options opts = {});
    doc();  // random 32-bit client id, like Yjs 13
    ~doc();
    doc(doc&&) noexcept;
    doc& operator=(doc&&) noexcept;

    std::uint64_t client_id() const noexcept;

    text get_text(std::string_view name);
    array get_array(std::string_view name);
    map get_map(std::string_view name);
    std::uint32_t get_root(std::string_view name);  // untyped (inspection)
    std::uint32_t get_xml_fragment(std::string_view name);  // XML roots are kept as data
    text text_at(std::uint32_t type) { return {*this, type}; }
    array array_at(std::uint32_t type) { return {*this, type}; }
    map map_at(std::uint32_t type) { return {*this, type}; }

    // Runs `f` as one local transaction and returns its change_set. The reference stays valid
    // until the next transaction of this doc commits (copy it to keep it); observers receive
    // the same object. Nested calls join the outer transaction (and return an empty set).
    template <class F>
    change_set const& transact(F&& f) {
        begin_local();
        try {
            f();
        } catch (...) {
            end_transaction();
            throw;
        }
        return end_transaction();
    }
    // Applies a v1 update in one remote transaction. Malformed input throws
    // encoding::decode_error and leaves the document unchanged.
    change_set const& apply_update(std::span<const std::uint8_t> update);

    std::vector<std::uint8_t> encode_state_as_update(state_vector const& sv = {}) const;
    // The update a Yjs peer broadcasts for a transaction: the structs it inserted (from their
    // first clock on, as they are stored now) and its delete set. Call it right after the
    // transaction (later merges may extend the written structs).
    std::vector<std::uint8_t> encode_change(change_set const& cs) const;
    state_vector get_state_vector() const;
    std::vector<std::uint8_t> encode_state_vector() const;
    bool has_pending() const noexcept;
    state_vector pending_missing() const;
    delete_set pending_deletes() const;

    void observe(std::function<void(change_set const&)> f);

    type_info info(std::uint32_t type) const;
    std::vector<std::pair<std::string, std::uint32_t>> roots() const;  // sorted by name
    std::size_t struct_count() const noexcept;
    // Throws crdt::error ("[crdt.yata.invariant] ...") when the store and the lists disagree.
    // Debug builds (without NDEBUG) run this check when transactions commit, on an amortized
    // schedule: after every transaction while the doc has fewer than 64 live items, then once
    // every (live items / 64) transactions, so a long replay costs O(1) extra per operation.
    // A broken invariant then throws from the transaction (after it committed).
    void check_invariants() const;

    detail::doc_state& state() noexcept { return *s_; }
    detail::doc_state const& state() const noexcept { return *s_; }

private:
    void begin_local();
    change_set const& end_transaction();
    std::unique_ptr<detail::doc_state> s_;
};

}  // namespace refold::crdt::yata
