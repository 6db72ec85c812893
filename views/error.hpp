// Errors of the views module; messages start with a stable id such as "[views.mirror.1]".
#pragma once

#include <stdexcept>

namespace refold::views {

class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A change set that does not fit the mirrored document (e.g. a delta past the end).
class mirror_error : public error {
public:
    using error::error;
};

}  // namespace refold::views
