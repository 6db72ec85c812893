// Counting hook over the global allocation functions of refold_tests_reliability
// (defined in alloc_counter.cpp, which replaces the global operator new/delete).
//
//   refold::test::alloc_scope s;      // starts counting
//   d.apply_update(bytes);            // ...
//   s.peak_bytes();                   // the most bytes live at once above the start level
#pragma once

#include <cstddef>

namespace refold::test {

struct alloc_stats {
    std::size_t live = 0;     // bytes currently allocated through operator new
    std::size_t peak = 0;     // highest `live` since the last reset_peak()
    std::size_t total = 0;    // bytes ever allocated
    std::size_t count = 0;    // calls ever made
};

alloc_stats current_alloc_stats() noexcept;
void reset_alloc_peak() noexcept;  // peak := live

// Measures allocations made while it lives.
class alloc_scope {
public:
    alloc_scope() noexcept {
        reset_alloc_peak();
        start_ = current_alloc_stats();
    }
    // The most bytes live at once during the scope, above the level at its start.
    std::size_t peak_bytes() const noexcept {
        auto now = current_alloc_stats();
        return now.peak > start_.live ? now.peak - start_.live : 0;
    }
    std::size_t total_bytes() const noexcept { return current_alloc_stats().total - start_.total; }
    std::size_t calls() const noexcept { return current_alloc_stats().count - start_.count; }

private:
    alloc_stats start_;
};

}  // namespace refold::test
