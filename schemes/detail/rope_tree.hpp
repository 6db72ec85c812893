// internal; see <schemes/rope.hpp>
//
// The algorithms of the persistent rope: a height-balanced (AVL) binary tree whose leaves
// hold chunks of at most Traits::max_chunk elements. Everything rests on join (concatenate
// two balanced trees in O(|h1 - h2|)) and split (cut at a position in O(log n)); edits that
// stay inside one leaf copy only that leaf and the path above it, rebuilding each level
// with join so that a leaf that grows into two (or vanishes) rebalances on the way up.
// Null handles are the empty tree; the public rope never exposes them.
#pragma once

#include <schemes/fix.hpp>
#include <schemes/rope_layer.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace refold::schemes::detail {

template <class Traits>
struct rope_tree {
    using functor = rope_f<Traits>;
    using node = fix<functor::template layer>;
    using value_type = typename Traits::value_type;
    using summary_type = typename Traits::summary_type;
    using chunk_type = typename functor::chunk_type;
    using span_type = std::span<value_type const>;
    static constexpr std::size_t max_chunk = Traits::max_chunk;

    static std::size_t size(node const& t) noexcept { return t ? Traits::size(t->summary()) : 0; }
    static int height(node const& t) noexcept { return t ? t->height() : -1; }

    static node leaf(chunk_type c, summary_type s) {
        if (c.size() == 0) return node();
        return node::make(s, std::move(c));
    }
    static node leaf(span_type a, span_type b = {}, span_type c = {}) {
        if (a.size() + b.size() + c.size() == 0) return node();
        summary_type s = Traits::combine(Traits::combine(Traits::measure(a), Traits::measure(b)),
                                         Traits::measure(c));
        // The leaf's node and chunk are allocated as neighbours where the pool can (see
        // pool_allocate_pair and the parent's chunk_hints).
        std::size_t cap = chunk_type::capacity_for(a.size() + b.size() + c.size(), 0);
        std::size_t const nb = node::node_bytes(), cb = chunk_type::block_bytes(cap);
        void* chunk_mem = nullptr;
        void* node_mem = pool_allocate_pair(nb, cb, chunk_mem);
        chunk_type ch;
        try {
            ch = chunk_type::make_in(chunk_mem, cap, a, b, c);
        } catch (...) {
            pool_deallocate(node_mem, nb);
            throw;
        }
        return node::make_in(node_mem, s, std::move(ch));
    }
    static node branch(node l, node r) {
        summary_type s = Traits::combine(l->summary(), r->summary());
        auto h = static_cast<std::uint8_t>(std::max(l->height(), r->height()) + 1);
        return node::make(s, h, std::move(l), std::move(r));
    }
    // Two trees whose heights differ by at most one: a branch, or one leaf if both are
    // leaves that fit together (this keeps leaves from fragmenting under erases).
    static node pair(node const& l, node const& r) {
        if (l->is_leaf() && r->is_leaf() && size(l) + size(r) <= max_chunk)
            return leaf(chunk_type::make(l->elements(), r->elements()),
                        Traits::combine(l->summary(), r->summary()));
        return branch(l, r);
    }
    static node rotate_left(node const& t) {  // (a, (b, c)) -> ((a, b), c)
        node const& rc = t->right();
        return branch(branch(t->left(), rc->left()), rc->right());
    }
    static node rotate_right(node const& t) {  // ((a, b), c) -> (a, (b, c))
        node const& lc = t->left();
        return branch(lc->left(), branch(lc->right(), t->right()));
    }

