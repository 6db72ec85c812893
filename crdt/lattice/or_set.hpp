// OR-Set (observed-remove, add-wins) with dots and a causal context.
//
// State: each present element maps to the dots of the adds that made it present, and a
// causal context records every dot ever seen. insert(r, x) mints a fresh dot of replica r and
// replaces x's dots with it; erase(x) drops x's dots (they stay in the context, so a join
// does not resurrect them). A concurrent insert's dot is unknown to the eraser, so it
// survives the join: add wins. Re-adding an element replaces its dot instead of piling up
// tombstones, and the context compacts to one counter per replica once deltas are all in.
//
// Invariants (checked when decoding): every dot of an element is in the context, no dot
// belongs to two elements, and no element has an empty dot set.
#pragma once

#include <crdt/lattice/concepts.hpp>
#include <crdt/lattice/dot.hpp>

#include <concepts>
#include <cstddef>
#include <iterator>
#include <map>
#include <set>
#include <utility>
#include <vector>

namespace refold::crdt::lattice {

template <std::totally_ordered T>
class or_set {
public:
    using value_type = T;
    using entries_type = std::map<T, std::set<dot>>;

    or_set() = default;
    static or_set bottom() { return {}; }
    // Unchecked: the caller guarantees the invariants above (json.hpp checks them).
    static or_set from_parts(entries_type entries, causal_context context) {
        or_set s;
        s.entries_ = std::move(entries);
        s.context_ = std::move(context);
        return s;
    }

    // Mutator: x present at replica r with a fresh dot, its older dots superseded.
    // (The && overloads of the mutators reuse the storage of a set that is about to die.)
    [[nodiscard]] or_set insert(replica_id r, const T& x) const& { return or_set(*this).insert(r, x); }
    [[nodiscard]] or_set insert(replica_id r, const T& x) && {
        const dot d = context_.next(r);
        entries_[x] = {d};
        context_.insert(d);
        return std::move(*this);
    }
    // Delta of insert: {x ↦ {d}} with context {d} ∪ (x's current dots).
    [[nodiscard]] or_set insert_delta(replica_id r, const T& x) const {
        const dot d = context_.next(r);
        std::set<dot> seen = dots_of(x);
        seen.insert(d);
        or_set delta;
        delta.entries_.emplace(x, std::set<dot>{d});
        delta.context_ = causal_context::from_parts({}, std::move(seen));
        return delta;
    }
    // Mutator: x absent (only the adds observed here are removed).
    [[nodiscard]] or_set erase(const T& x) const& { return or_set(*this).erase(x); }
    [[nodiscard]] or_set erase(const T& x) && {
        entries_.erase(x);
        return std::move(*this);
    }
    // Delta of erase: no entries, context = x's current dots.
    [[nodiscard]] or_set erase_delta(const T& x) const {
        or_set delta;
        delta.context_ = causal_context::from_parts({}, dots_of(x));
        return delta;
    }

    [[nodiscard]] bool contains(const T& x) const { return entries_.contains(x); }
    [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
    [[nodiscard]] std::vector<T> elements() const {
        std::vector<T> out;
        out.reserve(entries_.size());
        for (const auto& kv : entries_) out.push_back(kv.first);
        return out;
    }
    // The invariants above, and a canonical context.
    [[nodiscard]] bool invariant() const {
        std::set<dot> seen;
        for (const auto& [x, dots] : entries_) {
            if (dots.empty()) return false;
            for (const dot& d : dots) {
                if (!context_.contains(d) || !seen.insert(d).second) return false;
            }
        }
        return context_.invariant();
    }
    [[nodiscard]] const entries_type& entries() const noexcept { return entries_; }
    [[nodiscard]] const causal_context& context() const noexcept { return context_; }

    friend or_set join(const or_set& a, const or_set& b) {
        static const std::set<dot> none;
        or_set out;
        auto i = a.entries_.begin();
        auto j = b.entries_.begin();
        while (i != a.entries_.end() || j != b.entries_.end()) {
            const bool take_a = j == b.entries_.end() ||
                                (i != a.entries_.end() && !(j->first < i->first));
            const bool take_b = i == a.entries_.end() ||
                                (j != b.entries_.end() && !(i->first < j->first));
            const T& key = take_a ? i->first : j->first;
            std::set<dot> dots = causal_join(take_a ? i->second : none, a.context_,
                                             take_b ? j->second : none, b.context_);
            if (!dots.empty()) out.entries_.emplace_hint(out.entries_.end(), key, std::move(dots));
            if (take_a) ++i;
            if (take_b) ++j;
        }
        out.context_ = lattice::join(a.context_, b.context_);
        return out;
    }
    // In place: entries d does not mention are only scanned for dots d has seen, without
    // copies. Applying a small delta is still a scan of x (a dot → element index would make it
    // O(|d| log |x|); not kept, to keep one copy of each element).
    friend void join_into(or_set& x, const or_set& d) {
        auto i = x.entries_.begin();
        auto j = d.entries_.begin();
        while (i != x.entries_.end() || j != d.entries_.end()) {
            if (j == d.entries_.end() || (i != x.entries_.end() && i->first < j->first)) {
                std::erase_if(i->second, [&](const dot& e) { return d.context_.contains(e); });
                i = i->second.empty() ? x.entries_.erase(i) : std::next(i);
            } else if (i == x.entries_.end() || j->first < i->first) {
                std::set<dot> dots;
                for (const dot& e : j->second) {
                    if (!x.context_.contains(e)) dots.insert(dots.end(), e);
                }
                if (!dots.empty()) x.entries_.emplace_hint(i, j->first, std::move(dots));
                ++j;
            } else {
                i->second = causal_join(i->second, x.context_, j->second, d.context_);
                i = i->second.empty() ? x.entries_.erase(i) : std::next(i);
                ++j;
            }
        }
        lattice::join_into(x.context_, d.context_);
    }
    friend bool operator==(const or_set&, const or_set&) = default;

private:
    std::set<dot> dots_of(const T& x) const {
        auto it = entries_.find(x);
        return it == entries_.end() ? std::set<dot>{} : it->second;
    }

    entries_type entries_;
    causal_context context_;
};

}  // namespace refold::crdt::lattice
