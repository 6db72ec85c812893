// The one bridge from views to nlohmann/json: the UI state's value and patch as json objects.
// Include only from .cpp files that already pay for <nlohmann/json.hpp>.
#pragma once

#include <views/ui_state.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <utility>
#include <vector>

namespace refold::views {

struct ui_state::impl {
    // The committed parts, kept as structs and diffed by hand into the ops json::diff would
    // give for them (the outline: unchanged prefix and shifted suffix skipped, fields replaced).
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
        std::vector<std::pair<std::size_t, std::string>> renumbered;
    };
    std::vector<splice> next_splices;  // applied after next_outline
    // The last patch: its word count ops as (before, after) when the word count was already
    // there (rendered on reading, see rendered_patch), the other ops as JSON.
    std::optional<std::pair<views::word_count, views::word_count>> word_count_change;
    nlohmann::json patch = nlohmann::json::array();

    [[nodiscard]] nlohmann::json value() const;
    [[nodiscard]] nlohmann::json rendered_patch() const;
};
[[nodiscard]] inline nlohmann::json json_of(ui_state const& s) { return s.internals().value(); }
[[nodiscard]] inline nlohmann::json patch_of(ui_state const& s) { return s.internals().rendered_patch(); }

}  // namespace refold::views
