// internal; see <crdt/yata/doc.hpp>
//
// The document's core: an arena of items (stable indices, chunked storage), per-client
// block lists sorted by clock, shared types, pending data and the open transaction.
#pragma once

#include <crdt/encoding/update.hpp>
#include <crdt/yata/change_set.hpp>
#include <crdt/yata/detail/seq_index.hpp>
#include <crdt/yata/detail/struct_list.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace refold::crdt::yata::detail {

inline constexpr std::uint32_t nil = 0xFFFFFFFFu;

struct item {
    yata::id id;
    std::uint64_t length = 0;
    yata::id origin;
    yata::id right_origin;
    bool has_origin = false;
    bool has_right_origin = false;
    bool deleted = false;
    bool keep = false;
    bool gc = false;                  // a GC struct (no list membership, no content)
    std::uint32_t left = nil;
    std::uint32_t right = nil;
    std::uint32_t parent = nil;       // type index
    std::uint32_t key = nil;          // parentSub key index
    std::uint32_t self_type = nil;    // Type content: the type it holds
    std::uint32_t blk = nil;          // block in its type's seq_index (when indexed)
    encoding::content content;

    bool countable() const noexcept { return !gc && content.countable(); }
    yata::id last_id() const noexcept { return {id.client, id.clock + length - 1}; }
    std::uint64_t end() const noexcept { return id.clock + length; }
    // Back to a default-constructed item (as `*this = item{}`), without building a temporary;
    // heap buffers of the content are freed, small ones kept.
    void reset() noexcept {
        id = {};
        length = 0;
        origin = {};
        right_origin = {};
        has_origin = has_right_origin = deleted = keep = gc = false;
        left = right = parent = key = self_type = blk = nil;
        reset_content(content, encoding::content_ref::deleted, 0);
    }
    // Sets `c` to an empty content of kind `ref` with `n` units (ContentDeleted(n) for deleted).
    static void reset_content(encoding::content& c, encoding::content_ref ref, std::uint64_t n) noexcept {
        c.ref = ref;
        c.type = encoding::type_ref::array;
        c.length = n;
        release(c.text);
        release(c.value);
        if (c.values.capacity() > 0) std::vector<encoding::any>().swap(c.values);
        if (c.json.capacity() > 0) std::vector<std::string>().swap(c.json);
    }
    static void release(std::string& s) noexcept {
        if (s.capacity() > std::string().capacity()) std::string().swap(s);
        else s.clear();
    }
};

struct type_rec {
    encoding::type_ref ref = encoding::type_ref::array;
    bool typed = false;               // false: a root nobody asked a type for yet
    std::string name;                 // root name
    std::uint32_t item = nil;         // the Type item (nil for roots)
    std::uint32_t start = nil;
    std::unordered_map<std::uint32_t, std::uint32_t> map;  // key -> newest item of its chain
    std::uint64_t length = 0;         // live countable units in the list
    std::uint32_t marker = nil;       // search marker: an item of the list and its index
    std::uint64_t marker_pos = 0;
    std::uint32_t depth = 0;          // roots 0, a type in a root 1, ...
    bool has_formatting = false;
    bool indexed = false;             // `index` is built and maintained
    bool index_text_like = false;     // weights count text units (string, embed, type) only
    seq_index index;
};

// Chunked arena: indices stay valid and references stay stable while it grows. A chunk's
// storage is allocated raw and its items are constructed in batches of `batch` as they are
// needed, so a new chunk's pages (about 230 KB) are first touched a few at a time; constructing
// a whole chunk at once made one merge in ~100 pay all of its page faults (~130 us at 10^6
// characters), and one item at a time made most merges pay one.
class item_arena {
public:
    item_arena() = default;
    item_arena(item_arena&& o) noexcept;
    item_arena& operator=(item_arena&& o) noexcept;
    item_arena(item_arena const&) = delete;
    item_arena& operator=(item_arena const&) = delete;
    ~item_arena();

    item& operator[](std::uint32_t i) noexcept { return chunks_[i >> shift][i & mask]; }
    item const& operator[](std::uint32_t i) const noexcept { return chunks_[i >> shift][i & mask]; }
    std::uint32_t alloc();
    void release(std::uint32_t i);
    std::size_t live() const noexcept { return size_ - free_.size(); }

private:
    static constexpr unsigned shift = 10;
    static constexpr std::uint32_t mask = (1u << shift) - 1;
    static constexpr std::uint32_t batch = 64;  // divides 2^shift
    void destroy() noexcept;
    std::vector<item*> chunks_;  // raw storage of 2^shift items each; [0, built_) constructed
    std::vector<std::uint32_t> free_;
    std::uint32_t size_ = 0;   // handed out
    std::uint32_t built_ = 0;  // constructed (size_ <= built_)
};

