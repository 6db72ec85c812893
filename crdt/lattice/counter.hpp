// Counters: G-Counter (grow-only) and PN-Counter (increments and decrements).
#pragma once

#include <crdt/lattice/concepts.hpp>
#include <crdt/lattice/dot.hpp>
#include <crdt/lattice/error.hpp>
#include <crdt/lattice/map.hpp>
#include <crdt/lattice/primitives.hpp>
#include <crdt/lattice/product.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <utility>

namespace refold::crdt::lattice {

// G-Counter: a map replica → max_lattice<count>; each replica only raises its own entry, the
// value is the sum. Entries are never zero (absent = 0), so equal counters are equal maps.
class g_counter {
public:
    using counts_type = std::map<replica_id, max_lattice<std::uint64_t>>;

    g_counter() = default;
    static g_counter bottom() { return {}; }
    // From counts as found in a serialised state; zero counts are dropped.
    static g_counter from_counts(const counts_type& counts) {
        g_counter c;
        for (const auto& [r, n] : counts) map_join_at(c.counts_, r, n);
        return c;
    }

    // Mutator: this counter with replica r's entry raised by n.
    // (The && overloads of the mutators reuse the storage of a counter that is about to die.)
    [[nodiscard]] g_counter increment(replica_id r, std::uint64_t n = 1) const& {
        return g_counter(*this).increment(r, n);
    }
    [[nodiscard]] g_counter increment(replica_id r, std::uint64_t n = 1) && {
        if (n != 0) {
            const std::uint64_t v = raised(r, n);
            counts_[r].value = v;
        }
        return std::move(*this);
    }
    // Delta-mutator: the one-entry counter d with join(*this, d) == increment(r, n).
    [[nodiscard]] g_counter increment_delta(replica_id r, std::uint64_t n = 1) const {
        g_counter d;
        if (n != 0) d.counts_.emplace(r, max_lattice<std::uint64_t>{raised(r, n)});
        return d;
    }

    [[nodiscard]] std::uint64_t count_of(replica_id r) const {
        auto it = counts_.find(r);
        return it == counts_.end() ? 0 : it->second.value;
    }
    // The sum of all entries (throws counter_overflow_error past 2^64 - 1).
    [[nodiscard]] std::uint64_t value() const {
        std::uint64_t sum = 0;
        for (const auto& [r, n] : counts_) {
            if (n.value > std::numeric_limits<std::uint64_t>::max() - sum) {
                throw counter_overflow_error("[crdt.lattice.counter.1] counter sum overflows");
            }
            sum += n.value;
        }
        return sum;
    }
    // No zero entries (absent means zero).
    [[nodiscard]] bool invariant() const {
        for (const auto& kv : counts_) {
            if (kv.second.value == 0) return false;
        }
        return true;
    }
    [[nodiscard]] const counts_type& counts() const noexcept { return counts_; }

    friend g_counter join(const g_counter& a, const g_counter& b) {
        g_counter out;
        out.counts_ = lattice::join(a.counts_, b.counts_);
        return out;
    }
    friend void join_into(g_counter& x, const g_counter& d) { lattice::join_into(x.counts_, d.counts_); }
    friend bool operator==(const g_counter&, const g_counter&) = default;

private:
    std::uint64_t raised(replica_id r, std::uint64_t n) const {
        const std::uint64_t c = count_of(r);
        if (n > std::numeric_limits<std::uint64_t>::max() - c) {
            throw counter_overflow_error("[crdt.lattice.counter.1] counter increment overflows");
        }
        return c + n;
    }

    counts_type counts_;
};

// PN-Counter: the product of two G-Counters, increments P and decrements N; value P - N.
class pn_counter {
public:
    using state_type = std::pair<g_counter, g_counter>;

    pn_counter() = default;
    static pn_counter bottom() { return {}; }
    static pn_counter from_parts(g_counter p, g_counter n) {
        pn_counter c;
        c.state_ = {std::move(p), std::move(n)};
        return c;
    }

    [[nodiscard]] pn_counter increment(replica_id r, std::uint64_t n = 1) const& {
        return pn_counter(*this).increment(r, n);
    }
    [[nodiscard]] pn_counter increment(replica_id r, std::uint64_t n = 1) && {
        state_.first = std::move(state_.first).increment(r, n);
        return std::move(*this);
    }
    [[nodiscard]] pn_counter increment_delta(replica_id r, std::uint64_t n = 1) const {
        return from_parts(state_.first.increment_delta(r, n), {});
    }
    [[nodiscard]] pn_counter decrement(replica_id r, std::uint64_t n = 1) const& {
        return pn_counter(*this).decrement(r, n);
    }
    [[nodiscard]] pn_counter decrement(replica_id r, std::uint64_t n = 1) && {
        state_.second = std::move(state_.second).increment(r, n);
        return std::move(*this);
    }
    [[nodiscard]] pn_counter decrement_delta(replica_id r, std::uint64_t n = 1) const {
        return from_parts({}, state_.second.increment_delta(r, n));
    }

    // P - N, exact whenever the true difference fits in 64 signed bits.
    [[nodiscard]] std::int64_t value() const {
        return static_cast<std::int64_t>(state_.first.value() - state_.second.value());
    }
    [[nodiscard]] bool invariant() const { return state_.first.invariant() && state_.second.invariant(); }
    [[nodiscard]] const g_counter& increments() const noexcept { return state_.first; }
    [[nodiscard]] const g_counter& decrements() const noexcept { return state_.second; }

    friend pn_counter join(const pn_counter& a, const pn_counter& b) {
        pn_counter out;
        out.state_ = lattice::join(a.state_, b.state_);
        return out;
    }
    friend void join_into(pn_counter& x, const pn_counter& d) { lattice::join_into(x.state_, d.state_); }
    friend bool operator==(const pn_counter&, const pn_counter&) = default;

private:
    state_type state_;
};

}  // namespace refold::crdt::lattice
