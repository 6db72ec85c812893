#include <schemes/detail/pool.hpp>

#include <mutex>
#include <new>
#include <vector>

namespace refold::schemes::detail {

namespace {

constexpr std::size_t slab_bytes = 256 * 1024;

// Every slab ever made, reachable for the life of the process (never freed: blocks of a
// finished thread may still be in use elsewhere).
std::mutex slab_mutex;
std::vector<void*>* slabs = nullptr;

void new_slab() {
    void* s = ::operator new(slab_bytes);
    {
        std::lock_guard<std::mutex> lock(slab_mutex);
        if (slabs == nullptr) slabs = new std::vector<void*>();
        slabs->push_back(s);
    }
    pool_tls.bump = static_cast<char*>(s);
    pool_tls.bump_end = pool_tls.bump + slab_bytes;
}

// Bytes from the bump pointer to the next cache line.
std::size_t line_skip() noexcept {
    auto misalign = reinterpret_cast<std::uintptr_t>(pool_tls.bump) % 64;
    return misalign == 0 ? 0 : 64 - misalign;
}

}  // namespace

// The free list of the size class is empty (or the block is not pooled).
void* pool_allocate_slow(std::size_t n) {
    std::size_t c = (n + pool_granule - 1) / pool_granule;
    if (!pooling || c == 0 || c > pool_classes) {
        pool_tls.in_use += static_cast<std::int64_t>(n);
        return ::operator new(n);
    }
    std::size_t bytes = c * pool_granule;
    // Blocks of a multiple of 64 bytes (rope nodes) start on a cache line.
    auto skip = [bytes] { return bytes % 64 == 0 ? line_skip() : 0; };
    if (static_cast<std::size_t>(pool_tls.bump_end - pool_tls.bump) < skip() + bytes) new_slab();
    pool_tls.bump += skip();
    void* p = pool_tls.bump;
    pool_tls.bump += bytes;
    pool_tls.in_use += static_cast<std::int64_t>(bytes);
    return p;
}

// Both size classes are empty: the pair comes from the slab, the first block on a line.
void* pool_allocate_pair_slow(std::size_t n1, std::size_t n2, void*& second) {
    std::size_t b1 = (n1 + pool_granule - 1) / pool_granule * pool_granule;
    std::size_t b2 = (n2 + pool_granule - 1) / pool_granule * pool_granule;
    if (static_cast<std::size_t>(pool_tls.bump_end - pool_tls.bump) < line_skip() + b1 + b2) new_slab();
    char* p = pool_tls.bump + line_skip();  // (a new slab need not start on a line either)
    pool_tls.bump = p + b1 + b2;
    pool_tls.in_use += static_cast<std::int64_t>(b1 + b2);
    second = p + b1;
    return p;
}

bool pool_allocate_run(std::size_t const* sizes, std::size_t count, void** out) {
    if (!pooling) return false;
    std::size_t total = 0;
    for (std::size_t i = 0; i < count; ++i) {
        std::size_t c = (sizes[i] + pool_granule - 1) / pool_granule;
        if (c == 0 || c > pool_classes || pool_tls.heads[c - 1] != nullptr) return false;
        total += c * pool_granule;
    }
    if (total + 64 > slab_bytes) return false;
    if (static_cast<std::size_t>(pool_tls.bump_end - pool_tls.bump) < line_skip() + total) new_slab();
    char* p = pool_tls.bump + line_skip();
    for (std::size_t i = 0; i < count; ++i) {
        out[i] = p;
        p += (sizes[i] + pool_granule - 1) / pool_granule * pool_granule;
    }
    pool_tls.bump = p;
    pool_tls.in_use += static_cast<std::int64_t>(total);
    return true;
}

void pool_deallocate_slow(void* p, std::size_t n) noexcept {
    pool_tls.in_use -= static_cast<std::int64_t>(n);
    ::operator delete(p);
}

}  // namespace refold::schemes::detail
