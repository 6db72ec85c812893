// Errors of the schemes module. Messages start with a stable id such as [schemes.rope.1].
#pragma once

#include <stdexcept>
#include <string>

namespace refold::schemes {

class schemes_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A position or range outside a rope ([schemes.rope.1]) or a size that cannot be
// represented ([schemes.rope.2]).
class rope_error : public schemes_error {
public:
    using schemes_error::schemes_error;
};

// Invalid UTF-8 given to a text rope ([schemes.text.1]) or a byte offset that is not on a
// code point boundary ([schemes.text.2]).
class text_error : public schemes_error {
public:
    using schemes_error::schemes_error;
};

}  // namespace refold::schemes
