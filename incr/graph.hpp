// incr::graph — a self-adjusting computation graph (the engine behind refold's live views).
//
//   incr::graph g;
//   auto a = g.var(1);                                   // incr::var<int>
//   auto b = g.var<long>(2);                             // explicit value type
//   auto s = g.map([](int x, long y) { return x + y; }, a, b);   // incr::node<long>
//   auto o = g.observe(s);                               // incr::observer<long>
//   o.on_change([](long v) { ... });
//   g.stabilize();  o.value() == 3
//   a.set(5);  g.stabilize();  o.value() == 7            // only what a reaches re-runs
//
// Semantics
// - Only observed nodes and the nodes they (transitively) read are "necessary" and kept up
//   to date; stabilize() recomputes the necessary nodes whose inputs changed (and nodes
//   that just became necessary), in dependency order (height buckets; a one-input node
//   runs right after its input, and so does a node's only dependent when nothing else is
//   pending, e.g. the ancestors of an edited leaf: such a path runs without the heap, and
//   consecutive map nodes of one type run inside that type's code), each at most once,
//   then runs observer callbacks (two phases: glitch-free). Unobserving releases what only
//   that observer needed.
// - Dense sweep: once the nodes a stabilization has recomputed plus those queued at the next
//   height reach 64 and 1/8 of the necessary nodes, it finishes the heights still to come
//   in one pass over the necessary nodes in height order, running those that are queued or
//   have an input that changed in this stabilization (no per-edge queueing; the same nodes
//   run, with the same values). Its cost is at most a constant factor of the stabilization's
//   own work. Graphs that ever had a bind never sweep. stats().sweeps counts the
//   stabilizations that did. A var with 64 or more dependents does not queue them when set:
//   if the changed vars' dependents alone reach 1/8 of the necessary nodes, the next
//   stabilization sweeps from the start, else it queues them then.
// - var.set(x) takes effect at the next stabilize(); setting an equal value (by the var's
//   cutoff) changes nothing.
// - A recomputed value that the node's cutoff deems unchanged does not wake dependents.
//   Default cutoff::equal: identity first for persistent values (`v.identity()`), then ==;
//   std::shared_ptr compares pointers. cutoff::never, cutoff::always, or a predicate
//   (node<T>::set_cutoff).
// - bind(lhs, f): f(lhs value) returns a node whose value becomes the bind's value; f runs
//   when lhs changed (not when only the returned node changed). Nodes
//   created while f runs belong to the bind's scope and are destroyed when f runs again
//   (their handles become invalid; observers of them report [incr.handle.invalid]). A
//   right-hand side that depends on the bind itself is an error ([incr.cycle]).
// - A user function (node function, bind function, cutoff predicate, callback) that throws:
//   the exception propagates out of stabilize() and the graph is poisoned; every later call
//   throws poisoned_error ([incr.poisoned]). Destroying a poisoned graph is fine.
// - Debug builds (without NDEBUG) check invariant() after every stabilization.
// - Not thread-safe; handles and observers must not outlive their graph.
//
// Cost model: a node is a 28-byte header plus its value, its function object and 4 bytes
// per input (rounded up to 8 bytes), in a graph-owned arena where its 32-bit id is its
// offset; dependents: none extra for one (kept in the header), else 4 bytes each in a
// pooled block of 2^k. At most one virtual call per recomputation. The arena
// and the dependents pool reserve address space up front (4 + 2 GiB, committed as used):
// arena_bytes().
#pragma once

#include <incr/cutoff.hpp>
#include <incr/detail/core.hpp>
#include <incr/detail/nodes.hpp>
#include <incr/error.hpp>
#include <incr/node.hpp>
#include <incr/stats.hpp>

#include <memory>
#include <new>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace refold::incr {

class graph {
public:
    graph() : core_(std::make_unique<detail::core>()) {}
    graph(graph&&) noexcept = default;
    graph& operator=(graph&&) noexcept = default;
    ~graph() = default;

    // An input holding `init`. g.var(x) takes the decayed type of x; g.var<T>(x) converts.
    template <class T = void, class U>
    auto var(U&& init) {
        using V = std::conditional_t<std::is_void_v<T>, std::decay_t<U>, T>;
        detail::id_t const id = make<detail::var_node<V>>(sizeof(detail::var_node<V>), *core_, std::forward<U>(init));
        return incr::var<V>(core_.get(), id, gen_of(id));
    }

