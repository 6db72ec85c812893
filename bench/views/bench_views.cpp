// refold_bench_views: merged remote deltas with live views, against merging alone and
// against recomputing the views from scratch; and the automerge-paper replay with and
// without live views. `--json` prints one JSON object (keys in issue 6).
#include <bench/common/harness.hpp>

#include <views/live_views.hpp>
#include <views/trace.hpp>
#include <views/ui_state.hpp>

#include <crdt/yata/doc.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

using namespace refold;
using namespace refold::views;

namespace {

// Timings are this thread's CPU time (a loaded machine preempts us; that is not our cost).
struct cpu_clock {
    using time_point = double;  // microseconds
    static time_point now() noexcept {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
    }
};
using clock_type = cpu_clock;

double since_us(clock_type::time_point t0) { return clock_type::now() - t0; }

// A markdown document of about `chars` characters: chars/100 paragraphs, one heading per
// five paragraphs (levels 1-3), words from a small vocabulary with a long tail.
std::string make_document(std::size_t chars, std::mt19937_64& rng) {
    static char const* const vocab[] = {"the", "of", "and", "crdt", "view", "fold", "rope", "delta", "merge", "yjs",
                                        "text", "node", "graph", "live", "index", "outline", "word", "count"};
    std::string s;
    s.reserve(chars + 200);
    std::size_t para = 0;
    unsigned sec[3] = {0, 0, 0};
    while (s.size() < chars) {
        if (para % 5 == 0) {
            unsigned const level = para == 0 ? 1u : 1u + static_cast<unsigned>(rng() % 3);
            ++sec[level - 1];
            s.append(level, '#');
            s += " Section " + std::to_string(sec[level - 1]) + " " + vocab[rng() % std::size(vocab)] + "\n\n";
        }
        std::size_t const target = s.size() + 80;
        while (s.size() < target) {
            if (rng() % 8 == 0) s += "w" + std::to_string(rng() % 5000);
            else s += vocab[rng() % std::size(vocab)];
            s += ' ';
        }
        s += "\n\n";
        ++para;
    }
    return s;
}

struct figures {
    double merge_views_p50_us = 0, merge_views_p99_us = 0, merge_only_p50_us = 0, from_scratch_views_ms = 0;
    double recomputed_p99 = 0, merge_observed_p50_us = 0;
    double views_share_p50_us = 0, views_share_p99_us = 0;  // per delta: with views minus observed merge
    double views_apply_p50_us = 0, views_apply_p99_us = 0;  // per delta: time inside live_views::apply
    // The same deltas sent as state-vector diffs (encode_state_as_update(sv)), which carry the
    // sender's whole delete set and so grow with the session.
    double sv_views_p50_us = 0, sv_views_p99_us = 0, sv_only_p50_us = 0;
};

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

figures run_size(std::size_t chars, std::size_t deltas, bool quiet) {
    std::mt19937_64 rng(chars);
    std::string const text = make_document(chars, rng);
    crdt::yata::doc with(1), without(3), observed(4), remote(2), with_sv(5), without_sv(6);
    with.get_text("content").insert(0, text);
    auto const full = with.encode_state_as_update();
    for (auto* d : {&without, &observed, &remote, &with_sv, &without_sv}) d->apply_update(full);
    observed.observe([](crdt::yata::change_set const& cs) { bench::do_not_optimize(cs.changes.size()); });
    // The remote deltas (<= 10 ops each), made and encoded ahead of time: each transaction's own
    // update (what a Yjs peer broadcasts from doc.on('update')), and the state-vector diff.
    auto rt = remote.get_text("content");
    std::vector<std::vector<std::uint8_t>> updates, sv_updates;
    static char const* const inserts[] = {"a", "word ", "\n", "## New heading\n", "x", " ", "crdt "};
    for (std::size_t i = 0; i < deltas; ++i) {
        auto const sv = remote.get_state_vector();
        std::size_t const k = 1 + rng() % 10;
        auto const& cs = remote.transact([&] {
            for (std::size_t j = 0; j < k; ++j) {
                std::uint64_t const len = rt.length();
                std::uint64_t const at = rng() % len;
                if (rng() % 2 == 0) rt.insert(at, inserts[rng() % std::size(inserts)]);
                else rt.erase(at, std::min<std::uint64_t>(1 + rng() % 3, len - at));
            }
        });
        updates.push_back(remote.encode_change(cs));
        sv_updates.push_back(remote.encode_state_as_update(sv));
    }
    // The views' own work per merge, timed inside the transaction: from an observer that runs
    // just before the views' one to the views' on_update callback.
    double views_t0 = 0;
    std::vector<double> t_apply;
    with.observe([&](crdt::yata::change_set const&) { views_t0 = clock_type::now(); });
    live_views lv(with, "content");
    lv.on_update([&](live_views const&) { t_apply.push_back(since_us(views_t0)); });
    live_views lv_sv(with_sv, "content");
    std::vector<double> t_views, t_only, t_observed, work, share, t_sv_views, t_sv_only;
    t_views.reserve(deltas);
    for (std::size_t i = 0; i < deltas; ++i) {
        auto const& u = updates[i];
        auto t0 = clock_type::now();
        with.apply_update(u);
        t_views.push_back(since_us(t0));
        auto const& w = lv.last_work();
        work.push_back(static_cast<double>(w.algebra_applications + w.graph.recomputed));
        t0 = clock_type::now();
        without.apply_update(u);
        t_only.push_back(since_us(t0));
        t0 = clock_type::now();
        observed.apply_update(u);
        t_observed.push_back(since_us(t0));
        share.push_back(t_views.back() - t_observed.back());
        t0 = clock_type::now();
        with_sv.apply_update(sv_updates[i]);
        t_sv_views.push_back(since_us(t0));
        t0 = clock_type::now();
        without_sv.apply_update(sv_updates[i]);
        t_sv_only.push_back(since_us(t0));
    }
    std::string const final_text = with.get_text("content").to_string();
    if (lv.words() != count_words(final_text) || lv_sv.words() != lv.words() ||
        with_sv.get_text("content").to_string() != final_text || remote.get_text("content").to_string() != final_text) {
        std::fprintf(stderr, "views disagree with the document\n");
        std::exit(1);
    }
    // From scratch: every view on to_string() (word count, outline, index with sticky ids,
    // top terms, UI JSON).
    std::vector<double> scratch;
    for (int r = 0; r < 3; ++r) {
        auto t0 = clock_type::now();
        std::string const s = with.get_text("content").to_string();
        word_count const wc = count_words(s);
        auto const outline = outline_of_text(s);
        inverted_index const idx = index_of(lv.text());
        auto const top = idx.top(10);
        std::string const ui = ui_state_of(wc, outline, top);
        bench::do_not_optimize(ui.size());
        scratch.push_back(since_us(t0) / 1000.0);
    }
    figures f;
    f.merge_views_p50_us = percentile(t_views, 0.5);
    f.merge_views_p99_us = percentile(t_views, 0.99);
    f.merge_only_p50_us = percentile(t_only, 0.5);
    f.merge_observed_p50_us = percentile(t_observed, 0.5);
    f.from_scratch_views_ms = percentile(scratch, 0.5);
    f.recomputed_p99 = percentile(work, 0.99);
    f.views_apply_p50_us = percentile(t_apply, 0.5);
    f.views_apply_p99_us = percentile(t_apply, 0.99);
    f.views_share_p50_us = percentile(share, 0.5);
    f.views_share_p99_us = percentile(share, 0.99);
    f.sv_views_p50_us = percentile(t_sv_views, 0.5);
    f.sv_views_p99_us = percentile(t_sv_views, 0.99);
    f.sv_only_p50_us = percentile(t_sv_only, 0.5);
    if (!quiet)
        std::fprintf(stderr, "%zu chars: views p50 %.1f us p99 %.1f us, merge only p50 %.1f us, observed %.1f us, scratch %.1f ms\n",
                     text.size(), f.merge_views_p50_us, f.merge_views_p99_us, f.merge_only_p50_us, f.merge_observed_p50_us,
                     f.from_scratch_views_ms);
    return f;
}

// automerge-paper: every patch one local transaction; views (if any) updated after each.
// `max_patches` (profiling only) stops early and skips the end-content check.
double replay_ms(editing_trace const& t, bool views, bool ui = true, std::size_t max_patches = SIZE_MAX) {
    crdt::yata::doc d(1);
    auto text = d.get_text("content");
    std::unique_ptr<live_views> lv;
    if (views) lv = std::make_unique<live_views>(d, "content", live_views::options{10, ui});
    std::size_t n = 0;
    auto t0 = clock_type::now();
    for (auto const& txn : t.txns)
        for (auto const& p : txn.patches) {  // ASCII trace: code points are UTF-16 units
            if (n++ == max_patches) return since_us(t0) / 1000.0;
            if (p.del > 0) text.erase(p.pos, p.del);
            if (!p.ins.empty()) text.insert(p.pos, p.ins);
        }
    double const ms = since_us(t0) / 1000.0;
    if (text.to_string() != t.end_content || (lv && lv->words() != count_words(t.end_content))) {
        std::fprintf(stderr, "replay mismatch\n");
        std::exit(1);
    }
    return ms;
}

}  // namespace

