// refold replay TRACE: replays an editing trace (josephg/editing-traces format, .json or
// .json.gz) with live views, checks the final text against the trace's endContent and prints
// timings. Sequential traces: one local transaction per txn. Concurrent traces: one peer per
// agent (client ids in agent order), each txn applied on its agent's replica after merging the
// updates of every txn in its causal past; live views ride on agent 0's replica.
#include "command.hpp"

#include <crdt/yata/doc.hpp>
#include <views/live_views.hpp>
#include <views/trace.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <vector>

namespace refold::tool {
namespace {

namespace yata = crdt::yata;
using steady = std::chrono::steady_clock;

struct replay_options {
    std::string file;
    bool json = false;
    bool no_views = false;
};

bool has_astral(views::editing_trace const& t) {
    for (auto const& tx : t.txns)
        for (auto const& p : tx.patches)
            if (views::utf16_length(p.ins) != views::code_points(p.ins)) return true;
    return false;
}

// Applies one txn's patches to `d` (positions in code points, converted when needed).
// Returns the transaction's change_set (valid until the next transaction).
yata::change_set const& apply_patches(yata::doc& d, views::trace_txn const& tx, bool astral) {
    auto t = d.get_text("content");
    return d.transact([&] {
        for (auto const& p : tx.patches) {
            std::uint64_t pos = p.pos, del = p.del;
            if (astral) {
                auto s = t.to_string();
                auto start = views::utf16_offset(s, p.pos);
                del = views::utf16_offset(s, p.pos + p.del) - start;
                pos = start;
            }
            if (pos + del > t.length())
                throw views::trace_error("[views.trace.6] patch [" + std::to_string(p.pos) + ", " + std::to_string(p.del) +
                                         "] runs past the end of the document");
            if (del > 0) t.erase(pos, del);
            if (!p.ins.empty()) t.insert(pos, p.ins);
        }
    });
}

int run_replay(replay_options const& o) {
    auto t_read = steady::now();
    auto trace = views::read_trace(o.file);
    double read_ms = std::chrono::duration<double, std::milli>(steady::now() - t_read).count();
    bool astral = has_astral(trace);

    std::vector<std::unique_ptr<yata::doc>> peers;
    for (std::uint32_t a = 0; a < trace.agents; ++a) {
        peers.push_back(std::make_unique<yata::doc>(a + 1));
        peers.back()->get_text("content");
    }
    std::unique_ptr<views::live_views> live;
    if (!o.no_views) live = std::make_unique<views::live_views>(*peers[0], "content");

    auto start = steady::now();
    std::size_t merged = 0;
    if (!trace.concurrent) {
        for (auto const& tx : trace.txns) apply_patches(*peers[0], tx, astral);
    } else {
        std::vector<std::vector<std::uint8_t>> updates(trace.txns.size());
        std::vector<std::vector<char>> applied(trace.agents, std::vector<char>(trace.txns.size(), 0));
        for (std::size_t i = 0; i < trace.txns.size(); ++i) {
            auto const& tx = trace.txns[i];
            auto& d = *peers[tx.agent];
            auto& have = applied[tx.agent];
            // The causal past of txn i that this replica lacks, applied in file (topological) order.
            std::vector<std::size_t> stack(tx.parents.begin(), tx.parents.end()), missing;
            while (!stack.empty()) {
                auto j = stack.back();
                stack.pop_back();
                if (have[j]) continue;
                have[j] = 1;
                missing.push_back(j);
                for (auto p : trace.txns[j].parents) stack.push_back(p);
            }
            std::sort(missing.begin(), missing.end());
            for (auto j : missing) {
                d.apply_update(updates[j]);
                ++merged;
            }
            updates[i] = d.encode_change(apply_patches(d, tx, astral));
            have[i] = 1;
        }
        // Every replica merges everything (the last txn follows all others).
        for (std::size_t a = 0; a < peers.size(); ++a)
            for (std::size_t i = 0; i < trace.txns.size(); ++i)
                if (!applied[a][i]) {
                    peers[a]->apply_update(updates[i]);
                    ++merged;
                }
    }
    double replay_ms = std::chrono::duration<double, std::milli>(steady::now() - start).count();

    bool match = true;
    for (auto const& p : peers) match = match && p->get_text("content").to_string() == trace.end_content;
    bool views_ok = true;
    if (live) views_ok = live->words() == views::count_words(peers[0]->get_text("content").to_string());

    nlohmann::json j = {{"trace", o.file},
                        {"kind", trace.concurrent ? "concurrent" : "sequential"},
                        {"agents", trace.agents},
                        {"txns", trace.txns.size()},
                        {"patches", trace.patch_count()},
                        {"merged_updates", merged},
                        {"views", !o.no_views},
                        {"read_ms", read_ms},
                        {"replay_ms", replay_ms},
                        {"us_per_patch", replay_ms * 1000.0 / static_cast<double>(std::max<std::size_t>(1, trace.patch_count()))},
                        {"final_length", views::code_points(trace.end_content)},
                        {"content_matches", match}};
    if (live) {
        j["words"] = live->words().words;
        j["headings"] = live->outline().size();
        j["views_match_from_scratch"] = views_ok;
    }
    if (o.json) {
        std::printf("%s\n", j.dump(2).c_str());
    } else {
        std::printf("%s: %s trace, %zu txns, %zu patches, %u agent(s)\n", o.file.c_str(),
                    trace.concurrent ? "concurrent" : "sequential", trace.txns.size(), trace.patch_count(), trace.agents);
        std::printf("  replay %.1f ms (%.2f us/patch) %s, read %.1f ms\n", replay_ms,
                    j["us_per_patch"].get<double>(), o.no_views ? "without views" : "with live views", read_ms);
        if (live)
            std::printf("  views: %llu words, %llu headings; equal to from-scratch: %s\n",
                        static_cast<unsigned long long>(live->words().words),
                        static_cast<unsigned long long>(live->outline().size()), views_ok ? "yes" : "NO");
        std::printf("  final content %s the trace's endContent\n", match ? "matches" : "DOES NOT MATCH");
    }
    if (!match) {
        std::fprintf(stderr, "refold: [views.trace.7] %s: final content does not match the trace's endContent\n", o.file.c_str());
        return 1;
    }
    return views_ok ? 0 : 1;
}

register_command reg{{"replay", "Replay an editing trace (.json or .json.gz) with live views and check its end content",
                      [](CLI::App& app) -> std::function<int()> {
                          auto o = std::make_shared<replay_options>();
                          app.add_option("trace", o->file, "trace file")->required();
                          app.add_flag("--json", o->json, "print a machine-readable summary");
                          app.add_flag("--no-views", o->no_views, "replay without live views (the baseline)");
                          return [o] { return run_replay(*o); };
                      }}};

}  // namespace
}  // namespace refold::tool
