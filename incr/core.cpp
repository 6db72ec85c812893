// The engine's non-template core: node registry, dependents storage, necessity, heights,
// the height-ordered recompute heap, binds' scope switching and stabilization.
#include <incr/detail/core.hpp>
#include <incr/error.hpp>

#include <algorithm>
#include <bit>
#include <exception>
#include <limits>
#include <new>

namespace refold::incr::detail {

// ---------------------------------------------------------------- arena

arena::~arena() {
    for (void* c : chunks_) ::operator delete(c);
}

void* arena::allocate(std::size_t bytes) {
    bytes = (bytes + 7) & ~std::size_t{7};
    if (bytes > max_small) return ::operator new(bytes);
    std::size_t const c = bytes / 8;
    if (void* p = free_[c]) {
        free_[c] = *static_cast<void**>(p);
        return p;
    }
    if (static_cast<std::size_t>(end_ - cur_) < bytes) {
        std::size_t const size = next_chunk_;
        chunks_.reserve(chunks_.size() + 1);
        char* chunk = static_cast<char*>(::operator new(size));
        chunks_.push_back(chunk);
        cur_ = chunk;
        end_ = chunk + size;
        next_chunk_ = std::min<std::size_t>(next_chunk_ * 2, std::size_t{1} << 20);
    }
    void* p = cur_;
    cur_ += bytes;
    return p;
}

void arena::deallocate(void* p, std::size_t bytes) noexcept {
    bytes = (bytes + 7) & ~std::size_t{7};
    if (bytes > max_small) {
        ::operator delete(p);
        return;
    }
    std::size_t const c = bytes / 8;
    *static_cast<void**>(p) = free_[c];
    free_[c] = p;
}

// ---------------------------------------------------------------- registry

core::core() { dep_free_.fill(no_id); }

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
    for (node_base* n : table_) {
        if (n == nullptr) continue;
        std::size_t const size = n->alloc_size();
        n->~node_base();
        arena_.deallocate(n, size);
    }
}

id_t core::adopt(node_base* n) {
    try {
        check_poison();
        if (scope_ != nullptr) scope_->reserve(scope_->size() + 1);
        std::uint32_t h = 0;
        for (id_t c : n->inputs()) h = std::max(h, table_[c]->height + 1);
        n->height = h;
        id_t id;
        std::uint32_t gen;
        if (!free_ids_.empty()) {
            id = free_ids_.back().first;
            gen = free_ids_.back().second;
            free_ids_.pop_back();
            table_[id] = n;
        } else {
            if (table_.size() >= no_id) throw error("[incr.limit] too many nodes");
            id = static_cast<id_t>(table_.size());
            gen = 1;
            table_.push_back(n);
        }
        n->bits = (n->bits & ~gen_mask) | gen;
        if (scope_ != nullptr) scope_->push_back(id);
        ++created_since_;
        ++stats_.live_nodes;
        return id;
    } catch (...) {
        std::size_t const size = n->alloc_size();
        n->~node_base();
        arena_.deallocate(n, size);
        throw;
    }
}

node_base* core::checked(id_t id, std::uint32_t gen) const {
    if (id >= table_.size() || table_[id] == nullptr || (table_[id]->bits & gen_mask) != gen)
        throw invalid_handle_error(
            "[incr.handle.invalid] the handle names no live node (released bind scope, moved-from "
            "or default handle)");
    return table_[id];
}

void core::destroy(id_t id) noexcept {
    node_base* n = table_[id];
    if (!names_.empty()) names_.erase(id);
    if (!custom_.empty()) custom_.erase(n);
    if (n->deps_off != no_id) {
        free_deps(n->deps_off, 1u << ((n->bits & class_mask) >> class_shift));
        n->deps_off = no_id;
    }
    std::uint32_t gen = ((n->bits & gen_mask) + 1) & gen_mask;
    if (gen == 0) gen = 1;
    std::size_t const size = n->alloc_size();
    n->~node_base();
    arena_.deallocate(n, size);
    table_[id] = nullptr;
    free_ids_.emplace_back(id, gen);  // capacity: at most one entry per table slot
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
    std::size_t const off = dep_pool_.size();
    if (off + cap >= no_id) throw error("[incr.limit] too many edges");
    dep_pool_.resize(off + cap);
    return static_cast<id_t>(off);
}

