// internal; see <incr/graph.hpp>
//
// The non-template core of the engine: the node header every typed node starts with, the
// node arena, and `core`, which owns nodes (32-bit ids into a table), the dependents
// lists, the height-ordered recompute heap (one bucket per height), necessity (reference
// counts from observers and necessary dependents), bind scopes, observers and stats.
#pragma once

#include <incr/cutoff.hpp>
#include <incr/stats.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <new>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace refold::incr::detail {

using id_t = std::uint32_t;
inline constexpr id_t no_id = 0xffffffffu;

class core;

// Bits of node_base::bits: the low 17 bits hold the generation of the node's id (checked
// by handles), then a flag, the capacity class of its dependents block, flags and the cutoff.
inline constexpr std::uint32_t gen_mask = 0x0001ffffu;
inline constexpr std::uint32_t f_fresh = 1u << 17;      // a value node that holds no value yet
inline constexpr std::uint32_t class_shift = 18;        // dependents capacity = 1 << class
inline constexpr std::uint32_t class_mask = 0x3fu << class_shift;
inline constexpr std::uint32_t f_queued = 1u << 24;     // in the recompute heap (vars: in the notify list)
inline constexpr std::uint32_t f_callbacks = 1u << 25;  // an observer with a callback watches it
inline constexpr std::uint32_t f_var = 1u << 26;        // an input: never recomputed
inline constexpr std::uint32_t f_observed = 1u << 27;   // at least one live observer
inline constexpr std::uint32_t f_single = 1u << 28;     // exactly one input, fixed (a map of one node)
inline constexpr std::uint32_t f_dead = 1u << 29;       // a free arena block (dead_node)
inline constexpr std::uint32_t cutoff_shift = 30;       // two bits: incr::cutoff
inline constexpr std::uint32_t cutoff_mask = 3u << cutoff_shift;

// What core::run_path hands a node to run it and the path of same-type nodes above it.
struct path_step {
    id_t id;                  // in: this node; out: the last node run (its result returned)
    std::uint32_t now;        // the running stabilization
    std::uint64_t recomputed; // incremented per node run
};

// recompute() results.
inline constexpr int r_unchanged = 0;
inline constexpr int r_changed = 1;
inline constexpr int r_deferred = 2;  // a bind moved above its new right-hand side; run again later
inline constexpr int r_idle = 3;      // recompute_if(): no input changed, nothing ran

// The 28-byte header of every node (the typed node's members start right after it, in its
// tail padding). Inputs live in the typed node (returned by inputs()); dependents (only
// necessary ones) live in core's pooled index storage. A node is necessary when it has a
// registered (necessary) dependent or an observer.
class node_base {
public:
    node_base() = default;
    node_base(node_base const&) = delete;
    node_base& operator=(node_base const&) = delete;
    virtual ~node_base() = default;

    // Runs the node's function on its inputs' current values, applies the cutoff.
    virtual int recompute(core& g) = 0;
    // The dense sweep's step: recompute() when an input changed in stabilization `now`
    // (changed_at == now), else r_idle. Map nodes check their inputs inline.
    virtual int recompute_if(core& g, std::uint32_t now);
    virtual std::span<id_t const> inputs() const noexcept = 0;
    // Appends a short rendering of the value (for dot()); empty when not printable.
    virtual void describe(std::string& out) const = 0;
    virtual std::size_t alloc_size() const noexcept = 0;
    // Binds release the nodes of their scope; called before the node is destroyed.
    virtual void release_scope(core&) {}
    // Runs this node (the first of a path of only dependents, see core::run_path) and, while
    // the node run changed, has one dependent, no callbacks, and that dependent has the same
    // type, that dependent too (recomputation inlined), marking each but the last changed.
    // Returns the last node's result; step.id names it. By default: this node only.
    virtual int run_path_from(core& g, path_step& step);

    incr::cutoff cutoff_mode() const noexcept {
        return static_cast<incr::cutoff>((bits & cutoff_mask) >> cutoff_shift);
    }
    bool computed() const noexcept { return changed_at != 0; }
    bool necessary() const noexcept { return n_deps != 0 || (bits & f_observed) != 0; }

    std::uint32_t height = 0;
    std::uint32_t changed_at = 0;  // stabilization number of the last change; 0: no value yet
    std::uint32_t bits = 0;        // generation and flags
    std::uint32_t n_deps = 0;      // number of (necessary) dependents
    std::uint32_t deps_off = no_id;  // one dependent: its id; more: core::dep_pool_[deps_off, + n_deps)
};

// What a freed arena block holds until it is reused: a node that is never necessary, so
// stale heap entries and walks over the arena read a valid object. height links the free
// list, n_deps holds the block size in 8-byte units, bits keep the next generation.
class dead_node : public node_base {  // (not final: keeps compilers from speculating on it)
public:
    dead_node(std::uint32_t units, id_t next, std::uint32_t gen) noexcept {
        height = next;
        n_deps = 0;
        deps_off = units;
        bits = f_dead | (gen & gen_mask);
    }
    int recompute(core&) override;
    std::span<id_t const> inputs() const noexcept override;
    void describe(std::string&) const override;
    std::size_t alloc_size() const noexcept override;
};

