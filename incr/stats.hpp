// Counters kept by incr::graph, per stabilization and cumulative.
#pragma once

#include <cstdint>

namespace refold::incr {

struct counters {
    std::uint64_t created = 0;     // nodes created (for `last`: since the previous stabilize() ended)
    std::uint64_t recomputed = 0;  // node functions run
    std::uint64_t changed = 0;     // recomputations whose result counted as a change
    std::uint64_t cut_off = 0;     // recomputations stopped by the cutoff (dependents not woken)
    std::uint64_t released = 0;    // nodes destroyed because their bind scope re-ran
};

struct stats {
    counters last;                     // the most recent stabilization
    counters total;                    // since the graph was created
    std::uint64_t stabilizations = 0;  // completed stabilize() calls
    std::uint64_t live_nodes = 0;      // nodes currently allocated
    std::uint64_t necessary_nodes = 0; // nodes observed or needed by an observed node
    std::uint64_t sweeps = 0;          // stabilizations finished by a dense sweep (see graph.hpp)
};

}  // namespace refold::incr
