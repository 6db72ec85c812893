// histo: the histomorphism, a fold whose algebra sees the results of all earlier levels.
//
//   histo(alg, t) = head(h(t)),  h(t) = let l = fmap(h, out(t)) in cofree(alg(l), l)
//
// The algebra takes F<cofree<F, A>>: for each child its result (head()) and, through
// tail(), the child's own layer of results, recursively (course-of-value recursion, e.g.
// Fibonacci over Nat = fix<std::optional> in O(n)). The carrier is found as for cata.
#pragma once

#include <schemes/cata.hpp>

#include <memory>
#include <type_traits>
#include <utility>

namespace refold::schemes {

// A result annotated with the layer of results beneath it (the cofree comonad of F).
template <template <class> class F, class A>
class cofree {
    struct node {
        A head;
        F<cofree> tail;
    };

public:
    cofree(A head, F<cofree> tail) : p_(std::make_shared<node const>(node{std::move(head), std::move(tail)})) {}
    [[nodiscard]] A const& head() const noexcept { return p_->head; }
    [[nodiscard]] F<cofree> const& tail() const noexcept { return p_->tail; }

private:
    std::shared_ptr<node const> p_;
};

namespace detail {
// F<cofree<F, A>> -> A
template <template <class> class F>
struct histo_layer_arg {
    template <class A>
    A operator()(F<cofree<F, A>> const*) const;
};

template <class A, template <class> class F, class Alg>
cofree<F, A> histo_rec(Alg& alg, fix<F> const& t) {
    auto rec = [&alg](fix<F> const& c) -> cofree<F, A> { return histo_rec<A>(alg, c); };
    auto layer = fmap(rec, t.layer());
    A a = static_cast<A>(alg(layer));
    return cofree<F, A>(std::move(a), std::move(layer));
}
}  // namespace detail

struct histo_fn {
    template <class Alg, template <class> class F>
    auto operator()(Alg&& alg, fix<F> const& t) const {
        using A = typename detail::carrier_by<std::remove_cvref_t<Alg>, detail::histo_layer_arg<F>>::type;
        return detail::histo_rec<A>(alg, t).head();
    }
};
inline constexpr histo_fn histo{};

}  // namespace refold::schemes
