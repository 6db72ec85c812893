// refold_bench_crdt: replays a sequential editing trace into a yata::doc (one local transaction
// per patch), then encodes the final state, loads it into a fresh doc, and applies it as a remote
// update to a doc holding the first half of the edits.
//
//   refold_bench_crdt --trace ../shared/traces/sequential/automerge-paper.json.gz [--json] [--runs N]
//                     [--compare yjs-update.bin]   (adds bytes_equal_yjs: 1 when identical)
//                     [--replay-only]   (profiling: replays once, checks the text, prints nothing)
#include "trace.hpp"

#include <bench/common/harness.hpp>
#include <crdt/yata/doc.hpp>

#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

using namespace refold;
using bench::crdt::trace;

namespace {

double ms_since(bench::clock_type::time_point t0) {
    return std::chrono::duration<double, std::milli>(bench::clock_type::now() - t0).count();
}

// CPU time of this process (the machine may be shared; wall-clock medians are the figures).
double cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}


// Replays patches [0, n) into `d`, one transaction per patch.
void replay(crdt::yata::doc& d, trace const& t, std::size_t n) {
    auto text = d.get_text("text");
    std::size_t k = 0;
    for (auto const& tx : t.txns) {
        for (auto const& p : tx) {
            if (k++ == n) return;
            std::uint64_t pos = p.pos, del = p.del;
            if (t.astral) {
                auto cur = text.to_string();
                pos = crdt::encoding::code_points_to_utf16(cur, p.pos);
                del = crdt::encoding::code_points_to_utf16(cur, p.pos + p.del) - pos;
            }
            d.transact([&] {
                if (del > 0) text.erase(pos, del);
                if (!p.ins.empty()) text.insert(pos, p.ins);
            });
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::string path = std::string(REFOLD_SHARED_DIR) + "/traces/sequential/automerge-paper.json.gz";
    std::string compare;  // a file with Yjs's encoding of the same edits (bench/peers/crdt --dump-yjs)
    int runs = 5;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--trace") == 0 && i + 1 < argc) path = argv[++i];
        else if (std::strcmp(argv[i], "--compare") == 0 && i + 1 < argc) compare = argv[++i];
        else if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
    }
    bool json = bench::has_flag(argc, argv, "--json");
    trace t;
    try {
        t = bench::crdt::load_trace(path);
    } catch (std::exception const& e) {
        std::fprintf(stderr, "refold_bench_crdt: %s\n", e.what());
        return 2;
    }
    if (bench::has_flag(argc, argv, "--replay-only")) {  // for callgrind --toggle-collect=*replay*
        crdt::yata::doc d(1);
        replay(d, t, t.patches);
        if (d.get_text("text").to_string() == t.end_content) return 0;
        std::fprintf(stderr, "refold_bench_crdt: final text differs from endContent\n");
        return 1;
    }

    std::vector<double> replay_ms, replay_cpu, encode_ms, load_ms, merge_ms;
    std::vector<std::uint8_t> encoded;
    std::string final_text;
    std::size_t structs = 0;
    for (int r = 0; r < runs; ++r) {
        crdt::yata::doc d(1);
        auto c0 = cpu_ms();
        auto t0 = bench::clock_type::now();
        replay(d, t, t.patches);
        replay_ms.push_back(ms_since(t0));
        replay_cpu.push_back(cpu_ms() - c0);
        final_text = d.get_text("text").to_string();
        structs = d.struct_count();

        t0 = bench::clock_type::now();
        encoded = d.encode_state_as_update();
        encode_ms.push_back(ms_since(t0));

        crdt::yata::doc fresh(2);
        t0 = bench::clock_type::now();
        fresh.apply_update(encoded);
        load_ms.push_back(ms_since(t0));
        if (fresh.get_text("text").to_string() != t.end_content) {
            std::fprintf(stderr, "refold_bench_crdt: loaded text differs from endContent\n");
            return 1;
        }

        crdt::yata::doc half(1);
        replay(half, t, t.patches / 2);
        t0 = bench::clock_type::now();
        half.apply_update(encoded);
        merge_ms.push_back(ms_since(t0));
        if (half.get_text("text").to_string() != t.end_content) {
            std::fprintf(stderr, "refold_bench_crdt: half + update differs from endContent\n");
            return 1;
        }
    }
    if (final_text != t.end_content) {
        std::fprintf(stderr, "refold_bench_crdt: final text differs from endContent\n");
        return 1;
    }
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);

    bench::json_report rep;
    auto slash = path.find_last_of('/');
    rep.add_string("trace", slash == std::string::npos ? path : path.substr(slash + 1));
    rep.add("ops", static_cast<double>(t.patches));
    rep.add("final_length", static_cast<double>(crdt::encoding::utf16_length(final_text)));
    rep.add("replay_ms", median(replay_ms));
    rep.add("replay_cpu_ms", median(replay_cpu));
    rep.add("encode_ms", median(encode_ms));
    rep.add("encoded_bytes", static_cast<double>(encoded.size()));
    rep.add("load_ms", median(load_ms));
    rep.add("merge_half_ms", median(merge_ms));
    rep.add("structs", static_cast<double>(structs));
    rep.add("runs", runs);
    if (!compare.empty()) {
        std::FILE* f = std::fopen(compare.c_str(), "rb");
        std::vector<std::uint8_t> other;
        if (f != nullptr) {
            std::uint8_t buf[4096];
            for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) other.insert(other.end(), buf, buf + n);
            std::fclose(f);
        }
        rep.add("bytes_equal_yjs", other == encoded ? 1 : 0);
    }
    rep.add("peak_rss_mb", static_cast<double>(ru.ru_maxrss) / 1024.0);
    if (json) rep.print();
    else rep.print_table();
    return 0;
}
