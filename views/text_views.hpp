// The text views as algebras over the text rope, folded with schemes::memo_cata.
//
// A text view is an algebra text_layer<A> -> A: a leaf gives the chunk's bytes, a branch the
// results of its two children. chunk_monoid_algebra<S> lifts any monoid S with
// `static S of(std::string_view)` and `S + S` (word_summary, line_summary, a user's own) to
// such an algebra. Folding with memo_cata after an edit re-runs the algebra only on the
// O(log n) nodes the edit created.
//
// The outline view's value is outline_value: the digest of the heading lines (count and a
// hash, what the cutoff compares) plus the text version it came from; the headings, their
// tree and numbers are computed on demand by walking only the subtrees that hold headings.
// Equality (the incr cutoff) is equality of the heading lines, not of their positions: text
// typed before a heading does not change the outline. So the offsets an outline_value gives
// are offsets in text(), the version it was computed from; for offsets in a later version
// with the same outline, build an outline_value of that version (cheap: the summaries are
// memoized; live_views::outline_at_current()).
#pragma once

#include <views/markdown.hpp>
#include <views/outline.hpp>
#include <views/text_state.hpp>
#include <views/word_count.hpp>

#include <schemes/memo.hpp>
#include <schemes/text_rope.hpp>

#include <memory>
#include <string_view>
#include <vector>

namespace refold::views {

template <class A>
using text_layer = schemes::text_rope::layer<A>;
using text_node = schemes::text_rope::node_type;

[[nodiscard]] inline std::string_view chunk_text(std::span<char const> s) noexcept { return {s.data(), s.size()}; }

template <class S>
struct chunk_monoid_algebra {
    using carrier_type = S;
    S operator()(text_layer<S> const& l) const {
        if (l.is_leaf()) return S::of(chunk_text(l.elements()));
        return l.left() + l.right();
    }
};

using word_algebra = chunk_monoid_algebra<word_summary>;
using line_algebra = chunk_monoid_algebra<line_summary>;

// The outline of one text version.
class outline_value {
public:
    outline_value() = default;
    outline_value(schemes::text_rope text, std::shared_ptr<schemes::memo<line_summary>> memo);

    [[nodiscard]] outline_digest const& digest() const noexcept { return digest_; }
    [[nodiscard]] std::uint64_t size() const noexcept { return digest_.headings; }
    [[nodiscard]] schemes::text_rope const& text() const noexcept { return text_; }
    // The headings of this version, found through the memoized line summaries.
    [[nodiscard]] std::vector<heading> headings() const;
    // Numbered entries (ana to the tree, cata to the numbers).
    [[nodiscard]] std::vector<outline_entry> entries() const;

    friend bool operator==(outline_value const& a, outline_value const& b) noexcept { return a.digest_ == b.digest_; }

private:
    schemes::text_rope text_;
    std::shared_ptr<schemes::memo<line_summary>> memo_;
    outline_digest digest_;
};

}  // namespace refold::views
