// The engine's non-template core: node registry, dependents storage, necessity, heights,
// the height-ordered recompute heap, binds' scope switching and stabilization.
#include <incr/detail/core.hpp>
#include <incr/error.hpp>

#include <algorithm>
#include <bit>
#include <exception>
#include <limits>
#include <new>
#include <utility>

#include <sys/mman.h>

namespace refold::incr::detail {

// ---------------------------------------------------------------- arena

region::region(std::size_t want) {
    for (std::size_t size = want; size >= (std::size_t{16} << 20); size /= 4) {
        int flags = MAP_PRIVATE | MAP_ANONYMOUS;
#ifdef MAP_NORESERVE
        flags |= MAP_NORESERVE;
#endif
        void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, flags, -1, 0);
        if (p != MAP_FAILED) {
            base_ = static_cast<char*>(p);
            size_ = size;
            return;
        }
    }
    throw std::bad_alloc();
}

region::~region() { ::munmap(base_, size_); }

arena::arena() : mem_(std::size_t{4} << 30) { free_.fill(no_id); }

id_t arena::allocate(std::size_t bytes, std::uint32_t& gen) {
    std::size_t const units = (bytes + 7) / 8;
    if (units <= max_small) {
        if (id_t id = free_[units]; id != no_id) {
            node_base const* d = at(id);
            free_[units] = d->height;
            gen = d->bits & gen_mask;
            return id;
        }
    } else if (auto it = big_free_.find(static_cast<std::uint32_t>(units)); it != big_free_.end()) {
        id_t const id = it->second;
        node_base const* d = at(id);
        if (d->height == no_id) big_free_.erase(it);
        else it->second = d->height;
        gen = d->bits & gen_mask;
        return id;
    }
    if (units > mem_.size() / 8 - top_) throw error("[incr.limit] the node arena is full");
    id_t const id = top_;
    top_ += static_cast<id_t>(units);
    gen = 1;
    return id;
}

void arena::release(id_t id, std::size_t bytes, std::uint32_t next_gen) noexcept {
    std::uint32_t const units = static_cast<std::uint32_t>((bytes + 7) / 8);
    if (next_gen == 0) next_gen = 1;
    id_t next = no_id;
    if (units <= max_small) {
        next = free_[units];
        free_[units] = id;
    } else {
        // a node this large is rare; on allocation failure the block is simply not reused
        try {
            auto [it, fresh] = big_free_.try_emplace(units, id);
            if (!fresh) next = std::exchange(it->second, id);
        } catch (...) {
        }
    }
    ::new (mem_.base() + (std::size_t{id} << 3)) dead_node(units, next, next_gen);
}

// ---------------------------------------------------------------- registry

core::core() : dep_mem_(std::size_t{2} << 30), dep_pool_(reinterpret_cast<id_t*>(dep_mem_.base())) {
    dep_free_.fill(no_id);
}

void bucket::grow() {
    std::uint32_t const ncap = cap == 0 ? 8 : cap * 2;
    id_t* d = new id_t[ncap];
    std::copy_n(data, size, d);
    delete[] data;
    data = d;
    cap = ncap;
}

core::~core() {
    for (bucket& b : buckets_) delete[] b.data;
    delete[] ready_.data;
    for_each_node([](id_t, node_base* n) { n->~node_base(); });
}

void core::adopt(id_t id, node_base* n, std::uint32_t gen) {
    try {
        check_poison();
        if (scope_ != nullptr) scope_->reserve(scope_->size() + 1);
    } catch (...) {
        std::size_t const size = n->alloc_size();
        n->~node_base();
        arena_.release(id, size, gen);
        throw;
    }
    std::uint32_t h = 0;
    auto const ins = n->inputs();
    for (id_t c : ins) h = std::max(h, at(c)->height + 1);
    n->height = h;
    n->bits = (n->bits & ~gen_mask) | gen;
    if (scope_ != nullptr) scope_->push_back(id);
    ++created_since_;
    ++stats_.live_nodes;
}

void core::throw_invalid_handle() {
    throw invalid_handle_error(
        "[incr.handle.invalid] the handle names no live node (released bind scope, moved-from "
        "or default handle)");
}