    // A node computing f(values of in...), re-run when any input changed.
    template <class F, class... A>
        requires(sizeof...(A) > 0) && std::invocable<F&, A const&...>
    auto map(F f, node<A> const&... in) {
        using R = std::decay_t<std::invoke_result_t<F&, A const&...>>;
        std::array<detail::id_t, sizeof...(A)> ids{check(in)...};
        using N = detail::map_node<R, F, A...>;
        detail::id_t const id = make<N>(sizeof(N), std::move(f), ids);
        return node<R>(core_.get(), id, gen_of(id));
    }

    // A node computing f(incr::inputs<T>) over a run-time list of inputs of one type.
    template <class F, class T>
        requires std::invocable<F&, incr::inputs<T> const&>
    auto map_n(F f, std::span<node<T> const> in) {
        using R = std::decay_t<std::invoke_result_t<F&, incr::inputs<T> const&>>;
        std::vector<detail::id_t> ids;
        ids.reserve(in.size());
        for (auto const& h : in) ids.push_back(check(h));
        using N = detail::map_n_node<R, F, T>;
        detail::id_t const id = make<N>(N::size_for(ids.size()), std::move(f), std::span<detail::id_t const>(ids));
        return node<R>(core_.get(), id, gen_of(id));
    }
    template <class F, class T>
    auto map_n(F f, std::vector<node<T>> const& in) {
        return map_n(std::move(f), std::span<node<T> const>(in));
    }

    // A node whose value is that of the node f(lhs value) returns (see the header comment).
    template <class F, class A>
        requires std::invocable<F&, A const&>
    auto bind(node<A> const& lhs, F f) {
        using H = std::decay_t<std::invoke_result_t<F&, A const&>>;
        using R = typename H::value_type;
        static_assert(std::is_base_of_v<node<R>, H>, "incr::graph::bind: f must return an incr::node");
        using N = detail::bind_node<R, F, A>;
        core_->note_bind();
        detail::id_t const id = make<N>(sizeof(N), std::move(f), check(lhs));
        static_cast<N*>(core_->at(id))->set_self(id);
        return node<R>(core_.get(), id, gen_of(id));
    }

    // Keeps `n` (and what it reads) up to date from the next stabilize() on.
    template <class T>
    incr::observer<T> observe(node<T> const& n) {
        return incr::observer<T>(core_.get(), core_->observe(check(n)));
    }

    void stabilize() { core_->stabilize(); }
    incr::stats const& stats() const noexcept { return core_->stats(); }
    // Bytes in use in the graph's mapped regions (node arena and dependents pool); the
    // rest of its memory (heap buckets, observers, names) comes from operator new.
    std::size_t arena_bytes() const noexcept { return core_->arena_bytes(); }
    std::string dot() const { return core_->dot(); }  // graphviz, with node names
    void invariant() const { core_->invariant(); }     // throws invariant_error
    bool poisoned() const noexcept { return core_->poisoned(); }

private:
    template <class N, class... Args>
    detail::id_t make(std::size_t bytes, Args&&... args) {
        static_assert(alignof(N) <= 8, "incr: node alignment above 8 is not supported");
        static_assert(sizeof(N) >= sizeof(detail::dead_node), "incr: a node must fit a free-block marker");
        core_->check_poison();
        std::uint32_t gen = 0;
        detail::id_t const id = core_->allocate(bytes, gen);
        N* n;
        try {
            n = ::new (core_->address(id)) N(std::forward<Args>(args)...);
        } catch (...) {
            core_->deallocate(id, bytes, gen);
            throw;
        }
        core_->adopt(id, n, gen);
        return id;
    }
    template <class T>
    detail::id_t check(node<T> const& h) const {
        if (h.g_ != core_.get())
            throw invalid_handle_error("[incr.handle.invalid] the handle belongs to no node of this graph");
        core_->checked(h.id_, h.gen_);
        return h.id_;
    }
    std::uint32_t gen_of(detail::id_t id) const noexcept { return core_->at(id)->bits & detail::gen_mask; }

    std::unique_ptr<detail::core> core_;
};

}  // namespace refold::incr
