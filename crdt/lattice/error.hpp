// Errors of refold::crdt::lattice. Every message starts with a stable id in brackets.
//
//   [crdt.lattice.counter.1]  a counter increment would overflow 64 bits
//   [crdt.lattice.json.1]     JSON value of the wrong type (e.g. string where number expected)
//   [crdt.lattice.json.2]     missing or unexpected field, or wrong "type" tag
//   [crdt.lattice.json.3]     well-typed JSON that is not a valid state (duplicate keys,
//                             dots outside the causal context, empty entries, zero counters)
//   [crdt.lattice.json.4]     number out of range for the target type
#pragma once

#include <stdexcept>
#include <string>

namespace refold::crdt::lattice {

class lattice_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class counter_overflow_error : public lattice_error {
public:
    using lattice_error::lattice_error;
};

class json_error : public lattice_error {
public:
    using lattice_error::lattice_error;
};

}  // namespace refold::crdt::lattice
