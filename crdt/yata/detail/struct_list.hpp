// internal; see <crdt/yata/doc.hpp>
//
// One client's structs in clock order: a chunked vector of item indices, so that inserting a
// split block or erasing a merged one in the middle of a long history costs O(chunk) instead of
// O(history). Positions are global indices; chunk starts are kept as prefix counts. Each entry
// keeps its struct's first clock (which never changes) so searches do not touch the items, and a
// "known deleted" mark (set once a delete set found the struct deleted; structs never come back)
// so a delete set that repeats old deletions is checked without touching the items either.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace refold::crdt::yata::detail {

class struct_list {
public:
    static constexpr std::size_t chunk_max = 128;

    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    std::uint32_t operator[](std::size_t i) const noexcept {
        auto c = locate(i);
        return chunks_[c][i - starts_[c]].index;
    }
    std::uint32_t front() const noexcept { return chunks_.front().front().index; }
    std::uint32_t back() const noexcept { return chunks_.back().back().index; }

    void push_back(std::uint32_t v, std::uint64_t clock) {
        if (chunks_.empty() || chunks_.back().size() >= chunk_max) {
            chunks_.emplace_back();
            chunks_.back().reserve(chunk_max);
            starts_.push_back(size_);
        }
        chunks_.back().push_back({clock, v, 0});
        ++size_;
    }

    void insert(std::size_t pos, std::uint32_t v, std::uint64_t clock) {
        if (pos == size_) {
            push_back(v, clock);
            return;
        }
        auto c = locate(pos);
        auto& ch = chunks_[c];
        ch.insert(ch.begin() + static_cast<std::ptrdiff_t>(pos - starts_[c]), entry{clock, v, 0});
        ++size_;
        for (auto k = c + 1; k < starts_.size(); ++k) ++starts_[k];
        if (ch.size() > 2 * chunk_max) split_chunk(c);
    }

    // Erases the entry at `pos`.
    void erase(std::size_t pos) {
        auto c = locate(pos);
        auto& ch = chunks_[c];
        ch.erase(ch.begin() + static_cast<std::ptrdiff_t>(pos - starts_[c]));
        --size_;
        auto from = c + 1;
        if (ch.empty()) {
            chunks_.erase(chunks_.begin() + static_cast<std::ptrdiff_t>(c));
            starts_.erase(starts_.begin() + static_cast<std::ptrdiff_t>(c));
            from = c;
        }
        for (auto k = from, n = starts_.size(); k < n; ++k) --starts_[k];
    }

    // Erases [first, last).
    void erase(std::size_t first, std::size_t last) {
        while (last > first) {
            --last;
            auto c = locate(last);
            auto& ch = chunks_[c];
            auto off = last - starts_[c];
            // erase as much of [first, last] as lies in this chunk at once
            auto lo = first > starts_[c] ? first - starts_[c] : 0;
            ch.erase(ch.begin() + static_cast<std::ptrdiff_t>(lo), ch.begin() + static_cast<std::ptrdiff_t>(off + 1));
            auto n = off + 1 - lo;
            size_ -= n;
            last -= n - 1;
            for (auto k = c + 1; k < starts_.size(); ++k) starts_[k] -= n;
            if (ch.empty()) {
                chunks_.erase(chunks_.begin() + static_cast<std::ptrdiff_t>(c));
                starts_.erase(starts_.begin() + static_cast<std::ptrdiff_t>(c));
            }
        }
    }

    // Index of the last struct whose first clock is <= `clock`. Tries the chunk of the previous
    // lookup first (edits cluster), then binary-searches the chunks.
    std::size_t find(std::uint64_t clock) const noexcept {
        if (size_ == 0) return 0;
        if (chunks_.back().back().clock <= clock) return size_ - 1;
        std::size_t lo;
        auto h = hint_;
        if (h < chunks_.size() && chunks_[h].front().clock <= clock &&
            (h + 1 == chunks_.size() || chunks_[h + 1].front().clock > clock)) {
            lo = h;
        } else {
            lo = 0;
            std::size_t hi = chunks_.size();
            while (hi - lo > 1) {
                auto mid = lo + (hi - lo) / 2;
                if (chunks_[mid].front().clock <= clock) lo = mid;
                else hi = mid;
            }
            hint_ = lo;
        }
        auto const& ch = chunks_[lo];
        std::size_t a = 0, b = ch.size();
        while (b - a > 1) {
            auto mid = a + (b - a) / 2;
            if (ch[mid].clock <= clock) a = mid;
            else b = mid;
        }
        return starts_[lo] + a;
    }

    void mark_deleted(std::size_t i) noexcept {
        auto c = locate(i);
        chunks_[c][i - starts_[c]].known_deleted = 1;
    }

    // True when every struct overlapping clocks [clock, end) is marked known-deleted. `hint` is a
    // chunk to start from (ranges come in ascending order); it is updated.
    bool all_known_deleted(std::uint64_t clock, std::uint64_t end, std::size_t& hint) const noexcept {
        if (size_ == 0 || chunks_.front().front().clock > clock) return false;
        auto c = std::min(hint, chunks_.size() - 1);
        if (chunks_[c].front().clock > clock) c = 0;
        // gallop to the chunk holding `clock`
        std::size_t step = 1;
        while (c + step < chunks_.size() && chunks_[c + step].front().clock <= clock) {
            c += step;
            step *= 2;
        }
        while (step > 1) {
            step /= 2;
            if (c + step < chunks_.size() && chunks_[c + step].front().clock <= clock) c += step;
        }
        hint = c;
        auto const* ch = &chunks_[c];
        auto it = std::upper_bound(ch->begin(), ch->end(), clock, [](std::uint64_t k, entry const& e) { return k < e.clock; });
        --it;  // the struct containing `clock`
        for (;;) {
            if (!it->known_deleted) return false;
            if (++it == ch->end()) {
                if (++c == chunks_.size()) return true;
                ch = &chunks_[c];
                it = ch->begin();
            }
            if (it->clock >= end) return true;
        }
    }

private:
    // The chunk holding position i: the chunk of the previous lookup when it holds i, else a
    // binary search over the chunk starts.
    std::size_t locate(std::size_t i) const noexcept {
        auto h = hint_;
        if (h < chunks_.size() && i >= starts_[h] && i - starts_[h] < chunks_[h].size()) return h;
        if (i >= starts_.back()) return hint_ = starts_.size() - 1;
        auto it = std::upper_bound(starts_.begin(), starts_.end(), i);
        return hint_ = static_cast<std::size_t>(it - starts_.begin()) - 1;
    }
    void split_chunk(std::size_t c) {
        auto& ch = chunks_[c];
        std::vector<entry> right(ch.begin() + static_cast<std::ptrdiff_t>(chunk_max), ch.end());
        ch.resize(chunk_max);
        chunks_.insert(chunks_.begin() + static_cast<std::ptrdiff_t>(c + 1), std::move(right));
        starts_.insert(starts_.begin() + static_cast<std::ptrdiff_t>(c + 1), starts_[c] + chunk_max);
    }

    struct entry {
        std::uint64_t clock;
        std::uint32_t index;
        std::uint32_t known_deleted;
    };
    std::vector<std::vector<entry>> chunks_;
    std::vector<std::size_t> starts_;
    std::size_t size_ = 0;
    mutable std::size_t hint_ = 0;  // chunk of the last lookup (may be stale: always checked)
};

}  // namespace refold::crdt::yata::detail
