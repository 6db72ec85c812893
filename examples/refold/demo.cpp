// refold demo: the main job. A deterministic (seeded) session of several peers co-writing a
// markdown document: typing runs, deletions, headings and paragraphs, Yjs v1 diff updates
// delivered with random delays, one peer offline for a while that then merges a large batch.
// Peer 0 keeps live views (word count, outline, top index terms); at checkpoints they are
// compared with a from-scratch computation, and at the end every peer must hold the same
// document and the same views. On a terminal it draws a live dashboard; otherwise it prints
// plain progress lines. --json prints a machine-readable summary instead.
#include "command.hpp"

#include <crdt/encoding/update.hpp>
#include <crdt/yata/doc.hpp>
#include <crdt/yata/json.hpp>
#include <views/inverted_index.hpp>
#include <views/live_views.hpp>
#include <views/outline.hpp>
#include <views/trace.hpp>
#include <views/word_count.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

namespace refold::tool {
namespace {

namespace yata = crdt::yata;
using bytes = std::vector<std::uint8_t>;
using steady = std::chrono::steady_clock;

struct demo_options {
    int peers = 4;
    std::size_t ops = 6000;
    std::uint64_t seed = 42;
    bool json = false;
    bool plain = false;
};

const char* const words[] = {"refold", "keeps", "views", "live", "over", "merged", "deltas", "the", "outline",
                             "index", "counts", "words", "and", "lines", "every", "peer", "converges", "to",
                             "same", "document", "yjs", "bytes", "fold", "tree", "persistent", "cheap", "edit",
                             "caf\xc3\xa9", "na\xc3\xafve", "\xe6\x96\x87\xe5\xad\x97", "\xe2\x86\x92"};
// All in the Basic Multilingual Plane: a cursor (like an editor's) never lands between the two
// UTF-16 halves of a character. Splits inside surrogate pairs are covered by tests/interop.
const char* const titles[] = {"Introduction", "Design", "Merging", "Views", "Results", "Open questions",
                              "Related work", "Appendix"};

struct message {
    std::size_t due = 0;
    std::size_t to = 0;
    bytes update;
};

struct peer_state {
    std::unique_ptr<yata::doc> doc;
    std::uint64_t cursor = 0;  // UTF-16 units
    bool online = true;
    std::vector<bytes> outbox;  // buffered while offline
};

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// The views computed from scratch on a text: what the live views must equal.
struct scratch_views {
    views::word_count words;
    std::vector<views::outline_entry> outline;
    std::vector<views::term_count> top;
};

scratch_views from_scratch(std::string const& text, std::size_t k) {
    scratch_views s;
    s.words = views::count_words(text);
    s.outline = views::outline_of_text(text);
    std::map<std::string, std::int64_t> counts;
    views::for_each_token(text, [&](std::size_t, std::string_view t) { ++counts[std::string(t)]; });
    std::vector<views::term_count> all;
    for (auto const& [t, c] : counts) all.push_back({t, c});
    std::stable_sort(all.begin(), all.end(), [](auto const& a, auto const& b) { return a.count > b.count; });
    if (all.size() > k) all.resize(k);
    s.top = std::move(all);
    return s;
}

bool same_outline(std::vector<views::outline_entry> a, std::vector<views::outline_entry> b) {
    // Offsets are positions in the version each was computed from; compare the structure.
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].number != b[i].number || a[i].level != b[i].level || a[i].title != b[i].title) return false;
    return true;
}

class session {
public:
    explicit session(demo_options o) : o_(o), rng_(o.seed) {
        for (int i = 0; i < o_.peers; ++i) {
            peer_state p;
            p.doc = std::make_unique<yata::doc>(static_cast<std::uint64_t>(i + 1));
            p.doc->get_text("content");
            peers_.push_back(std::move(p));
        }
        // Integration ends before the live views run: this observer is registered first, so
        // apply_update's time splits into merge (until it runs) and view update (after it).
        peers_[0].doc->observe([this](yata::change_set const&) { mid_ = steady::now(); });
        views_ = std::make_unique<views::live_views>(*peers_[0].doc, "content");
    }

