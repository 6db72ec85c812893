// Errors raised by the incremental engine.
//
// Every message starts with a stable id in brackets, e.g. "[incr.poisoned]", so callers and
// tests can match on it. All errors derive from incr::error (a std::runtime_error).
#pragma once

#include <stdexcept>
#include <string>

namespace refold::incr {

class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A user function threw during an earlier stabilize(); the graph can no longer be used.
// Id: [incr.poisoned].
class poisoned_error : public error {
public:
    using error::error;
};

// A bind's right-hand side depends on the bind itself. Id: [incr.cycle]. Poisons the graph.
class cycle_error : public error {
public:
    using error::error;
};

// A handle whose node was released (its bind scope re-ran), a moved-from or default handle,
// or a handle from another graph. Id: [incr.handle.invalid].
class invalid_handle_error : public error {
public:
    using error::error;
};

// The API was used at a moment it does not allow: [incr.usage.set_in_stabilize] (setting a
// var while nodes are recomputing), [incr.usage.reentrant] (stabilize() from inside a user
// function), [incr.usage.stale] (reading an observer before its first stabilization),
// [incr.usage.unobserved] (reading an observer after unobserve()),
// [incr.usage.escaped] (a node of a released bind scope is still needed elsewhere).
class usage_error : public error {
public:
    using error::error;
};

// invariant() found an inconsistent engine state (a bug in the engine). Id: [incr.invariant].
class invariant_error : public error {
public:
    using error::error;
};

}  // namespace refold::incr
