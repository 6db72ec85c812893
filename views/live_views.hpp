// live_views: one call attaches a CRDT document to an incr graph of live views.
//
//   crdt::yata::doc d(1);
//   views::live_views lv(d, "content");          // mirrors d and observes its transactions
//   d.get_text("content").insert(0, "# Title\nhello world\n");
//   lv.words();            // {3 words, 20 characters, 2 lines}
//   lv.outline().entries() // [{"1", 1, "Title"}]
//   lv.top_terms();        // [{"hello",1}, {"title",1}, {"world",1}]
//   lv.ui_patch();         // RFC 6902 patch from the previous UI state
//
// Every transaction of the document (local edits and applied remote updates alike) goes
// through the mirror (change_set -> new persistent version), sets the graph's input and
// stabilizes: each view node re-runs only when its input changed, and each memoized fold
// re-runs its algebra only on the nodes the delta created. The inverted index is a
// commutative-group fold kept from the delta's regions. Observers registered with
// on_update run after each transaction with every view current.
//
// A user-defined view is an algebra over the text rope's layers (see text_views.hpp):
//   auto todo = lv.add_view(my_algebra{});     // live_view<A>; todo.value()
#pragma once

#include <views/inverted_index.hpp>
#include <views/mirror.hpp>
#include <views/text_views.hpp>

#include <crdt/yata/doc.hpp>
#include <incr/graph.hpp>
#include <schemes/memo.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace refold::views {

// A user-defined view's live value.
template <class A>
class live_view {
public:
    explicit live_view(incr::observer<A> o) : o_(std::move(o)) {}
    [[nodiscard]] A const& value() const { return o_.value(); }
    template <class F>
    void on_change(F f) {
        o_.on_change(std::move(f));
    }

private:
    incr::observer<A> o_;
};

// What the last transaction cost.
struct view_work {
    std::uint64_t algebra_applications = 0;  // summed over every memoized view
    incr::counters graph;                    // the graph's counters for the stabilization
    std::uint64_t index_tokens = 0;          // tokens subtracted + added in the index
};

class live_views {
public:
    struct options {
        std::size_t top_k = 10;
        bool ui_state = true;  // keep the UI JSON and its patches
    };

    live_views(crdt::yata::doc& d, std::string text_name, options opts);
    live_views(crdt::yata::doc& d, std::string text_name = "content") : live_views(d, std::move(text_name), options{}) {}
    ~live_views();
    live_views(live_views const&) = delete;
    live_views& operator=(live_views const&) = delete;

    [[nodiscard]] word_count const& words() const;
    [[nodiscard]] outline_value const& outline() const;
    // The outline of the current text version (same entries as outline(), current offsets).
    [[nodiscard]] outline_value outline_at_current() const;
    [[nodiscard]] std::vector<term_count> const& top_terms() const;
    [[nodiscard]] inverted_index const& index() const;
    [[nodiscard]] std::string ui_value() const;
    [[nodiscard]] std::string ui_patch() const;
    [[nodiscard]] text_state const& text() const;
    [[nodiscard]] doc_version const& document() const;
    [[nodiscard]] std::uint32_t text_type() const noexcept;

    // Registers a view given by an algebra over text_layer<A>; folded with memo_cata.
    template <class Alg>
    auto add_view(Alg alg) {
        using A = typename Alg::carrier_type;
        auto memo = std::make_shared<schemes::memo<A>>();
        track([memo] { return memo->applications(); });
        auto n = graph().map([alg, memo](text_state const& t) { return schemes::memo_cata(alg, t.text.root(), *memo); },
                             text_node());
        auto v = live_view<A>(graph().observe(n));
        graph().stabilize();
        return v;
    }

    // cb runs after every transaction, with every view current.
    void on_update(std::function<void(live_views const&)> cb);
    // Feeds one transaction (what the document observer calls).
    void apply(crdt::yata::change_set const& cs);

    [[nodiscard]] view_work const& last_work() const noexcept;
    [[nodiscard]] incr::graph& graph() noexcept;

private:
    [[nodiscard]] incr::node<text_state> text_node() const;
    void track(std::function<std::uint64_t()> applications);

    struct impl;
    std::shared_ptr<impl> p_;
};

}  // namespace refold::views