void core::destroy(id_t id) noexcept {
    node_base* n = at(id);
    if (!names_.empty()) names_.erase(id);
    if (!custom_.empty()) custom_.erase(n);
    if (n->n_deps >= 2) free_deps(n->deps_off, 1u << ((n->bits & class_mask) >> class_shift));
    std::uint32_t const gen = ((n->bits & gen_mask) + 1) & gen_mask;
    std::size_t const size = n->alloc_size();
    n->~node_base();
    arena_.release(id, size, gen);
    --stats_.live_nodes;
    ++stats_.last.released;
    ++stats_.total.released;
}

// ---------------------------------------------------------------- dependents storage

id_t core::alloc_deps(std::uint32_t cap) {
    unsigned const c = static_cast<unsigned>(std::countr_zero(cap));
    if (id_t off = dep_free_[c]; off != no_id) {
        dep_free_[c] = dep_pool_[off];
        return off;
    }
    std::size_t const off = dep_top_;
    if (off + cap > dep_mem_.size() / sizeof(id_t) || off + cap >= no_id)
        throw error("[incr.limit] too many edges");
    dep_top_ = off + cap;
    return static_cast<id_t>(off);
}

void core::free_deps(id_t off, std::uint32_t cap) noexcept {
    unsigned const c = static_cast<unsigned>(std::countr_zero(cap));
    dep_pool_[off] = dep_free_[c];
    dep_free_[c] = off;
}

// A single dependent is stored in deps_off itself; two or more live in a pool block of
// 1 << class entries.
void core::add_dep(node_base& n, id_t dependent) {
    order_stale_ = true;
    std::uint32_t const k = n.n_deps;
    if (k == 0) {
        n.deps_off = dependent;
        n.n_deps = 1;
        return;
    }
    if (k == 1) {
        id_t const off = alloc_deps(2);
        dep_pool_[off] = n.deps_off;
        dep_pool_[off + 1] = dependent;
        n.deps_off = off;
        n.n_deps = 2;
        n.bits = (n.bits & ~class_mask) | (1u << class_shift);
        return;
    }
    std::uint32_t const cap = 1u << ((n.bits & class_mask) >> class_shift);
    if (k == cap) {
        id_t const off = alloc_deps(cap * 2);
        std::copy_n(dep_pool_ + n.deps_off, k, dep_pool_ + off);
        free_deps(n.deps_off, cap);
        n.deps_off = off;
        n.bits = (n.bits & ~class_mask) |
                 (static_cast<std::uint32_t>(std::countr_zero(cap * 2)) << class_shift);
    }
    dep_pool_[n.deps_off + k] = dependent;
    n.n_deps = k + 1;
}

void core::remove_dep(node_base& n, id_t dependent) {
    order_stale_ = true;
    std::uint32_t const k = n.n_deps;
    if (k == 1 && n.deps_off == dependent) {
        n.deps_off = no_id;
        n.n_deps = 0;
        return;
    }
    if (k >= 2) {
        id_t* d = dep_pool_ + n.deps_off;
        for (std::uint32_t i = 0; i < k; ++i) {
            if (d[i] != dependent) continue;
            d[i] = d[k - 1];
            n.n_deps = k - 1;
            if (k == 2) {
                id_t const last = d[0];
                free_deps(n.deps_off, 1u << ((n.bits & class_mask) >> class_shift));
                n.deps_off = last;
            }
            return;
        }
    }
    throw invariant_error("[incr.invariant] removing a dependent that is not registered");
}

// ---------------------------------------------------------------- heights and heap

void core::ensure_buckets(std::uint32_t h) {
    if (h >= buckets_.size()) buckets_.resize(std::size_t{h} + 1);
}

void core::queue(id_t id, node_base* n) {
    if (n->bits & f_queued) return;
    n->bits |= f_queued;
    queued_since_sweep_ = true;
    std::uint32_t const h = n->height;
    buckets_[h].push(id);
    lo_ = std::min(lo_, h);
    hi_ = std::max(hi_, h);
}

