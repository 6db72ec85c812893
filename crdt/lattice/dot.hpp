// Dots and causal contexts, the bookkeeping of the causal CRDTs (OR-Set, MV-Register).
//
// A dot (replica, counter) names one event: the counter-th event created by that replica,
// counters starting at 1. A causal context is a set of dots, kept canonical as a compact
// version vector (all dots (r, 1..vv[r])) plus a "cloud" of dots that are not yet contiguous
// with it. Joining contexts is set union; when the gaps fill (deltas arriving out of order),
// cloud dots move into the version vector, so the context of a fully synchronised replica
// is one counter per replica however many events it saw — removals leave no tombstones.
#pragma once

#include <crdt/lattice/concepts.hpp>
#include <crdt/lattice/error.hpp>

#include <compare>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <utility>

namespace refold::crdt::lattice {

using replica_id = std::uint64_t;

struct dot {
    replica_id replica = 0;
    std::uint64_t counter = 0;
    friend constexpr auto operator<=>(const dot&, const dot&) = default;
};

class causal_context {
public:
    using version_vector = std::map<replica_id, std::uint64_t>;

    causal_context() = default;
    static causal_context bottom() { return {}; }

    // Builds a context from any version vector and dot cloud, normalising it (zero entries
    // dropped, contiguous cloud dots folded into the version vector).
    static causal_context from_parts(version_vector vv, std::set<dot> cloud) {
        causal_context c;
        for (auto& [r, n] : vv) {
            if (n != 0) c.vv_.emplace_hint(c.vv_.end(), r, n);
        }
        c.cloud_ = std::move(cloud);
        c.compact();
        return c;
    }

    [[nodiscard]] bool contains(const dot& d) const {
        if (auto it = vv_.find(d.replica); it != vv_.end() && d.counter <= it->second) {
            return true;
        }
        return cloud_.contains(d);
    }

    // The next fresh dot of replica r: one past every counter of r in this context.
    [[nodiscard]] dot next(replica_id r) const {
        std::uint64_t top = 0;
        if (auto it = vv_.find(r); it != vv_.end()) top = it->second;
        if (auto it = cloud_.lower_bound(dot{r + 1, 0}); it != cloud_.begin()) {
            if (auto prev = std::prev(it); prev->replica == r) top = std::max(top, prev->counter);
        }
        if (top == std::numeric_limits<std::uint64_t>::max()) {
            throw counter_overflow_error("[crdt.lattice.counter.1] dot counter overflow");
        }
        return {r, top + 1};
    }

    void insert(const dot& d) {
        if (d.counter == 0 || contains(d)) return;
        cloud_.insert(d);
        compact();
    }

    // Canonical form: no zero counters, every cloud dot beyond its replica's counter + 1.
    [[nodiscard]] bool invariant() const {
        for (const auto& [r, n] : vv_) {
            if (n == 0) return false;
        }
        for (const dot& d : cloud_) {
            auto it = vv_.find(d.replica);
            if (d.counter == 0 || d.counter - 1 <= (it == vv_.end() ? 0 : it->second)) return false;
        }
        return true;
    }

    [[nodiscard]] const version_vector& versions() const noexcept { return vv_; }
    [[nodiscard]] const std::set<dot>& cloud() const noexcept { return cloud_; }

    friend causal_context join(const causal_context& a, const causal_context& b) {
        causal_context out = a;
        join_into(out, b);
        return out;
    }
    friend void join_into(causal_context& x, const causal_context& d) {
        for (const auto& [r, n] : d.vv_) {
            auto [it, fresh] = x.vv_.emplace(r, n);
            if (!fresh && it->second < n) it->second = n;
        }
        x.cloud_.insert(d.cloud_.begin(), d.cloud_.end());
        if (!x.cloud_.empty()) x.compact();
    }
    friend bool operator==(const causal_context&, const causal_context&) = default;

private:
    // Moves cloud dots that extend the version vector into it and drops covered ones. The
    // cloud is sorted by (replica, counter), so one pass suffices.
    void compact() {
        for (auto it = cloud_.begin(); it != cloud_.end();) {
            auto top = vv_.try_emplace(it->replica, 0).first;
            if (it->counter <= top->second) {
                it = cloud_.erase(it);
            } else if (it->counter - 1 == top->second) {
                top->second = it->counter;
                it = cloud_.erase(it);
            } else {
                ++it;
            }
            if (top->second == 0) vv_.erase(top);
        }
    }

    version_vector vv_;
    std::set<dot> cloud_;
};

namespace detail {
template <class Entry>
const dot& dot_key(const Entry& e) {
    if constexpr (requires { e.first; }) {
        return e.first;
    } else {
        return e;
    }
}
}  // namespace detail

// The causal join of two dot stores (std::set<dot> or std::map<dot, V>) with their contexts:
// a dot survives if both sides hold it, or one side holds it and the other has not seen it.
// A dot one side has seen but no longer holds was removed there, and stays removed.
template <class Store>
Store causal_join(const Store& a, const causal_context& ca, const Store& b,
                  const causal_context& cb) {
    Store out;
    auto i = a.begin();
    auto j = b.begin();
    while (i != a.end() || j != b.end()) {
        if (j == b.end() || (i != a.end() && detail::dot_key(*i) < detail::dot_key(*j))) {
            if (!cb.contains(detail::dot_key(*i))) out.insert(out.end(), *i);
            ++i;
        } else if (i == a.end() || detail::dot_key(*j) < detail::dot_key(*i)) {
            if (!ca.contains(detail::dot_key(*j))) out.insert(out.end(), *j);
            ++j;
        } else {
            out.insert(out.end(), *i);
            ++i;
            ++j;
        }
    }
    return out;
}

}  // namespace refold::crdt::lattice
