// Reading editing traces (../shared/traces, gzipped JSON; see its README) for the crdt bench.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace refold::bench::crdt {

struct patch {
    std::uint64_t pos = 0;  // UTF-16 units (converted from code points)
    std::uint64_t del = 0;  // UTF-16 units
    std::string ins;        // UTF-8
};

struct trace {
    std::vector<std::vector<patch>> txns;
    std::string end_content;
    std::size_t patches = 0;
    bool astral = false;  // code points != UTF-16 units somewhere; positions converted by replay
};

// Throws std::runtime_error when the file cannot be read or parsed.
trace load_trace(std::string const& path);

}  // namespace refold::bench::crdt
