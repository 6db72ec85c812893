#include "trace.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#ifdef REFOLD_BENCH_ZLIB  // defined when the target links ZLIB::ZLIB
#include <zlib.h>
#endif

namespace refold::bench::crdt {

namespace {

std::string gunzip_file(std::string const& path) {
    if (path.size() < 3 || path.compare(path.size() - 3, 3, ".gz") != 0) {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw std::runtime_error("cannot open " + path);
        std::ostringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }
#ifndef REFOLD_BENCH_ZLIB
    // bench/CMakeLists.txt does not link zlib: decompress with the gzip tool instead.
    for (char c : path)
        if (c == '\'' || c == '\\') throw std::runtime_error("unsupported character in path " + path);
    std::string cmd = "gzip -dc '" + path + "'";
    std::FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) throw std::runtime_error("cannot run gzip for " + path);
    std::string out;
    char buf[1 << 16];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    if (pclose(p) != 0) throw std::runtime_error("cannot decompress " + path);
    return out;
#else
    gzFile f = gzopen(path.c_str(), "rb");
    if (f == nullptr) throw std::runtime_error("cannot open " + path);
    std::string out;
    char buf[1 << 16];
    for (;;) {
        int n = gzread(f, buf, sizeof buf);
        if (n < 0) {
            gzclose(f);
            throw std::runtime_error("cannot decompress " + path);
        }
        if (n == 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    gzclose(f);
    return out;
#endif
}

bool has_astral(std::string const& s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0xF0) return true;
    return false;
}

}  // namespace

trace load_trace(std::string const& path) {
    auto j = nlohmann::json::parse(gunzip_file(path));
    trace t;
    t.end_content = j.at("endContent").get<std::string>();
    t.astral = has_astral(t.end_content);
    for (auto const& tx : j.at("txns")) {
        std::vector<patch> ps;
        for (auto const& p : tx.at("patches")) {
            patch q{p.at(0).get<std::uint64_t>(), p.at(1).get<std::uint64_t>(), p.at(2).get<std::string>()};
            t.astral = t.astral || has_astral(q.ins);
            ps.push_back(std::move(q));
            ++t.patches;
        }
        t.txns.push_back(std::move(ps));
    }
    return t;
}

}  // namespace refold::bench::crdt