    // l is taller than r by two or more.
    static node join_right(node const& l, node const& r) {
        node const& ll = l->left();
        node const& c = l->right();
        if (height(c) <= height(r) + 1) {
            node t = pair(c, r);
            if (height(t) <= height(ll) + 1) return branch(ll, std::move(t));
            return rotate_left(branch(ll, rotate_right(t)));
        }
        node t = join_right(c, r);
        node u = branch(ll, t);
        if (height(t) <= height(ll) + 1) return u;
        return rotate_left(u);
    }
    // r is taller than l by two or more (mirror of join_right).
    static node join_left(node const& l, node const& r) {
        node const& c = r->left();
        node const& rr = r->right();
        if (height(c) <= height(l) + 1) {
            node t = pair(l, c);
            if (height(t) <= height(rr) + 1) return branch(std::move(t), rr);
            return rotate_right(branch(rotate_left(t), rr));
        }
        node t = join_left(l, c);
        node u = branch(t, rr);
        if (height(t) <= height(rr) + 1) return u;
        return rotate_right(u);
    }
    static node join(node const& l, node const& r) {
        if (!l) return r;
        if (!r) return l;
        int hl = l->height(), hr = r->height();
        if (hl > hr + 1) return join_right(l, r);
        if (hr > hl + 1) return join_left(l, r);
        return pair(l, r);
    }

    // (first pos elements, the rest).
    static std::pair<node, node> split(node const& t, std::size_t pos) {
        if (!t) return {};
        if (pos == 0) return {node(), t};
        if (pos >= size(t)) return {t, node()};
        if (t->is_leaf()) {
            span_type e = t->elements();
            return {leaf(e.first(pos)), leaf(e.subspan(pos))};
        }
        std::size_t ls = size(t->left());
        if (pos < ls) {
            auto [a, b] = split(t->left(), pos);
            return {std::move(a), join(b, t->right())};
        }
        if (pos == ls) return {t->left(), t->right()};
        auto [a, b] = split(t->right(), pos - ls);
        return {join(t->left(), a), std::move(b)};
    }

    // A balanced tree of the given leaves.
    static node build_leaves(std::span<node const> leaves) {
        if (leaves.empty()) return node();
        if (leaves.size() == 1) return leaves[0];
        std::size_t mid = leaves.size() / 2;
        return branch(build_leaves(leaves.first(mid)), build_leaves(leaves.subspan(mid)));
    }
    // Leaves filled to about three quarters, so that inserts rarely split at once. The
    // shape is build_leaves' (halves, left the smaller); each branch over two leaves is
    // allocated together with them where the pool can (leaf_pair).
    static node build(span_type items) {
        std::vector<span_type> parts;
        std::size_t target = std::max<std::size_t>(1, max_chunk - max_chunk / 4);
        while (!items.empty()) {
            std::size_t cut = items.size() <= max_chunk ? items.size()
                                                        : Traits::split_point(items, target);
            parts.push_back(items.first(cut));
            items = items.subspan(cut);
        }
        return build_parts(parts);
    }
    static node build_parts(std::span<span_type const> parts) {
        if (parts.empty()) return node();
        if (parts.size() == 1) return leaf(parts[0]);
        if (parts.size() == 2) return leaf_pair(parts[0], parts[1]);
        std::size_t mid = parts.size() / 2;
        return branch(build_parts(parts.first(mid)), build_parts(parts.subspan(mid)));
    }
    // A branch over two leaves (both non-empty), allocated as one run of the pool:
    // [branch][leaf a][chunk a][leaf b][chunk b], each chunk right after its leaf and chunk
    // a's block reaching to the end of its cache line (the slack is capacity), so that leaf
    // b starts a line and the grandparent's group hint covers all five (see
    // rope_f::layer::group_hints). When the pool has free blocks of these sizes to reuse
    // first (or is off), the same blocks are taken one by one; elements that are not
    // trivially copyable make an ordinary branch of two leaves.
    static node leaf_pair(span_type a, span_type b) {
        if constexpr (std::is_trivially_copyable_v<value_type>) {
            std::size_t const nb = node::node_bytes();
            std::size_t const start_a = 2 * nb;  // chunk a's offset in the run
            std::size_t cap_a = chunk_type::capacity_for(a.size(), 0);
            std::size_t const end_a = (start_a + chunk_type::block_bytes(cap_a) + 63) / 64 * 64;
            cap_a = chunk_type::capacity_for(a.size(), (end_a - start_a - chunk_type::block_bytes(0)) / sizeof(value_type));
            std::size_t const cb_a = chunk_type::block_bytes(cap_a);
            std::size_t const cap_b = chunk_type::capacity_for(b.size(), 0);
            std::size_t const sizes[5] = {nb, nb, cb_a, nb, chunk_type::block_bytes(cap_b)};
            void* mem[5];
            if (start_a + cb_a == end_a && nb % 64 == 0) {
                // The same blocks one by one when the pool has free ones of these sizes:
                // they are reused first (and so used up, after which runs resume).
                if (!pool_allocate_run(sizes, 5, mem)) {
                    for (std::size_t i = 0; i < 5; ++i) {
                        try {
                            mem[i] = pool_allocate(sizes[i]);
                        } catch (...) {
                            while (i-- > 0) pool_deallocate(mem[i], sizes[i]);
                            throw;
                        }
                    }
                }
                // (nothing below throws: trivially copyable elements, pool blocks in hand)
                node la = node::make_in(mem[1], Traits::measure(a), chunk_type::make_in(mem[2], cap_a, a));
                node lb = node::make_in(mem[3], Traits::measure(b), chunk_type::make_in(mem[4], cap_b, b));
                summary_type s = Traits::combine(la->summary(), lb->summary());
                return node::make_in(mem[0], s, std::uint8_t{1}, std::move(la), std::move(lb));
            }
        }
        return branch(leaf(a), leaf(b));
    }