void core::push_deps(node_base const& n) {
    id_t const* d = deps_of(n);
    char* const base = arena_.base();
    bucket* const buckets = buckets_.data();
    std::uint32_t lo = lo_, hi = hi_;
    for (std::uint32_t k = 0, e = n.n_deps; k < e; ++k) {
        id_t const id = d[k];
        node_base* m = std::launder(reinterpret_cast<node_base*>(base + (std::size_t{id} << 3)));
        std::uint32_t const bits = m->bits;
        if (bits & f_queued) continue;
        m->bits = bits | f_queued;
        std::uint32_t const h = m->height;
        buckets[h].push(id);
        lo = std::min(lo, h);
        hi = std::max(hi, h);
    }
    lo_ = lo;
    hi_ = hi;
}

void core::ensure_height(id_t origin, std::uint32_t min_height) {
    order_stale_ = true;
    auto& st = work2_;
    st.clear();
    st.emplace_back(origin, min_height);
    bool first = true;
    while (!st.empty()) {
        auto const [id, h] = st.back();
        st.pop_back();
        node_base* n = at(id);
        if (n->height >= h) continue;
        if (id == origin && !first) {
            st.clear();
            throw cycle_error("[incr.cycle] a bind's right-hand side depends on the bind itself");
        }
        first = false;
        if (h == std::numeric_limits<std::uint32_t>::max()) throw error("[incr.limit] height overflow");
        n->height = h;
        ensure_buckets(h);
        if (n->bits & f_queued) {
            buckets_[h].push(id);
            hi_ = std::max(hi_, h);
        }
        id_t const* d = deps_of(*n);
        for (std::uint32_t k = 0; k < n->n_deps; ++k) st.emplace_back(d[k], h + 1);
    }
    trim_scratch(st, 256);
}

// ---------------------------------------------------------------- necessity

void core::link(id_t input, id_t dependent) {
    node_base* c = at(input);
    bool const was = c->necessary();
    add_dep(*c, dependent);
    if (!was) {
        ++stats_.necessary_nodes;
        became_necessary(input);
    }
}

void core::unlink(id_t input, id_t dependent) {
    node_base* c = at(input);
    remove_dep(*c, dependent);
    if (!c->necessary()) {
        --stats_.necessary_nodes;
        became_unnecessary(input);
    }
}

// `root` just became necessary: link it into its inputs' dependents (making them
// necessary in turn), give it a height above its inputs (and above the heap's position
// while recomputing), and queue it, since its value may be stale or missing.
void core::became_necessary(id_t root) {
    order_stale_ = true;
    auto& st = work2_;
    std::size_t const base = st.size();
    st.emplace_back(root, 0);
    while (st.size() > base) {
        auto const [id, k] = st.back();
        node_base* n = at(id);
        auto const ins = n->inputs();
        if (k < ins.size()) {
            st.back().second = k + 1;
            id_t const c = ins[k];
            node_base* cn = at(c);
            bool const was = cn->necessary();
            add_dep(*cn, id);
            if (!was) {
                ++stats_.necessary_nodes;
                st.emplace_back(c, 0);
            }
            continue;
        }
        st.pop_back();
        if (n->bits & f_var) continue;
        std::uint32_t h = 0;
        for (id_t c : ins) h = std::max(h, at(c)->height + 1);
        if (phase_ == phase::recomputing) h = std::max(h, cur_height_ + 1);
        n->height = h;
        ensure_buckets(h);
        n->bits &= ~f_queued;  // entries left from before are stale now
        queue(id, n);
    }
    if (base == 0) trim_scratch(st);
}

void core::became_unnecessary(id_t root) {
    order_stale_ = true;
    auto& st = work_;
    std::size_t const base = st.size();
    st.push_back(root);
    while (st.size() > base) {
        id_t const id = st.back();
        st.pop_back();
        node_base* n = at(id);
        if (!(n->bits & f_var)) n->bits &= ~f_queued;
        for (id_t c : n->inputs()) {
            node_base* cn = at(c);
            remove_dep(*cn, id);
            if (!cn->necessary()) {
                --stats_.necessary_nodes;
                st.push_back(c);
            }
        }
    }
    if (base == 0) trim_scratch(st);
}

