// Sticky (relative) positions — Yjs RelativePosition: a position anchored to an item id, so it
// survives concurrent edits; convertible from and to an index, encoded as Yjs does (SPEC §11.4):
//   varUint(0) id(item) | varUint(1) varString(root name) | varUint(2) id(type item), varInt(assoc)
// assoc >= 0 sticks to the unit to the right of the position, assoc < 0 to the unit on its left.
#pragma once

#include <crdt/yata/doc.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace refold::crdt::yata {

struct sticky_position {
    enum class anchor : std::uint8_t { item = 0, root_end = 1, type_end = 2 };
    anchor kind = anchor::item;
    yata::id item;       // item: the anchored unit; type_end: the Type item of the type
    std::string root;    // root_end: the root's name
    std::int64_t assoc = 0;
    friend bool operator==(sticky_position const&, sticky_position const&) = default;
};

struct absolute_position {
    std::uint32_t type = no_type;
    std::uint64_t index = 0;
    std::int64_t assoc = 0;
};

// Yjs createRelativePositionFromTypeIndex. `index` <= length of the type.
sticky_position sticky_from_index(doc const& d, std::uint32_t type, std::uint64_t index, std::int64_t assoc = 0);
// Yjs createAbsolutePositionFromRelativePosition; nullopt when the anchor is unknown here or was
// garbage-collected with its type.
std::optional<absolute_position> sticky_to_index(doc& d, sticky_position const& p);

std::vector<std::uint8_t> encode_sticky(sticky_position const& p);
// Throws encoding::decode_error.
sticky_position decode_sticky(std::span<const std::uint8_t> bytes);

}  // namespace refold::crdt::yata
