#include <views/ui_state_json.hpp>

#include <views/detail/splice.hpp>
#include <views/error.hpp>

namespace refold::views {

namespace {

using nlohmann::json;

json word_count_json(word_count const& wc) {
    return json{{"words", wc.words}, {"characters", wc.code_points}, {"lines", wc.lines}};
}
json top_json(std::span<term_count const> terms) {
    json a = json::array();
    for (auto const& t : terms) a.push_back(json{{"term", t.term}, {"count", t.count}});
    return a;
}

json term_json(term_count const& t) { return json{{"term", t.term}, {"count", t.count}}; }

void diff_word_count(std::optional<word_count> const& before, word_count const& after, json& patch) {
    if (!before) {
        patch.push_back(json{{"op", "add"}, {"path", "/word_count"}, {"value", word_count_json(after)}});
        return;
    }
    // Keys in nlohmann's (sorted) order, as json::diff would emit them.
    if (before->code_points != after.code_points)
        patch.push_back(json{{"op", "replace"}, {"path", "/word_count/characters"}, {"value", after.code_points}});
    if (before->lines != after.lines)
        patch.push_back(json{{"op", "replace"}, {"path", "/word_count/lines"}, {"value", after.lines}});
    if (before->words != after.words)
        patch.push_back(json{{"op", "replace"}, {"path", "/word_count/words"}, {"value", after.words}});
}

void diff_top_terms(std::optional<std::vector<term_count>> const& before, std::vector<term_count> const& after, json& patch) {
    if (!before) {
        patch.push_back(json{{"op", "add"}, {"path", "/top_terms"}, {"value", top_json(after)}});
        return;
    }
    std::size_t const common = std::min(before->size(), after.size());
    for (std::size_t i = 0; i < common; ++i) {
        std::string const at = "/top_terms/" + std::to_string(i);
        if ((*before)[i].term != after[i].term)
            patch.push_back(json{{"op", "replace"}, {"path", at}, {"value", term_json(after[i])}});
        else if ((*before)[i].count != after[i].count)
            patch.push_back(json{{"op", "replace"}, {"path", at + "/count"}, {"value", after[i].count}});
    }
    for (std::size_t i = before->size(); i > common; --i)
        patch.push_back(json{{"op", "remove"}, {"path", "/top_terms/" + std::to_string(i - 1)}});
    for (std::size_t i = common; i < after.size(); ++i)
        patch.push_back(json{{"op", "add"}, {"path", "/top_terms/-"}, {"value", term_json(after[i])}});
}

}  // namespace

ui_state::ui_state() : p_(std::make_unique<impl>()) {}
ui_state::ui_state(ui_state&&) noexcept = default;
ui_state& ui_state::operator=(ui_state&&) noexcept = default;
ui_state::~ui_state() = default;

json ui_state::impl::value() const {
    json v = json::object();
    if (word_count) v["word_count"] = word_count_json(*word_count);
    if (outline) v["outline"] = detail::outline_json(*outline);
    if (top_terms) v["top_terms"] = top_json(*top_terms);
    return v;
}

void ui_state::set_word_count(word_count const& wc) { p_->next_word_count = wc; }
void ui_state::set_outline(std::span<outline_entry const> entries) {
    p_->next_outline = std::vector<outline_entry>(entries.begin(), entries.end());
}
void ui_state::set_top_terms(std::span<term_count const> terms) {
    p_->next_top_terms = std::vector<term_count>(terms.begin(), terms.end());
}

void ui_state::splice_outline(std::size_t at, std::size_t removed, std::span<outline_entry const> inserted) {
    p_->next_splices.push_back({at, removed, {inserted.begin(), inserted.end()}});
}
void ui_state::splice_outline(std::size_t at, std::size_t removed, std::span<outline_entry const> inserted,
                              std::span<std::pair<std::size_t, std::string> const>) {
    splice_outline(at, removed, inserted);
}

namespace {

void apply_splice(std::vector<outline_entry>& o, ui_state::impl::splice const& sp, json& patch) {
    if (sp.at + sp.removed > o.size()) throw error("[views.ui_state.2] outline splice past the end");
    detail::outline_patch(o, sp.at, sp.removed, sp.inserted, "/outline", patch);
    detail::splice_into(o, sp.at, sp.removed, sp.inserted.begin(), sp.inserted.end());
}

// The splice taking `before` to `after` (common prefix and suffix skipped), as a patch.
void diff_outline(std::vector<outline_entry> const& before, std::vector<outline_entry> const& after, json& patch) {
    auto const same = [](outline_entry const& x, outline_entry const& y) { return x.level == y.level && x.title == y.title; };
    std::size_t const nb = before.size(), na = after.size();
    std::size_t p = 0;
    while (p < nb && p < na && same(before[p], after[p])) ++p;
    std::size_t s = 0;
    while (s < nb - p && s < na - p && same(before[nb - 1 - s], after[na - 1 - s])) ++s;
    std::span<outline_entry const> const inserted(after.data() + p, na - p - s);
    detail::outline_patch(before, p, nb - p - s, inserted, "/outline", patch);
}

}  // namespace

void ui_state::commit_parts() {
    impl& s = *p_;
    s.patch = json::array();
    s.word_count_change.reset();
    s.top_terms_before.reset();
    if (s.next_word_count) {
        // The common case (a word count that was there changes): kept as the two values and
        // rendered into ops when the patch is read; an add is rendered now.
        if (s.word_count) s.word_count_change.emplace(*s.word_count, *s.next_word_count);
        else diff_word_count(s.word_count, *s.next_word_count, s.patch);
        s.word_count = s.next_word_count;
        s.next_word_count.reset();
    }
    if (s.next_outline) {
        if (!s.outline) s.patch.push_back(json{{"op", "add"}, {"path", "/outline"}, {"value", detail::outline_json(*s.next_outline)}});
        else diff_outline(*s.outline, *s.next_outline, s.patch);
        s.outline = std::move(s.next_outline);
        s.next_outline.reset();
    }
    if (!s.next_splices.empty()) {
        if (!s.outline) throw error("[views.ui_state.2] outline splice without an outline");
        for (auto const& sp : s.next_splices) apply_splice(*s.outline, sp, s.patch);
        s.next_splices.clear();
    }
    if (s.next_top_terms) {
        // As the word count: a list that was there is kept and diffed when the patch is read.
        if (s.top_terms) s.top_terms_before = std::move(s.top_terms);
        else diff_top_terms(s.top_terms, *s.next_top_terms, s.patch);
        s.top_terms = std::move(s.next_top_terms);
        s.next_top_terms.reset();
    }
}

std::string ui_state::commit() {
    commit_parts();
    return p_->rendered_patch().dump();
}

std::string ui_state::value() const { return p_->value().dump(); }
std::string ui_state::last_patch() const { return p_->rendered_patch().dump(); }

json ui_state::impl::rendered_patch() const {
    if (!word_count_change && !top_terms_before) return patch;
    json r = json::array();
    if (word_count_change) diff_word_count(word_count_change->first, word_count_change->second, r);  // word count ops come first
    for (auto const& op : patch) r.push_back(op);
    if (top_terms_before) diff_top_terms(top_terms_before, *top_terms, r);  // top terms last
    return r;
}

std::string ui_state::apply_patch(std::string const& before, std::string const& patch) {
    try {
        return json::parse(before).patch(json::parse(patch)).dump();
    } catch (json::exception const& e) {
        throw error(std::string("[views.ui_state.1] bad patch: ") + e.what());
    }
}

std::string ui_state_of(word_count const& wc, std::span<outline_entry const> outline, std::span<term_count const> top) {
    json v = json::object();
    v["word_count"] = word_count_json(wc);
    v["outline"] = detail::nested_outline_json(outline);
    v["top_terms"] = top_json(top);
    return v.dump();
}

}  // namespace refold::views
