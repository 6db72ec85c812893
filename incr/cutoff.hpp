// Cutoff policies: when a recomputed value counts as "unchanged", so that its dependents
// are not woken (Salsa's backdating, Incremental's cutoff).
#pragma once

#include <concepts>
#include <cstdint>
#include <memory>

namespace refold::incr {

enum class cutoff : std::uint8_t {
    equal = 0,   // default: unchanged when identity (if any) or == says so; without ==, never
    never = 1,   // every recomputation counts as a change
    always = 2,  // after the first computation, nothing ever counts as a change
    custom = 3,  // a user predicate (set through node<T>::set_cutoff(pred))
};

// Persistent values may expose a cheap identity: `v.identity()` returning something
// comparable with ==. Equal identities mean equal values, checked before ==.
template <class T>
concept has_identity = requires(T const& v) {
    { v.identity() == v.identity() } -> std::convertible_to<bool>;
};

// The default equality cutoff: identity first (for persistent values), then ==.
// std::shared_ptr compares by pointer (its ==), which is identity for persistent nodes.
// Types without == never cut off.
template <class T>
bool same_value(T const& a, T const& b) {
    if constexpr (has_identity<T>) {
        if (a.identity() == b.identity()) return true;
    }
    if constexpr (std::equality_comparable<T>) {
        return static_cast<bool>(a == b);
    } else {
        return false;
    }
}

}  // namespace refold::incr
