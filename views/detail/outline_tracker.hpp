// internal; see <views/live_views.hpp>
//
// The outline entries (level, title, offset) of a live text, kept from deltas: each
// transaction's regions re-read only the lines they touch. The result is a list of splices of the entry
// list that the UI state turns into a patch of its nested outline. Entries carry no numbers
// (the UI's outline derives them from positions), so a new top-level section costs one
// splice, not a renumbering of every later section.
#pragma once

#include <views/outline.hpp>
#include <views/text_state.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace refold::views::detail {

struct outline_splice {
    std::size_t at = 0;        // first entry replaced
    std::size_t removed = 0;   // old entries [at, at + removed)
    std::vector<outline_entry> inserted;  // numbers left empty
    [[nodiscard]] bool empty() const noexcept { return removed == 0 && inserted.empty(); }
};

class outline_tracker {
public:
    // From scratch on a text.
    void reset(schemes::text_rope const& text);
    // One transaction: `regions` took `before` to `after`. When `headings_changed` is false the
    // heading lines are known to be the same (the outline digest did not move): offsets only
    // shift. Returns the changes of the entry list, one splice per run of touched lines that
    // changed a heading, each in the indices left by the ones before it (none when nothing the
    // UI shows changed): far-apart edits of one delta never make one splice spanning the
    // sections between them.
    std::vector<outline_splice> apply(text_state const& before, text_state const& after, std::span<text_region const> regions,
                         bool headings_changed);
    // Levels and titles (offset and number fields are not kept; see offsets()).
    [[nodiscard]] std::vector<outline_entry> const& entries() const noexcept { return entries_; }
    [[nodiscard]] std::vector<std::uint64_t> const& offsets() const noexcept { return offsets_; }

private:
    std::vector<outline_entry> entries_;   // level and title (numbers and offsets left empty)
    std::vector<std::uint64_t> offsets_;   // byte offset of each entry in the current text (sorted)
    std::vector<std::uint64_t> lens_;      // length of each entry's line (without its '\n')

    // When no region touches a heading line (and the headings did not change): moves the
    // offsets and returns true; otherwise changes nothing and returns false.
    bool shift_only(text_state const& before, text_state const& after, std::span<text_region const> regions);
};

}  // namespace refold::views::detail
