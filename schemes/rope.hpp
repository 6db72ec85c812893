// A persistent balanced sequence (rope of chunks) as fix of a node functor.
//
// basic_rope<Traits> is a regular value: every update is const, [[nodiscard]], O(log n)
// (plus the size of inserted data) and returns a new rope sharing all untouched nodes with
// the old one. The tree is fix<rope_f<Traits>::layer> (see <schemes/rope_layer.hpp>): an
// AVL-balanced binary tree whose leaves hold immutable chunks of up to Traits::max_chunk
// elements, each node carrying the summary of its subtree. root() exposes the tree to
// recursion schemes; memo_cata over two versions re-runs the algebra only on the O(log n)
// nodes an edit created. An edit of an rvalue rope (`r = std::move(r).insert(...)`) edits the
// nodes that only r holds in place instead (transient mutation; memo entries of the edited
// nodes are dropped, so memo_cata re-runs the algebra on exactly those).
//
// A Traits type provides:
//   value_type, summary_type (equality comparable), static constexpr std::size_t max_chunk;
//   measure(span<const value_type>) -> summary_type       the summary of a run of elements
//   combine(summary_type, summary_type) -> summary_type   summary of a concatenation
//   difference(summary_type whole, summary_type part)      whole minus a sub-run of it
//   size(summary_type) -> std::size_t                      the element count
//   split_point(span, want) -> std::size_t                 a cut in (0, size) near want
// seq_traits<T> counts elements; text_traits (<schemes/text_rope.hpp>) counts UTF-8 bytes,
// code points and UTF-16 units.
#pragma once

#include <schemes/detail/rope_tree.hpp>
#include <schemes/error.hpp>

#include <cstddef>
#include <ranges>
#include <type_traits>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace refold::schemes {

template <class T, std::size_t MaxChunk = (sizeof(T) >= 64 ? 8 : 512 / sizeof(T))>
struct seq_traits {
    using value_type = T;
    struct summary_type {
        std::size_t count = 0;
        friend bool operator==(summary_type, summary_type) = default;
    };
    static constexpr std::size_t max_chunk = MaxChunk;
    static summary_type measure(std::span<T const> s) noexcept { return {s.size()}; }
    static summary_type combine(summary_type a, summary_type b) noexcept { return {a.count + b.count}; }
    static summary_type difference(summary_type a, summary_type b) noexcept { return {a.count - b.count}; }
    static std::size_t size(summary_type s) noexcept { return s.count; }
    static std::size_t split_point(std::span<T const>, std::size_t want) noexcept { return want; }
};

template <class Traits>
class basic_rope {
    using tree = detail::rope_tree<Traits>;

public:
    using traits_type = Traits;
    using value_type = typename Traits::value_type;
    using summary_type = typename Traits::summary_type;
    using functor_type = rope_f<Traits>;
    template <class R>
    using layer = typename functor_type::template layer<R>;
    using node_type = typename tree::node;
    using span_type = std::span<value_type const>;

    basic_rope() : root_(empty_leaf()) {}
    explicit basic_rope(span_type items) : basic_rope(tree::build(items)) {}
    explicit basic_rope(std::vector<value_type> const& items) : basic_rope(span_type(items)) {}
    // From any input range of elements (contiguous ranges are not copied first).
    template <std::ranges::input_range R>
    [[nodiscard]] static basic_rope from_range(R&& r) {
        if constexpr (std::ranges::contiguous_range<R> && std::ranges::sized_range<R> &&
                      std::is_same_v<std::ranges::range_value_t<R>, value_type>) {
            return basic_rope(span_type(std::ranges::data(r), std::ranges::size(r)));
        } else {
            std::vector<value_type> v;
            for (auto&& x : r) v.push_back(static_cast<value_type>(x));
            return basic_rope(span_type(v));
        }
    }

    // The tree, for recursion schemes. An empty rope is one empty leaf.
    [[nodiscard]] node_type const& root() const noexcept { return root_; }
    [[nodiscard]] summary_type const& summary() const noexcept { return root_->summary(); }
    [[nodiscard]] std::size_t size() const noexcept { return Traits::size(root_->summary()); }
    [[nodiscard]] bool empty() const noexcept { return size() == 0; }
    [[nodiscard]] int height() const noexcept { return root_->height(); }

    [[nodiscard]] value_type const& at(std::size_t i) const {
        if (i >= size()) out_of_range("at", i);
        return tree::at(root_, i);
    }
    [[nodiscard]] value_type const& operator[](std::size_t i) const { return tree::at(root_, i); }

