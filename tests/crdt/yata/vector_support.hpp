// Helpers for tests reading the Yjs vectors in ../shared/yjs/vectors.
#pragma once

#include <tests/support/shared_data.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace refold::test {

inline std::vector<std::uint8_t> from_hex(std::string const& h) {
    std::vector<std::uint8_t> out;
    auto val = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    for (std::size_t i = 0; i + 1 < h.size(); i += 2)
        out.push_back(static_cast<std::uint8_t>(val(h[i]) * 16 + val(h[i + 1])));
    return out;
}

inline std::string to_hex(std::vector<std::uint8_t> const& b) {
    static const char* d = "0123456789abcdef";
    std::string s;
    for (auto x : b) {
        s.push_back(d[x >> 4]);
        s.push_back(d[x & 15]);
    }
    return s;
}

inline std::filesystem::path vectors_dir() { return shared_dir() / "yjs" / "vectors"; }

inline nlohmann::json load_json(std::filesystem::path const& p) {
    std::ifstream in(p);
    return nlohmann::json::parse(in);
}

// The numbered scenario files, sorted.
inline std::vector<std::filesystem::path> scenario_files() {
    std::vector<std::filesystem::path> out;
    if (!std::filesystem::exists(vectors_dir())) return out;
    for (auto const& e : std::filesystem::directory_iterator(vectors_dir())) {
        auto n = e.path().filename().string();
        if (n.size() > 3 && n[0] >= '0' && n[0] <= '9' && e.path().extension() == ".json") out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace refold::test
