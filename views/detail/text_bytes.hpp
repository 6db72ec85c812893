// internal; see <views/text_state.hpp>
#pragma once

#include <schemes/text_rope.hpp>

#include <cstddef>
#include <string>

namespace refold::views::detail {

// Appends bytes [from, to) of `t` to `out` (one descent per chunk touched).
void append_bytes(schemes::text_rope const& t, std::size_t from, std::size_t to, std::string& out);

}  // namespace refold::views::detail
