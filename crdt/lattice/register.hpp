// Registers: LWW-Register (last writer wins) and MV-Register (keeps concurrent values).
#pragma once

#include <crdt/lattice/concepts.hpp>
#include <crdt/lattice/dot.hpp>
#include <crdt/lattice/lexicographic.hpp>
#include <crdt/lattice/optional.hpp>
#include <crdt/lattice/primitives.hpp>

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace refold::crdt::lattice {

// LWW-Register: optional<lex((lamport, replica), value)>. The write with the greatest Lamport
// time wins, ties broken by the greater replica id (and, for two writes with the very same
// stamp, which correct replicas never make, by the greater value so join stays a lattice).
// Never written = std::nullopt = bottom.
template <std::totally_ordered V>
class lww_register {
public:
    using stamp_type = lex_pair<max_lattice<std::uint64_t>, max_lattice<replica_id>>;
    using entry_type = lex_pair<stamp_type, max_lattice<V>>;

    lww_register() = default;
    static lww_register bottom() { return {}; }
    static lww_register from_parts(std::uint64_t lamport, replica_id writer, V value) {
        lww_register reg;
        reg.state_ = entry_type{stamp_type{{lamport}, {writer}}, {std::move(value)}};
        return reg;
    }

    // Mutator: replica r writes v at Lamport time one past the register's, or at `clock` if
    // that is later (a replica's Lamport clock shared by many registers).
    [[nodiscard]] lww_register assign(replica_id r, V v, std::uint64_t clock = 0) const {
        if (lamport() == std::numeric_limits<std::uint64_t>::max()) {
            throw counter_overflow_error("[crdt.lattice.counter.1] lamport clock overflow");
        }
        return from_parts(std::max(lamport() + 1, clock), r, std::move(v));
    }
    // A register's delta is the new write itself: join(*this, d) == assign(r, v, clock).
    [[nodiscard]] lww_register assign_delta(replica_id r, V v, std::uint64_t clock = 0) const {
        return assign(r, std::move(v), clock);
    }

    [[nodiscard]] bool has_value() const noexcept { return state_.has_value(); }
    [[nodiscard]] const V* get() const noexcept { return state_ ? &state_->second.value : nullptr; }
    [[nodiscard]] std::uint64_t lamport() const noexcept { return state_ ? state_->first.first.value : 0; }
    [[nodiscard]] replica_id writer() const noexcept { return state_ ? state_->first.second.value : 0; }

    friend lww_register join(const lww_register& a, const lww_register& b) {
        lww_register out;
        out.state_ = lattice::join(a.state_, b.state_);
        return out;
    }
    friend bool operator==(const lww_register&, const lww_register&) = default;

private:
    std::optional<entry_type> state_;
};

// MV-Register: each write gets a dot and supersedes the writes it has seen; concurrent writes
// all survive until one write sees them all. Values are listed in dot order.
template <std::equality_comparable V>
class mv_register {
public:
    using entries_type = std::map<dot, V>;

    mv_register() = default;
    static mv_register bottom() { return {}; }
    // Unchecked: every dot must be in the context (json.hpp checks it).
    static mv_register from_parts(entries_type entries, causal_context context) {
        mv_register reg;
        reg.entries_ = std::move(entries);
        reg.context_ = std::move(context);
        return reg;
    }

    [[nodiscard]] mv_register assign(replica_id r, V v) const {
        mv_register out;
        const dot d = context_.next(r);
        out.entries_.emplace(d, std::move(v));
        out.context_ = context_;
        out.context_.insert(d);
        return out;
    }
    // Delta of assign: {d ↦ v} with context {d} ∪ (the dots it overwrites).
    [[nodiscard]] mv_register assign_delta(replica_id r, V v) const {
        const dot d = context_.next(r);
        std::set<dot> seen{d};
        for (const auto& kv : entries_) seen.insert(kv.first);
        mv_register delta;
        delta.entries_.emplace(d, std::move(v));
        delta.context_ = causal_context::from_parts({}, std::move(seen));
        return delta;
    }

    [[nodiscard]] std::vector<V> values() const {
        std::vector<V> out;
        out.reserve(entries_.size());
        for (const auto& kv : entries_) out.push_back(kv.second);
        return out;
    }
    // Every dot is in the (canonical) context.
    [[nodiscard]] bool invariant() const {
        for (const auto& kv : entries_) {
            if (!context_.contains(kv.first)) return false;
        }
        return context_.invariant();
    }
    [[nodiscard]] const entries_type& entries() const noexcept { return entries_; }
    [[nodiscard]] const causal_context& context() const noexcept { return context_; }

    friend mv_register join(const mv_register& a, const mv_register& b) {
        mv_register out;
        out.entries_ = causal_join(a.entries_, a.context_, b.entries_, b.context_);
        out.context_ = lattice::join(a.context_, b.context_);
        return out;
    }
    friend bool operator==(const mv_register&, const mv_register&) = default;

private:
    entries_type entries_;
    causal_context context_;
};

}  // namespace refold::crdt::lattice
