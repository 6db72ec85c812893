// What one transaction did to a document — the contract between crdt::yata and views.
//
// Every transaction (a local `doc::transact`, an implicit one around a single edit, or
// `doc::apply_update`) yields exactly one change_set:
//
//  * `inserted`: per client the clock range [before, after) of every struct integrated in the
//    transaction (including GC'd ones and pending structs released by it);
//  * `deleted`: the ranges deleted in the transaction (normalized, including remote tombstones
//    and cascades of deleted nested types);
//  * `changes`: one `type_change` per shared type whose content changed and that existed before
//    the transaction (types created inside it are reported through their parent), in the order
//    the types were first touched:
//      - `delta` for sequences (text, array, XML children), Yjs-style: `retain n`, `insert`
//        (a run of text — UTF-8 in `text`, length in UTF-16 units — or `elements`), `erase n`.
//        Lengths are UTF-16 units for text and elements for arrays; trailing retains are
//        dropped; items inserted and deleted in the same transaction do not appear. Text
//        inserts carry the formatting attributes current at that point; retains carry the
//        attributes changed by the transaction (value "null" = removed).
//        Each insert also carries the id ranges of its units (`delta_op::ids`).
//      - `keys` for maps (and XML attributes): every changed key with its action.
//
// Ids in `inserted`/`deleted` never change when blocks split or merge, so they are stable keys.
#pragma once

#include <crdt/encoding/update.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace refold::crdt::yata {

using encoding::delete_set;
using encoding::state_vector;

inline constexpr std::uint32_t no_type = 0xFFFFFFFFu;

struct id {
    std::uint64_t client = 0;
    std::uint64_t clock = 0;
    friend bool operator==(id, id) = default;
    friend auto operator<=>(id, id) = default;
};

struct id_range {
    std::uint64_t client = 0;
    std::uint64_t clock = 0;
    std::uint64_t length = 0;
    friend bool operator==(id_range, id_range) = default;
};

// A formatting attribute; `value` is JSON text ("true", "\"x\"", "null" = unset).
struct attribute {
    std::string key;
    std::string value;
    friend bool operator==(attribute const&, attribute const&) = default;
};
using attributes = std::vector<attribute>;

// One element of an array, a map value, or a non-string insert into text.
struct element {
    enum class kind : std::uint8_t { value, binary, embed, type, doc };
    kind k = kind::value;
    encoding::any value;         // value; binary (as any::bytes); doc options
    std::string text;            // embed: JSON text; doc: guid
    std::uint32_t type = no_type;  // type: the nested shared type (doc type index)
};

struct delta_op {
    enum class kind : std::uint8_t { insert, retain, erase };
    kind op = kind::retain;
    std::uint64_t length = 0;        // UTF-16 units (text) or elements (arrays)
    std::string text;                // insert of a string run
    std::vector<element> elements;   // insert of non-string content
    attributes attrs;                // text only
    // insert only: the ids of the inserted units in unit order (for text one clock per UTF-16
    // unit, for arrays one per element); consecutive clocks of one client are coalesced. The
    // lengths sum to `length`. Stable keys for sticky positions (they survive splits/merges).
    std::vector<id_range> ids{};
};

struct key_change {
    enum class action : std::uint8_t { add, update, erase };
    std::string key;
    action what = action::add;
};

struct type_change {
    std::uint32_t type = no_type;  // shared type (see doc::type_info)
    std::vector<delta_op> delta;
    std::vector<key_change> keys;
};

struct change_set {
    bool local = false;
    std::vector<id_range> inserted;
    delete_set deleted;
    std::vector<type_change> changes;

    bool empty() const noexcept { return inserted.empty() && deleted.empty(); }
};

}  // namespace refold::crdt::yata