// A local sequence edit, recorded so the change_set of a single-edit transaction needs no walk.
struct local_op {
    std::uint32_t type = nil;
    bool insert = true;
    std::uint64_t index = 0;
    std::uint64_t length = 0;
    std::string text;
    std::vector<element> elements;
    bool plain = true;  // no formatting involved
    id_range ids{};  // insert: ids of the inserted units (a local insert makes one run)
};

// The local ops of the open transaction. Slots are kept across transactions (clear() keeps
// them and their buffers), so recording an edit allocates nothing in the steady state.
class local_op_log {
public:
    std::size_t size() const noexcept { return n_; }
    bool empty() const noexcept { return n_ == 0; }
    local_op const* begin() const noexcept { return slots_.data(); }
    local_op const* end() const noexcept { return slots_.data() + n_; }
    local_op& front() noexcept { return slots_.front(); }
    void clear() noexcept { n_ = 0; }
    // A new op with all fields reset (text and elements empty).
    local_op& push() {
        if (n_ == slots_.size()) slots_.emplace_back();
        auto& op = slots_[n_++];
        op.text.clear();
        op.elements.clear();
        return op;
    }

private:
    std::vector<local_op> slots_;
    std::size_t n_ = 0;
};

struct txn_state {
    bool local = true;
    local_op_log local_ops;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> before;  // client -> state at start (touched)
    // `before` indexed by client once a transaction touches many clients (a hostile update with
    // one section per client must not cost a linear search per struct)
    std::unordered_map<std::uint64_t, std::uint64_t> before_index;
    static constexpr std::size_t before_scan_max = 16;
    std::uint64_t const* find_before(std::uint64_t c) const {
        if (before.size() <= before_scan_max) {
            for (auto const& b : before)
                if (b.first == c) return &b.second;
            return nullptr;
        }
        auto it = before_index.find(c);
        return it == before_index.end() ? nullptr : &it->second;
    }
    void add_before(std::uint64_t c, std::uint64_t state_now) {
        before.emplace_back(c, state_now);
        if (before.size() == before_scan_max + 1) before_index.insert(before.begin(), before.end());
        else if (before.size() > before_scan_max + 1) before_index.emplace(c, state_now);
    }
    void clear_before() {
        before.clear();
        if (!before_index.empty()) before_index.clear();
    }
    delete_set ds;
    std::vector<yata::id> merge_structs;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> changed;  // (type, key or nil)
    // For a local commit that merges by links (see doc_state::commit): the items deleted and the
    // right parts of the splits (parallel to merge_structs) of this transaction. `linked_merge`
    // turns false when the transaction did something the linked merge does not cover (a deleted
    // nested type, a split of a deleted item, deleted content integrated).
    std::vector<std::uint32_t> deleted_items;
    std::vector<std::uint32_t> split_items;
    std::vector<std::uint32_t> merge_candidates;  // scratch
    bool linked_merge = true;
};

// The first dependency (origin, right origin, parent item) of `s` that is not there yet, given
// each client's state; dependencies on the struct's own client do not count (Yjs getMissing).
template <class State>
std::optional<encoding::wire_id> lacking_dependency(encoding::wire_struct const& s, State const& state) {
    if (s.kind != encoding::struct_kind::item) return std::nullopt;
    auto lacks = [&](encoding::wire_id w) { return w.client != s.id.client && w.clock >= state(w.client); };
    if (s.origin && lacks(*s.origin)) return s.origin;
    if (s.right_origin && lacks(*s.right_origin)) return s.right_origin;
    if (s.parent == encoding::parent_kind::item && lacks(s.parent_id)) return s.parent_id;
    return std::nullopt;
}

struct doc_state {
    std::uint64_t client = 0;
    bool gc_enabled = true;
    item_arena items;
    std::unordered_map<std::uint64_t, struct_list> clients;
    std::vector<type_rec> types;
    std::unordered_map<std::string, std::uint32_t> roots;
    std::vector<std::string> keys;
    std::unordered_map<std::string, std::uint32_t> key_index;
    // pending structs (not integrated yet) and the delete ranges waiting for their structs
    std::vector<encoding::client_section> pending;
    state_vector pending_missing;
    delete_set pending_ds;
    // the open transaction
    int depth = 0;
    txn_state txn;
    bool marker_owned = false;    // a local edit maintains the search marker itself
    bool collect_changes = true;
    bool fast_local_deltas = true;
    bool fast_remote_deltas = true;
    std::size_t max_pending_structs = std::size_t{1} << 20;
    std::uint32_t max_type_depth = 512;
    std::uint32_t deepest = 0;  // deepest type integrated so far (never decreases)
    // Without an index yet, a transaction touching more than 1/walk_share of a type walks it
    // instead of building the index (tests set 0: always index).
    std::size_t walk_share = 8;
    // Local commits GC and merge through the touched items (merge_linked) unless this is off
    // (tests compare both); `linked_commits` counts the commits that did.
    bool linked_merge_enabled = true;
    std::size_t linked_commits = 0;
    std::vector<std::function<void(change_set const&)>> observers;
    change_set last;                          // the last transaction's change_set (reused storage)
    std::vector<std::uint32_t> scratch_types;
    // scratch sets for integrate
    std::unordered_set<std::uint32_t> seen, candidates;

