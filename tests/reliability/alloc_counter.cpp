// Replaces the global (non-aligned) operator new/delete of this test executable with counting
// versions over malloc/free, so tests can assert how much memory a call allocates. Each block
// carries a 16-byte header holding its size (malloc's alignment is kept).
#include <tests/reliability/alloc_counter.hpp>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

constexpr std::size_t header = 16;
std::atomic<std::size_t> g_live{0}, g_peak{0}, g_total{0}, g_count{0};

void* counted_alloc(std::size_t n) noexcept {
    void* p = std::malloc(n + header);
    if (p == nullptr) return nullptr;
    *static_cast<std::size_t*>(p) = n;
    auto live = g_live.fetch_add(n, std::memory_order_relaxed) + n;
    auto peak = g_peak.load(std::memory_order_relaxed);
    while (live > peak && !g_peak.compare_exchange_weak(peak, live, std::memory_order_relaxed)) {
    }
    g_total.fetch_add(n, std::memory_order_relaxed);
    g_count.fetch_add(1, std::memory_order_relaxed);
    return static_cast<char*>(p) + header;
}

void counted_free(void* q) noexcept {
    if (q == nullptr) return;
    void* p = static_cast<char*>(q) - header;
    g_live.fetch_sub(*static_cast<std::size_t*>(p), std::memory_order_relaxed);
    std::free(p);
}

void* throwing_alloc(std::size_t n) {
    if (void* p = counted_alloc(n)) return p;
    throw std::bad_alloc();
}

}  // namespace

namespace refold::test {

alloc_stats current_alloc_stats() noexcept {
    return {g_live.load(std::memory_order_relaxed), g_peak.load(std::memory_order_relaxed),
            g_total.load(std::memory_order_relaxed), g_count.load(std::memory_order_relaxed)};
}

void reset_alloc_peak() noexcept { g_peak.store(g_live.load(std::memory_order_relaxed), std::memory_order_relaxed); }

}  // namespace refold::test

void* operator new(std::size_t n) { return throwing_alloc(n); }
void* operator new[](std::size_t n) { return throwing_alloc(n); }
void* operator new(std::size_t n, std::nothrow_t const&) noexcept { return counted_alloc(n); }
void* operator new[](std::size_t n, std::nothrow_t const&) noexcept { return counted_alloc(n); }
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete[](void* p) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_free(p); }
void operator delete(void* p, std::nothrow_t const&) noexcept { counted_free(p); }
void operator delete[](void* p, std::nothrow_t const&) noexcept { counted_free(p); }
