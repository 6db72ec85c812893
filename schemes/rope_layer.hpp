// rope_f<Traits>::layer<R>: the node functor of the persistent rope (see <schemes/rope.hpp>).
//
// A layer is either a leaf holding a chunk of elements, or a branch with two recursive
// positions (left, right). Both carry the summary (measure) of everything below them and
// the AVL height of the subtree (leaves are 0). fmap maps the recursive positions and keeps
// the chunk shared, so folding a leaf never copies its elements.
#pragma once

#include <schemes/detail/chunk.hpp>

#include <cstdint>
#include <functional>
#include <span>
#include <type_traits>
#include <utility>
#include <variant>

namespace refold::schemes {

template <class Traits>
struct rope_f {
    using value_type = typename Traits::value_type;
    using summary_type = typename Traits::summary_type;
    using chunk_type = detail::chunk<value_type>;

    template <class R>
    class layer {
    public:
        struct children {
            R left;
            R right;
            friend bool operator==(children const&, children const&) = default;
        };

        // A leaf.
        layer(summary_type s, chunk_type c) : summary_(s), body_(std::move(c)) {}
        // A branch.
        layer(summary_type s, std::uint8_t height, R left, R right)
            : summary_(s), height_(height), body_(children{std::move(left), std::move(right)}) {}

        [[nodiscard]] bool is_leaf() const noexcept { return body_.index() == 0; }
        [[nodiscard]] summary_type const& summary() const noexcept { return summary_; }
        [[nodiscard]] int height() const noexcept { return height_; }

        // Leaf only.
        [[nodiscard]] std::span<value_type const> elements() const noexcept {
            return std::get_if<0>(&body_)->view();
        }
        [[nodiscard]] chunk_type const& chunk() const noexcept { return *std::get_if<0>(&body_); }
        // Branch only.
        [[nodiscard]] R const& left() const noexcept { return std::get_if<1>(&body_)->left; }
        [[nodiscard]] R const& right() const noexcept { return std::get_if<1>(&body_)->right; }

        template <class Fn>
        [[nodiscard]] auto map(Fn& f) const {
            using B = std::decay_t<std::invoke_result_t<Fn&, R const&>>;
            using out = typename rope_f::template layer<B>;
            if (auto const* c = std::get_if<0>(&body_)) return out(summary_, *c);
            auto const& k = *std::get_if<1>(&body_);
            return out(summary_, height_, std::invoke(f, k.left), std::invoke(f, k.right));
        }

        // Equal shape, summaries and elements (leaf chunks compared element-wise).
        friend bool operator==(layer const& a, layer const& b) {
            if (a.height_ != b.height_ || !(a.summary_ == b.summary_) || a.is_leaf() != b.is_leaf())
                return false;
            if (a.is_leaf()) {
                auto x = a.elements(), y = b.elements();
                if (x.size() != y.size()) return false;
                for (std::size_t i = 0; i < x.size(); ++i)
                    if (!(x[i] == y[i])) return false;
                return true;
            }
            return a.left() == b.left() && a.right() == b.right();
        }

    private:
        summary_type summary_;
        std::uint8_t height_ = 0;
        std::variant<chunk_type, children> body_;
    };
};

}  // namespace refold::schemes
