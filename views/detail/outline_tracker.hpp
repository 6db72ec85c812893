// internal; see <views/live_views.hpp>
//
// The outline entries of a live text, kept from deltas: each transaction's regions re-read only
// the lines they touch, and the numbers after a changed heading are recomputed only until the
// numbering state agrees with the old one again (a new top-level section renumbers every later
// section, a new sub-heading only its later siblings). The result is a splice of the entry list
// that the UI state turns into a patch without looking at the rest of the outline.
#pragma once

#include <views/outline.hpp>
#include <views/text_state.hpp>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace refold::views::detail {

// The numbering state after an entry: the open sections (level, children so far) and the
// number of top-level sections.
struct numbering_state {
    std::uint32_t root = 0;
    std::uint32_t depth = 0;
    std::array<std::uint32_t, 7> level{};
    std::array<std::uint32_t, 7> children{};
    friend bool operator==(numbering_state const&, numbering_state const&) = default;
};

struct outline_splice {
    std::size_t at = 0;        // first entry replaced
    std::size_t removed = 0;   // old entries [at, at + removed)
    std::vector<outline_entry> inserted;
    std::vector<std::pair<std::size_t, std::string>> renumbered;  // (index after the splice, number)
    [[nodiscard]] bool empty() const noexcept { return removed == 0 && inserted.empty() && renumbered.empty(); }
};

class outline_tracker {
public:
    // From scratch on a text.
    void reset(schemes::text_rope const& text);
    // One transaction: `regions` took `before` to `after`. When `headings_changed` is false the
    // heading lines are known to be the same (the outline digest did not move): offsets only
    // shift. Returns the change of the entry list (empty when nothing the UI shows changed).
    outline_splice apply(text_state const& before, text_state const& after, std::span<text_region const> regions,
                         bool headings_changed);
    [[nodiscard]] std::vector<outline_entry> const& entries() const noexcept { return entries_; }

private:
    std::vector<outline_entry> entries_;   // offsets in the current text
    std::vector<numbering_state> states_;  // state after each entry
};

}  // namespace refold::views::detail
