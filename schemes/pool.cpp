#include <schemes/detail/pool.hpp>

#include <mutex>
#include <new>
#include <vector>

namespace refold::schemes::detail {

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool pooling = false;
#else
constexpr bool pooling = true;
#endif

constexpr std::size_t granule = 16;
constexpr std::size_t max_pooled = 1024;
constexpr std::size_t classes = max_pooled / granule;
constexpr std::size_t slab_bytes = 256 * 1024;

struct free_block {
    free_block* next;
};

struct thread_cache {
    free_block* heads[classes];
    char* bump;
    char* bump_end;
    std::int64_t in_use;
};
// Trivially destructible: nothing runs at thread exit. Initial-exec TLS: refold is a static
// library, and this is the hot path of every node allocation.
[[gnu::tls_model("initial-exec")]] thread_local thread_cache cache{};

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
    cache.bump = static_cast<char*>(s);
    cache.bump_end = cache.bump + slab_bytes;
}

}  // namespace

void* pool_allocate(std::size_t n) {
    std::size_t c = (n + granule - 1) / granule;
    if (!pooling || c > classes || c == 0) {
        cache.in_use += static_cast<std::int64_t>(n);
        return ::operator new(n);
    }
    std::size_t bytes = c * granule;
    cache.in_use += static_cast<std::int64_t>(bytes);
    free_block*& head = cache.heads[c - 1];
    if (head != nullptr) {
        free_block* b = head;
        head = b->next;
        return b;
    }
    // Blocks of a multiple of 64 bytes (rope nodes) start on a cache line.
    if (bytes % 64 == 0) {
        auto misalign = reinterpret_cast<std::uintptr_t>(cache.bump) % 64;
        if (misalign != 0 && static_cast<std::size_t>(cache.bump_end - cache.bump) >= 64 - misalign + bytes)
            cache.bump += 64 - misalign;
    }
    if (static_cast<std::size_t>(cache.bump_end - cache.bump) < bytes) new_slab();
    void* p = cache.bump;
    cache.bump += bytes;
    return p;
}

void pool_deallocate(void* p, std::size_t n) noexcept {
    std::size_t c = (n + granule - 1) / granule;
    if (!pooling || c > classes || c == 0) {
        cache.in_use -= static_cast<std::int64_t>(n);
        ::operator delete(p);
        return;
    }
    cache.in_use -= static_cast<std::int64_t>(c * granule);
    auto* b = static_cast<free_block*>(p);
    b->next = cache.heads[c - 1];
    cache.heads[c - 1] = b;
}

}  // namespace refold::schemes::detail

namespace refold::schemes {

std::int64_t pooled_bytes_in_use() noexcept { return detail::cache.in_use; }

}  // namespace refold::schemes
