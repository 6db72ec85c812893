#include <views/ui_state_json.hpp>

#include <views/error.hpp>

namespace refold::views {

namespace {

using nlohmann::json;

json entry_json(outline_entry const& e);

json word_count_json(word_count const& wc) {
    return json{{"words", wc.words}, {"characters", wc.code_points}, {"lines", wc.lines}};
}
json outline_json(std::span<outline_entry const> entries) {
    json a = json::array();
    for (auto const& e : entries) a.push_back(entry_json(e));
    return a;
}
json top_json(std::span<term_count const> terms) {
    json a = json::array();
    for (auto const& t : terms) a.push_back(json{{"term", t.term}, {"count", t.count}});
    return a;
}

json entry_json(outline_entry const& e) {
    return json{{"number", e.number}, {"level", e.level}, {"title", e.title}};
}

// Outline entries as the UI shows them (offsets are not part of the value).
bool same_entry(outline_entry const& a, outline_entry const& b) {
    return a.level == b.level && a.title == b.title && a.number == b.number;
}

// A patch from `before` to `after`: the common prefix is skipped, the common suffix (same level
// and title; numbers may have shifted) only gets its changed numbers replaced, and the middle
// is replaced field by field, then shortened or extended.
void diff_outline(std::vector<outline_entry> const& before, std::vector<outline_entry> const& after, json& patch) {
    std::size_t const nb = before.size(), na = after.size();
    std::size_t p = 0;
    while (p < nb && p < na && same_entry(before[p], after[p])) ++p;
    std::size_t s = 0;
    while (s < nb - p && s < na - p && before[nb - 1 - s].level == after[na - 1 - s].level &&
           before[nb - 1 - s].title == after[na - 1 - s].title)
        ++s;
    std::size_t const mb = nb - p - s, ma = na - p - s;
    std::size_t const common = std::min(mb, ma);
    for (std::size_t i = 0; i < common; ++i) {
        outline_entry const& x = before[p + i];
        outline_entry const& y = after[p + i];
        std::string const at = "/outline/" + std::to_string(p + i);
        if (x.level != y.level) patch.push_back(json{{"op", "replace"}, {"path", at + "/level"}, {"value", y.level}});
        if (x.number != y.number) patch.push_back(json{{"op", "replace"}, {"path", at + "/number"}, {"value", y.number}});
        if (x.title != y.title) patch.push_back(json{{"op", "replace"}, {"path", at + "/title"}, {"value", y.title}});
    }
    for (std::size_t i = common; i < mb; ++i)
        patch.push_back(json{{"op", "remove"}, {"path", "/outline/" + std::to_string(p + common)}});
    for (std::size_t i = common; i < ma; ++i)
        patch.push_back(json{{"op", "add"}, {"path", "/outline/" + std::to_string(p + i)}, {"value", entry_json(after[p + i])}});
    for (std::size_t i = 0; i < s; ++i) {
        outline_entry const& x = before[nb - s + i];
        outline_entry const& y = after[na - s + i];
        if (x.number != y.number)
            patch.push_back(json{{"op", "replace"}, {"path", "/outline/" + std::to_string(na - s + i) + "/number"}, {"value", y.number}});
    }
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
    if (outline) v["outline"] = outline_json(*outline);
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

void ui_state::splice_outline(std::size_t at, std::size_t removed, std::span<outline_entry const> inserted,
                              std::span<std::pair<std::size_t, std::string> const> renumbered) {
    p_->next_splices.push_back({at, removed, {inserted.begin(), inserted.end()}, {renumbered.begin(), renumbered.end()}});
}

namespace {

void apply_splice(std::vector<outline_entry>& o, ui_state::impl::splice const& sp, json& patch) {
    if (sp.at + sp.removed > o.size()) throw error("[views.ui_state.2] outline splice past the end");
    auto const first = o.begin() + static_cast<std::ptrdiff_t>(sp.at);
    o.erase(first, first + static_cast<std::ptrdiff_t>(sp.removed));
    o.insert(o.begin() + static_cast<std::ptrdiff_t>(sp.at), sp.inserted.begin(), sp.inserted.end());
    // Paired entries are replaced field by field; the rest removed or added.
    std::size_t const common = std::min(sp.removed, sp.inserted.size());
    for (std::size_t i = 0; i < sp.removed - common; ++i)
        patch.push_back(json{{"op", "remove"}, {"path", "/outline/" + std::to_string(sp.at + common)}});
    for (std::size_t i = 0; i < common; ++i)
        patch.push_back(json{{"op", "replace"}, {"path", "/outline/" + std::to_string(sp.at + i)}, {"value", entry_json(sp.inserted[i])}});
    for (std::size_t i = common; i < sp.inserted.size(); ++i)
        patch.push_back(json{{"op", "add"}, {"path", "/outline/" + std::to_string(sp.at + i)}, {"value", entry_json(sp.inserted[i])}});
    for (auto const& [k, number] : sp.renumbered) {
        if (k >= o.size()) throw error("[views.ui_state.2] outline renumbering past the end");
        o[k].number = number;
        patch.push_back(json{{"op", "replace"}, {"path", "/outline/" + std::to_string(k) + "/number"}, {"value", number}});
    }
}

}  // namespace

void ui_state::commit_parts() {
    impl& s = *p_;
    s.patch = json::array();
    s.word_count_change.reset();
    if (s.next_word_count) {
        // The common case (a word count that was there changes): kept as the two values and
        // rendered into ops when the patch is read; an add is rendered now.
        if (s.word_count) s.word_count_change.emplace(*s.word_count, *s.next_word_count);
        else diff_word_count(s.word_count, *s.next_word_count, s.patch);
        s.word_count = s.next_word_count;
        s.next_word_count.reset();
    }
    if (s.next_outline) {
        if (!s.outline) s.patch.push_back(json{{"op", "add"}, {"path", "/outline"}, {"value", outline_json(*s.next_outline)}});
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
        diff_top_terms(s.top_terms, *s.next_top_terms, s.patch);
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
    if (!word_count_change) return patch;
    json r = json::array();
    diff_word_count(word_count_change->first, word_count_change->second, r);  // word count ops come first
    for (auto const& op : patch) r.push_back(op);
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
    v["outline"] = outline_json(outline);
    v["top_terms"] = top_json(top);
    return v.dump();
}

}  // namespace refold::views