    int run() {
        const std::size_t offline_from = o_.ops * 3 / 10, offline_to = o_.ops * 6 / 10;
        const std::size_t offline_peer = peers_.size() - 1;
        const std::size_t checkpoint_every = std::max<std::size_t>(1, o_.ops / 20);
        local(0, [&](yata::text t) { t.insert(0, "# Shared notes\n\nWritten by " + std::to_string(o_.peers) + " peers.\n"); });
        auto start = steady::now();
        auto last_draw = start;
        for (tick_ = 1; tick_ <= o_.ops; ++tick_) {
            if (tick_ == offline_from && peers_.size() > 2) peers_[offline_peer].online = false;
            if (tick_ == offline_to && peers_.size() > 2) reconnect(offline_peer);
            edit(below(peers_.size()));
            deliver_due();
            if (tick_ % checkpoint_every == 0) checkpoint();
            auto now = steady::now();
            if (!o_.json && now - last_draw > std::chrono::milliseconds(tty_ ? 100 : 0) &&
                (tty_ || tick_ % std::max<std::size_t>(1, o_.ops / 10) == 0)) {
                draw(now - start);
                last_draw = now;
            }
        }
        if (!peers_[offline_peer].online) reconnect(offline_peer);
        finish();
        elapsed_ = std::chrono::duration<double>(steady::now() - start).count();
        return summary();
    }

private:
    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : std::uniform_int_distribution<std::uint64_t>(0, n - 1)(rng_); }

    template <class F>
    void local(std::size_t i, F&& f) {
        auto& p = peers_[i];
        auto t = p.doc->get_text("content");
        // The update Yjs would broadcast for this transaction: its structs and its deletions.
        auto update = p.doc->encode_change(p.doc->transact([&] { f(t); }));
        ++local_txns_;
        if (!p.online) {
            p.outbox.push_back(std::move(update));
            return;
        }
        broadcast(i, update);
    }

    void broadcast(std::size_t from, bytes const& update) {
        for (std::size_t j = 0; j < peers_.size(); ++j)
            if (j != from) queue_.push_back({tick_ + 1 + below(8), j, update});
    }

    void edit(std::size_t i) {
        auto& p = peers_[i];
        auto len = p.doc->get_text("content").length();
        if (below(10) == 0) p.cursor = below(len + 1);  // jump somewhere else
        p.cursor = std::min(p.cursor, len);
        auto r = below(100);
        if (r < 62) {  // a typing run: a word and a space
            std::string w = words[below(std::size(words))];
            w += below(8) == 0 ? ".\n" : " ";
            local(i, [&](yata::text t) { t.insert(p.cursor, w); });
            p.cursor += views::utf16_length(w);
        } else if (r < 82 && len > 0) {  // backspace a few characters
            auto n = std::min<std::uint64_t>(1 + below(5), p.cursor);
            if (n == 0) return;
            auto at = p.cursor - n;
            local(i, [&](yata::text t) { t.erase(at, n); });
            p.cursor = at;
        } else if (r < 90) {  // a heading on a new line
            std::string h = "\n" + std::string(1 + below(3), '#') + " " + titles[below(std::size(titles))] + "\n";
            local(i, [&](yata::text t) { t.insert(p.cursor, h); });
            p.cursor += views::utf16_length(h);
        } else {  // a new paragraph
            local(i, [&](yata::text t) { t.insert(p.cursor, "\n\n"); });
            p.cursor += 2;
        }
    }

    void apply(std::size_t to, bytes const& update) {
        auto& d = *peers_[to].doc;
        if (to != 0) {
            d.apply_update(update);
            return;
        }
        auto t0 = steady::now();
        mid_ = t0;
        d.apply_update(update);
        auto t1 = steady::now();
        if (mid_ == t0) mid_ = t1;  // no transaction reached the views (e.g. a duplicate)
        merge_us_.push_back(std::chrono::duration<double, std::micro>(mid_ - t0).count());
        views_us_.push_back(std::chrono::duration<double, std::micro>(t1 - mid_).count());
        ++merged_;
    }

    void deliver_due() {
        std::vector<message> later;
        for (auto& m : queue_) {
            if (m.due > tick_ || !peers_[m.to].online) later.push_back(std::move(m));
            else apply(m.to, m.update);
        }
        queue_ = std::move(later);
    }

    void reconnect(std::size_t i) {
        auto& p = peers_[i];
        p.online = true;
        // What it wrote offline leaves as one merged batch; what it missed arrives as a diff.
        if (!p.outbox.empty()) {
            auto batch = crdt::encoding::merge_updates(p.outbox);
            batch_bytes_ = batch.size();
            batch_updates_ = p.outbox.size();
            p.outbox.clear();
            auto t0 = steady::now();
            apply(0, batch);
            batch_ms_ = std::chrono::duration<double, std::milli>(steady::now() - t0).count();
            for (std::size_t j = 1; j < peers_.size(); ++j)
                if (j != i) peers_[j].doc->apply_update(batch);
        }
        p.doc->apply_update(peers_[0].doc->encode_state_as_update(p.doc->get_state_vector()));
    }

    void checkpoint() {
        auto text = peers_[0].doc->get_text("content").to_string();
        auto s = from_scratch(text, 10);
        std::string what;
        if (!(s.words == views_->words())) what += " words";
        if (!same_outline(s.outline, views_->outline().entries())) what += " outline";
        if (!(s.top == views_->top_terms())) what += " top-terms";
        ++checkpoints_;
        if (!what.empty()) {
            ++checkpoint_failures_;
            if (first_failure_.empty())
                first_failure_ = "op " + std::to_string(tick_) + ":" + what + " differ from a from-scratch computation";
        }
    }

    void finish() {
        for (auto& m : queue_) apply(m.to, m.update);
        queue_.clear();
        for (int pass = 0; pass < 2; ++pass)
            for (std::size_t a = 0; a < peers_.size(); ++a)
                for (std::size_t b = 0; b < peers_.size(); ++b)
                    if (a != b) apply(b, peers_[a].doc->encode_state_as_update(peers_[b].doc->get_state_vector()));
        checkpoint();
        auto json_of = [](yata::doc& d) { return yata::type_to_json(d, d.get_root("content"), yata::root_kind::text); };
        auto j0 = json_of(*peers_[0].doc);
        auto sv0 = peers_[0].doc->get_state_vector();
        auto v0 = from_scratch(peers_[0].doc->get_text("content").to_string(), 10);
        converged_ = true;
        views_converged_ = true;
        for (std::size_t i = 1; i < peers_.size(); ++i) {
            converged_ = converged_ && json_of(*peers_[i].doc) == j0 && peers_[i].doc->get_state_vector() == sv0;
            auto vi = from_scratch(peers_[i].doc->get_text("content").to_string(), 10);
            views_converged_ = views_converged_ && vi.words == views_->words() && vi.top == views_->top_terms() &&
                               same_outline(vi.outline, views_->outline().entries()) && vi.words == v0.words;
        }
        final_text_ = peers_[0].doc->get_text("content").to_string();
    }

    void draw(steady::duration elapsed) {
        double secs = std::chrono::duration<double>(elapsed).count();
        auto w = views_->words();
        int width = 40;
        auto done = std::min(tick_, o_.ops);
        int filled = static_cast<int>(static_cast<double>(width) * static_cast<double>(done) / static_cast<double>(o_.ops));
        std::string bar(static_cast<std::size_t>(filled), '#');
        bar += std::string(static_cast<std::size_t>(width - filled), '.');
        if (!tty_) {
            std::printf("demo: %3zu%%  ops %zu/%zu  merged %zu  words %llu  headings %zu  merge p50 %.1f us  views p50 %.1f us\n",
                        done * 100 / o_.ops, done, o_.ops, merged_, static_cast<unsigned long long>(w.words),
                        static_cast<std::size_t>(views_->outline().size()), percentile(merge_us_, 0.5),
                        percentile(views_us_, 0.5));
            std::fflush(stdout);
            return;
        }
        std::string out = "\x1b[H\x1b[2J";
        char line[256];
        std::snprintf(line, sizeof line, "refold demo  seed %llu  %d peers  %.1f s\n[%s] %zu/%zu ops\n\n",
                      static_cast<unsigned long long>(o_.seed), o_.peers, secs, bar.c_str(), done, o_.ops);
        out += line;
        for (std::size_t i = 0; i < peers_.size(); ++i) {
            std::snprintf(line, sizeof line, "  peer %zu  %-8s%s\n", i, peers_[i].online ? "online" : "OFFLINE",
                          i == 0 ? "  (live views)" : "");
            out += line;
        }
        std::snprintf(line, sizeof line, "\nwords %llu  characters %llu  lines %llu\n",
                      static_cast<unsigned long long>(w.words), static_cast<unsigned long long>(w.code_points),
                      static_cast<unsigned long long>(w.lines));
        out += line;
        out += "outline:\n";
        auto entries = views_->outline().entries();
        for (std::size_t i = 0; i < std::min<std::size_t>(entries.size(), 8); ++i) {
            std::snprintf(line, sizeof line, "  %*s%s %s\n", static_cast<int>(2 * (entries[i].level - 1)), "",
                          entries[i].number.c_str(), entries[i].title.c_str());
            out += line;
        }
        if (entries.size() > 8) out += "  ... " + std::to_string(entries.size() - 8) + " more\n";
        out += "top terms:";
        for (auto const& t : views_->top_terms()) out += " " + t.term + "(" + std::to_string(t.count) + ")";
        std::snprintf(line, sizeof line,
                      "\n\nmerged %zu updates at peer 0\n  merge  p50 %7.1f us  p99 %7.1f us\n  views  p50 %7.1f us  p99 %7.1f us\n"
                      "checkpoints %zu, failed %zu\n",
                      merged_, percentile(merge_us_, 0.5), percentile(merge_us_, 0.99), percentile(views_us_, 0.5),
                      percentile(views_us_, 0.99), checkpoints_, checkpoint_failures_);
        out += line;
        std::fwrite(out.data(), 1, out.size(), stdout);
        std::fflush(stdout);
    }

    int summary() {
        bool ok = converged_ && views_converged_ && checkpoint_failures_ == 0;
        auto w = views_->words();
        nlohmann::json j = {
            {"seed", o_.seed},
            {"peers", o_.peers},
            {"ops", o_.ops},
            {"local_transactions", local_txns_},
            {"merged_updates_at_peer0", merged_},
            {"offline_batch", {{"updates", batch_updates_}, {"bytes", batch_bytes_}, {"merge_with_views_ms", batch_ms_}}},
            {"converged", converged_},
            {"views_converged", views_converged_},
            {"checkpoints", checkpoints_},
            {"checkpoint_failures", checkpoint_failures_},
            {"final", {{"utf8_bytes", final_text_.size()}, {"words", w.words}, {"characters", w.code_points},
                       {"lines", w.lines}, {"headings", views_->outline().size()}}},
            {"merge_us", {{"p50", percentile(merge_us_, 0.5)}, {"p99", percentile(merge_us_, 0.99)}}},
            {"views_us", {{"p50", percentile(views_us_, 0.5)}, {"p99", percentile(views_us_, 0.99)}}},
            {"elapsed_s", elapsed_},
            {"first_mismatch", first_failure_},
        };
        if (o_.json) {
            std::printf("%s\n", j.dump(2).c_str());
            return ok ? 0 : 1;
        }
        if (tty_) draw(std::chrono::duration_cast<steady::duration>(std::chrono::duration<double>(elapsed_)));
        std::printf("\nsummary\n");
        std::printf("  peers converged (same JSON and state vector): %s\n", converged_ ? "yes" : "NO");
        std::printf("  views equal on every peer:                    %s\n", views_converged_ ? "yes" : "NO");
        std::printf("  views equal from-scratch at checkpoints:      %zu/%zu\n", checkpoints_ - checkpoint_failures_, checkpoints_);
        std::printf("  %zu local transactions, %zu updates merged at peer 0, offline batch of %zu updates (%zu bytes) merged in %.2f ms\n",
                    local_txns_, merged_, batch_updates_, batch_bytes_, batch_ms_);
        std::printf("  final document: %zu bytes, %llu words, %llu lines, %zu headings\n", final_text_.size(),
                    static_cast<unsigned long long>(w.words), static_cast<unsigned long long>(w.lines),
                    static_cast<std::size_t>(views_->outline().size()));
        std::printf("  merge latency p50 %.1f us, p99 %.1f us; view update p50 %.1f us, p99 %.1f us\n",
                    percentile(merge_us_, 0.5), percentile(merge_us_, 0.99), percentile(views_us_, 0.5),
                    percentile(views_us_, 0.99));
        std::printf("  %.2f s\n", elapsed_);
        if (!first_failure_.empty()) std::printf("  first mismatch: %s\n", first_failure_.c_str());
        std::printf("%s\n", ok ? "demo: OK" : "demo: FAILED");
        return ok ? 0 : 1;
    }

    demo_options o_;
    std::mt19937_64 rng_;
    bool tty_ = isatty(1) != 0 && !o_.plain && !o_.json;
    std::vector<peer_state> peers_;
    std::unique_ptr<views::live_views> views_;
    std::vector<message> queue_;
    std::size_t tick_ = 0;
    steady::time_point mid_{};
    std::vector<double> merge_us_, views_us_;
    std::size_t merged_ = 0, local_txns_ = 0, checkpoints_ = 0, checkpoint_failures_ = 0;
    std::size_t batch_updates_ = 0, batch_bytes_ = 0;
    double batch_ms_ = 0, elapsed_ = 0;
    bool converged_ = false, views_converged_ = false;
    std::string final_text_;
    std::string first_failure_;
};

register_command reg{{"demo", "Run the main job: seeded peers co-writing a markdown document, with live views",
                      [](CLI::App& app) -> std::function<int()> {
                          auto o = std::make_shared<demo_options>();
                          app.add_option("--peers", o->peers, "number of peers")->check(CLI::Range(2, 16));
                          app.add_option("--ops", o->ops, "local edit operations in total")->check(CLI::Range(1, 10'000'000));
                          app.add_option("--seed", o->seed, "random seed");
                          app.add_flag("--json", o->json, "print a machine-readable summary");
                          app.add_flag("--plain", o->plain, "plain progress lines even on a terminal");
                          return [o] { return session(*o).run(); };
                      }}};

}  // namespace
}  // namespace refold::tool