// ---------------------------------------------------------------- inputs

void core::throw_poisoned() const {
    throw poisoned_error("[incr.poisoned] the graph was poisoned by an exception during an "
                         "earlier stabilization: " + poison_msg_);
}

void core::throw_set_in_stabilize() {
    throw usage_error("[incr.usage.set_in_stabilize] a var cannot be set while nodes recompute");
}

namespace {
// The dense sweep starts once the nodes a stabilization has recomputed plus those queued at
// the next height reach dense_min and 1/dense_ratio of the necessary nodes.
constexpr std::uint64_t dense_min = 64;
constexpr std::uint64_t dense_ratio = 8;
}  // namespace

// A var with at least dense_min dependents (and no bind in the graph) does not queue them:
// it is listed in wide_, and the next stabilization either sweeps from height 1 (when the
// listed vars' dependents make a dense stabilization) or queues them then (start_wide). A var
// set twice is listed once: its changed_at already says this stabilization (a var created
// since the last stabilization has that stamp too; all its dependents are new and were
// queued when they became necessary).
void core::var_changed(id_t id) {
    node_base* n = at(id);
    bool const again = n->changed_at == current_;
    n->changed_at = current_;
    std::uint32_t const e = n->n_deps;
    if (e == 1) {
        id_t const dep = n->deps_off;
        node_base* m = at(dep);
        if (!(m->bits & f_queued)) {
            m->bits |= f_queued;
            std::uint32_t const h = m->height;
            buckets_[h].push(dep);
            lo_ = std::min(lo_, h);
            hi_ = std::max(hi_, h);
        }
    } else if (e >= dense_min && !has_binds_) {
        if (!again) {
            wide_.push_back(id);
            wide_deps_ += e;
        }
    } else if (e != 0) {
        push_deps(*n);
    }
    if ((n->bits & f_callbacks) && !(n->bits & f_queued)) {
        n->bits |= f_queued;
        notify_.push_back(id);
    }
}

// ---------------------------------------------------------------- stabilization

// The vars listed in wide_ changed: when their dependents alone make a dense stabilization,
// sweep from height 1 (nothing has run yet) and return true; else queue their dependents.
bool core::start_wide() {
    std::uint64_t const deps = std::exchange(wide_deps_, 0);
    if (!has_binds_ && deps >= dense_min && deps * dense_ratio >= stats_.necessary_nodes) {
        wide_.clear();
        sweep_from(1);
        return true;
    }
    for (id_t id : wide_) {
        node_base const* n = at(id);
        if (n->n_deps != 0) push_deps(*n);
    }
    wide_.clear();
    return false;
}

// Wakes the dependents of `n` (at height h, just changed): returns one to run right away
// (a one-input dependent, or the only dependent when nothing else is pending: `last` entry of
// the lowest bucket, nothing queued above h, no ready node), queues the others (one-input
// ones in ready_, the rest in their height's bucket).
inline id_t core::wake_deps(node_base const& n, std::uint32_t h, bool last) {
    char* const base = arena_.base();
    id_t next = no_id;
    std::uint32_t const e = n.n_deps;
    if (e == 1) {
        id_t const dep = n.deps_off;
        node_base* m = node_at(base, dep);
        std::uint32_t const mb = m->bits;
        if (!(mb & f_queued)) {
            if ((mb & f_single) || (last && hi_ <= h && ready_.size == 0)) {
                next = dep;
                if (m->n_deps == 1) __builtin_prefetch(node_at(base, m->deps_off));
            } else {
                m->bits = mb | f_queued;
                std::uint32_t const mh = m->height;
                buckets_[mh].push(dep);
                if (mh > hi_) hi_ = mh;
            }
        }
    } else if (e != 0) {
        id_t const* d = dep_pool_ + n.deps_off;
        for (std::uint32_t j = 0; j < e; ++j) {
            id_t const dep = d[j];
            node_base* m = node_at(base, dep);
            std::uint32_t const mb = m->bits;
            if (mb & f_queued) continue;
            if (mb & f_single) {
                if (next == no_id) next = dep;
                else ready_.push(dep);
                continue;
            }
            m->bits = mb | f_queued;
            std::uint32_t const mh = m->height;
            buckets_[mh].push(dep);
            if (mh > hi_) hi_ = mh;
        }
    }
    return next;
}