    // Replaces the leaf holding `pos` by fn(leaf, pos within leaf), which may return any
    // tree (empty, a leaf, a small branch); the path above is rebuilt with join. At a
    // boundary between two leaves, `at_end` picks the left one (for inserts).
    template <class Fn>
    static node update_leaf(node const& t, std::size_t pos, bool at_end, Fn& fn) {
        if (t->is_leaf()) return fn(t, pos);
        node const& l = t->left();
        node const& r = t->right();
        std::size_t ls = size(l);
        // The common case keeps the child's height and is not a leaf (so no leaf merge is
        // due): the parent is rebuilt directly; otherwise join rebalances.
        if (pos < ls || (at_end && pos == ls)) {
            node nl = update_leaf(l, pos, at_end, fn);
            if (nl && nl->height() == l->height() && !nl->is_leaf()) return branch(std::move(nl), r);
            return join(nl, r);
        }
        node nr = update_leaf(r, pos - ls, at_end, fn);
        if (nr && nr->height() == r->height() && !nr->is_leaf()) return branch(l, std::move(nr));
        return join(l, nr);
    }

    // The fast path of edits that leave a leaf a (non-empty) leaf: no height changes, so
    // the path is copied bottom-up without rebalancing. fits(leaf, pos in leaf) says
    // whether the edit stays in the leaf; then fn(leaf, pos) gives the new leaf. Returns an
    // empty handle when it does not fit (the caller takes the general path).
    template <class Fits, class Fn>
    static node replace_in_leaf(node const& t, std::size_t pos, bool at_end, Fits const& fits, Fn const& fn) {
        return replace_in_leaf_by(t, pos, at_end, [](summary_type const& s) { return Traits::size(s); }, fits, fn);
    }
    struct no_visit {
        void operator()(node const&) const noexcept {}
    };
    // The path from a root down to the leaf holding unit `pos` (by units(summary)); `pos`
    // becomes the position within that leaf.
    struct leaf_path {
        static constexpr int max_depth = 96;  // AVL height of any tree that fits in memory
        node const* nodes[max_depth];
        bool right[max_depth];
        int depth = 0;
        int unique_top = 0;  // nodes[0, unique_top) are uniquely held (from the root down)
        node const* leaf = nullptr;
        std::size_t pos = 0;

