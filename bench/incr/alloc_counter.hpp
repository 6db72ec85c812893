// Counts the bytes held by operator new allocations (malloc's usable size, so allocator
// rounding is included) for refold_bench_incr's memory figures. Allocations are tagged with
// the epoch they were made in, so that a figure counts only what was allocated since a
// mark and is still live (memory freed or reused from before the mark does not blur it).
#pragma once

#include <cstddef>

namespace refold::bench {

std::size_t live_bytes() noexcept;
// Starts a new epoch (at most 255; later marks reuse the last) and returns it.
unsigned mark_epoch() noexcept;
// Bytes still live of the allocations made since `mark_epoch()` returned `epoch`.
std::size_t live_bytes_since(unsigned epoch) noexcept;

}  // namespace refold::bench
