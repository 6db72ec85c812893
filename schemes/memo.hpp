// memo<A> and memo_cata: a catamorphism memoized by node identity.
//
// memo_cata(alg, t, m) returns cata(alg, t), caching the result of every node it folds in
// m. Cached entries live *in the node* (an intrusive list hanging off the fix node header),
// so a lookup is one pointer chase, and an entry dies with its node: when the last version
// holding a node goes away, the node's destructor hands its entries back to their memos.
// A memo therefore never holds more entries than there are live nodes it has folded; over
// a long edit session where old versions are dropped it stays the size of the live tree.
// Entries come from a per-memo pool (fixed-size slots, free list), so caching costs no
// allocator call in the steady state; the pool's capacity is the peak number of entries.
// A small result (trivially copyable, at most 8 bytes) is kept in the node itself when the
// node has an inline slot (fix::has_memo_slot(), e.g. rope<int> nodes) that no other live
// memo holds: no slot, and reading it costs nothing beyond the node.
//
// After an edit that created k new nodes (a rope edit: O(log n)), memo_cata on the new
// root applies the algebra exactly k times: every other node is found in the cache.
// applications() counts algebra calls so tests can assert such work bounds.
//
// A memo belongs to one algebra: results are keyed by node only. Any algebra works (no
// monoid or other structure is assumed); results are copied into each parent layer, so
// the carrier should be cheap to copy. Destroying a memo unlinks its entries from the
// nodes that are still alive; a moved-from memo may only be destroyed or assigned to. Like
// fix, a memo is for use by one thread at a time.
#pragma once

#include <schemes/detail/memo_pool.hpp>
#include <schemes/fix.hpp>
#include <schemes/functor.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

namespace refold::schemes {

template <class A>
class memo {
    using core = detail::memo_pool<A>;

public:
    using value_type = A;

    memo() : core_(std::make_unique<core>()) {}
    memo(memo&&) noexcept = default;
    memo& operator=(memo&&) noexcept = default;

    // The cached result for the node t, or null.
    template <template <class> class F>
    [[nodiscard]] A const* find(fix<F> const& t) const noexcept {
        return core_->find(t.header(), t.memo_slot());
    }
    // Caches v for the node t (which must not have an entry in this memo yet).
    template <template <class> class F>
    A const& insert(fix<F> const& t, A v) {
        return core_->insert(t.header(), t.memo_slot(), std::move(v));
    }

    // Entries currently cached (each belongs to a live node).
    [[nodiscard]] std::size_t size() const noexcept { return core_->live(); }
    // Entry slots allocated (at most the peak of size() so far; inline results use none).
    [[nodiscard]] std::size_t capacity() const noexcept { return core_->capacity(); }
    // Heap bytes held by the memo's pool.
    [[nodiscard]] std::size_t bytes() const noexcept { return core_->bytes(); }
    // Algebra applications and cache hits since construction or the last reset_counters().
    [[nodiscard]] std::uint64_t applications() const noexcept { return core_->applications; }
    [[nodiscard]] std::uint64_t hits() const noexcept { return core_->hits; }
    void reset_counters() noexcept { core_->applications = core_->hits = 0; }
    // Drops every entry (slots are kept for reuse).
    void clear() noexcept { core_->clear(); }

    core& pool() noexcept { return *core_; }

private:
    std::unique_ptr<core> core_;
};

namespace detail {
// The node is not in the memo: fold it. Children are looked up here, before any call, so
// that a cached child costs no recursive call.
template <class A, template <class> class F, class Alg>
A const& memo_cata_miss(Alg& alg, fix<F> const& t, memo_pool<A>& m) {
    auto rec = [&alg, &m](fix<F> const& c) -> A {
        if (A const* hit = m.find(c.header(), c.memo_slot())) return *hit;
        return memo_cata_miss<A>(alg, c, m);
    };
    ++m.applications;
    return m.insert(t.header(), t.memo_slot(), static_cast<A>(alg(fmap(rec, t.layer()))));
}
template <class A, template <class> class F, class Alg>
A const& memo_cata_rec(Alg& alg, fix<F> const& t, memo_pool<A>& m) {
    if (A const* hit = m.find(t.header(), t.memo_slot())) return *hit;
    return memo_cata_miss<A>(alg, t, m);
}
}  // namespace detail

struct memo_cata_fn {
    template <class Alg, template <class> class F, class A>
    A operator()(Alg&& alg, fix<F> const& t, memo<A>& m) const {
        return detail::memo_cata_rec<A>(alg, t, m.pool());
    }
};
inline constexpr memo_cata_fn memo_cata{};

}  // namespace refold::schemes
