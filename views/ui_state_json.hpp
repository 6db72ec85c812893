// The one bridge from views to nlohmann/json: the UI state's value and patch as json objects.
// Include only from .cpp files that already pay for <nlohmann/json.hpp>.
#pragma once

#include <views/ui_state.hpp>

#include <nlohmann/json.hpp>

namespace refold::views {

struct ui_state::impl {
    nlohmann::json value = nlohmann::json::object();
    nlohmann::json word_count, outline, top_terms;     // pending parts (null when unset)
    nlohmann::json patch = nlohmann::json::array();
};

[[nodiscard]] inline nlohmann::json const& json_of(ui_state const& s) { return s.internals().value; }
[[nodiscard]] inline nlohmann::json const& patch_of(ui_state const& s) { return s.internals().patch; }

}  // namespace refold::views
