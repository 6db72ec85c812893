// UI state: one JSON value composed from the word count, outline and top terms, with an
// RFC 6902 patch from one committed value to the next.
//
// The value has the shape
//   {"word_count": {"words": W, "characters": C, "lines": L},
//    "outline": [{"level": 1, "title": "...", "children": [{"level": 2, ...}, ...]}, ...],
//    "top_terms": [{"term": "...", "count": N}, ...]}
// The outline is nested (a heading's children are the headings of its section, as
// build_outline) and carries no section numbers: a UI derives "2.3.1" from the positions, so a
// new or removed section is one op instead of a renumbering of every later section.
// Only the parts set since the last commit are diffed (each under its own path), so a
// transaction that changed the word count alone costs a diff of the word count alone. The
// word count and top terms are diffed field by field (the ops json::diff would give); the
// outline section by section, touching only the sections whose heading or parent changed
// (O(depth) ops for one changed heading, plus the sections it adopts or releases). The value
// itself is rendered on demand.
// nlohmann/json stays in the .cpp; <views/ui_state_json.hpp> bridges to it.
#pragma once

#include <views/inverted_index.hpp>
#include <views/outline.hpp>
#include <views/word_count.hpp>

#include <memory>
#include <span>
#include <string>
#include <utility>

namespace refold::views {

class ui_state {
public:
    ui_state();
    ui_state(ui_state&&) noexcept;
    ui_state& operator=(ui_state&&) noexcept;
    ~ui_state();

    void set_word_count(word_count const& wc);
    void set_outline(std::span<outline_entry const> entries);
    // The outline changed by a splice of the entry list: entries [at, at + removed) replaced by
    // `inserted`. The patch gets only the ops of the sections this changes, so its cost follows
    // the change, not the outline. (Needs a committed outline; entries' numbers and offsets are
    // not part of the value.)
    void splice_outline(std::size_t at, std::size_t removed, std::span<outline_entry const> inserted);
    // The same; `renumbered` is ignored (numbers are derived from positions). Kept for callers
    // of the numbered outline.
    void splice_outline(std::size_t at, std::size_t removed, std::span<outline_entry const> inserted,
                        std::span<std::pair<std::size_t, std::string> const> renumbered);
    void set_top_terms(std::span<term_count const> terms);

    // Makes the parts set since the last commit current and returns the RFC 6902 patch
    // (JSON text, "[]" when nothing changed) from the previous committed value.
    std::string commit();
    // The same without rendering the patch as text (last_patch() renders it on demand).
    void commit_parts();
    // The committed value as JSON text.
    [[nodiscard]] std::string value() const;
    // The last patch as JSON text.
    [[nodiscard]] std::string last_patch() const;
    // Applies `patch` (JSON text) to `before` (JSON text) and returns the result as JSON text;
    // for checking patches (throws views::error "[views.ui_state.1]" on a bad patch).
    [[nodiscard]] static std::string apply_patch(std::string const& before, std::string const& patch);

    struct impl;
    [[nodiscard]] impl const& internals() const noexcept { return *p_; }

private:
    std::unique_ptr<impl> p_;
};

// The value for the given parts, from scratch (JSON text); the oracle of ui_state.
[[nodiscard]] std::string ui_state_of(word_count const& wc, std::span<outline_entry const> outline,
                                      std::span<term_count const> top);

}  // namespace refold::views
