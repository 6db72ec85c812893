// Yjs update v1 (SPEC §3): decoded structs and delete set, state vectors, and the doc-free
// update operations (merge, diff, state vector of an update).
#pragma once

#include <crdt/encoding/content.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace refold::crdt::encoding {

struct wire_id {
    std::uint64_t client = 0;
    std::uint64_t clock = 0;
    friend bool operator==(wire_id, wire_id) = default;
};

enum class struct_kind : std::uint8_t { item, gc, skip };
enum class parent_kind : std::uint8_t { none, root, item };  // none: copied from a neighbour

// One struct as it travels: an Item, a GC tombstone or a Skip (merged updates only).
struct wire_struct {
    struct_kind kind = struct_kind::item;
    wire_id id;
    std::uint64_t length = 0;
    std::optional<wire_id> origin;
    std::optional<wire_id> right_origin;
    parent_kind parent = parent_kind::none;
    std::string parent_name;  // root name (parent_kind::root)
    wire_id parent_id;        // parent item (parent_kind::item)
    bool has_parent_sub = false;           // the 0x20 info bit
    std::optional<std::string> parent_sub;  // the key, only when written
    encoding::content content;             // items only

    std::uint64_t end() const noexcept { return id.clock + length; }
};

struct client_section {
    std::uint64_t client = 0;
    std::vector<wire_struct> structs;  // contiguous clocks from structs.front().id.clock
};

struct clock_range {
    std::uint64_t clock = 0;
    std::uint64_t length = 0;
    friend bool operator==(clock_range, clock_range) = default;
};

// Deleted id ranges per client. After normalize(): ranges ascending, disjoint, coalesced.
struct delete_set {
    std::map<std::uint64_t, std::vector<clock_range>> clients;

    void add(std::uint64_t client, std::uint64_t clock, std::uint64_t length);
    void normalize();
    bool contains(std::uint64_t client, std::uint64_t clock) const;  // requires normalize()
    bool empty() const noexcept { return clients.empty(); }
    void merge(delete_set const& other);
    friend bool operator==(delete_set const&, delete_set const&) = default;
};

using state_vector = std::map<std::uint64_t, std::uint64_t>;

struct update {
    std::vector<client_section> sections;  // in wire order
    delete_set deletes;
};

// Decodes a whole v1 update; throws decode_error (never a partial result).
update decode_update(std::span<const std::uint8_t> bytes);
// Reads only the delete set part (after the structs) from a reader.
delete_set read_delete_set(reader& r);
// Encodes sections in the given order (Yjs order is descending client) and the delete set
// (written in descending client order).
std::vector<std::uint8_t> encode_update(update const& u);
void write_delete_set(writer& w, delete_set const& ds);

// Writes one struct with `offset` units cut from its front (SPEC §4.1). For items the parent is
// written only when neither origin is present.
void write_struct(writer& w, wire_struct const& s, std::uint64_t offset);

std::vector<std::uint8_t> encode_state_vector(state_vector const& sv);
state_vector decode_state_vector(std::span<const std::uint8_t> bytes);

// Yjs mergeUpdates: structs of all updates per client by clock, duplicates dropped, overlaps
// sliced, gaps filled with Skip structs; delete sets unioned.
std::vector<std::uint8_t> merge_updates(std::span<const std::vector<std::uint8_t>> updates);
// Structs of `sections` merged as above (used for pending structs too).
std::vector<client_section> merge_sections(std::vector<client_section> sections);
// Yjs diffUpdate: drops what `sv` covers.
std::vector<std::uint8_t> diff_update(std::span<const std::uint8_t> update, state_vector const& sv);
// Yjs encodeStateVectorFromUpdate: per client the contiguous prefix from clock 0.
state_vector state_vector_from_update(std::span<const std::uint8_t> update);

// Cuts `offset` units from the front of a struct (origin becomes (client, clock+offset-1)).
wire_struct slice_struct(wire_struct const& s, std::uint64_t offset);

}  // namespace refold::crdt::encoding