// A path of only dependents with nothing else pending (no bind in the graph, the heap empty
// above, no ready node): runs `id`, and while the node run changed and has exactly one
// dependent, that dependent (all its inputs are up to date, since nothing is pending),
// without the heap. Stops at a node that did not change (returns no_id) or that has several
// dependents (returns it, already marked changed, for the general wake). A node that becomes
// necessary meanwhile (a node function observed it) is queued above the running node
// (cur_height_ follows the path) and is no input of a path node (their inputs were necessary
// already), so the path goes on and the heap runs it afterwards. Without binds nothing else
// queues during recomputation, so the next path node is never queued.
id_t core::run_path(id_t id, run_counts& k) {
    char* const base = arena_.base();
    path_step step{id, current_, 0};
    std::uint64_t unchanged = 0;
    for (;;) {
        int const r = node_at(base, step.id)->run_path_from(*this, step);
        id = step.id;
        node_base* const n = node_at(base, id);
        if (r != r_changed) {
            unchanged = 1;
            id = no_id;
            break;
        }
        n->changed_at = step.now;
        if (n->bits & f_callbacks) notify_.push_back(id);
        if (n->n_deps != 1) {
            if (n->n_deps == 0) id = no_id;  // nothing to wake
            break;
        }
        step.id = n->deps_off;  // (no prefetch of the node after next: faster without, chain 3.3 -> 3.0 ns)
    }
    k.recomputed += step.recomputed;
    k.changed += step.recomputed - unchanged;
    return id;
}

