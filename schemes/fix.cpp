#include <schemes/detail/node_header.hpp>

#include <mutex>

namespace refold::schemes::detail {

memo_registry_entry memo_registry[std::size_t{1} << memo_tag_index_bits];

namespace {

std::mutex registry_mutex;
// The generation each registry index hands out next (under registry_mutex); an index whose
// generations are used up is never handed out again.
std::uint32_t next_generation[std::size_t{1} << memo_tag_index_bits];
std::uint32_t cursor = 0;
constexpr std::uint32_t max_generation = (std::uint32_t{1} << (32 - memo_tag_index_bits)) - 1;

}  // namespace

std::uint32_t memo_register(memo_core_base* core) noexcept {
    std::lock_guard<std::mutex> lock(registry_mutex);
    constexpr std::uint32_t n = std::uint32_t{1} << memo_tag_index_bits;
    for (std::uint32_t k = 0; k < n; ++k) {
        std::uint32_t i = (cursor + k) & memo_tag_index_mask;
        std::uint32_t g = next_generation[i] + 1;
        if (memo_registry[i].tag.load(std::memory_order_relaxed) != 0 || g > max_generation) continue;
        next_generation[i] = g;
        cursor = i + 1;
        std::uint32_t tag = (g << memo_tag_index_bits) | i;
        memo_registry[i].core.store(core, std::memory_order_relaxed);
        memo_registry[i].tag.store(tag, std::memory_order_relaxed);
        return tag;
    }
    return 0;
}

void memo_unregister(std::uint32_t tag) noexcept {
    if (tag == 0) return;
    std::lock_guard<std::mutex> lock(registry_mutex);
    memo_registry_entry& e = memo_registry[tag & memo_tag_index_mask];
    if (e.tag.load(std::memory_order_relaxed) != tag) return;
    e.tag.store(0, std::memory_order_relaxed);
    e.core.store(nullptr, std::memory_order_relaxed);
}

void node_header::release_memo_list() noexcept {
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
