// The per-type order-statistics index (see detail/seq_index.hpp).
#include <crdt/yata/detail/seq_index.hpp>

#include <algorithm>

namespace refold::crdt::yata::detail {

void seq_index::clear() noexcept {
    pool_.clear();
    free_.clear();
    order_.clear();
    fenwick_.clear();
}

std::uint32_t seq_index::new_block() {
    if (!free_.empty()) {
        auto b = free_.back();
        free_.pop_back();
        pool_[b] = block{};
        return b;
    }
    pool_.emplace_back();
    return static_cast<std::uint32_t>(pool_.size() - 1);
}

std::uint32_t seq_index::push_back(std::uint32_t item, std::uint64_t weight) {
    if (order_.empty() || pool_[order_.back()].entries.size() >= block_max / 2 + block_max / 4) {
        auto b = new_block();
        pool_[b].pos = static_cast<std::uint32_t>(order_.size());
        pool_[b].entries.reserve(block_max + 1);
        order_.push_back(b);
    }
    auto b = order_.back();
    pool_[b].entries.push_back({item, weight});
    add(b, static_cast<std::int64_t>(weight));
    return b;
}

std::size_t seq_index::offset_of(std::uint32_t blk, std::uint32_t item) const {
    auto const& es = pool_[blk].entries;
    for (std::size_t i = 0; i < es.size(); ++i)
        if (es[i].item == item) return i;
    return es.size();
}

void seq_index::erase(std::uint32_t blk, std::uint32_t item) {
    auto& bl = pool_[blk];
    auto off = offset_of(blk, item);
    if (off == bl.entries.size()) return;
    add(blk, -static_cast<std::int64_t>(bl.entries[off].weight));
    bl.entries.erase(bl.entries.begin() + static_cast<std::ptrdiff_t>(off));
    if (bl.entries.empty()) {
        auto pos = bl.pos;
        order_.erase(order_.begin() + pos);
        free_.push_back(blk);
        renumber(pos);
    }
}

void seq_index::set_weight(std::uint32_t blk, std::uint32_t item, std::uint64_t weight) {
    auto& bl = pool_[blk];
    auto off = offset_of(blk, item);
    if (off == bl.entries.size()) return;
    auto& e = bl.entries[off];
    add(blk, static_cast<std::int64_t>(weight) - static_cast<std::int64_t>(e.weight));
    e.weight = weight;
}

std::uint64_t seq_index::weight_of(std::uint32_t blk, std::uint32_t item) const {
    auto const& bl = pool_[blk];
    auto off = offset_of(blk, item);
    return off == bl.entries.size() ? 0 : bl.entries[off].weight;
}

void seq_index::add(std::uint32_t blk, std::int64_t delta) {
    auto& bl = pool_[blk];
    bl.weight = static_cast<std::uint64_t>(static_cast<std::int64_t>(bl.weight) + delta);
    for (std::size_t i = bl.pos + 1; i <= fenwick_.size(); i += i & (~i + 1)) fenwick_[i - 1] += delta;
}

std::uint64_t seq_index::weight_before_block(std::uint32_t blk) const {
    std::int64_t s = 0;
    for (std::size_t i = pool_[blk].pos; i > 0; i -= i & (~i + 1)) s += fenwick_[i - 1];
    return static_cast<std::uint64_t>(s);
}

void seq_index::renumber(std::size_t from) {
    for (auto i = from; i < order_.size(); ++i) pool_[order_[i]].pos = static_cast<std::uint32_t>(i);
    rebuild_fenwick();
}

void seq_index::rebuild_fenwick() {
    fenwick_.assign(order_.size(), 0);
    for (std::size_t i = 0; i < order_.size(); ++i) {
        fenwick_[i] += static_cast<std::int64_t>(pool_[order_[i]].weight);
        auto j = (i + 1) + ((i + 1) & (~(i + 1) + 1));
        if (j <= order_.size()) fenwick_[j - 1] += fenwick_[i];
    }
}

void seq_index::finish_build() { rebuild_fenwick(); }

std::uint64_t seq_index::total() const {
    std::uint64_t s = 0;
    for (auto b : order_) s += pool_[b].weight;
    return s;
}

bool seq_index::check() const {
    std::uint64_t before = 0;
    for (std::size_t i = 0; i < order_.size(); ++i) {
        auto const& bl = pool_[order_[i]];
        if (bl.pos != i || bl.entries.empty()) return false;
        std::uint64_t w = 0;
        for (auto const& e : bl.entries) w += e.weight;
        if (w != bl.weight || weight_before_block(order_[i]) != before) return false;
        before += w;
    }
    return true;
}

}  // namespace refold::crdt::yata::detail