    // Edits. The const& overloads leave *this untouched; the && overloads (`r =
    // std::move(r).insert(...)`) may reuse the nodes that only *this holds, editing them in
    // place instead of copying the path (memo entries of edited nodes are dropped). Both
    // return the same value. Errors (rope_error) are thrown before anything is taken from
    // *this; only a failed allocation can leave an rvalue rope moved-from.
    [[nodiscard]] basic_rope insert(std::size_t pos, span_type items) const& {
        if (pos > size()) out_of_range("insert", pos);
        return basic_rope(tree::insert(tree_root(), pos, items));
    }
    [[nodiscard]] basic_rope insert(std::size_t pos, span_type items) && {
        if (pos > size()) out_of_range("insert", pos);
        return basic_rope(tree::insert_owned(take_tree(), pos, items));
    }
    [[nodiscard]] basic_rope insert(std::size_t pos, value_type const& x) const& {
        return insert(pos, span_type(&x, 1));
    }
    [[nodiscard]] basic_rope insert(std::size_t pos, value_type const& x) && {
        return std::move(*this).insert(pos, span_type(&x, 1));
    }
    [[nodiscard]] basic_rope push_back(value_type const& x) const& { return insert(size(), x); }
    [[nodiscard]] basic_rope push_back(value_type const& x) && {
        std::size_t n = size();
        return std::move(*this).insert(n, x);
    }
    [[nodiscard]] basic_rope erase(std::size_t from, std::size_t to) const& {
        if (from > to || to > size()) out_of_range("erase", to);
        return basic_rope(tree::erase(tree_root(), from, to));
    }
    [[nodiscard]] basic_rope erase(std::size_t from, std::size_t to) && {
        if (from > to || to > size()) out_of_range("erase", to);
        return basic_rope(tree::erase_owned(take_tree(), from, to));
    }
    [[nodiscard]] basic_rope replace(std::size_t from, std::size_t to, span_type items) const& {
        if (from > to || to > size()) out_of_range("replace", to);
        return basic_rope(tree::insert(tree::erase(tree_root(), from, to), from, items));
    }
    [[nodiscard]] basic_rope replace(std::size_t from, std::size_t to, span_type items) && {
        if (from > to || to > size()) out_of_range("replace", to);
        return basic_rope(tree::insert_owned(tree::erase_owned(take_tree(), from, to), from, items));
    }
    // Replaces element i (one leaf and its path are copied, or edited in place by &&).
    [[nodiscard]] basic_rope set(std::size_t i, value_type const& x) const& {
        if (i >= size()) out_of_range("set", i);
        return basic_rope(tree::replace_in_leaf(root_, i, false, always_fits, set_leaf_fn(x)));
    }
    [[nodiscard]] basic_rope set(std::size_t i, value_type const& x) && {
        if (i >= size()) out_of_range("set", i);
        node_type t = std::move(root_);
        auto in_place = [&x](layer<node_type>& lf, std::size_t p) {
            tree::splice_leaf(lf, p, 1, span_type(&x, 1), set_summary(lf.summary(), lf.elements()[p], x));
        };
        (void)tree::edit_leaf_owned(t, i, false, tree::size_units, always_fits, set_leaf_fn(x), in_place);
        return basic_rope(std::move(t));
    }
    [[nodiscard]] std::pair<basic_rope, basic_rope> split(std::size_t pos) const {
        if (pos > size()) out_of_range("split", pos);
        auto [a, b] = tree::split(tree_root(), pos);
        return {basic_rope(std::move(a)), basic_rope(std::move(b))};
    }
    [[nodiscard]] basic_rope substr(std::size_t from, std::size_t to) const {
        if (from > to || to > size()) out_of_range("substr", to);
        return basic_rope(tree::split(tree::split(tree_root(), to).first, from).second);
    }
    [[nodiscard]] friend basic_rope concat(basic_rope const& a, basic_rope const& b) {
        return basic_rope(tree::join(a.tree_root(), b.tree_root()));
    }

    // Calls fn(span<const value_type>) for each chunk, in order.
    template <class Fn>
    void for_each_chunk(Fn&& fn) const {
        tree::for_each_leaf(tree_root(), fn);
    }
    [[nodiscard]] std::vector<value_type> to_vector() const {
        std::vector<value_type> out;
        out.reserve(size());
        for_each_chunk([&](span_type c) { out.insert(out.end(), c.begin(), c.end()); });
        return out;
    }

    // Balance, heights, summaries and chunk bounds hold (for tests).
    [[nodiscard]] bool check_invariants() const { return tree::check(tree_root()); }

    // Wraps a tree made by the algorithms of <schemes/detail/rope_tree.hpp> (an empty
    // handle is the empty rope).
    [[nodiscard]] static basic_rope from_root(node_type t) { return basic_rope(std::move(t)); }

    // The tree of an rvalue rope, moved out for the in-place algorithms (the rope is left
    // moved-from: assign to it before any other use).
    [[nodiscard]] node_type take_root() && noexcept { return std::move(root_); }

    // Same tree (O(1)), not merely equal contents.
    [[nodiscard]] bool same_as(basic_rope const& o) const noexcept { return root_.id() == o.root_.id(); }

protected:
    explicit basic_rope(node_type t) : root_(t ? std::move(t) : empty_leaf()) {}
    [[noreturn]] void out_of_range(char const* op, std::size_t pos) const {
        throw rope_error("[schemes.rope.1] " + std::string(op) + ": position " + std::to_string(pos) +
                         " outside a rope of size " + std::to_string(size()));
    }
    // The root as the algorithms see it: the empty leaf is the empty tree.
    [[nodiscard]] node_type tree_root() const { return size() == 0 ? node_type() : root_; }

private:
    // The tree of an rvalue rope, moved out (the empty rope gives the empty tree).
    node_type take_tree() noexcept {
        node_type t = std::move(root_);
        if (Traits::size(t->summary()) == 0) return node_type();
        return t;
    }
    static summary_type set_summary(summary_type s, value_type const& old, value_type const& x) {
        return Traits::combine(Traits::difference(s, Traits::measure(span_type(&old, 1))),
                               Traits::measure(span_type(&x, 1)));
    }
    static auto set_leaf_fn(value_type const& x) {
        return [&x](node_type const& lf, std::size_t p) {
            span_type e = lf->elements();
            return tree::leaf(tree::chunk_type::make(e.first(p), span_type(&x, 1), e.subspan(p + 1)),
                              set_summary(lf->summary(), e[p], x));
        };
    }
    static constexpr auto always_fits = [](node_type const&, std::size_t) { return true; };

    static node_type empty_leaf() { return node_type::make(summary_type{}, typename tree::chunk_type()); }

    node_type root_;
};

// A rope of any element type (arrays, derived sequences such as outline entries).
template <class T>
using rope = basic_rope<seq_traits<T>>;

}  // namespace refold::schemes