// A reserved, lazily committed range of address space (mmap); pages are committed by the
// system when first touched. Tries smaller sizes when the address space is limited.
class region {
public:
    explicit region(std::size_t want);
    region(region const&) = delete;
    region& operator=(region const&) = delete;
    ~region();
    char* base() const noexcept { return base_; }
    std::size_t size() const noexcept { return size_; }

private:
    char* base_ = nullptr;
    std::size_t size_ = 0;
};

// The node arena: one reserved, lazily committed address range; a node's id is its offset
// in 8-byte units, so an id leads to its node with a shift and an add (no table). Blocks
// never split or merge; freed blocks go to per-size free lists and are reused by nodes of
// the same size.
class arena {
public:
    arena();
    // A block of `bytes` (>= sizeof(node_base)); gen receives the generation for its id.
    id_t allocate(std::size_t bytes, std::uint32_t& gen);
    // Marks the (already destroyed) node's block free.
    void release(id_t id, std::size_t bytes, std::uint32_t next_gen) noexcept;
    char* base() const noexcept { return mem_.base(); }
    node_base* at(id_t id) const noexcept {
        return std::launder(reinterpret_cast<node_base*>(mem_.base() + (std::size_t{id} << 3)));
    }
    id_t top() const noexcept { return top_; }  // end of the used range, in units
    std::size_t bytes() const noexcept { return std::size_t{top_} * 8; }

private:
    static constexpr std::uint32_t max_small = 64;  // units with an array free list
    region mem_;
    id_t top_ = 0;
    std::array<id_t, max_small + 1> free_;
    std::unordered_map<std::uint32_t, id_t> big_free_;
};

// Node `id` of the arena at `base` (arena::at without the arena).
inline node_base* node_at(char* base, id_t id) noexcept {
    return std::launder(reinterpret_cast<node_base*>(base + (std::size_t{id} << 3)));
}

// One height of the recompute heap: node ids queued at that height.
struct bucket {
    id_t* data = nullptr;
    std::uint32_t size = 0;
    std::uint32_t cap = 0;
    void push(id_t id) {
        if (size == cap) grow();
        data[size++] = id;
    }
    void grow();
};

struct observer_rec {
    id_t node = no_id;
    std::uint32_t node_gen = 0;
    std::uint32_t gen = 0;
    bool live = false;   // holds a reference on its node
    bool valid = false;  // its node still exists
    std::function<void(node_base const&)> on_change;
};

class core {
public:
    core();
    core(core const&) = delete;
    core& operator=(core const&) = delete;
    ~core();

    // ---- nodes
    id_t allocate(std::size_t bytes, std::uint32_t& gen) { return arena_.allocate(bytes, gen); }
    void deallocate(id_t id, std::size_t bytes, std::uint32_t gen) noexcept { arena_.release(id, bytes, gen); }
    void* address(id_t id) const noexcept { return arena_.base() + (std::size_t{id} << 3); }
    // Registers a node constructed at `id`; on failure destroys it and rethrows.
    void adopt(id_t id, node_base* n, std::uint32_t gen);
    node_base* at(id_t id) const noexcept { return arena_.at(id); }
    char* base() const noexcept { return arena_.base(); }
    std::size_t arena_bytes() const noexcept { return arena_.bytes() + dep_top_ * sizeof(id_t); }
    // Throws invalid_handle_error unless (id, gen) names a live node.
    node_base* checked(id_t id, std::uint32_t gen) const {
        node_base* n = id < arena_.top() ? at(id) : nullptr;
        if (n == nullptr || (n->bits & (f_dead | gen_mask)) != gen) throw_invalid_handle();
        return n;
    }
    std::uint32_t current() const noexcept { return current_; }
    // The height of the node running (a node that becomes necessary meanwhile goes above it).
    void set_running_height(std::uint32_t h) noexcept { cur_height_ = h; }

    // ---- inputs
    void var_changed(id_t id);  // after a var's value changed
    void check_can_set() const {
        check_poison();
        if (phase_ == phase::recomputing) throw_set_in_stabilize();
    }

    // ---- scheduling
    void stabilize();
    // A bind exists (or existed): its dynamic edges rule out the dense sweep.
    void note_bind() noexcept { has_binds_ = true; }
    bool poisoned() const noexcept { return poisoned_; }
    void check_poison() const {
        if (poisoned_) throw_poisoned();
    }

    // ---- binds (called from bind_node::recompute)
    std::vector<id_t>* enter_scope(std::vector<id_t>* s) noexcept { return std::exchange(scope_, s); }
    void leave_scope(std::vector<id_t>* prev) noexcept { scope_ = prev; }
    // Makes `new_rhs` the bind's right-hand side (edges, necessity, heights), releases the old
    // scope. Returns r_deferred when the bind had to move above its right-hand side.
    int bind_switch(id_t self, id_t& rhs_slot, id_t new_rhs, std::vector<id_t>& old_scope);
    void release_nodes(std::vector<id_t>& ids);
    bool custom_cutoff(node_base const* n, void const* old_v, void const* new_v) const;

