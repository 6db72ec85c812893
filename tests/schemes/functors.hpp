// Small functors used by the schemes tests: lists and binary trees of E.
#pragma once

#include <schemes/fix.hpp>
#include <schemes/functor.hpp>

#include <functional>
#include <type_traits>
#include <utility>
#include <variant>

namespace refold::test {

// ListF E R = Nil | Cons E R
template <class E>
struct list_f {
    template <class R>
    struct layer {
        struct cons {
            E head;
            R tail;
            friend bool operator==(cons const&, cons const&) = default;
        };
        std::variant<std::monostate, cons> v;

        static layer nil() { return {}; }
        static layer make(E h, R t) { return {cons{std::move(h), std::move(t)}}; }
        bool is_nil() const { return v.index() == 0; }
        cons const& get() const { return *std::get_if<1>(&v); }

        template <class Fn>
        auto map(Fn& f) const {
            using B = std::decay_t<std::invoke_result_t<Fn&, R const&>>;
            using out = typename list_f::template layer<B>;
            if (is_nil()) return out::nil();
            return out::make(get().head, std::invoke(f, get().tail));
        }
        friend bool operator==(layer const&, layer const&) = default;
    };
};

// TreeF E R = Leaf | Node R E R
template <class E>
struct tree_f {
    template <class R>
    struct layer {
        struct node {
            R left;
            E key;
            R right;
            friend bool operator==(node const&, node const&) = default;
        };
        std::variant<std::monostate, node> v;

        static layer leaf() { return {}; }
        static layer make(R l, E k, R r) { return {node{std::move(l), std::move(k), std::move(r)}}; }
        bool is_leaf() const { return v.index() == 0; }
        node const& get() const { return *std::get_if<1>(&v); }

        template <class Fn>
        auto map(Fn& f) const {
            using B = std::decay_t<std::invoke_result_t<Fn&, R const&>>;
            using out = typename tree_f::template layer<B>;
            if (is_leaf()) return out::leaf();
            return out::make(std::invoke(f, get().left), get().key, std::invoke(f, get().right));
        }
        friend bool operator==(layer const&, layer const&) = default;
    };
};

template <class E>
using list = schemes::fix<list_f<E>::template layer>;
template <class E>
using tree = schemes::fix<tree_f<E>::template layer>;

}  // namespace refold::test