int main(int argc, char** argv) {
    bool const json = bench::has_flag(argc, argv, "--json");
    bool const quick = bench::has_flag(argc, argv, "--quick");
    bench::json_report r;
    struct size_case {
        std::size_t chars;
        char const* suffix;
        std::size_t deltas;
    };
    std::vector<size_case> sizes{{100'000, "_100k", 2000}, {1'000'000, "", 2000}};
    if (!quick) sizes.push_back({10'000'000, "_10m", 1000});
    if (bench::has_flag(argc, argv, "--replay-only")) sizes.clear();
    for (auto const& c : sizes) {
        figures const f = run_size(c.chars, c.deltas, json);
        std::string const s = c.suffix;
        r.add("merge_views_p50_us" + s, f.merge_views_p50_us);
        r.add("merge_views_p99_us" + s, f.merge_views_p99_us);
        r.add("merge_only_p50_us" + s, f.merge_only_p50_us);
        // The same merges into a replica whose change sets are observed (and dropped): what the
        // CRDT costs once someone consumes its deltas, before any view runs.
        r.add("merge_observed_p50_us" + s, f.merge_observed_p50_us);
        r.add("from_scratch_views_ms" + s, f.from_scratch_views_ms);
        r.add("speedup_vs_from_scratch" + s, f.from_scratch_views_ms * 1000.0 / f.merge_views_p50_us);
        r.add("recomputed_per_delta_p99" + s, f.recomputed_p99);
        // The views' own share of a merge (with views minus the observed merge, per delta).
        r.add("views_share_p50_us" + s, f.views_share_p50_us);
        r.add("views_share_p99_us" + s, f.views_share_p99_us);
        r.add("views_apply_p50_us" + s, f.views_apply_p50_us);
        r.add("views_apply_p99_us" + s, f.views_apply_p99_us);
        // The same deltas as state-vector diffs (they carry the sender's whole delete set).
        r.add("merge_views_sv_diff_p50_us" + s, f.sv_views_p50_us);
        r.add("merge_views_sv_diff_p99_us" + s, f.sv_views_p99_us);
        r.add("merge_only_sv_diff_p50_us" + s, f.sv_only_p50_us);
    }
    std::filesystem::path const trace = std::filesystem::path(REFOLD_SHARED_DIR) / "traces/sequential/automerge-paper.json.gz";
    if (bench::has_flag(argc, argv, "--no-replay")) {
        // sizes only
    } else if (std::filesystem::exists(trace)) {
        editing_trace const t = read_trace(trace.string());
        if (bench::has_flag(argc, argv, "--replay-profile")) {  // one partial run with views, for callgrind
            std::printf("%.1f ms\n", replay_ms(t, true, true, 40'000));
            return 0;
        }
        std::vector<double> with, without, no_ui;
        for (int i = 0; i < (quick ? 1 : 3); ++i) {
            without.push_back(replay_ms(t, false));
            with.push_back(replay_ms(t, true));
            no_ui.push_back(replay_ms(t, true, false));
        }
        r.add("replay_with_views_no_ui_ms", percentile(no_ui, 0.5));
        r.add("replay_without_views_ms", percentile(without, 0.5));
        r.add("replay_with_views_ms", percentile(with, 0.5));
    } else {
        std::fprintf(stderr, "skipped: automerge-paper trace not found at %s\n", trace.c_str());
    }
    if (json) r.print();
    else r.print_table();
    return 0;
}
