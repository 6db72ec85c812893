// Grow-only sets: G-Set (a map from elements to the unit lattice) and 2P-Set (a pair of
// G-Sets, added and removed; a removed element stays removed).
#pragma once

#include <crdt/lattice/concepts.hpp>
#include <crdt/lattice/map.hpp>
#include <crdt/lattice/primitives.hpp>
#include <crdt/lattice/product.hpp>

#include <concepts>
#include <cstddef>
#include <map>
#include <utility>
#include <vector>

namespace refold::crdt::lattice {

template <std::totally_ordered T>
class g_set {
public:
    using value_type = T;
    using state_type = std::map<T, unit>;

    g_set() = default;
    static g_set bottom() { return {}; }
    template <class Range>
    static g_set from_elements(const Range& elements) {
        g_set s;
        for (const auto& x : elements) s.members_.emplace(x, unit{});
        return s;
    }

    [[nodiscard]] g_set insert(const T& x) const& { return g_set(*this).insert(x); }
    [[nodiscard]] g_set insert(const T& x) && {
        members_.emplace(x, unit{});
        return std::move(*this);
    }
    // The delta of insert(x): the singleton {x}.
    [[nodiscard]] g_set insert_delta(const T& x) const {
        g_set d;
        d.members_.emplace(x, unit{});
        return d;
    }

    [[nodiscard]] bool contains(const T& x) const { return members_.contains(x); }
    [[nodiscard]] std::size_t size() const noexcept { return members_.size(); }
    [[nodiscard]] std::vector<T> elements() const {
        std::vector<T> out;
        out.reserve(members_.size());
        for (const auto& kv : members_) out.push_back(kv.first);
        return out;
    }

    friend g_set join(const g_set& a, const g_set& b) {
        g_set out;
        out.members_ = lattice::join(a.members_, b.members_);
        return out;
    }
    friend void join_into(g_set& x, const g_set& d) { lattice::join_into(x.members_, d.members_); }
    friend bool operator==(const g_set&, const g_set&) = default;

private:
    state_type members_;
};

// 2P-Set: x is a member when added and never removed. erase(x) is allowed for any x (also
// before it is added) and is final: x can never be a member afterwards.
template <std::totally_ordered T>
class two_p_set {
public:
    using value_type = T;
    using state_type = std::pair<g_set<T>, g_set<T>>;

    two_p_set() = default;
    static two_p_set bottom() { return {}; }
    static two_p_set from_parts(g_set<T> added, g_set<T> removed) {
        two_p_set s;
        s.state_ = {std::move(added), std::move(removed)};
        return s;
    }

    [[nodiscard]] two_p_set insert(const T& x) const& { return two_p_set(*this).insert(x); }
    [[nodiscard]] two_p_set insert(const T& x) && {
        state_.first = std::move(state_.first).insert(x);
        return std::move(*this);
    }
    [[nodiscard]] two_p_set insert_delta(const T& x) const {
        return from_parts(state_.first.insert_delta(x), {});
    }
    [[nodiscard]] two_p_set erase(const T& x) const& { return two_p_set(*this).erase(x); }
    [[nodiscard]] two_p_set erase(const T& x) && {
        state_.second = std::move(state_.second).insert(x);
        return std::move(*this);
    }
    [[nodiscard]] two_p_set erase_delta(const T& x) const {
        return from_parts({}, state_.second.insert_delta(x));
    }

    [[nodiscard]] bool contains(const T& x) const {
        return state_.first.contains(x) && !state_.second.contains(x);
    }
    [[nodiscard]] std::vector<T> elements() const {
        std::vector<T> out;
        for (auto& x : state_.first.elements()) {
            if (!state_.second.contains(x)) out.push_back(std::move(x));
        }
        return out;
    }
    [[nodiscard]] const g_set<T>& added() const noexcept { return state_.first; }
    [[nodiscard]] const g_set<T>& removed() const noexcept { return state_.second; }

    friend two_p_set join(const two_p_set& a, const two_p_set& b) {
        two_p_set out;
        out.state_ = lattice::join(a.state_, b.state_);
        return out;
    }
    friend void join_into(two_p_set& x, const two_p_set& d) { lattice::join_into(x.state_, d.state_); }
    friend bool operator==(const two_p_set&, const two_p_set&) = default;

private:
    state_type state_;
};

}  // namespace refold::crdt::lattice
