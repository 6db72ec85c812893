// Seeded randomness for refold's randomized tests.
//
// Every randomized test draws its seed from REFOLD_SEED when set (to replay a failure),
// otherwise from std::random_device; the seed is attached to every assertion with INFO,
// so any failure prints the line to replay it.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>

namespace refold::test {

inline std::uint64_t seed_from_env() {
    if (const char* s = std::getenv("REFOLD_SEED"); s != nullptr && *s != '\0') {
        return std::stoull(s);
    }
    std::random_device rd;
    return (std::uint64_t{rd()} << 32) ^ rd();
}

// How many cases a randomized test runs: its default, scaled by REFOLD_CASES_SCALE.
inline std::size_t cases(std::size_t n) {
    if (const char* s = std::getenv("REFOLD_CASES_SCALE"); s != nullptr && *s != '\0') {
        return static_cast<std::size_t>(static_cast<double>(n) * std::stod(s));
    }
    return n;
}

}  // namespace refold::test

// Declares `rng` (std::mt19937_64) seeded as above, and reports the seed with any failure.
#define REFOLD_SEEDED_RNG(rng)                                                             \
    const std::uint64_t rng##_seed = ::refold::test::seed_from_env();                      \
    INFO("seed " << rng##_seed << " (replay with REFOLD_SEED=" << rng##_seed << ")");      \
    std::mt19937_64 rng { rng##_seed }
