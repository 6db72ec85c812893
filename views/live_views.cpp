#include <views/live_views.hpp>

#include <views/detail/outline_tracker.hpp>
#include <views/error.hpp>
#include <views/ui_state.hpp>

namespace refold::views {

struct live_views::impl {
    crdt::yata::doc* doc;
    std::uint32_t type;
    options opts;
    views::mirror mirror;
    incr::graph g;
    incr::var<doc_version> doc_var;
    incr::node<text_state> text;
    std::shared_ptr<schemes::memo<word_summary>> word_memo = std::make_shared<schemes::memo<word_summary>>();
    std::shared_ptr<schemes::memo<line_summary>> line_memo = std::make_shared<schemes::memo<line_summary>>();
    inverted_index index;
    incr::var<std::uint64_t> index_version;  // bumped (top_epoch) when the top-k list may change
    std::uint64_t top_epoch = 0;
    incr::observer<word_count> words;
    incr::observer<outline_value> outline;
    incr::observer<std::vector<term_count>> top;
    ui_state ui;
    detail::outline_tracker outline_entries;  // the UI's outline, kept from the deltas
    std::vector<std::function<std::uint64_t()>> applications;
    std::vector<std::function<void(live_views const&)>> callbacks;
    view_work work;

    impl(crdt::yata::doc& d, std::string const& name, options o)
        : doc(&d), type(d.get_text(name).type_index()), opts(o), mirror(d) {}

    std::uint64_t total_applications() const {
        std::uint64_t n = 0;
        for (auto const& f : applications) n += f();
        return n;
    }
};

live_views::live_views(crdt::yata::doc& d, std::string text_name, options opts)
    : p_(std::make_shared<impl>(d, text_name, opts)) {
    impl& s = *p_;
    std::uint32_t const type = s.type;
    s.doc_var = s.g.var(s.mirror.current());
    s.text = s.g.map(
        [type](doc_version const& v) {
            text_state const* t = v.text(type);
            return t != nullptr ? *t : text_state{};
        },
        s.doc_var);
    s.text.set_name("text");
    auto wm = s.word_memo;
    auto lm = s.line_memo;
    s.applications.push_back([wm] { return wm->applications(); });
    s.applications.push_back([lm] { return lm->applications(); });
    auto words = s.g.map([wm](text_state const& t) { return schemes::memo_cata(word_algebra{}, t.text.root(), *wm).finish(); },
                         s.text);
    words.set_name("word_count");
    auto outline = s.g.map([lm](text_state const& t) { return outline_value(t.text, lm); }, s.text);
    outline.set_name("outline");
    if (auto const* t = s.mirror.current().text(type)) s.index = index_of(*t);
    s.index_version = s.g.var(s.index.version());
    impl* self = &s;
    auto top = s.g.map([self](std::uint64_t) { return self->index.top(self->opts.top_k); }, s.index_version);
    top.set_name("top_terms");
    s.words = s.g.observe(words);
    s.outline = s.g.observe(outline);
    s.top = s.g.observe(top);
    if (opts.ui_state) {
        s.words.on_change([self](word_count const& wc) { self->ui.set_word_count(wc); });
        s.top.on_change([self](std::vector<term_count> const& t) { self->ui.set_top_terms(t); });
    }
    s.g.stabilize();
    if (opts.ui_state) {
        if (auto const* t = s.mirror.current().text(type)) s.outline_entries.reset(t->text);
        s.ui.set_outline(s.outline_entries.entries());
        s.ui.commit_parts();
    }
    std::weak_ptr<impl> weak = p_;
    d.observe([weak, this](crdt::yata::change_set const& cs) {
        if (auto alive = weak.lock()) apply(cs);
    });
}

live_views::~live_views() = default;

void live_views::apply(crdt::yata::change_set const& cs) {
    impl& s = *p_;
    std::uint64_t const apps_before = s.total_applications();
    doc_version const& v = s.mirror.apply(cs);
    std::uint64_t tokens_before = 0;
    std::uint64_t const index_before = s.index.version();
    for (auto const& [type, regions] : s.mirror.last_regions()) {
        if (type != s.type) continue;
        text_state const* before = s.mirror.previous().text(type);
        text_state const* after = v.text(type);
        if (before == nullptr || after == nullptr) continue;
        update_index(s.index, *before, *after, regions);
    }
    bool replaced = false;
    if (s.mirror.previous().text(s.type) == nullptr && v.text(s.type) != nullptr) {
        s.index = index_of(*v.text(s.type));
        replaced = true;
    }
    tokens_before = s.index.version() - index_before;
    s.doc_var.set(v);
    // The top-k list is rebuilt only when a change could reach it.
    if (s.index.top_may_have_changed(s.opts.top_k) || replaced) s.index_version.set(++s.top_epoch);
    outline_digest const digest_before = s.outline.value().digest();
    s.g.stabilize();
    if (s.opts.ui_state) {
        bool const changed = s.outline.value().digest() != digest_before;
        text_state const* before = s.mirror.previous().text(s.type);
        text_state const* after = v.text(s.type);
        if (replaced && after != nullptr) {
            s.outline_entries.reset(after->text);
            s.ui.set_outline(s.outline_entries.entries());
        } else if (before != nullptr && after != nullptr) {
            for (auto const& [type, regions] : s.mirror.last_regions()) {
                if (type != s.type) continue;
                for (auto const& sp : s.outline_entries.apply(*before, *after, regions, changed))
                    if (!sp.empty()) s.ui.splice_outline(sp.at, sp.removed, sp.inserted);
            }
        }
        s.ui.commit_parts();
    }
    s.work.algebra_applications = s.total_applications() - apps_before;
    s.work.graph = s.g.stats().last;
    s.work.index_tokens = tokens_before;
    for (auto const& cb : s.callbacks) cb(*this);
}

word_count const& live_views::words() const { return p_->words.value(); }
outline_value const& live_views::outline() const { return p_->outline.value(); }
outline_value live_views::outline_at_current() const { return outline_value(text().text, p_->line_memo); }
std::vector<term_count> const& live_views::top_terms() const { return p_->top.value(); }
inverted_index const& live_views::index() const { return p_->index; }
std::string live_views::ui_value() const { return p_->ui.value(); }
std::string live_views::ui_patch() const { return p_->ui.last_patch(); }
doc_version const& live_views::document() const { return p_->mirror.current(); }
std::uint32_t live_views::text_type() const noexcept { return p_->type; }
text_state const& live_views::text() const {
    static text_state const empty;
    text_state const* t = p_->mirror.current().text(p_->type);
    return t != nullptr ? *t : empty;
}
void live_views::on_update(std::function<void(live_views const&)> cb) { p_->callbacks.push_back(std::move(cb)); }
view_work const& live_views::last_work() const noexcept { return p_->work; }
incr::graph& live_views::graph() noexcept { return p_->g; }
incr::node<text_state> live_views::text_node() const { return p_->text; }
void live_views::track(std::function<std::uint64_t()> applications) { p_->applications.push_back(std::move(applications)); }

}  // namespace refold::views
