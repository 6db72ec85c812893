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
// Appends ids [clock, clock+length) of `client`, coalescing with the last range when contiguous.
inline void append_ids(std::vector<id_range>& v, std::uint64_t client, std::uint64_t clock, std::uint64_t length) {
    if (length == 0) return;
    if (!v.empty() && v.back().client == client && v.back().clock + v.back().length == clock) v.back().length += length;
    else v.push_back({client, clock, length});
}
inline void append_ids(std::vector<id_range>& v, std::vector<id_range> const& more) {
    for (auto const& r : more) append_ids(v, r.client, r.clock, r.length);
}
// Sets (or with value "null" removes) a formatting attribute.
void set_attr(attributes& attrs, std::string const& key, std::string const& value);
// Parses JSON text (embeds, legacy JSON, format values) into an `any`.
encoding::any any_from_json_text(std::string_view text);

}  // namespace refold::crdt::yata::detail
