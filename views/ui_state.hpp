// UI state: one JSON value composed from the word count, outline and top terms, with an
// RFC 6902 patch from one committed value to the next.
//
// The value has the shape
//   {"word_count": {"words": W, "characters": C, "lines": L},
//    "outline": [{"number": "1.2", "level": 2, "title": "..."}, ...],
//    "top_terms": [{"term": "...", "count": N}, ...]}
// Only the parts set since the last commit are diffed (each under its own path), so a
// transaction that changed the word count alone costs a diff of the word count alone. The
// word count and top terms are diffed field by field (the ops json::diff would give); the
// outline by skipping its unchanged prefix and (shifted) suffix. The value itself is rendered
// on demand.
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
    // The outline changed by a splice: entries [at, at + removed) replaced by `inserted`, then
    // the numbers of the entries listed (indices after the splice) replaced. The patch gets only
    // these ops, so its cost follows the change, not the outline. (Needs a committed outline.)
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
