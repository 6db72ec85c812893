// The one bridge from views to nlohmann/json: the UI state's value and patch as json objects.
// Include only from .cpp files that already pay for <nlohmann/json.hpp>.
#pragma once

#include <views/ui_state.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace refold::views {

struct ui_state::impl {
    // The committed parts, kept as structs and diffed by hand (the word count and top terms into
    // the ops json::diff would give; the outline, kept flat, section by section).
    std::optional<views::word_count> word_count;
    std::optional<std::vector<term_count>> top_terms;
    std::optional<std::vector<outline_entry>> outline;
    // Pending parts (set since the last commit).
    std::optional<views::word_count> next_word_count;
    std::optional<std::vector<term_count>> next_top_terms;
    std::optional<std::vector<outline_entry>> next_outline;
    struct splice {
        std::size_t at = 0, removed = 0;
        std::vector<outline_entry> inserted;
    };
    std::vector<splice> next_splices;  // applied after next_outline
    // The last patch: its word count ops as (before, after) when the word count was already
    // there (rendered on reading, see rendered_patch), the outline's and first values as JSON.
    std::optional<std::pair<views::word_count, views::word_count>> word_count_change;
    // Likewise the top terms: the list before the last commit when it was already there (the
    // list after is top_terms); its ops are rendered after the others.
    std::optional<std::vector<term_count>> top_terms_before;
    nlohmann::json patch = nlohmann::json::array();

    [[nodiscard]] nlohmann::json value() const;
    [[nodiscard]] nlohmann::json rendered_patch() const;
};
namespace detail {

// The UI's outline is nested: [{"level": 1, "title": "...", "children": [...]}, ...], a heading's
// children being the headings of its section (as build_outline). Section numbers are not part of
// the value (a UI derives them from positions), so a new top-level section is one "add", not a
// renumbering of every later section. Implemented in views/outline_json.cpp.

// The nested value of a flat entry list (document order).
[[nodiscard]] nlohmann::json outline_json(std::span<outline_entry const> entries);
// The same through build_outline (ana) and a cata to JSON: the from-scratch oracle.
[[nodiscard]] nlohmann::json nested_outline_json(std::span<outline_entry const> entries);
// Appends to `patch` the ops that take the nested value of `before` (at JSON pointer `path`) to
// the nested value of `before` with entries [at, at + removed) replaced by `inserted`. The ops
// touch only the sections whose content or parent changed.
void outline_patch(std::span<outline_entry const> before, std::size_t at, std::size_t removed,
                   std::span<outline_entry const> inserted, std::string const& path, nlohmann::json& patch);

}  // namespace detail

[[nodiscard]] inline nlohmann::json json_of(ui_state const& s) { return s.internals().value(); }
[[nodiscard]] inline nlohmann::json patch_of(ui_state const& s) { return s.internals().rendered_patch(); }

}  // namespace refold::views
