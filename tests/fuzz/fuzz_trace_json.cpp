// libFuzzer harness: the editing-trace reader. Any bytes either parse into a trace whose
// indexes are in range, or throw trace_error; gzip input is bounded by the size limit.
#include <views/trace.hpp>

#include <cstdlib>
#include <string_view>

using namespace refold::views;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        std::string text;
        if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) text = gunzip({data, size}, trace_limits{1 << 20});
        else text.assign(reinterpret_cast<const char*>(data), size);
        auto t = parse_trace(text);
        for (std::size_t i = 0; i < t.txns.size(); ++i) {
            if (t.txns[i].agent >= t.agents) std::abort();
            for (auto p : t.txns[i].parents)
                if (p >= i) std::abort();
        }
    } catch (trace_error const&) {
    }
    return 0;
}
