// internal; see <crdt/yata/doc.hpp>
//
// Yjs' removal of redundant format items (SPEC §10.4): after a local text delete, and after
// every remote transaction that touched a text with formatting.
#pragma once

#include <crdt/yata/detail/doc_state.hpp>

namespace refold::crdt::yata::detail {

// Yjs cleanupFormattingGap: deletes the format items between `start` and the next live content
// item that are overwritten or redundant; keeps `curr_attrs` (the attributes at `curr`) right.
std::size_t cleanup_formatting_gap(doc_state& d, std::uint32_t start, std::uint32_t curr,
                                   attributes const& start_attrs, attributes& curr_attrs);

// Yjs cleanupYTextAfterTransaction, run inside the (remote) transaction before commit.
void cleanup_after_remote(doc_state& d);

}  // namespace refold::crdt::yata::detail
