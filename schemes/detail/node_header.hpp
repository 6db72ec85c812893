// internal; see <schemes/fix.hpp>
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace refold::schemes::detail {

struct node_header;

// One cached result of one memo, hanging off the node it was computed for. Entries of a
// node form a singly linked list through `next_in_node`; `owner` frees the entry.
struct memo_entry_base {
    memo_entry_base* next_in_node = nullptr;
    node_header* node = nullptr;
    struct memo_core_base* owner = nullptr;
};

// The type-erased side of a memo: gives an entry back when its node dies, and counts the
// results it keeps in nodes' inline slots (see node_header::inline_tag).
struct memo_core_base {
    virtual void drop(memo_entry_base* e) noexcept = 0;
    std::size_t inline_live = 0;

protected:
    ~memo_core_base() = default;
};

// Memos that may keep results in nodes' inline slots are named by a tag: a registry index
// (low bits) and a generation (high bits). A tag is never handed out twice, so a tag left
// in a node by a memo that died or was cleared can never be mistaken for a live memo's:
// it is simply stale (memo_lookup gives null) and the slot is free for reuse.
inline constexpr unsigned memo_tag_index_bits = 12;
inline constexpr std::uint32_t memo_tag_index_mask = (1U << memo_tag_index_bits) - 1;
struct memo_registry_entry {
    std::atomic<std::uint32_t> tag{0};  // the live memo's tag, 0 when free
    std::atomic<memo_core_base*> core{nullptr};
};
extern memo_registry_entry memo_registry[std::size_t{1} << memo_tag_index_bits];
// A fresh tag for core, or 0 when the registry is full (the memo then uses entry lists).
[[nodiscard]] std::uint32_t memo_register(memo_core_base* core) noexcept;
// The tag goes stale for good.
void memo_unregister(std::uint32_t tag) noexcept;
// The live memo named by tag, or null when the tag is stale.
[[nodiscard]] inline memo_core_base* memo_lookup(std::uint32_t tag) noexcept {
    memo_registry_entry const& e = memo_registry[tag & memo_tag_index_mask];
    return e.tag.load(std::memory_order_relaxed) == tag ? e.core.load(std::memory_order_relaxed) : nullptr;
}

// The common prefix of every fix node: an intrusive, non-atomic reference count (fix
// values are shared freely within one thread; see <schemes/fix.hpp>) and the memo results
// cached for this node: a list of entries, plus, for nodes that have an inline slot (small
// layers, see fix), one small result stored in the node itself, owned by the memo whose
// tag is inline_tag (0: the slot is empty).
struct node_header {
    std::uint32_t refs = 1;
    std::uint32_t inline_tag = 0;
    memo_entry_base* memo = nullptr;

    node_header() = default;
    node_header(node_header const&) = delete;
    node_header& operator=(node_header const&) = delete;
    ~node_header() {
        if (has_memo()) release_memo_entries();
    }

    [[nodiscard]] bool has_memo() const noexcept { return memo != nullptr || inline_tag != 0; }
    // Gives every cached entry back to its memo.
    void release_memo_entries() noexcept {
        if (inline_tag != 0) {
            if (memo_core_base* c = memo_lookup(inline_tag)) --c->inline_live;
            inline_tag = 0;
        }
        if (memo != nullptr) release_memo_list();
    }
    // The list part (out of line: the colder path).
    void release_memo_list() noexcept;
    // Unlinks one entry from this node's list (used when a memo dies before its nodes).
    void unlink_memo_entry(memo_entry_base* e) noexcept;
};

}  // namespace refold::schemes::detail
