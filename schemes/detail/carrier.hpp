// internal; see <schemes/cata.hpp>
//
// Finds the carrier A of an algebra F<A> -> A: the algebra's `carrier_type` if it has one
// (see schemes::algebra<A>(fn)), otherwise read off the parameter type of a non-template
// call operator or function.
#pragma once

#include <type_traits>
#include <utility>

namespace refold::schemes::detail {

template <class T>
struct first_param {};
template <class C, class R, class P>
struct first_param<R (C::*)(P)> { using type = P; };
template <class C, class R, class P>
struct first_param<R (C::*)(P) const> { using type = P; };
template <class C, class R, class P>
struct first_param<R (C::*)(P) noexcept> { using type = P; };
template <class C, class R, class P>
struct first_param<R (C::*)(P) const noexcept> { using type = P; };
template <class R, class P>
struct first_param<R (*)(P)> { using type = P; };
template <class R, class P>
struct first_param<R (*)(P) noexcept> { using type = P; };

template <class Alg, class = void>
struct call_param {};
template <class Alg>
struct call_param<Alg, std::void_t<decltype(&Alg::operator())>> : first_param<decltype(&Alg::operator())> {};
template <class R, class P>
struct call_param<R (*)(P), void> { using type = P; };
template <class R, class P>
struct call_param<R(P), void> { using type = P; };
template <class R, class P>
struct call_param<R(P) noexcept, void> { using type = P; };

// The carrier: Alg::carrier_type, else Deduce{}(param const*) for the call parameter.
template <class Alg, class Deduce, class = void>
struct carrier_by {
    using param = std::remove_cvref_t<typename call_param<Alg>::type>;
    using type = decltype(Deduce{}(static_cast<param const*>(nullptr)));
};
template <class Alg, class Deduce>
struct carrier_by<Alg, Deduce, std::void_t<typename Alg::carrier_type>> {
    using type = typename Alg::carrier_type;
};

// F<A> -> A
template <template <class> class F>
struct layer_arg {
    template <class A>
    A operator()(F<A> const*) const;
};

template <class Alg, template <class> class F>
using carrier_t = typename carrier_by<std::remove_cvref_t<Alg>, layer_arg<F>>::type;

}  // namespace refold::schemes::detail
