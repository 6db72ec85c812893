// A small benchmark harness shared by refold's bench executables.
//
// measure() runs a body repeatedly in timed samples and returns the median per-iteration
// time; json_report collects named figures and prints them as one JSON object, which is the
// machine-readable contract of every refold_bench_* executable (`--json`).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace refold::bench {

using clock_type = std::chrono::steady_clock;

// Defeats dead-code elimination of a benchmarked value.
template <class T>
inline void do_not_optimize(T const& value) {
    asm volatile("" : : "r,m"(value) : "memory");
}
inline void clobber_memory() { asm volatile("" : : : "memory"); }

struct sample_stats {
    double median_ns = 0;   // median over samples of the per-iteration time
    double p99_ns = 0;
    double min_ns = 0;
};

inline sample_stats stats_of(std::vector<double> v) {
    sample_stats s;
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    s.median_ns = v[v.size() / 2];
    s.p99_ns = v[std::min(v.size() - 1, (v.size() * 99) / 100)];
    s.min_ns = v.front();
    return s;
}

// Runs `body(iters)` (which must perform `iters` iterations) in `samples` samples, each sized
// to last about `target_ms`, and returns per-iteration statistics in nanoseconds.
template <class Body>
sample_stats measure(Body&& body, int samples = 21, double target_ms = 20.0) {
    std::size_t iters = 1;
    for (;;) {  // calibrate
        auto t0 = clock_type::now();
        body(iters);
        double ms = std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
        if (ms >= target_ms / 4 || iters >= (std::size_t{1} << 40)) {
            double per = ms / static_cast<double>(iters);
            iters = std::max<std::size_t>(1, static_cast<std::size_t>(target_ms / std::max(per, 1e-9)));
            break;
        }
        iters *= 4;
    }
    std::vector<double> per_iter;
    per_iter.reserve(static_cast<std::size_t>(samples));
    for (int i = 0; i < samples; ++i) {
        auto t0 = clock_type::now();
        body(iters);
        double ns = std::chrono::duration<double, std::nano>(clock_type::now() - t0).count();
        per_iter.push_back(ns / static_cast<double>(iters));
    }
    return stats_of(std::move(per_iter));
}

class json_report {
public:
    void add(std::string key, double value) { items_.emplace_back(std::move(key), value); }
    void add_string(std::string key, std::string value) { strings_.emplace_back(std::move(key), std::move(value)); }

    void print(std::FILE* out = stdout) const {
        std::fprintf(out, "{");
        bool first = true;
        for (auto const& [k, v] : strings_) {
            std::fprintf(out, "%s\n  \"%s\": \"%s\"", first ? "" : ",", k.c_str(), v.c_str());
            first = false;
        }
        for (auto const& [k, v] : items_) {
            std::fprintf(out, "%s\n  \"%s\": %.6g", first ? "" : ",", k.c_str(), v);
            first = false;
        }
        std::fprintf(out, "\n}\n");
    }
    void print_table(std::FILE* out = stdout) const {
        for (auto const& [k, v] : strings_) std::fprintf(out, "%-40s %s\n", k.c_str(), v.c_str());
        for (auto const& [k, v] : items_) std::fprintf(out, "%-40s %14.3f\n", k.c_str(), v);
    }

private:
    std::vector<std::pair<std::string, double>> items_;
    std::vector<std::pair<std::string, std::string>> strings_;
};

inline bool has_flag(int argc, char** argv, const char* flag) {
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], flag) == 0) return true;
    return false;
}

}  // namespace refold::bench