        // Each right child starts loading on the way down (see below).
        // on_unique(node) is called on each node of the uniquely held prefix as it is passed.
        template <class Units, class OnUnique = no_visit>
        leaf_path(node const& t, std::size_t p, bool at_end, Units const& units, OnUnique const& on_unique = {}) noexcept
            : pos(p) {
            node const* n = &t;
            unsigned run = 0;  // the parent's group hint for n (its run is already loading)
            while (!(*n)->is_leaf()) {
                node const& l = (*n)->left();
                node const& r = (*n)->right();
                // The way on is decided by the left child's summary. Start loading the
                // right child first: it is either the way on or the sibling (whose summary
                // a path copy reads, or whose cached result a memoized re-fold reads), so
                // the two loads overlap instead of following each other.
                __builtin_prefetch(r.id());
                // Children that are leaves with their chunk allocated next to them:
                // both chunks start loading now, with the leaves themselves.
                if (unsigned h = (*n)->chunk_hints(); h != 0 && run == 0)
                    prefetch_chunk(l, h & 15U), prefetch_chunk(r, h >> 4);
                // Children that head a run with their leaves and chunks: the whole
                // bottom of the path starts loading now, not one level at a time.
                if ((run = (*n)->group_hints()) != 0) prefetch_run(l, run & 63U), prefetch_run(r, run >> 6);
                std::size_t ls = units(l->summary());
                if (unique_top == depth && n->unique()) {
                    ++unique_top;
                    on_unique(*n);
                }
                nodes[depth] = n;
                bool go_right = !(pos < ls || (at_end && pos == ls));
                right[depth++] = go_right;
                if (go_right) pos -= ls;
                n = go_right ? &r : &l;
                run = go_right ? run >> 6 : run & 63U;
            }
            leaf = n;
        }
        static void prefetch_chunk(node const& c, unsigned lines) noexcept {
            if (lines == 0) return;
            auto const* start = static_cast<char const*>(c.id()) + node::node_bytes();
            auto const* line = start - reinterpret_cast<std::uintptr_t>(start) % 64;
            for (unsigned i = 0; i < lines; ++i) __builtin_prefetch(line + 64 * i);
        }
        static void prefetch_run(node const& c, unsigned lines) noexcept {
            auto const* start = static_cast<char const*>(c.id());
#pragma GCC unroll 8
            for (unsigned i = 1; i < lines; ++i) __builtin_prefetch(start + 64 * i);
        }
        // After the child or the chunk below path level top - 1 moved: the hints of the two
        // lowest edited levels (chunk hints one level up, group hints two) follow.
        void refresh_hints(int top) const noexcept {
            for (int d = top - 1; d >= 0 && d >= top - 2; --d)
                const_cast<node&>(*nodes[d]).mutable_layer().refresh_chunk_hints();
        }
        node const& sibling(int d) const noexcept { return right[d] ? (*nodes[d])->left() : (*nodes[d])->right(); }

        // Rebuilds path levels [from, depth) above a new version `cur` of their child.
        node copy_up(node cur, int from) const {
            for (int d = depth; d-- > from;) {
                node const& p = *nodes[d];
                auto h = static_cast<std::uint8_t>(p->height());
                if (right[d])
                    cur = node::make(Traits::combine(p->left()->summary(), cur->summary()), h, p->left(), std::move(cur));
                else
                    cur = node::make(Traits::combine(cur->summary(), p->right()->summary()), h, std::move(cur), p->right());
            }
            return cur;
        }
    };

    // The same, with `pos` counted in units(summary) instead of elements.
    template <class Units, class Fits, class Fn>
    static node replace_in_leaf_by(node const& t, std::size_t pos, bool at_end, Units const& units, Fits const& fits,
                                   Fn const& fn) {
        leaf_path path(t, pos, at_end, units);
        if (!fits(*path.leaf, path.pos)) return node();
        return path.copy_up(fn(*path.leaf, path.pos), 0);
    }

