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

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool pooling = false;
#else
inline constexpr bool pooling = true;
#endif

inline constexpr std::size_t pool_granule = 16;
inline constexpr std::size_t pool_classes = 64;  // blocks up to 1 KiB

struct pool_block {
    pool_block* next;
};

struct pool_cache {
    pool_block* heads[pool_classes];
    char* bump;
    char* bump_end;
    std::int64_t in_use;
};

// This thread's free lists. Constant-initialised and trivially destructible (nothing runs
// at thread exit); initial-exec TLS since refold is linked statically and this is the
// hot path of every node.
[[gnu::tls_model("initial-exec")]] inline thread_local pool_cache pool_tls{};

void* pool_allocate_slow(std::size_t n);
inline void pool_deallocate(void* p, std::size_t n) noexcept;
void* pool_allocate_pair_slow(std::size_t n1, std::size_t n2, void*& second);
void pool_deallocate_slow(void* p, std::size_t n) noexcept;

inline void* pool_allocate(std::size_t n) {
    std::size_t c = (n + pool_granule - 1) / pool_granule;
    if (pooling && c - 1 < pool_classes) {
        pool_block*& head = pool_tls.heads[c - 1];
        if (pool_block* b = head) {
            head = b->next;
            pool_tls.in_use += static_cast<std::int64_t>(c * pool_granule);
            return b;
        }
    }
    return pool_allocate_slow(n);
}

// Two blocks that are used together (a rope leaf node and its chunk): when neither size
// class has a free block, they are cut from the slab as neighbours, `second` right after
// the first block (which starts on a cache line), so that one look at the first tells
// where the second is. Otherwise (or unpooled) they are two ordinary blocks. Either way
// each is freed on its own, with its own size.
inline void* pool_allocate_pair(std::size_t n1, std::size_t n2, void*& second) {
    std::size_t c1 = (n1 + pool_granule - 1) / pool_granule, c2 = (n2 + pool_granule - 1) / pool_granule;
    if (pooling && c1 - 1 < pool_classes && c2 - 1 < pool_classes && pool_tls.heads[c1 - 1] == nullptr &&
        pool_tls.heads[c2 - 1] == nullptr)
        return pool_allocate_pair_slow(n1, n2, second);
    void* first = pool_allocate(n1);
    try {
        second = pool_allocate(n2);
    } catch (...) {
        pool_deallocate(first, n1);
        throw;
    }
    return first;
}

// Blocks that are used together (a rope branch with its two leaves and their chunks), cut
// from the slab as one run: out[i] gets sizes[i] bytes right after out[i - 1]'s block, the
// first on a cache line. Only when no size class involved has a free block (those are
// reused first) and pooling is on; otherwise false and nothing is allocated. Each block
// is freed on its own, with its own size.
[[nodiscard]] bool pool_allocate_run(std::size_t const* sizes, std::size_t count, void** out);

inline void pool_deallocate(void* p, std::size_t n) noexcept {
    std::size_t c = (n + pool_granule - 1) / pool_granule;
    if (pooling && c - 1 < pool_classes) {
        auto* b = static_cast<pool_block*>(p);
        b->next = pool_tls.heads[c - 1];
        pool_tls.heads[c - 1] = b;
        pool_tls.in_use -= static_cast<std::int64_t>(c * pool_granule);
        return;
    }
    pool_deallocate_slow(p, n);
}

}  // namespace refold::schemes::detail

namespace refold::schemes {

// Bytes currently allocated through the node pool by this thread, net of what it freed
// (blocks rounded up to their size class): the memory of the trees built on this thread.
[[nodiscard]] inline std::int64_t pooled_bytes_in_use() noexcept { return detail::pool_tls.in_use; }

}  // namespace refold::schemes
