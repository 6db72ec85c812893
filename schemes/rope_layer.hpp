// rope_f<Traits>::layer<R>: the node functor of the persistent rope (see <schemes/rope.hpp>).
//
// A layer is either a leaf holding a chunk of elements, or a branch with two recursive
// positions (left, right). Both carry the summary (measure) of everything below them and
// the AVL height of the subtree (leaves are 0). fmap maps the recursive positions and keeps
// the chunk shared, so folding a leaf never copies its elements.
#pragma once

#include <schemes/detail/chunk.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <type_traits>
#include <utility>
#include <new>

namespace refold::schemes {

template <class Traits>
struct rope_f {
    using value_type = typename Traits::value_type;
    using summary_type = typename Traits::summary_type;
    using chunk_type = detail::chunk<value_type>;

    template <class R>
    class layer {
    public:
        // A leaf.
        layer(summary_type s, chunk_type c) : summary_(s), leaf_(true) { ::new (&u_.chunk) chunk_type(std::move(c)); }
        // A branch.
        layer(summary_type s, std::uint8_t height, R left, R right) : summary_(s), height_(height), leaf_(false) {
            ::new (&u_.kids) children{std::move(left), std::move(right)};
            refresh_chunk_hints();
        }
        layer(layer const& o)
            : summary_(o.summary_), height_(o.height_), leaf_(o.leaf_), hints_(o.hints_), groups_(o.groups_) {
            if (leaf_) ::new (&u_.chunk) chunk_type(o.u_.chunk);
            else ::new (&u_.kids) children(o.u_.kids);
        }
        layer(layer&& o) noexcept
            : summary_(o.summary_), height_(o.height_), leaf_(o.leaf_), hints_(o.hints_), groups_(o.groups_) {
            if (leaf_) ::new (&u_.chunk) chunk_type(std::move(o.u_.chunk));
            else ::new (&u_.kids) children(std::move(o.u_.kids));
        }
        layer& operator=(layer const& o) {
            if (this != &o) {
                layer copy(o);
                this->~layer();
                ::new (this) layer(std::move(copy));
            }
            return *this;
        }
        layer& operator=(layer&& o) noexcept {
            if (this != &o) {
                this->~layer();
                ::new (this) layer(std::move(o));
            }
            return *this;
        }
        ~layer() {
            if (leaf_) u_.chunk.~chunk_type();
            else u_.kids.~children();
        }

        [[nodiscard]] bool is_leaf() const noexcept { return leaf_; }
        [[nodiscard]] summary_type const& summary() const noexcept { return summary_; }
        [[nodiscard]] int height() const noexcept { return height_; }

        // Leaf only.
        [[nodiscard]] std::span<value_type const> elements() const noexcept { return u_.chunk.view(); }
        [[nodiscard]] chunk_type const& chunk() const noexcept { return u_.chunk; }
        // Branch only.
        [[nodiscard]] R const& left() const noexcept { return u_.kids.left; }
        [[nodiscard]] R const& right() const noexcept { return u_.kids.right; }

        // In-place access for the rope's edits of uniquely held nodes (see
        // fix::mutable_layer); the caller keeps summary and height consistent.
        [[nodiscard]] summary_type& mutable_summary() noexcept { return summary_; }
        [[nodiscard]] chunk_type& mutable_chunk() noexcept { return u_.chunk; }
        [[nodiscard]] R& mutable_left() noexcept { return u_.kids.left; }
        [[nodiscard]] R& mutable_right() noexcept { return u_.kids.right; }

