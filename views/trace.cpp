#include <views/trace.hpp>

#include <nlohmann/json.hpp>
#include <zlib.h>

#include <fstream>
#include <iterator>

namespace refold::views {

std::size_t editing_trace::patch_count() const noexcept {
    std::size_t n = 0;
    for (auto const& t : txns) n += t.patches.size();
    return n;
}

std::string gunzip(std::span<const std::uint8_t> data, trace_limits limits) {
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 32) != Z_OK) throw trace_error("[views.trace.2] bad gzip data: inflateInit failed");
    zs.next_in = const_cast<Bytef*>(data.data());
    zs.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char buf[1 << 16];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            throw trace_error(std::string("[views.trace.2] bad gzip data: ") + (zs.msg ? zs.msg : "truncated"));
        }
        out.append(buf, sizeof buf - zs.avail_out);
        if (out.size() > limits.max_bytes) {
            inflateEnd(&zs);
            throw trace_error("[views.trace.5] trace too large: more than " + std::to_string(limits.max_bytes) +
                              " bytes decompressed");
        }
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
            inflateEnd(&zs);
            throw trace_error("[views.trace.2] bad gzip data: truncated");
        }
    }
    inflateEnd(&zs);
    return out;
}

namespace {

[[noreturn]] void schema(std::string const& what) { throw trace_error("[views.trace.4] not an editing trace: " + what); }

std::uint64_t count(nlohmann::json const& v, char const* what) {
    if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0))
        schema(std::string(what) + " is not a non-negative integer");
    return v.get<std::uint64_t>();
}

std::string text_field(nlohmann::json const& o, char const* key, bool required) {
    auto it = o.find(key);
    if (it == o.end()) {
        if (required) schema(std::string("missing \"") + key + "\"");
        return {};
    }
    if (!it->is_string()) schema(std::string("\"") + key + "\" is not a string");
    return it->get<std::string>();
}

}  // namespace

editing_trace parse_trace(std::string_view json_text) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(json_text);
    } catch (nlohmann::json::exception const& e) {  // parse errors, and numbers out of range
        throw trace_error(std::string("[views.trace.3] malformed JSON: ") + e.what());
    }
    if (!j.is_object()) schema("top level is not an object");
    editing_trace t;
    t.start_content = text_field(j, "startContent", false);
    t.end_content = text_field(j, "endContent", true);
    t.concurrent = text_field(j, "kind", false) == "concurrent";
    if (t.concurrent) {
        auto a = j.find("numAgents");
        if (a == j.end()) schema("missing \"numAgents\"");
        auto n = count(*a, "numAgents");
        if (n == 0 || n > 1'000'000) schema("numAgents out of range");
        t.agents = static_cast<std::uint32_t>(n);
    }
    auto txns = j.find("txns");
    if (txns == j.end() || !txns->is_array()) schema("missing \"txns\" array");
    t.txns.reserve(txns->size());
    for (std::size_t i = 0; i < txns->size(); ++i) {
        auto const& tx = (*txns)[i];
        if (!tx.is_object()) schema("txn " + std::to_string(i) + " is not an object");
        trace_txn out;
        auto ps = tx.find("patches");
        if (ps == tx.end() || !ps->is_array()) schema("txn " + std::to_string(i) + " has no \"patches\" array");
        out.patches.reserve(ps->size());
        for (auto const& p : *ps) {
            if (!p.is_array() || p.size() != 3 || !p[2].is_string())
                schema("txn " + std::to_string(i) + ": a patch is not [pos, del, ins]");
            out.patches.push_back({count(p[0], "pos"), count(p[1], "del"), p[2].get<std::string>()});
        }
        if (t.concurrent) {
            auto ag = tx.find("agent");
            if (ag == tx.end()) schema("txn " + std::to_string(i) + " has no agent");
            auto agent = count(*ag, "agent");
            if (agent >= t.agents) schema("txn " + std::to_string(i) + ": agent out of range");
            out.agent = static_cast<std::uint32_t>(agent);
            auto pa = tx.find("parents");
            if (pa == tx.end() || !pa->is_array()) schema("txn " + std::to_string(i) + " has no \"parents\" array");
            for (auto const& p : *pa) {
                auto parent = count(p, "parent");
                if (parent >= i) schema("txn " + std::to_string(i) + ": parent " + std::to_string(parent) + " is not earlier");
                out.parents.push_back(static_cast<std::size_t>(parent));
            }
        }
        t.txns.push_back(std::move(out));
    }
    return t;
}

editing_trace read_trace(std::string const& path, trace_limits limits) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw trace_error("[views.trace.1] cannot open " + path);
    std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0x1f && static_cast<unsigned char>(raw[1]) == 0x8b) {
        raw = gunzip({reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size()}, limits);
    } else if (raw.size() > limits.max_bytes) {
        throw trace_error("[views.trace.5] trace too large: " + path);
    }
    try {
        return parse_trace(raw);
    } catch (trace_error const& e) {
        throw trace_error(std::string(e.what()) + " (in " + path + ")");
    }
}

std::uint64_t utf16_offset(std::string_view text, std::uint64_t cp) noexcept {
    std::uint64_t units = 0;
    std::size_t i = 0;
    for (std::uint64_t seen = 0; seen < cp && i < text.size(); ++seen) {
        auto c = static_cast<unsigned char>(text[i]);
        std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        units += len == 4 ? 2 : 1;
        i += len;
    }
    return units;
}

std::uint64_t code_points(std::string_view s) noexcept {
    std::uint64_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

std::uint64_t utf16_length(std::string_view s) noexcept {
    std::uint64_t n = 0;
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        n += (u & 0xC0) != 0x80;
        n += u >= 0xF0;
    }
    return n;
}

}  // namespace refold::views