    // replace_in_leaf_by on a tree the caller owns (t is its only handle, e.g. the root of
    // an rvalue rope): the uniquely held prefix of the path is edited in place (transient
    // mutation; see fix::mutable_layer, which drops the memo entries of each edited node)
    // and only the part below the first shared node is copied. Ancestors' summaries are
    // updated by the leaf's change (difference + combine), without reading siblings.
    // in_place(leaf layer, pos) edits a uniquely held leaf, chunk and summary; copy(leaf,
    // pos) makes the new leaf otherwise. Returns false (t unchanged) when fits says no.
    template <class Units, class Fits, class Copy, class InPlace>
    static bool edit_leaf_owned(node& t, std::size_t pos, bool at_end, Units const& units, Fits const& fits,
                                Copy const& copy, InPlace const& in_place) {
        // The descent prefetches (siblings, the bottom of the path): the leaf and its chunk
        // are needed anyway, and siblings are read again by a memoized re-fold (memo_cata
        // caches every node it visits, the root included).
        bool memoized = t.has_memo();
        leaf_path path(t, pos, at_end, units);
        prefetch_leaf_chunk(path);
        if (!fits(*path.leaf, path.pos)) return false;
        prefetch_for_refold(path, memoized);
        int depth = path.depth;
        int top = path.unique_top;  // path levels [0, top) are uniquely held: edited in place
        summary_type const old_s = (*path.leaf)->summary();
        summary_type new_s;
        node fresh;
        bool moved = false;  // a new subtree or chunk under the lowest edited node
        if (top == depth && path.leaf->unique()) {
            auto& lf = const_cast<node&>(*path.leaf).mutable_layer();
            void const* chunk_before = lf.chunk().id();
            in_place(lf, path.pos);
            new_s = lf.summary();
            moved = lf.chunk().id() != chunk_before;
        } else {
            moved = true;
            fresh = copy(*path.leaf, path.pos);
            new_s = fresh->summary();
            fresh = path.copy_up(std::move(fresh), top);
            if (top == 0) {
                t = std::move(fresh);
                return true;
            }
        }
        for (int d = 0; d < top; ++d) {
            auto& l = const_cast<node&>(*path.nodes[d]).mutable_layer();
            l.mutable_summary() = Traits::combine(Traits::difference(l.summary(), old_s), new_s);
        }
        if (fresh) {
            auto& l = const_cast<node&>(*path.nodes[top - 1]).mutable_layer();
            (path.right[top - 1] ? l.mutable_right() : l.mutable_left()) = std::move(fresh);
        }
        // The lowest edited node's child changed (a new subtree, or the leaf's chunk was
        // replaced): the hints of the two lowest edited nodes follow. (A chunk spliced in
        // place keeps its block.)
        if (moved) path.refresh_hints(top);
        return true;
    }

    // edit_leaf_owned for edits whose change to the summary is known before the descent
    // (inserts: + measure(items)): the uniquely held prefix of the path is updated on the
    // way down (one pass instead of two), and restored when fits says no. copy(leaf, pos)
    // and in_place(leaf layer, pos) must change the leaf's summary by exactly `delta`.
    template <class Units, class Fits, class Copy, class InPlace>
    static bool grow_leaf_owned(node& t, std::size_t pos, bool at_end, Units const& units, summary_type const& delta,
                                Fits const& fits, Copy const& copy, InPlace const& in_place) {
        auto add = [&delta](node const& n) {
            auto& l = const_cast<node&>(n).mutable_layer();  // drops its memo entries
            l.mutable_summary() = Traits::combine(l.summary(), delta);
        };
        bool memoized = t.has_memo();
        leaf_path path(t, pos, at_end, units, add);
        prefetch_leaf_chunk(path);
        int depth = path.depth;
        int top = path.unique_top;
        if (!fits(*path.leaf, path.pos)) {
            for (int d = 0; d < top; ++d) {
                auto& l = const_cast<node&>(*path.nodes[d]).mutable_layer();
                l.mutable_summary() = Traits::difference(l.summary(), delta);
            }
            return false;
        }
        prefetch_for_refold(path, memoized);
        if (top == depth && path.leaf->unique()) {
            auto& lf = const_cast<node&>(*path.leaf).mutable_layer();
            void const* chunk_before = lf.chunk().id();
            in_place(lf, path.pos);
            if (lf.chunk().id() != chunk_before) path.refresh_hints(top);
            return true;
        }
        node fresh = path.copy_up(copy(*path.leaf, path.pos), top);
        if (top == 0) {
            t = std::move(fresh);
            return true;
        }
        auto& l = const_cast<node&>(*path.nodes[top - 1]).mutable_layer();
        (path.right[top - 1] ? l.mutable_right() : l.mutable_left()) = std::move(fresh);
        path.refresh_hints(top);
        return true;
    }

