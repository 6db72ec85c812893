// internal; see <views/ui_state.hpp>
//
// Replacing a run of a vector by another run with one shift of the tail (erase then insert
// would move the tail twice).
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <vector>

namespace refold::views::detail {

// v[at, at + removed) becomes [first, last) (forward iterators, not into v).
template <class T, class It>
void splice_into(std::vector<T>& v, std::size_t at, std::size_t removed, It first, It last) {
    auto const inserted = static_cast<std::size_t>(std::distance(first, last));
    std::size_t const common = std::min(removed, inserted);
    auto const pos = v.begin() + static_cast<std::ptrdiff_t>(at);
    It mid = first;
    std::advance(mid, static_cast<std::ptrdiff_t>(common));
    std::copy(first, mid, pos);
    auto const after = pos + static_cast<std::ptrdiff_t>(common);
    if (removed > inserted) v.erase(after, after + static_cast<std::ptrdiff_t>(removed - inserted));
    else if (inserted > removed) v.insert(after, mid, last);
}

}  // namespace refold::views::detail