    // one-entry cache in front of `clients` (map nodes are stable; clients are never erased)
    mutable std::uint64_t cached_client = ~std::uint64_t{0};
    mutable struct_list* cached_list = nullptr;
    struct_list* list_of(std::uint64_t c) const {
        if (c == cached_client) return cached_list;
        auto it = clients.find(c);
        if (it == clients.end()) return nullptr;
        cached_client = c;
        cached_list = const_cast<struct_list*>(&it->second);
        return cached_list;
    }
    struct_list& list_for(std::uint64_t c) {
        if (auto* l = list_of(c)) return *l;
        auto& l = clients[c];
        cached_client = c;
        cached_list = &l;
        return l;
    }

    // ---- store (store.cpp)
    std::uint64_t state(std::uint64_t c) const;
    state_vector state_vector_() const;
    std::size_t find_pos(struct_list const& s, std::uint64_t clock) const;
    std::uint32_t find(yata::id at) const;  // struct containing `at` (must exist)
    std::uint32_t split(std::uint32_t it, std::uint64_t diff);  // returns the right part
    std::uint32_t clean_start(yata::id at);
    std::uint32_t clean_end(yata::id at);
    void add_struct(std::uint32_t it);
    void note_before(std::uint64_t c, std::uint64_t state_now);  // first change of c in this txn
    std::uint32_t key_of(std::string_view k);
    std::uint32_t root(std::string_view name);
    std::uint32_t new_type(encoding::type_ref ref, std::uint32_t item);
    std::size_t try_merge_with_lefts(struct_list& s, std::size_t pos);
    std::size_t merge_with_lefts_linked(std::uint32_t r);
    void merge_linked();  // GC and merging after a local transaction (transaction.cpp)
    void merge_by_positions(delete_set const& ds);  // after any transaction
    bool merge_items(std::uint32_t l, std::uint32_t r);
    // ---- sequence index (seq_index.cpp helpers in store.cpp)
    std::uint64_t seq_weight(item const& x) const;  // live delta units of a list item
    bool text_like(std::uint32_t type) const;       // its delta is a text delta
    void build_index(std::uint32_t type);
    void index_insert(std::uint32_t it);          // after linking `it` into its list
    void index_reweigh(std::uint32_t it);         // after its length or deleted flag changed

    // ---- transactions (transaction.cpp)
    void begin(bool local);
    change_set const& commit();
    std::uint64_t before_state(std::uint64_t c) const;
    void add_changed(std::uint32_t type, std::uint32_t key);
    void delete_item(std::uint32_t it);
    void gc_item(std::uint32_t it, bool parent_gcd);

    // ---- integration (integrate.cpp)
    void integrate(std::uint32_t it, std::uint64_t offset);
    void apply_update(encoding::update u);
    std::size_t unchecked_txns = 0;  // transactions since the last debug invariant check
    // Depths of the structs a dry run integrated (see order_structs): (client, clock) -> entry.
    struct dry_entry {
        std::uint64_t end = 0;
        std::uint32_t container = 0;  // depth of the type it sits in (roots: 0)
        std::uint32_t self = 0;       // depth of the type it holds (0: not a type)
    };
    using dry_depths = std::map<std::pair<std::uint64_t, std::uint64_t>, dry_entry>;
    void order_structs(encoding::update& u, dry_depths* dry, std::map<std::uint64_t, std::vector<encoding::wire_struct>>& rest,
                       state_vector& missing, std::unordered_map<std::uint64_t, std::uint64_t>& next_clock);
    std::size_t pending_count() const;
    std::size_t pending_types() const;  // pending structs holding a shared type
    // What applying `u` would leave, computed by a dry run that changes nothing: the pending
    // structs (exact, or an upper bound when pending sections overlap) and the deepest type it would
    // integrate (an upper bound when a neighbour was garbage-collected).
    struct dry_result {
        std::size_t pending = 0;
        std::uint32_t deepest = 0;
    };
    dry_result dry_run(encoding::update const& u) const;
    void apply_delete_set(delete_set const& ds, delete_set& unapplied);

    // ---- local edits (local.cpp)
    std::uint32_t insert_after(std::uint32_t type, std::uint32_t left, std::uint32_t right,
                               encoding::content c, std::uint32_t key);
    void set_marker(std::uint32_t type, std::uint32_t it, std::uint64_t pos);
};

// The body of doc::check_invariants (invariant.cpp); throws crdt::error "[crdt.yata.invariant] ...".
void check_invariants(doc_state const& d);

}  // namespace refold::crdt::yata::detail
