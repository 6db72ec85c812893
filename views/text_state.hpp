// text_state: one version of a mirrored text — its UTF-8 rope and the sticky id of each unit —
// and how a Yjs-style delta (retain / insert / erase, in UTF-16 units) makes the next version.
//
// Both halves are persistent ropes: applying a delta of k ops copies O(k log n) nodes and
// every untouched subtree keeps its identity, which is what the memoized folds of the views
// key on. Equality is identity (same nodes), the cheap test the incr cutoff wants.
#pragma once

#include <views/id_runs.hpp>
#include <views/inverted_index.hpp>

#include <crdt/yata/change_set.hpp>
#include <schemes/text_rope.hpp>

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace refold::views {

struct text_state {
    schemes::text_rope text;
    id_runs ids;

    [[nodiscard]] std::pair<void const*, void const*> identity() const noexcept {
        return {text.root().id(), ids.rope().root().id()};
    }
    friend bool operator==(text_state const& a, text_state const& b) noexcept { return a.identity() == b.identity(); }
};

// Where one delta changed a text: units [old_begin, old_end) of the old version became
// [new_begin, new_end) of the new one (maximal runs of inserts/erases between retains).
struct text_region {
    std::uint64_t old_begin = 0, old_end = 0;
    std::uint64_t new_begin = 0, new_end = 0;
};

// Gives the ids of the units an insert op brings: from the op itself when the CRDT reports
// them, else fresh mirror-local ids (see mirror.hpp).
using id_source = std::function<std::vector<id_run>(crdt::yata::delta_op const&)>;

struct applied_delta {
    text_state after;
    std::vector<text_region> regions;
};

// Applies `delta`; throws mirror_error [views.mirror.1] when it runs past the end.
[[nodiscard]] applied_delta apply_text_delta(text_state const& before, std::span<crdt::yata::delta_op const> delta,
                                             id_source const& ids);

// A text state for `utf8` with the given ids (their units must add up to the text's).
[[nodiscard]] text_state make_text_state(std::string_view utf8, std::span<id_run const> ids);

// The commutative-group update of an index: subtracts the tokens of `before` around each
// region (widened to whole tokens) and adds those of `after`.
void update_index(inverted_index& index, text_state const& before, text_state const& after,
                  std::span<text_region const> regions);
// From scratch: every token of the text with the id of its first unit.
[[nodiscard]] inverted_index index_of(text_state const& t);

}  // namespace refold::views