        // A hint for descents (branches of a rope tree only): per child (low four bits the
        // left, high four the right), the number of cache lines from the start of the chunk
        // of a leaf child that was allocated right after its node (see
        // detail::pool_allocate_pair), 0 when the child is not such a leaf. A descent that
        // reaches this branch can start loading both chunks at once, before it has read the
        // children. Kept exact by refresh_chunk_hints (checked by the rope's invariants).
        [[nodiscard]] std::uint8_t chunk_hints() const noexcept { return hints_; }
        // A second hint, one level further down (6 bits per child, low the left): the number
        // of cache lines that a child spans together with its two leaf children and their
        // chunks when they were allocated as one run right after it ([child][leaf][chunk]
        // [leaf][chunk], each leaf starting a line; see rope_tree::leaf_pair), else 0. A
        // descent that reaches this branch can start loading the whole bottom of the path
        // before it has read the child. Read from the child's own fields (its children's
        // addresses and chunk hints), so it costs no access below the child; kept exact.
        [[nodiscard]] unsigned group_hints() const noexcept { return groups_; }
        // Recomputes both hints from the children (after a child or a leaf's chunk moved).
        void refresh_chunk_hints() noexcept {
            if constexpr (requires { R::node_bytes(); }) {
                if (!leaf_) {
                    hints_ = static_cast<std::uint8_t>(hint_of(u_.kids.left) | (hint_of(u_.kids.right) << 4));
                    groups_ = static_cast<std::uint16_t>(group_of(u_.kids.left) | (group_of(u_.kids.right) << 6));
                }
            }
        }

        template <class Fn>
        [[nodiscard]] auto map(Fn& f) const {
            using B = std::decay_t<std::invoke_result_t<Fn&, R const&>>;
            using out = typename rope_f::template layer<B>;
            if (leaf_) return out(summary_, u_.chunk);
            return out(summary_, height_, std::invoke(f, u_.kids.left), std::invoke(f, u_.kids.right));
        }

        // Equal shape, summaries and elements (leaf chunks compared element-wise).
        friend bool operator==(layer const& a, layer const& b) {
            if (a.height_ != b.height_ || !(a.summary_ == b.summary_) || a.leaf_ != b.leaf_) return false;
            if (a.leaf_) {
                auto x = a.elements(), y = b.elements();
                if (x.size() != y.size()) return false;
                for (std::size_t i = 0; i < x.size(); ++i)
                    if (!(x[i] == y[i])) return false;
                return true;
            }
            return a.left() == b.left() && a.right() == b.right();
        }

    private:
        static unsigned hint_of(R const& c) noexcept {
            if (!c || !c->is_leaf() || c->chunk().id() == nullptr) return 0;
            auto const* start = static_cast<unsigned char const*>(c->chunk().id());
            if (start != static_cast<unsigned char const*>(c.id()) + R::node_bytes()) return 0;
            std::size_t first_line = reinterpret_cast<std::uintptr_t>(start) / 64;
            std::size_t last_line = (reinterpret_cast<std::uintptr_t>(start) + c->chunk().bytes() - 1) / 64;
            std::size_t lines = last_line - first_line + 1;
            return static_cast<unsigned>(lines < 15 ? lines : 15);
        }

        // The group hint of child c (see group_hints).
        static unsigned group_of(R const& c) noexcept {
            if (!c || c->is_leaf()) return 0;
            unsigned h = c->chunk_hints(), lines_a = h & 15U, lines_b = h >> 4;
            if (lines_a == 0 || lines_b == 0) return 0;
            auto const base = reinterpret_cast<std::uintptr_t>(c.id());
            std::size_t const nb = R::node_bytes();
            if (base % 64 != 0 || reinterpret_cast<std::uintptr_t>(c->left().id()) != base + nb) return 0;
            std::uintptr_t const chunk_a_line = (base + 2 * nb) / 64;  // where leaf a's chunk starts
            std::uintptr_t const leaf_b = (chunk_a_line + lines_a) * 64;
            if (reinterpret_cast<std::uintptr_t>(c->right().id()) != leaf_b) return 0;
            std::uintptr_t const last_line = (leaf_b + nb) / 64 + lines_b - 1;
            std::uintptr_t const lines = last_line - base / 64 + 1;
            return lines < 64 ? static_cast<unsigned>(lines) : 0;
        }

        struct children {
            R left;
            R right;
        };
        union body {
            body() noexcept {}
            ~body() {}
            chunk_type chunk;
            children kids;
        };

        summary_type summary_;
        std::uint8_t height_ = 0;
        bool leaf_;
        std::uint8_t hints_ = 0;
        std::uint16_t groups_ = 0;
        body u_;
    };
};

}  // namespace refold::schemes
