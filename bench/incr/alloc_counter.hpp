// Counts the bytes held by operator new allocations (malloc's usable size, so allocator
// rounding is included) for refold_bench_incr's memory figures.
#pragma once

#include <cstddef>

namespace refold::bench {

std::size_t live_bytes() noexcept;

}  // namespace refold::bench
