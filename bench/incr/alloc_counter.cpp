// Replaces the global operator new/delete of refold_bench_incr with counting versions.
#include <bench/incr/alloc_counter.hpp>

#include <cstdlib>
#include <malloc.h>
#include <new>

namespace {
std::size_t live = 0;

void* counted_alloc(std::size_t n) {
    void* p = std::malloc(n == 0 ? 1 : n);
    if (p == nullptr) throw std::bad_alloc();
    live += malloc_usable_size(p);
    return p;
}
void counted_free(void* p) noexcept {
    if (p == nullptr) return;
    live -= malloc_usable_size(p);
    std::free(p);
}
}  // namespace

std::size_t refold::bench::live_bytes() noexcept { return live; }

void* operator new(std::size_t n) { return counted_alloc(n); }
void* operator new[](std::size_t n) { return counted_alloc(n); }
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete[](void* p) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_free(p); }
