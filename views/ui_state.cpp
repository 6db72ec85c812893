#include <views/ui_state_json.hpp>

#include <views/error.hpp>

namespace refold::views {

namespace {

using nlohmann::json;

json word_count_json(word_count const& wc) {
    return json{{"words", wc.words}, {"characters", wc.code_points}, {"lines", wc.lines}};
}
json outline_json(std::span<outline_entry const> entries) {
    json a = json::array();
    for (auto const& e : entries) a.push_back(json{{"number", e.number}, {"level", e.level}, {"title", e.title}});
    return a;
}
json top_json(std::span<term_count const> terms) {
    json a = json::array();
    for (auto const& t : terms) a.push_back(json{{"term", t.term}, {"count", t.count}});
    return a;
}

// Diffs one part into `patch` and installs it into `value`.
void commit_part(json& value, json& pending, char const* key, json& patch) {
    if (pending.is_null()) return;
    if (!value.contains(key)) {
        patch.push_back(json{{"op", "add"}, {"path", std::string("/") + key}, {"value", pending}});
    } else {
        for (auto& op : json::diff(value[key], pending, std::string("/") + key)) patch.push_back(std::move(op));
    }
    value[key] = std::move(pending);
    pending = nullptr;
}

}  // namespace

ui_state::ui_state() : p_(std::make_unique<impl>()) {}
ui_state::ui_state(ui_state&&) noexcept = default;
ui_state& ui_state::operator=(ui_state&&) noexcept = default;
ui_state::~ui_state() = default;

void ui_state::set_word_count(word_count const& wc) { p_->word_count = word_count_json(wc); }
void ui_state::set_outline(std::span<outline_entry const> entries) { p_->outline = outline_json(entries); }
void ui_state::set_top_terms(std::span<term_count const> terms) { p_->top_terms = top_json(terms); }

std::string ui_state::commit() {
    p_->patch = json::array();
    commit_part(p_->value, p_->word_count, "word_count", p_->patch);
    commit_part(p_->value, p_->outline, "outline", p_->patch);
    commit_part(p_->value, p_->top_terms, "top_terms", p_->patch);
    return p_->patch.dump();
}

std::string ui_state::value() const { return p_->value.dump(); }
std::string ui_state::last_patch() const { return p_->patch.dump(); }

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
