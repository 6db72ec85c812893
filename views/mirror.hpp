// mirror: keeps a persistent copy of a crdt::yata::doc, one change_set at a time.
//
// A doc_version is a persistent tree: a rope indexed by the doc's type index whose slots
// hold the state of each shared type — a text as a text_state (UTF-8 rope + sticky ids), an
// array as a rope of its elements, a map as a rope of (key, value) sorted by key; element and
// map values are kept as their lib0 encoding ("t:<index>" for a nested type). Applying a
// change_set copies the paths to the touched slots and, inside each touched type, the
// paths its delta touched: a delta of k ops makes O(k log n) new nodes, every other node is
// shared with the previous version, and old versions stay valid while held (snapshots).
//
// Sticky ids: the mirror gives each inserted text unit the id of the CRDT item holding it
// when the delta op reports it (a member `ids` of id ranges on delta_op); otherwise it
// numbers inserted units itself (client mirror_client, clock counting up), which is sticky
// in the same way (never shifted by inserts before it) but local to this mirror.
#pragma once

#include <views/text_state.hpp>

#include <crdt/yata/doc.hpp>
#include <schemes/rope.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <variant>

namespace refold::views {

inline constexpr std::uint64_t mirror_client = std::uint64_t{1} << 62;

struct map_entry {
    std::string key;
    std::string value;
    friend bool operator==(map_entry const&, map_entry const&) = default;
};

struct map_state {
    schemes::rope<map_entry> entries;   // sorted by key
    [[nodiscard]] std::string const* find(std::string_view key) const;
};
struct array_state {
    schemes::rope<std::string> elements;
};

using type_state = std::variant<std::monostate, text_state, map_state, array_state>;
using type_slot = std::shared_ptr<type_state const>;

class doc_version {
public:
    [[nodiscard]] type_state const& type(std::uint32_t index) const;
    [[nodiscard]] text_state const* text(std::uint32_t index) const { return std::get_if<text_state>(&type(index)); }
    [[nodiscard]] map_state const* map(std::uint32_t index) const { return std::get_if<map_state>(&type(index)); }
    [[nodiscard]] array_state const* array(std::uint32_t index) const { return std::get_if<array_state>(&type(index)); }
    [[nodiscard]] std::size_t types() const noexcept { return slots_.size(); }
    [[nodiscard]] doc_version with(std::uint32_t index, type_state s) const;
    [[nodiscard]] void const* identity() const noexcept { return slots_.root().id(); }
    friend bool operator==(doc_version const& a, doc_version const& b) noexcept { return a.identity() == b.identity(); }

private:
    schemes::rope<type_slot> slots_;
};

// The encoding of one element / map value, as the mirror stores it.
[[nodiscard]] std::string element_key(crdt::yata::element const& e);

class mirror {
public:
    // Mirrors `d` as it is now (every root type and what it contains).
    explicit mirror(crdt::yata::doc& d);

    // Applies one transaction's changes (the doc must already be in the state after it).
    // Throws mirror_error when the change set does not fit the mirrored state.
    doc_version const& apply(crdt::yata::change_set const& cs);

    [[nodiscard]] doc_version const& current() const noexcept { return current_; }
    // Regions changed in each text type by the last apply (for delta-maintained views).
    [[nodiscard]] std::vector<std::pair<std::uint32_t, std::vector<text_region>>> const& last_regions() const noexcept {
        return regions_;
    }
    [[nodiscard]] doc_version const& previous() const noexcept { return previous_; }

private:
    [[nodiscard]] type_state snapshot_type(std::uint32_t index);
    void snapshot_nested(std::string const& key, doc_version& v);
    [[nodiscard]] std::vector<id_run> fresh_ids(std::uint64_t units);

    crdt::yata::doc* doc_;
    doc_version current_, previous_;
    std::uint64_t next_clock_ = 0;
    std::vector<std::pair<std::uint32_t, std::vector<text_region>>> regions_;
};

}  // namespace refold::views
