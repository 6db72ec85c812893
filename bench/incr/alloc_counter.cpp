// Replaces the global operator new/delete of refold_bench_incr with counting versions: each
// block carries a 16-byte header (its epoch), not counted.
#include <bench/incr/alloc_counter.hpp>

#include <array>
#include <cstdlib>
#include <malloc.h>
#include <new>

namespace {

constexpr std::size_t header = 16;  // keeps the alignment of malloc's blocks
std::array<std::size_t, 256> live_by_epoch{};
unsigned epoch = 0;

void* counted_alloc(std::size_t n) {
    void* p = std::malloc(n + header);
    if (p == nullptr) throw std::bad_alloc();
    *static_cast<unsigned*>(p) = epoch;
    live_by_epoch[epoch] += malloc_usable_size(p) - header;
    return static_cast<char*>(p) + header;
}
void counted_free(void* q) noexcept {
    if (q == nullptr) return;
    void* p = static_cast<char*>(q) - header;
    live_by_epoch[*static_cast<unsigned*>(p)] -= malloc_usable_size(p) - header;
    std::free(p);
}

}  // namespace

std::size_t refold::bench::live_bytes() noexcept { return live_bytes_since(0); }

unsigned refold::bench::mark_epoch() noexcept {
    if (epoch + 1 < live_by_epoch.size()) ++epoch;
    return epoch;
}

std::size_t refold::bench::live_bytes_since(unsigned e) noexcept {
    std::size_t s = 0;
    for (std::size_t i = e; i < live_by_epoch.size(); ++i) s += live_by_epoch[i];
    return s;
}

void* operator new(std::size_t n) { return counted_alloc(n); }
void* operator new[](std::size_t n) { return counted_alloc(n); }
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete[](void* p) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_free(p); }
