// fix<F>: the least fixed point of a functor F, as a persistent, shared, immutable tree.
//
// A value of fix<F> is a handle to one immutable node holding a layer F<fix<F>>: the
// recursive positions of the layer are themselves fix<F> handles. Copying a handle shares
// the node (intrusive reference count), so a new version of a tree built by path copying
// points at the untouched subtrees of the old one, and every node keeps its identity
// (`id()`) for as long as any version holds it. That identity is what memo_cata keys on.
//
// Not to be confused with Boost.Hana's `hana::fix`, which is a Y-combinator (a fixed point
// of a *function*, for writing recursive lambdas); this is the fixed point of a *type
// constructor*, Fix F = F (Fix F), the carrier of the initial algebra of F.
//
// Threading: the reference count is not atomic (the cost of atomics dominates path
// copying). Values may be handed to another thread as a whole, but two threads must not
// copy or drop handles into the same tree concurrently.
//
// Nodes come from a per-thread pool of size classes (<schemes/detail/pool.hpp>), so
// making and dropping versions costs no allocator call in the steady state;
// pooled_bytes_in_use() reports the bytes held by live nodes.
//
// Destruction is recursive: a degenerate tree (a list) deeper than the stack allows must be
// taken apart by the caller; balanced trees (the rope) are fine.
#pragma once

#include <schemes/detail/node_header.hpp>
#include <schemes/detail/pool.hpp>

#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>

namespace refold::schemes {

template <template <class> class F>
class fix {
public:
    using layer_type = F<fix>;

    // An empty handle; only default construction, `operator bool` and destruction apply.
    fix() noexcept = default;
    // Wraps one layer into a new node (the initial algebra, "in").
    explicit fix(layer_type layer) : p_(new node(std::move(layer))) {}
    // Builds the node's layer in place.
    template <class... Args>
    [[nodiscard]] static fix make(Args&&... args) {
        fix r;
        r.p_ = new node(std::forward<Args>(args)...);
        return r;
    }

    // Builds the node's layer in `mem`, a pool block of node_bytes() bytes (see
    // detail::pool_allocate_pair), which the node then owns; on a throw, mem is freed.
    template <class... Args>
    [[nodiscard]] static fix make_in(void* mem, Args&&... args) {
        fix r;
        try {
            r.p_ = ::new (mem) node(std::forward<Args>(args)...);
        } catch (...) {
            detail::pool_deallocate(mem, sizeof(node));
            throw;
        }
        return r;
    }
    // The pool block a node takes, in bytes.
    [[nodiscard]] static constexpr std::size_t node_bytes() noexcept { return round_up(sizeof(node), detail::pool_granule); }

    fix(fix const& o) noexcept : p_(o.p_) {
        if (p_ != nullptr) ++p_->refs;
    }
    fix(fix&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
    fix& operator=(fix const& o) noexcept {
        fix(o).swap(*this);
        return *this;
    }
    fix& operator=(fix&& o) noexcept {
        fix(std::move(o)).swap(*this);
        return *this;
    }
    ~fix() { release(p_); }

    void swap(fix& o) noexcept { std::swap(p_, o.p_); }

    // The node's layer ("out", the inverse of "in").
    [[nodiscard]] layer_type const& layer() const noexcept { return p_->layer; }
    [[nodiscard]] layer_type const& operator*() const noexcept { return p_->layer; }
    [[nodiscard]] layer_type const* operator->() const noexcept { return &p_->layer; }

    [[nodiscard]] explicit operator bool() const noexcept { return p_ != nullptr; }
    // Stable node identity: equal for two handles exactly when they share the node.
    [[nodiscard]] void const* id() const noexcept { return p_; }
    [[nodiscard]] std::uint32_t use_count() const noexcept { return p_ != nullptr ? p_->refs : 0; }
    // The node's memo list head; used by memo (see <schemes/memo.hpp>).
    [[nodiscard]] detail::node_header* header() const noexcept { return p_; }

    // True when this handle is the only one holding its node (nobody else can see it).
    [[nodiscard]] bool unique() const noexcept { return p_ != nullptr && p_->refs == 1; }
    // Transient in-place edit of a uniquely held node (what persistent libraries call
    // make_mut): the caller owns the only handle, so no other version can observe the
    // change. The node keeps its identity but not its content, so every memo entry cached
    // for it is dropped first. Whoever edits a node inside a tree must also edit every
    // ancestor (which must be uniquely held as well), so that their entries go too.
    // Precondition: unique().
    [[nodiscard]] layer_type& mutable_layer() noexcept {
        if (has_memo()) p_->release_memo_entries();
        return p_->layer;
    }
    // Whether any memo holds a result for this node (nodes without an inline slot can
    // only have entries in their list).
    [[nodiscard]] bool has_memo() const noexcept {
        if constexpr (has_memo_slot()) return p_->has_memo();
        else return p_->memo != nullptr;
    }

    // Structural equality, short-cut by identity (shared subtrees compare in O(1)).
    // (Instantiated only when used; needs the layer to be equality comparable.)
    friend bool operator==(fix const& a, fix const& b) {
        if (a.p_ == b.p_) return true;
        if (a.p_ == nullptr || b.p_ == nullptr) return false;
        return a.p_->layer == b.p_->layer;
    }

public:
    // Whether nodes carry an inline memo slot: 8 bytes that hold one memo's result (a
    // trivially copyable value of at most 8 bytes) in the node itself, so that reading a
    // cached result costs no access beyond the node. Nodes get one when it fits without
    // making the node span more cache lines than it would anyway (the pool starts blocks
    // of a multiple of 64 bytes on a line): e.g. a 48-byte rope<int> node becomes one
    // 64-byte line; a 64-byte text rope node stays as it is.
    static constexpr std::size_t memo_slot_bytes = 8;
    [[nodiscard]] static constexpr bool has_memo_slot() noexcept {
        return round_up(sizeof(plain_node) + memo_slot_bytes, detail::pool_granule) <=
               round_up(sizeof(plain_node), 64);
    }
    // The node's inline memo slot (null for nodes without one); used by memo.
    [[nodiscard]] void* memo_slot() const noexcept {
        if constexpr (has_memo_slot()) return p_->memo_slot;
        else return nullptr;
    }

private:
    struct plain_node : detail::node_header {
        template <class... Args>
        explicit plain_node(Args&&... args) : layer(std::forward<Args>(args)...) {}
        static void* operator new(std::size_t n) { return detail::pool_allocate(n); }
        static void operator delete(void* p, std::size_t n) noexcept { detail::pool_deallocate(p, n); }
        layer_type layer;
    };
    struct slotted_node : plain_node {
        using plain_node::plain_node;
        alignas(8) unsigned char memo_slot[memo_slot_bytes];
    };
    struct node : std::conditional_t<has_memo_slot(), slotted_node, plain_node> {
        using base = std::conditional_t<has_memo_slot(), slotted_node, plain_node>;
        using base::base;
    };
    static constexpr std::size_t round_up(std::size_t n, std::size_t to) noexcept { return (n + to - 1) / to * to; }

    static void release(node* p) noexcept {
        static_assert(alignof(node) <= detail::pool_granule, "fix layers aligned beyond 16 bytes");
        if (p != nullptr && --p->refs == 0) delete p;
    }

    node* p_ = nullptr;
};

// Same node (not merely equal content).
template <template <class> class F>
[[nodiscard]] bool same_node(fix<F> const& a, fix<F> const& b) noexcept {
    return a.id() == b.id();
}

}  // namespace refold::schemes
