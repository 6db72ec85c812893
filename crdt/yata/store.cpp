// The block store: item arena, per-client struct lists, split and merge of blocks.
#include <crdt/yata/detail/doc_state.hpp>

#include <algorithm>
#include <memory>
#include <utility>

namespace refold::crdt::yata::detail {

std::uint32_t item_arena::alloc() {
    if (!free_.empty()) {
        auto i = free_.back();
        free_.pop_back();
        return i;
    }
    if (size_ == built_) {
        if ((built_ & mask) == 0) {
            chunks_.reserve(chunks_.size() + 1);
            chunks_.push_back(std::allocator<item>{}.allocate(std::size_t{1} << shift));
        }
        // The next batch of a chunk: about four pages, so the page faults of a growing
        // document come a few at a time (one merge in several pays a few) rather than one per
        // page on most merges, or all of a chunk's in one merge.
        for (std::uint32_t k = 0; k < batch; ++k) std::construct_at(&(*this)[built_ + k]);
        built_ += batch;
    }
    return size_++;
}

void item_arena::destroy() noexcept {
    for (std::uint32_t i = 0; i < built_; ++i) std::destroy_at(&(*this)[i]);
    for (item* c : chunks_) std::allocator<item>{}.deallocate(c, std::size_t{1} << shift);
    chunks_.clear();
    free_.clear();
    size_ = built_ = 0;
}

item_arena::item_arena(item_arena&& o) noexcept
    : chunks_(std::exchange(o.chunks_, {})),
      free_(std::exchange(o.free_, {})),
      size_(std::exchange(o.size_, 0)),
      built_(std::exchange(o.built_, 0)) {}

item_arena& item_arena::operator=(item_arena&& o) noexcept {
    if (this != &o) {
        destroy();
        chunks_ = std::exchange(o.chunks_, {});
        free_ = std::exchange(o.free_, {});
        size_ = std::exchange(o.size_, 0);
        built_ = std::exchange(o.built_, 0);
    }
    return *this;
}

item_arena::~item_arena() { destroy(); }

void item_arena::release(std::uint32_t i) {
    (*this)[i].reset();
    free_.push_back(i);
}

std::uint64_t doc_state::state(std::uint64_t c) const {
    auto const* l = list_of(c);
    if (l == nullptr || l->empty()) return 0;
    return items[l->back()].end();
}

state_vector doc_state::state_vector_() const {
    state_vector sv;
    for (auto const& [c, s] : clients)
        if (!s.empty()) sv[c] = items[s.back()].end();
    return sv;
}

std::size_t doc_state::find_pos(struct_list const& s, std::uint64_t clock) const {
    return s.find(clock);
}

std::uint32_t doc_state::find(yata::id at) const {
    auto const& s = *list_of(at.client);
    return s[find_pos(s, at.clock)];
}

std::uint32_t doc_state::split(std::uint32_t it, std::uint64_t diff) {
    std::uint32_t r = items.alloc();
    item& L = items[it];
    item& R = items[r];
    R.id = {L.id.client, L.id.clock + diff};
    R.length = L.length - diff;
    R.origin = {L.id.client, L.id.clock + diff - 1};
    R.has_origin = true;
    R.right_origin = L.right_origin;
    R.has_right_origin = L.has_right_origin;
    R.left = it;
    R.right = L.right;
    R.parent = L.parent;
    R.key = L.key;
    R.deleted = L.deleted;
    R.keep = L.keep;
    if (L.content.ref == encoding::content_ref::string && L.content.text.size() == L.content.length) {
        // ASCII text (units are bytes), split in place
        R.content.ref = encoding::content_ref::string;
        R.content.length = L.content.length - diff;
        auto const head = static_cast<std::size_t>(diff);
        if (head < L.content.text.size() - head) {
            // The tail is the larger part: it keeps the buffer and moves down in place (no new
            // pages for a large pasted text), and only the head is copied out.
            R.content.text = std::move(L.content.text);
            L.content.text.assign(R.content.text, 0, head);
            R.content.text.erase(0, head);
        } else {
            R.content.text.assign(L.content.text, head);
            L.content.text.resize(head);
        }
        L.content.length = diff;
    } else {
        R.content = encoding::split_content(L.content, diff);
    }
    L.length = diff;
    L.right = r;
    if (R.right != nil) items[R.right].left = r;
    if (depth > 0) {
        txn.merge_structs.push_back(R.id);
        txn.split_items.push_back(r);
        if (R.deleted) txn.linked_merge = false;
    }
    if (R.key != nil && R.right == nil) types[R.parent].map[R.key] = r;
    if (R.key == nil && R.parent != nil && types[R.parent].indexed) {
        index_reweigh(it);
        index_insert(r);
    }
    auto& s = list_for(L.id.client);
    auto pos = find_pos(s, L.id.clock);
    s.insert(pos + 1, r, R.id.clock);
    return r;
}

std::uint32_t doc_state::clean_start(yata::id at) {
    std::uint32_t it = find(at);
    item const& x = items[it];
    if (x.id.clock < at.clock && !x.gc) return split(it, at.clock - x.id.clock);
    return it;
}

std::uint32_t doc_state::clean_end(yata::id at) {
    std::uint32_t it = find(at);
    item const& x = items[it];
    if (at.clock != x.end() - 1 && !x.gc) split(it, at.clock - x.id.clock + 1);
    return it;
}

void doc_state::add_struct(std::uint32_t it) {
    auto c = items[it].id.client;
    auto& s = list_for(c);
    if (depth > 0) note_before(c, s.empty() ? 0 : items[s.back()].end());
    s.push_back(it, items[it].id.clock);
}

void doc_state::note_before(std::uint64_t c, std::uint64_t state_now) {
    if (txn.find_before(c) == nullptr) txn.add_before(c, state_now);
}

std::uint32_t doc_state::key_of(std::string_view k) {
    auto it = key_index.find(std::string(k));
    if (it != key_index.end()) return it->second;
    auto i = static_cast<std::uint32_t>(keys.size());
    keys.emplace_back(k);
    key_index.emplace(std::string(k), i);
    return i;
}

std::uint32_t doc_state::root(std::string_view name) {
    auto it = roots.find(std::string(name));
    if (it != roots.end()) return it->second;
    auto t = static_cast<std::uint32_t>(types.size());
    types.emplace_back();
    types.back().name = std::string(name);
    roots.emplace(std::string(name), t);
    return t;
}

std::uint32_t doc_state::new_type(encoding::type_ref ref, std::uint32_t item_index) {
    auto t = static_cast<std::uint32_t>(types.size());
    types.emplace_back();
    types.back().ref = ref;
    types.back().typed = true;
    types.back().item = item_index;
    auto parent = items[item_index].parent;
    types.back().depth = parent == nil ? 1 : types[parent].depth + 1;
    deepest = std::max(deepest, types.back().depth);
    return t;
}

bool doc_state::merge_items(std::uint32_t l, std::uint32_t r) {
    item& L = items[l];
    item& R = items[r];
    if (L.gc != R.gc || L.deleted != R.deleted) return false;
    if (L.gc) {
        L.length += R.length;
        return true;
    }
    if (!R.has_origin || R.origin != L.last_id() || L.right != r) return false;
    if (L.parent != R.parent || L.key != R.key) return false;  // only hostile updates link such neighbours
    if (L.has_right_origin != R.has_right_origin || (L.has_right_origin && L.right_origin != R.right_origin)) return false;
    if (L.id.client != R.id.client || L.end() != R.id.clock) return false;
    if (L.content.ref != R.content.ref || !encoding::mergeable(L.content.ref)) return false;
    if (L.parent != nil) {
        auto& p = types[L.parent];
        if (p.marker == r) {
            p.marker = l;
            if (!L.deleted && L.countable()) p.marker_pos -= L.length;
        }
        if (R.key != nil) {
            auto m = p.map.find(R.key);
            if (m != p.map.end() && m->second == r) m->second = l;
        }
    }
    encoding::merge_content(L.content, R.content);
    L.keep = L.keep || R.keep;
    L.right = R.right;
    if (L.right != nil) items[L.right].left = l;
    L.length += R.length;
    if (L.key == nil && L.parent != nil && types[L.parent].indexed) {
        types[L.parent].index.erase(R.blk, r);
        index_reweigh(l);
    }
    return true;
}

std::uint64_t doc_state::seq_weight(item const& x) const {
    if (x.deleted || x.gc || x.parent == nil) return 0;
    if (types[x.parent].index_text_like) {
        auto c = x.content.ref;
        return c == encoding::content_ref::string || c == encoding::content_ref::embed || c == encoding::content_ref::type
                   ? x.length
                   : 0;
    }
    return x.countable() ? x.length : 0;
}

bool doc_state::text_like(std::uint32_t t) const {
    auto const& ty = types[t];
    return ty.ref == encoding::type_ref::text || ty.ref == encoding::type_ref::xml_text ||
           (!ty.typed && ty.start != nil && items[ty.start].content.ref == encoding::content_ref::string);
}

void doc_state::build_index(std::uint32_t t) {
    auto& ty = types[t];
    ty.index.clear();
    ty.index_text_like = text_like(t);
    for (auto it = ty.start; it != nil; it = items[it].right) items[it].blk = ty.index.push_back(it, seq_weight(items[it]));
    ty.index.finish_build();
    ty.indexed = true;
}

void doc_state::index_insert(std::uint32_t it) {
    item& x = items[it];
    auto& ty = types[x.parent];
    auto left = x.left;
    auto lb = left == nil ? seq_index::nil_block : items[left].blk;
    x.blk = ty.index.insert_after(lb, left, it, seq_weight(x), [this](std::uint32_t i, std::uint32_t b) { items[i].blk = b; });
}

void doc_state::index_reweigh(std::uint32_t it) {
    item const& x = items[it];
    types[x.parent].index.set_weight(x.blk, it, seq_weight(x));
}

std::size_t doc_state::try_merge_with_lefts(struct_list& s, std::size_t pos) {
    std::size_t i = pos;
    while (i > 0) {
        std::uint32_t r = s[i], l = s[i - 1];
        if (!merge_items(l, r)) break;
        items.release(r);
        --i;
    }
    std::size_t merged = pos - i;
    if (merged > 0)
        s.erase(i + 1, pos + 1);
    return merged;
}

// Merges `r` into its left neighbour while possible, following list links instead of struct list
// positions: a non-GC item can merge only with its list neighbour that is also its clock
// predecessor, so positions are looked up only for a merge that happens. Returns how many merged.
std::size_t doc_state::merge_with_lefts_linked(std::uint32_t r) {
    std::size_t merged = 0;
    for (;;) {
        item const& R = items[r];
        auto l = R.left;
        if (R.gc || l == nil) break;
        item const& L = items[l];
        if (L.id.client != R.id.client || L.end() != R.id.clock) break;
        // cheap rejections first (merge_items checks them again, with the rest)
        if (L.deleted != R.deleted || L.content.ref != R.content.ref || !R.has_origin || R.origin.clock + 1 != R.id.clock)
            break;
        auto at = R.id;
        if (!merge_items(l, r)) break;
        items.release(r);
        auto& s = list_for(at.client);
        s.erase(find_pos(s, at.clock));
        ++merged;
        r = l;
    }
    return merged;
}

}  // namespace refold::crdt::yata::detail
