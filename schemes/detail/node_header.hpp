// internal; see <schemes/fix.hpp>
#pragma once

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

// The type-erased side of a memo: gives an entry back when its node dies.
struct memo_core_base {
    virtual void drop(memo_entry_base* e) noexcept = 0;

protected:
    ~memo_core_base() = default;
};

// The common prefix of every fix node: an intrusive, non-atomic reference count (fix
// values are shared freely within one thread; see <schemes/fix.hpp>) and the head of the
// memo entries cached for this node.
struct node_header {
    std::uint32_t refs = 1;
    memo_entry_base* memo = nullptr;

    node_header() = default;
    node_header(node_header const&) = delete;
    node_header& operator=(node_header const&) = delete;
    ~node_header() {
        if (memo != nullptr) release_memo_entries();
    }

    // Gives every cached entry back to its memo (out of line: the rare, cold path).
    void release_memo_entries() noexcept;
    // Unlinks one entry from this node's list (used when a memo dies before its nodes).
    void unlink_memo_entry(memo_entry_base* e) noexcept;
};

}  // namespace refold::schemes::detail
