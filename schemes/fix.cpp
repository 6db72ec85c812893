#include <schemes/detail/node_header.hpp>

namespace refold::schemes::detail {

void node_header::release_memo_entries() noexcept {
    memo_entry_base* e = memo;
    memo = nullptr;
    while (e != nullptr) {
        memo_entry_base* next = e->next_in_node;
        e->owner->drop(e);
        e = next;
    }
}

void node_header::unlink_memo_entry(memo_entry_base* e) noexcept {
    memo_entry_base** link = &memo;
    while (*link != nullptr && *link != e) link = &(*link)->next_in_node;
    if (*link == e) *link = e->next_in_node;
    e->next_in_node = nullptr;
}

}  // namespace refold::schemes::detail