void core::free_deps(id_t off, std::uint32_t cap) noexcept {
    unsigned const c = static_cast<unsigned>(std::countr_zero(cap));
    dep_pool_[off] = dep_free_[c];
    dep_free_[c] = off;
}

void core::add_dep(node_base& n, id_t dependent) {
    std::uint32_t const k = n.n_deps;
    std::uint32_t const cls = (n.bits & class_mask) >> class_shift;
    std::uint32_t const cap = n.deps_off == no_id ? 0 : 1u << cls;
    if (k == cap) {
        std::uint32_t const ncap = cap == 0 ? 1 : cap * 2;
        id_t const off = alloc_deps(ncap);
        if (cap != 0) {
            std::copy_n(dep_pool_.begin() + n.deps_off, k, dep_pool_.begin() + off);
            free_deps(n.deps_off, cap);
        }
        n.deps_off = off;
        n.bits = (n.bits & ~class_mask) |
                 (static_cast<std::uint32_t>(std::countr_zero(ncap)) << class_shift);
    }
    dep_pool_[n.deps_off + k] = dependent;
    n.n_deps = k + 1;
}

void core::remove_dep(node_base& n, id_t dependent) {
    id_t* d = dep_pool_.data() + n.deps_off;
    std::uint32_t const k = n.n_deps;
    for (std::uint32_t i = 0; i < k; ++i) {
        if (d[i] == dependent) {
            d[i] = d[k - 1];
            n.n_deps = k - 1;
            if (k == 1) {
                free_deps(n.deps_off, 1u << ((n.bits & class_mask) >> class_shift));
                n.deps_off = no_id;
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
    std::uint32_t const h = n->height;
    buckets_[h].push(id);
    lo_ = std::min(lo_, h);
    hi_ = std::max(hi_, h);
}

void core::push_deps(node_base const& n) {
    id_t const* d = dep_pool_.data() + n.deps_off;
    for (std::uint32_t k = 0, e = n.n_deps; k < e; ++k) {
        id_t const id = d[k];
        node_base* m = table_[id];
        if (m->bits & f_queued) continue;
        m->bits |= f_queued;
        std::uint32_t const h = m->height;
        buckets_[h].push(id);
        if (h < lo_) lo_ = h;
        if (h > hi_) hi_ = h;
    }
}

void core::ensure_height(id_t origin, std::uint32_t min_height) {
    auto& st = work2_;
    st.clear();
    st.emplace_back(origin, min_height);
    bool first = true;
    while (!st.empty()) {
        auto const [id, h] = st.back();
        st.pop_back();
        node_base* n = table_[id];
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
        id_t const* d = dep_pool_.data() + n->deps_off;
        for (std::uint32_t k = 0; k < n->n_deps; ++k) st.emplace_back(d[k], h + 1);
    }
}

// ---------------------------------------------------------------- necessity

void core::link(id_t input, id_t dependent) {
    node_base* c = table_[input];
    bool const was = c->necessary();
    add_dep(*c, dependent);
    if (!was) {
        ++stats_.necessary_nodes;
        became_necessary(input);
    }
}

void core::unlink(id_t input, id_t dependent) {
    node_base* c = table_[input];
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
    auto& st = work2_;
    std::size_t const base = st.size();
    st.emplace_back(root, 0);
    while (st.size() > base) {
        auto const [id, k] = st.back();
        node_base* n = table_[id];
        auto const ins = n->inputs();
        if (k < ins.size()) {
            st.back().second = k + 1;
            id_t const c = ins[k];
            node_base* cn = table_[c];
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
        for (id_t c : ins) h = std::max(h, table_[c]->height + 1);
        if (phase_ == phase::recomputing) h = std::max(h, cur_height_ + 1);
        n->height = h;
        ensure_buckets(h);
        n->bits &= ~f_queued;  // entries left from before are stale now
        queue(id, n);
    }
}

void core::became_unnecessary(id_t root) {
    auto& st = work_;
    std::size_t const base = st.size();
    st.push_back(root);
    while (st.size() > base) {
        id_t const id = st.back();
        st.pop_back();
        node_base* n = table_[id];
        if (!(n->bits & f_var)) n->bits &= ~f_queued;
        for (id_t c : n->inputs()) {
            node_base* cn = table_[c];
            remove_dep(*cn, id);
            if (!cn->necessary()) {
                --stats_.necessary_nodes;
                st.push_back(c);
            }
        }
    }
}

// ---------------------------------------------------------------- inputs

void core::check_poison() const {
    if (poisoned_)
        throw poisoned_error("[incr.poisoned] the graph was poisoned by an exception during an "
                             "earlier stabilization: " + poison_msg_);
}

void core::check_can_set() const {
    check_poison();
    if (phase_ == phase::recomputing)
        throw usage_error("[incr.usage.set_in_stabilize] a var cannot be set while nodes recompute");
}

void core::var_changed(id_t id) {
    node_base* n = table_[id];
    n->changed_at = current_;
    if (n->n_deps != 0) push_deps(*n);
    if ((n->bits & f_callbacks) && !(n->bits & f_queued)) {
        n->bits |= f_queued;
        notify_.push_back(id);
    }
}

// ---------------------------------------------------------------- stabilization

// The hot loop. Counters live in locals (flushed on every exit); bucket h cannot grow while
// it is processed (everything queued meanwhile sits higher), so its array is read directly.
void core::run_heap() {
    struct flush {
        counters& c;
        std::uint64_t recomputed = 0, changed = 0;
        ~flush() {
            c.recomputed += recomputed;
            c.changed += changed;
            c.cut_off += recomputed - changed;
        }
    } k{stats_.last};
    std::uint32_t const now = current_;
    for (std::uint32_t h = lo_; h <= hi_; ++h) {
        id_t const* ids = buckets_[h].data;
        std::uint32_t const size = buckets_[h].size;
        for (std::uint32_t i = 0; i < size; ++i) {
            id_t const id = ids[i];
            node_base* n = table_[id];
            if (n == nullptr) continue;
            std::uint32_t const bits = n->bits;
            if (!(bits & f_queued) || n->height != h) continue;
            n->bits = bits & ~f_queued;
            if (n->n_deps == 0 && !(bits & f_observed)) continue;
            cur_height_ = h;
            int const r = n->recompute(*this);
            if (r == r_deferred) continue;
            ++k.recomputed;
            if (r == r_unchanged) continue;
            ++k.changed;
            n->changed_at = now;
            if (bits & f_callbacks) notify_.push_back(id);
            id_t const* d = dep_pool_.data() + n->deps_off;
            node_base* const* table = table_.data();
            for (std::uint32_t j = 0, e = n->n_deps; j < e; ++j) {
                id_t const dep = d[j];
                node_base* m = table[dep];
                std::uint32_t const mb = m->bits;
                if (mb & f_queued) continue;
                m->bits = mb | f_queued;
                std::uint32_t const mh = m->height;
                buckets_[mh].push(dep);
                if (mh > hi_) hi_ = mh;
            }
        }
        buckets_[h].size = 0;
    }
    lo_ = 0xffffffffu;
    hi_ = 0;
    if (k.recomputed > 65536) {
        // A big stabilization (typically the first): give the heap's memory back rather than
        // keep it for small incremental rounds that need a few entries per height.
        for (bucket& b : buckets_) {
            if (b.cap <= 64) continue;
            delete[] b.data;
            b = bucket{};
        }
    }
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
    phase_ = phase::recomputing;
    try {
        run_heap();
    } catch (...) {
        poison_and_rethrow("in a node function");
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
        node_base* n = table_[id];
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
