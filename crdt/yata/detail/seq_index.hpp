// internal; see <crdt/yata/doc.hpp>
//
// An order-statistics index over one shared type's item list: the items in list order, cut into
// small blocks, each entry with the item's weight (its live delta units). A Fenwick tree over the
// block order gives the weight before a block in O(log blocks); an item's block is found through
// the item's `blk` field. It answers "where is this item, and how many live units precede it"
// in O(log n + block), which makes the change_set delta of a remote transaction cost
// O(k log n) for k touched items instead of a walk over the whole list.
//
// Built lazily (the first time a transaction needs it) and then maintained by integrate, split,
// merge, delete, typing and garbage collection; a type that never needs it costs nothing.
#pragma once

#include <cstdint>
#include <vector>

namespace refold::crdt::yata::detail {

class seq_index {
public:
    static constexpr std::size_t block_max = 64;

    struct entry {
        std::uint32_t item;
        std::uint64_t weight;
    };
    struct block {
        std::vector<entry> entries;
        std::uint64_t weight = 0;
        std::uint32_t pos = 0;  // position in the block order
    };
    // Where an item is: (block position, offset in block) orders items by list position.
    struct place {
        std::uint32_t block_pos = 0;
        std::uint32_t offset = 0;
        std::uint64_t before = 0;  // weight of all items before it
        friend bool operator<(place const& a, place const& b) noexcept {
            return a.block_pos != b.block_pos ? a.block_pos < b.block_pos : a.offset < b.offset;
        }
    };

    void clear() noexcept;
    bool empty() const noexcept { return order_.empty(); }
    std::size_t blocks() const noexcept { return order_.size(); }

    // Appends an item at the end (building; call finish_build() after the last one).
    std::uint32_t push_back(std::uint32_t item, std::uint64_t weight);
    void finish_build();
    // Inserts `item` right after `left` (in block `left_blk`), or at the front when left is nil.
    // Returns the block id the item went to; items moved to a new block are reported through
    // `moved` (item, new block) so the caller can update their fields.
    template <class Moved>
    std::uint32_t insert_after(std::uint32_t left_blk, std::uint32_t left, std::uint32_t item, std::uint64_t weight,
                               Moved&& moved) {
        std::uint32_t b;
        std::size_t off;
        if (left_blk == nil_block) {
            if (order_.empty()) {
                auto nb = push_back(item, weight);
                finish_build();
                return nb;
            }
            b = order_.front();
            off = 0;
        } else {
            b = left_blk;
            off = offset_of(b, left) + 1;
        }
        auto& bl = pool_[b];
        bl.entries.insert(bl.entries.begin() + static_cast<std::ptrdiff_t>(off), entry{item, weight});
        add(b, static_cast<std::int64_t>(weight));
        if (bl.entries.size() > block_max) {
            auto half = bl.entries.size() / 2;
            auto nb = split_block(b, moved);
            if (off >= half) return nb;
        }
        return b;
    }
    void erase(std::uint32_t blk, std::uint32_t item);
    void set_weight(std::uint32_t blk, std::uint32_t item, std::uint64_t weight);
    std::uint64_t weight_of(std::uint32_t blk, std::uint32_t item) const;
    // Weight of the blocks before `blk` in list order.
    std::uint64_t weight_before_block(std::uint32_t blk) const;
    block const& at(std::uint32_t blk) const { return pool_[blk]; }
    std::size_t offset_of(std::uint32_t blk, std::uint32_t item) const;
    std::uint64_t total() const;
    bool check() const;  // sums and positions consistent

    static constexpr std::uint32_t nil_block = 0xFFFFFFFFu;

private:
    void add(std::uint32_t blk, std::int64_t delta);
    void rebuild_fenwick();
    template <class Moved>
    std::uint32_t split_block(std::uint32_t b, Moved&& moved) {
        auto nb = new_block();
        auto& from = pool_[b];
        auto& to = pool_[nb];
        auto half = from.entries.size() / 2;
        to.entries.assign(from.entries.begin() + static_cast<std::ptrdiff_t>(half), from.entries.end());
        from.entries.resize(half);
        to.weight = 0;
        for (auto const& e : to.entries) {
            to.weight += e.weight;
            moved(e.item, nb);
        }
        from.weight -= to.weight;
        order_.insert(order_.begin() + static_cast<std::ptrdiff_t>(from.pos) + 1, nb);
        renumber(from.pos);
        return nb;
    }
    std::uint32_t new_block();
    void renumber(std::size_t from);

    std::vector<block> pool_;
    std::vector<std::uint32_t> free_;
    std::vector<std::uint32_t> order_;   // block ids in list order
    std::vector<std::int64_t> fenwick_;  // over block positions
};

}  // namespace refold::crdt::yata::detail
