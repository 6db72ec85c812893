// internal; see <schemes/memo.hpp>
#pragma once

#include <schemes/detail/node_header.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace refold::schemes::detail {

// The entries of one memo: fixed-size slots in blocks, a free list, and the counters.
// Results that fit a node's inline slot (trivially copyable, at most 8 bytes) go there
// instead when the node has one and no live memo holds it: then they cost no slot and are
// read from the node itself (see fix::has_memo_slot). Such inline results are counted, not
// enumerable: clear() and the destructor make them stale by retiring the memo's tag.
template <class A>
class memo_pool final : public memo_core_base {
    struct slot : memo_entry_base {
        alignas(A) unsigned char storage[sizeof(A)];
        A* value() noexcept { return std::launder(reinterpret_cast<A*>(storage)); }
    };

public:
    std::uint64_t applications = 0;
    std::uint64_t hits = 0;

    static constexpr bool inline_ok = std::is_trivially_copyable_v<A> && sizeof(A) <= 8 && alignof(A) <= 8;

    memo_pool() {
        if constexpr (inline_ok) tag_ = memo_register(this);
    }
    memo_pool(memo_pool const&) = delete;
    memo_pool& operator=(memo_pool const&) = delete;
    ~memo_pool() {
        clear();
        memo_unregister(tag_);
    }

    // The cached result for a node whose inline slot is `inline_slot` (null: it has none).
    A const* find(node_header const* h, void const* inline_slot) noexcept {
        if constexpr (inline_ok) {
            if (inline_slot != nullptr && h->inline_tag == tag_ && tag_ != 0) {
                ++hits;
                return std::launder(static_cast<A const*>(inline_slot));
            }
        }
        return find(h);
    }
    A const& insert(node_header* h, void* inline_slot, A v) {
        if constexpr (inline_ok) {
            if (inline_slot != nullptr && tag_ != 0 && (h->inline_tag == 0 || memo_lookup(h->inline_tag) == nullptr)) {
                A* p = ::new (inline_slot) A(std::move(v));
                h->inline_tag = tag_;
                ++inline_live;
                return *p;
            }
        }
        return insert(h, std::move(v));
    }

    A const* find(node_header const* h) noexcept {
        for (memo_entry_base* e = h->memo; e != nullptr; e = e->next_in_node) {
            if (e->owner == this) {
                ++hits;
                return static_cast<slot*>(e)->value();
            }
        }
        return nullptr;
    }

    A const& insert(node_header* h, A v) {
        slot* s = take();
        ::new (static_cast<void*>(s->storage)) A(std::move(v));
        s->node = h;
        s->owner = this;
        s->next_in_node = h->memo;
        h->memo = s;
        ++live_;
        return *s->value();
    }

    // A node died: free its entry (the node has already let go of its list).
    void drop(memo_entry_base* e) noexcept override {
        auto* s = static_cast<slot*>(e);
        std::destroy_at(s->value());
        give_back(s);
    }

    // Unlinks every entry from its (live) node and frees it; inline results go stale (the
    // memo takes a fresh tag).
    void clear() noexcept {
        if (inline_live != 0) {
            memo_unregister(tag_);
            tag_ = memo_register(this);
            inline_live = 0;
        }
        if (live_ == 0) return;
        for (auto& b : blocks_) {
            for (std::size_t i = 0; i < b.count; ++i) {
                slot& s = b.slots[i];
                if (s.node == nullptr) continue;
                s.node->unlink_memo_entry(&s);
                std::destroy_at(s.value());
                give_back(&s);
            }
        }
    }

    [[nodiscard]] std::size_t live() const noexcept { return live_ + inline_live; }
    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
    [[nodiscard]] std::size_t bytes() const noexcept { return capacity_ * sizeof(slot); }

private:
    struct block {
        std::unique_ptr<slot[]> slots;
        std::size_t count;
    };

    slot* take() {
        if (free_ == nullptr) grow();
        slot* s = free_;
        free_ = static_cast<slot*>(s->next_in_node);
        return s;
    }
    void give_back(slot* s) noexcept {
        s->node = nullptr;
        s->owner = nullptr;
        s->next_in_node = free_;
        free_ = s;
        --live_;
    }
    void grow() {
        std::size_t n = capacity_ == 0 ? 64 : (capacity_ < 8192 ? capacity_ : 8192);
        block b{std::make_unique<slot[]>(n), n};
        for (std::size_t i = n; i-- > 0;) {
            b.slots[i].next_in_node = free_;
            free_ = &b.slots[i];
        }
        blocks_.push_back(std::move(b));
        capacity_ += n;
    }

    std::vector<block> blocks_;
    slot* free_ = nullptr;
    std::size_t live_ = 0;
    std::size_t capacity_ = 0;
    std::uint32_t tag_ = 0;
};

}  // namespace refold::schemes::detail
