// internal; see <crdt/yata/change_set.hpp>
#pragma once

#include <crdt/yata/detail/doc_state.hpp>

namespace refold::crdt::yata::detail {

// Fills cs.changes from the open transaction (before GC and merging).
void compute_changes(doc_state& d, change_set& cs);
// The elements an item contributes to an array (Any values, binary, embed, type, doc).
void append_elements(doc_state const& d, item const& x, std::vector<element>& out);
// The value of a map entry: the last element of the item's content.
element last_element(doc_state const& d, item const& x);
// Sets (or with value "null" removes) a formatting attribute.
void set_attr(attributes& attrs, std::string const& key, std::string const& value);
// Parses JSON text (embeds, legacy JSON, format values) into an `any`.
encoding::any any_from_json_text(std::string_view text);

}  // namespace refold::crdt::yata::detail
