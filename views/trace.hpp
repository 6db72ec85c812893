// Editing traces (the josephg/editing-traces format; see ../shared/traces/README.md): reading
// `.json` and `.json.gz` files into memory, sequential and concurrent.
//
//   auto t = refold::views::read_trace("../shared/traces/sequential/automerge-paper.json.gz");
//   for (auto const& txn : t.txns) for (auto const& p : txn.patches) { /* p.pos, p.del, p.ins */ }
//
// Positions and delete lengths are kept as the file has them: Unicode code points.
// utf16_offset() converts a code-point position in a UTF-8 text to UTF-16 units (what Yjs
// and crdt::yata count). Every problem is a trace_error whose message starts with a stable id:
//   [views.trace.1] cannot open        [views.trace.2] bad gzip data
//   [views.trace.3] malformed JSON     [views.trace.4] not an editing trace (schema)
//   [views.trace.5] too large (decompressed size above the limit)
#pragma once

#include <views/error.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace refold::views {

class trace_error : public error {
public:
    using error::error;
};

struct trace_patch {
    std::uint64_t pos = 0;  // code points
    std::uint64_t del = 0;  // code points
    std::string ins;        // UTF-8
};

struct trace_txn {
    std::vector<trace_patch> patches;
    std::vector<std::size_t> parents;  // concurrent traces: indexes of earlier txns
    std::uint32_t agent = 0;           // concurrent traces: 0 .. agents-1
};

struct editing_trace {
    bool concurrent = false;
    std::uint32_t agents = 1;
    std::string start_content;
    std::string end_content;
    std::vector<trace_txn> txns;

    std::size_t patch_count() const noexcept;
};

struct trace_limits {
    std::size_t max_bytes = std::size_t{1} << 30;  // decompressed JSON size
};

// Reads a trace file (gzip detected by its magic bytes, not by its name).
editing_trace read_trace(std::string const& path, trace_limits limits = {});
// Parses trace JSON text.
editing_trace parse_trace(std::string_view json_text);
// Decompresses gzip data (throws [views.trace.2] / [views.trace.5]).
std::string gunzip(std::span<const std::uint8_t> data, trace_limits limits = {});

// The UTF-16 offset of code point `cp` in UTF-8 `text` (clamped to the end).
std::uint64_t utf16_offset(std::string_view text, std::uint64_t cp) noexcept;
// Number of code points and of UTF-16 units in UTF-8 `s`.
std::uint64_t code_points(std::string_view s) noexcept;
std::uint64_t utf16_length(std::string_view s) noexcept;

}  // namespace refold::views