// The hot loop. Counters live in locals (flushed on every exit); bucket h cannot grow while
// it is processed (everything queued meanwhile sits higher), so its array is read directly.
// After a node changed, a dependent runs right away (depth first, without going through the
// heap) when all its inputs are final at that moment: always for a dependent with exactly
// one input (it is f_single), and for the only dependent of a node when nothing else is
// pending (this was the last entry of the lowest bucket, nothing is queued higher and the
// ready list is empty), which is how a path of ancestors (a fold's leaf edit) runs. The
// other dependents wait in the bucket of their height. Either way each node runs at most
// once per stabilization and only after all its inputs.
void core::run_heap() {
    struct flush {
        counters& c;
        run_counts n;
        ~flush() {
            c.recomputed += n.recomputed;
            c.changed += n.changed;
            c.cut_off += n.recomputed - n.changed;
        }
    } f{stats_.last, {}};
    run_counts& k = f.n;
    std::uint32_t const now = current_;
    char* const base = arena_.base();
    ready_.size = 0;
    bool swept = has_binds_;
    bool const wide_swept = !wide_.empty() && start_wide();  // (may queue: read lo_ after)
    std::uint32_t h0 = lo_;
    if (wide_swept) {
        swept = true;
        if (!queued_since_sweep_) {
            for (std::uint32_t x = lo_; x <= hi_; ++x) buckets_[x].size = 0;
            h0 = hi_ + 1;
        }
    }
    std::uint32_t run_top = 0;  // highest node run right away (outside the buckets) so far
    if (!swept && h0 == hi_ && buckets_[h0].size == 1) {
        // one node queued (a leaf edit): run it and the path of only dependents above it;
        // a last node with several dependents queues them all
        bucket& b = buckets_[h0];
        id_t const id = b.data[0];
        b.size = 0;
        node_base* const n = node_at(base, id);
        if ((n->bits & f_queued) && n->height == h0) {
            n->bits &= ~f_queued;
            id_t const top = run_path(id, k);
            run_top = cur_height_;
            if (top != no_id) push_deps(*node_at(base, top));
            else if (hi_ == h0) h0 = hi_ + 1;  // nothing was queued meanwhile (it would sit above h0)
        }
    }
    for (std::uint32_t h = h0; h <= hi_; ++h) {
        // work done or certain: nodes recomputed so far and the ones queued at this height
        std::uint64_t const work = k.recomputed + buckets_[h].size;
        if (!swept && h > run_top && work >= dense_min && work * dense_ratio >= stats_.necessary_nodes) {
            // This stabilization recomputes a large share of the necessary nodes: finish it
            // with one sweep in height order (no per-dependent queueing).
            swept = true;
            stats_.last.recomputed += std::exchange(k.recomputed, 0);
            stats_.last.changed += std::exchange(k.changed, 0);
            stats_.last.cut_off = stats_.last.recomputed - stats_.last.changed;
            sweep_from(h);
            if (!queued_since_sweep_) {
                // every entry left in the buckets is stale now: drop them
                for (std::uint32_t x = h; x <= hi_; ++x) buckets_[x].size = 0;
                break;
            }
        }
        id_t const* ids = buckets_[h].data;
        std::uint32_t const size = buckets_[h].size;
        for (std::uint32_t i = 0; i < size; ++i) {
            id_t id = ids[i];
            node_base* n = node_at(base, id);
            std::uint32_t bits = n->bits;
            if (!(bits & f_queued) || n->height != h) continue;  // stale entry
            n->bits = bits & ~f_queued;  // (queued implies necessary)
            cur_height_ = h;
            bool const last = i + 1 == size;
            for (;;) {
                int const r = n->recompute(*this);
                k.recomputed += r != r_deferred;
                id_t next = no_id;
                if (r == r_changed) {
                    ++k.changed;
                    n->changed_at = now;
                    if (bits & f_callbacks) notify_.push_back(id);
                    if (n->n_deps == 1 && last && !has_binds_ && hi_ <= h && ready_.size == 0 &&
                        !(node_at(base, n->deps_off)->bits & f_queued)) {
                        // nothing else is pending: run the path of only dependents directly
                        id = run_path(n->deps_off, k);
                        if (id != no_id) next = wake_deps(*node_at(base, id), h, false);
                    } else {
                        next = wake_deps(*n, h, last);
                    }
                }
                if (next == no_id) {
                    // the end of a path run right away is its highest node
                    run_top = std::max(run_top, cur_height_);
                    if (ready_.size == 0) break;
                    next = ready_.data[--ready_.size];
                }
                id = next;
                n = node_at(base, id);
                bits = n->bits;
                cur_height_ = n->height;  // a bind run here creates its nodes above it
            }
        }
        buckets_[h].size = 0;
    }
    lo_ = 0xffffffffu;
    hi_ = 0;
    if (k.recomputed + stats_.last.recomputed > 65536) {
        // A big stabilization (typically the first): give the heap's memory back rather than
        // keep it for small incremental rounds that need a few entries per height.
        for (bucket& b : buckets_) {
            if (b.cap <= 64) continue;
            delete[] b.data;
            b = bucket{};
        }
    }
}

// The dense sweep: every necessary derived node of height >= h (no node at those heights has
// run yet: run_heap only sweeps above the nodes it ran right away), in height order, runs when
// it is queued or one of its inputs changed in this stabilization (changed_at == now); a
// node that changes wakes nobody (its dependents come later in the order and look at their
// inputs). It costs a few loads per necessary node instead of a queue check and push per
// edge, and starts only when the nodes recomputed so far plus those queued at height h (all
// of which run anyway) reach 1/dense_ratio of the necessary nodes, so it never costs more
// than a constant factor of the work the stabilization does. Graphs with binds never sweep (their edges change while they run).
// Entries left in the buckets are stale afterwards (f_queued cleared), except nodes that
// became necessary during the sweep, which the bucket loop then runs as usual.
void core::sweep_from(std::uint32_t h) {
    if (order_stale_) rebuild_order();
    ++stats_.sweeps;
    queued_since_sweep_ = false;  // set by queue() (a node that becomes necessary meanwhile)
    char* const base = arena_.base();
    std::uint32_t const now = current_;
    id_t const* const ids = order_.data();
    std::size_t const size = order_.size();
    std::size_t p = static_cast<std::size_t>(
        std::partition_point(order_.begin(), order_.end(), [&](id_t id) { return node_at(base, id)->height < h; }) -
        order_.begin());
    std::uint64_t recomputed = 0, changed = 0;
    for (; p < size; ++p) {
        id_t const id = ids[p];
        node_base* n = node_at(base, id);
        std::uint32_t const bits = n->bits;
        cur_height_ = n->height;
        int r;
        if (bits & f_queued) {
            n->bits = bits & ~f_queued;
            r = n->recompute(*this);
        } else {
            if (n->n_deps == 0 && !(bits & f_observed)) continue;  // no longer necessary
            r = n->recompute_if(*this, now);
            if (r == r_idle) continue;
        }
        ++recomputed;
        if (r == r_changed) {
            ++changed;
            n->changed_at = now;
            if (bits & f_callbacks) notify_.push_back(id);
        }
    }
    counters& c = stats_.last;  // (not updated when a node function throws: the graph is poisoned)
    c.recomputed += recomputed;
    c.changed += changed;
    c.cut_off = c.recomputed - c.changed;
}

