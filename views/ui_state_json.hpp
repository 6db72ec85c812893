// The one bridge from views to nlohmann/json: the UI state's value and patch as json objects.
// Include only from .cpp files that already pay for <nlohmann/json.hpp>.
#pragma once

#include <views/ui_state.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace refold::views {

struct ui_state::impl {
    // The committed parts. The word count and the top terms are small, fixed-shape parts:
    // kept as structs and diffed field by field; the outline is kept as JSON and diffed with
    // nlohmann::json::diff.
    std::optional<views::word_count> word_count;
    std::optional<std::vector<term_count>> top_terms;
    nlohmann::json outline;  // null until set
    // Pending parts (set since the last commit).
    std::optional<views::word_count> next_word_count;
    std::optional<std::vector<term_count>> next_top_terms;
    nlohmann::json next_outline;
    nlohmann::json patch = nlohmann::json::array();

    [[nodiscard]] nlohmann::json value() const;
};
[[nodiscard]] inline nlohmann::json json_of(ui_state const& s) { return s.internals().value(); }
[[nodiscard]] inline nlohmann::json const& patch_of(ui_state const& s) { return s.internals().patch; }

}  // namespace refold::views
