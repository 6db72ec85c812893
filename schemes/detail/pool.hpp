// internal; see <schemes/fix.hpp>
//
// The allocator behind fix nodes and rope chunks: per-thread free lists of 16-byte size
// classes up to 1 KiB, carved from 256 KiB slabs that are never returned (so a block may
// be freed by any thread); larger blocks go to operator new. Freed blocks are reused for
// the same size class, so memory is bounded by the peak of live nodes, not by the number
// of versions ever made. Under AddressSanitizer every block is a plain operator new, so
// use-after-free of nodes stays detectable.
#pragma once

#include <cstddef>
#include <cstdint>

namespace refold::schemes::detail {

void* pool_allocate(std::size_t n);
void pool_deallocate(void* p, std::size_t n) noexcept;

}  // namespace refold::schemes::detail

namespace refold::schemes {

// Bytes currently allocated through the node pool by this thread, net of what it freed
// (blocks rounded up to their size class): the memory of the trees built on this thread.
[[nodiscard]] std::int64_t pooled_bytes_in_use() noexcept;

}  // namespace refold::schemes
