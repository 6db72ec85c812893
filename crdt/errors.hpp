// The root of refold's CRDT error hierarchy.
//
// Every error raised by crdt/ derives from crdt::error (itself a std::runtime_error); the
// message starts with a stable id in brackets, e.g. "[crdt.decode.3] invalid UTF-8 ...",
// which tests and tools may match on. Each module adds its own subclasses.
#pragma once

#include <stdexcept>
#include <string>

namespace refold::crdt {

class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace refold::crdt