    // After an edit, a memoized fold of the new version re-runs the algebra on the edited
    // leaf (reading all of its chunk) and on each path node, whose other child's cached
    // result it reads. Those loads are independent: issue them together now rather than
    // one miss at a time later. The chunk is read by the edit itself too; the rest only
    // when the tree is memoized.
    static void prefetch_leaf_chunk(leaf_path const& path) noexcept {
        span_type e = (*path.leaf)->elements();
        auto const* bytes = reinterpret_cast<char const*>(e.data());
        for (std::size_t i = 0; i < e.size_bytes(); i += 64) __builtin_prefetch(bytes + i);
    }
    static void prefetch_for_refold(leaf_path const& path, bool memoized) noexcept {
        if (!memoized) return;
        for (int d = 0; d < path.depth; ++d) {
            if (auto* m = path.nodes[d]->header()->memo) __builtin_prefetch(m, 1);
            if (auto* m = path.sibling(d).header()->memo) __builtin_prefetch(m);
        }
    }

    // Leaf edits in place: the chunk is spliced when it is uniquely held and has room,
    // otherwise replaced by a new one with some room to grow (up to max_chunk).
    static void splice_leaf(typename node::layer_type& lf, std::size_t p, std::size_t gone, span_type items,
                            summary_type s) {
        if (!lf.mutable_chunk().try_splice(p, gone, items)) {
            span_type e = lf.elements();
            std::size_t n = e.size() - gone + items.size();
            std::size_t room = std::min(max_chunk, n + n / 8 + 1);
            lf.mutable_chunk() = chunk_type::make_reserve(room, e.first(p), items, e.subspan(p + gone));
        }
        lf.mutable_summary() = s;
    }

    // The leaf holding element `pos` (pos < size(t)) and the index of its first element.
    static std::pair<node const*, std::size_t> find_leaf(node const& t, std::size_t pos) {
        node const* n = &t;
        std::size_t start = 0;
        while (!(*n)->is_leaf()) {
            std::size_t ls = size((*n)->left());
            if (pos < ls) {
                n = &(*n)->left();
            } else {
                pos -= ls;
                start += ls;
                n = &(*n)->right();
            }
        }
        return {n, start};
    }

    // A leaf of the elements e[0, p) ++ items ++ e[p, ...), split in two if too long.
    static node leaf_insert(node const& lf, std::size_t p, span_type items) {
        span_type e = lf->elements();
        summary_type s = Traits::combine(lf->summary(), Traits::measure(items));
        if (e.size() + items.size() <= max_chunk)
            return leaf(chunk_type::make(e.first(p), items, e.subspan(p)), s);
        chunk_type all = chunk_type::make(e.first(p), items, e.subspan(p));
        span_type v = all.view();
        std::size_t cut = Traits::split_point(v, v.size() / 2);
        span_type a = v.first(cut), b = v.subspan(cut);
        if (a.size() <= b.size()) {
            summary_type sa = Traits::measure(a);
            return branch(leaf(chunk_type::make(a), sa), leaf(chunk_type::make(b), Traits::difference(s, sa)));
        }
        summary_type sb = Traits::measure(b);
        return branch(leaf(chunk_type::make(a), Traits::difference(s, sb)), leaf(chunk_type::make(b), sb));
    }

    static node insert(node const& t, std::size_t pos, span_type items) {
        if (items.empty()) return t;
        if (!t) return build(items);
        if (items.size() <= max_chunk) {
            auto fits = [&items](node const& lf, std::size_t) { return size(lf) + items.size() <= max_chunk; };
            auto fn = [items](node const& lf, std::size_t p) { return leaf_insert(lf, p, items); };
            if (node r = replace_in_leaf(t, pos, true, fits, fn)) return r;
            return update_leaf(t, pos, true, fn);
        }
        auto [a, b] = split(t, pos);
        return join(join(a, build(items)), b);
    }