    // ---- per-node settings
    void set_cutoff(id_t id, incr::cutoff c);
    void set_custom_cutoff(id_t id, std::function<bool(void const*, void const*)> pred);
    void set_name(id_t id, std::string name);

    // ---- observers
    std::uint32_t observe(id_t id);  // returns an observer slot
    void unobserve(std::uint32_t slot);
    observer_rec const& observer(std::uint32_t slot) const { return observers_[slot]; }
    void set_callback(std::uint32_t slot, std::function<void(node_base const&)> cb);

    // ---- diagnostics
    incr::stats const& stats() const noexcept { return stats_; }
    std::string dot() const;
    void invariant() const;

private:
    [[noreturn]] static void throw_invalid_handle();
    [[noreturn]] static void throw_set_in_stabilize();
    [[noreturn]] void throw_poisoned() const;
    struct run_counts {
        std::uint64_t recomputed = 0, changed = 0;
    };
    void queue(id_t id, node_base* n);
    void push_deps(node_base const& n);
    void run_heap();
    bool start_wide();
    id_t wake_deps(node_base const& n, std::uint32_t h, bool last);
    id_t run_path(id_t id, run_counts& k);
    void sweep_from(std::uint32_t h);
    void rebuild_order();
    void notify();
    [[noreturn]] void poison_and_rethrow(char const* stage);
    void ensure_buckets(std::uint32_t h);
    id_t const* deps_of(node_base const& n) const noexcept {
        return n.n_deps == 1 ? &n.deps_off : dep_pool_ + n.deps_off;
    }
    void add_dep(node_base& n, id_t dependent);
    void remove_dep(node_base& n, id_t dependent);
    id_t alloc_deps(std::uint32_t cap);
    void free_deps(id_t off, std::uint32_t cap) noexcept;
    void link(id_t input, id_t dependent);    // registers the edge; input may become necessary
    void unlink(id_t input, id_t dependent);  // and the reverse
    void became_necessary(id_t root);
    void became_unnecessary(id_t root);
    void ensure_height(id_t origin, std::uint32_t min_height);
    void destroy(id_t id) noexcept;
    // Scratch stacks of graph walks: their memory is given back when a walk ends (a walk
    // for necessity runs when observing or binding, not per stabilization), so the graph
    // holds no memory that depends on the order it was built in.
    template <class V>
    static void trim_scratch(V& v, std::size_t keep = 0) noexcept {
        if (v.capacity() > keep) V().swap(v);
    }
    template <class F>
    void for_each_node(F f) const {  // f(id, node) for every live node, in arena order
        for (id_t o = 0; o < arena_.top();) {
            node_base* n = arena_.at(o);
            o += static_cast<id_t>((n->alloc_size() + 7) / 8);
            if (!(n->bits & f_dead)) f(static_cast<id_t>(o - (n->alloc_size() + 7) / 8), n);
        }
    }

    region dep_mem_;                 // the dependents pool: blocks of 2^k ids, bump allocated
    id_t* dep_pool_;
    std::size_t dep_top_ = 0;
    std::array<id_t, 33> dep_free_;  // per power-of-two class, intrusive free lists
    std::vector<bucket> buckets_;
    std::uint32_t lo_ = 0xffffffffu;  // lowest and highest non-empty bucket
    std::uint32_t hi_ = 0;
    std::uint32_t cur_height_ = 0;    // height being recomputed
    std::uint32_t current_ = 1;       // number of the running (or next) stabilization
    enum class phase : std::uint8_t { idle, recomputing, notifying } phase_ = phase::idle;
    bool poisoned_ = false;
    std::string poison_msg_;
    std::vector<id_t>* scope_ = nullptr;  // the bind scope collecting new nodes
    std::vector<id_t> notify_;
    // The dense sweep (see run_heap): the necessary derived nodes by height, rebuilt when
    // necessity or heights changed since it was built.
    std::vector<id_t> order_;
    bool order_stale_ = true;
    bool has_binds_ = false;
    bool queued_since_sweep_ = false;
    // Vars with many dependents that changed since the last stabilization: their dependents
    // are not queued one by one when a dense sweep from height 1 will run them anyway.
    std::vector<id_t> wide_;
    std::uint64_t wide_deps_ = 0;
    bucket ready_;                        // single-input nodes whose input just changed
    std::vector<id_t> work_;              // scratch stack for graph walks
    std::vector<std::pair<id_t, std::uint32_t>> work2_;
    std::vector<observer_rec> observers_;
    std::vector<std::uint32_t> free_observers_;
    std::unordered_map<id_t, std::vector<std::uint32_t>> observers_of_;
    std::unordered_map<node_base const*, std::function<bool(void const*, void const*)>> custom_;
    std::unordered_map<id_t, std::string> names_;
    incr::stats stats_;
    std::uint64_t created_since_ = 0;  // nodes created since the last stabilize() ended
    arena arena_;
};

}  // namespace refold::incr::detail