int node_base::run_path_from(core& g, path_step& step) {
    g.set_running_height(height);
    ++step.recomputed;
    return recompute(g);
}

int node_base::recompute_if(core& g, std::uint32_t now) {
    char* const base = g.base();
    for (id_t in : inputs())
        if (node_at(base, in)->changed_at == now) return recompute(g);
    return r_idle;
}

void core::rebuild_order() {
    order_.clear();
    order_.reserve(stats_.necessary_nodes);
    for_each_node([&](id_t id, node_base* n) {
        if (!(n->bits & f_var) && n->necessary()) order_.push_back(id);
    });
    std::sort(order_.begin(), order_.end(), [&](id_t a, id_t b) {
        std::uint32_t const ha = at(a)->height, hb = at(b)->height;
        return ha != hb ? ha < hb : a < b;
    });
    order_stale_ = false;
}

void core::poison_and_rethrow(char const* stage) {
    poisoned_ = true;
    phase_ = phase::idle;
    scope_ = nullptr;
    try {
        throw;
    } catch (std::exception const& e) {
        poison_msg_ = std::string(stage) + ": " + e.what();
    } catch (...) {
        poison_msg_ = std::string(stage) + ": a non-standard exception";
    }
    throw;
}

void core::stabilize() {
    check_poison();
    if (phase_ != phase::idle)
        throw usage_error("[incr.usage.reentrant] stabilize() called during a stabilization");
    counters& c = stats_.last;
    c = counters{};
    if (lo_ <= hi_ || !wide_.empty()) {  // something is queued
        phase_ = phase::recomputing;
        try {
            run_heap();
        } catch (...) {
            poison_and_rethrow("in a node function");
        }
    }
    ++current_;
    c.created = created_since_;
    created_since_ = 0;
    stats_.total.created += c.created;
    stats_.total.recomputed += c.recomputed;
    stats_.total.changed += c.changed;
    stats_.total.cut_off += c.cut_off;
    ++stats_.stabilizations;
    if (!notify_.empty()) {
        phase_ = phase::notifying;
        try {
            notify();
        } catch (...) {
            poison_and_rethrow("in an observer callback");
        }
    }
    phase_ = phase::idle;
#ifndef NDEBUG
    invariant();
#endif
}

void core::notify() {
    std::vector<id_t> list;
    list.swap(notify_);  // callbacks may set vars: those notifications belong to the next round
    std::vector<std::uint32_t> slots;
    for (id_t id : list) {
        node_base* n = at(id);
        if (n == nullptr) continue;
        if (n->bits & f_var) n->bits &= ~f_queued;
        if (!(n->bits & f_callbacks)) continue;
        auto it = observers_of_.find(id);
        if (it == observers_of_.end()) continue;
        slots = it->second;  // callbacks may observe or unobserve
        for (std::uint32_t s : slots) {
            if (!observers_[s].live || !observers_[s].on_change) continue;
            auto cb = observers_[s].on_change;
            cb(*n);
        }
    }
}

}  // namespace refold::incr::detail