    // insert/erase on a tree the caller owns (edited in place where uniquely held).
    static node insert_owned(node t, std::size_t pos, span_type items) {
        if (items.empty() || !t) return insert(t, pos, items);
        if (items.size() <= max_chunk) {
            auto fits = [&items](node const& lf, std::size_t) { return size(lf) + items.size() <= max_chunk; };
            auto copy = [items](node const& lf, std::size_t p) { return leaf_insert(lf, p, items); };
            summary_type const added = Traits::measure(items);
            auto in_place = [items, &added](typename node::layer_type& lf, std::size_t p) {
                splice_leaf(lf, p, 0, items, Traits::combine(lf.summary(), added));
            };
            if (grow_leaf_owned(t, pos, true, size_units, added, fits, copy, in_place)) return t;
        }
        return insert(t, pos, items);
    }
    static node erase_owned(node t, std::size_t from, std::size_t to) {
        if (from >= to) return t;
        std::size_t k = to - from;
        auto fits = [k](node const& lf, std::size_t p) { return k < size(lf) && p + k <= size(lf); };
        auto copy = [k](node const& lf, std::size_t p) {
            span_type e = lf->elements();
            return leaf(chunk_type::make(e.first(p), e.subspan(p + k)),
                        Traits::difference(lf->summary(), Traits::measure(e.subspan(p, k))));
        };
        auto in_place = [k](typename node::layer_type& lf, std::size_t p) {
            summary_type s = Traits::difference(lf.summary(), Traits::measure(lf.elements().subspan(p, k)));
            splice_leaf(lf, p, k, {}, s);
        };
        if (edit_leaf_owned(t, from, false, size_units, fits, copy, in_place)) return t;
        return erase(t, from, to);
    }
    static std::size_t size_units(summary_type const& s) noexcept { return Traits::size(s); }

    static node erase(node const& t, std::size_t from, std::size_t to) {
        if (from >= to) return t;
        auto [lf, start] = find_leaf(t, from);
        if (to - start <= (*lf)->elements().size()) {
            auto fn = [from, to](node const& l, std::size_t p) {
                span_type e = l->elements();
                std::size_t q = p + (to - from);
                span_type gone = e.subspan(p, q - p);
                if (gone.size() == e.size()) return node();
                // Measure whichever side is shorter.
                if (gone.size() <= e.size() / 2)
                    return leaf(chunk_type::make(e.first(p), e.subspan(q)),
                                Traits::difference(l->summary(), Traits::measure(gone)));
                return leaf(e.first(p), e.subspan(q));
            };
            auto fits = [from, to](node const& l, std::size_t) { return to - from < size(l); };
            if (node r = replace_in_leaf(t, from, false, fits, fn)) return r;
            return update_leaf(t, from, false, fn);
        }
        auto [a, rest] = split(t, from);
        auto [gone, c] = split(rest, to - from);
        return join(a, c);
    }

    static value_type const& at(node const& t, std::size_t pos) {
        auto [lf, start] = find_leaf(t, pos);
        return (*lf)->elements()[pos - start];
    }

    template <class Fn>
    static void for_each_leaf(node const& t, Fn& fn) {
        if (!t) return;
        if (t->is_leaf()) {
            fn(t->elements());
            return;
        }
        for_each_leaf(t->left(), fn);
        for_each_leaf(t->right(), fn);
    }

    // Heights, balance, summaries and chunk sizes; false on the first violation.
    static bool check(node const& t) {
        if (!t) return true;
        if (t->is_leaf()) {
            auto e = t->elements();
            return t->height() == 0 && !e.empty() && e.size() <= max_chunk &&
                   Traits::measure(e) == t->summary();
        }
        node const& l = t->left();
        node const& r = t->right();
        if (!l || !r || !check(l) || !check(r)) return false;
        int hl = l->height(), hr = r->height();
        typename node::layer_type fresh(t->summary(), static_cast<std::uint8_t>(t->height()), l, r);
        return t->height() == std::max(hl, hr) + 1 && hl - hr <= 1 && hr - hl <= 1 &&
               Traits::combine(l->summary(), r->summary()) == t->summary() && fresh.chunk_hints() == t->chunk_hints() &&
               fresh.group_hints() == t->group_hints();
    }
};

}  // namespace refold::schemes::detail
