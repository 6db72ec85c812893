// Typed handles to the nodes of an incr::graph: node<T> (any node), var<T> (an input) and
// observer<T> (keeps a node and what it needs up to date). See <incr/graph.hpp>.
//
// node<T> and var<T> are cheap to copy (graph pointer, 32-bit id, generation); they do not
// own their node, the graph (or the bind scope that created it) does. observer<T> is
// move-only and unobserves when destroyed; it must not outlive its graph.
#pragma once

#include <incr/detail/nodes.hpp>
#include <incr/error.hpp>

#include <functional>
#include <string>
#include <utility>

namespace refold::incr {

class graph;

template <class T>
class node {
public:
    using value_type = T;
    node() = default;

    // Whether the handle names a live node (false for default handles and released nodes).
    bool valid() const noexcept {
        if (g_ == nullptr) return false;
        try {
            g_->checked(id_, gen_);
            return true;
        } catch (invalid_handle_error const&) {
            return false;
        }
    }
    detail::id_t id() const noexcept { return id_; }
    std::uint32_t gen() const noexcept { return gen_; }
    detail::core* core_ptr() const noexcept { return g_; }

    // Cutoff policy: cutoff::equal (default), never or always.
    node const& set_cutoff(incr::cutoff c) const {
        target();
        if (c == cutoff::custom)
            throw usage_error("[incr.usage.cutoff] cutoff::custom needs a predicate");
        g_->set_cutoff(id_, c);
        return *this;
    }
    // Custom cutoff: pred(old, new) returns true when `new` counts as unchanged.
    template <class P>
        requires std::predicate<P&, T const&, T const&>
    node const& set_cutoff(P pred) const {
        target();
        g_->set_custom_cutoff(id_, [p = std::move(pred)](void const* a, void const* b) mutable {
            return static_cast<bool>(std::invoke(p, *static_cast<T const*>(a), *static_cast<T const*>(b)));
        });
        return *this;
    }
    // The node's name in dot().
    node const& set_name(std::string name) const {
        target();
        g_->set_name(id_, std::move(name));
        return *this;
    }

protected:
    friend class graph;
    node(detail::core* g, detail::id_t id, std::uint32_t gen) noexcept : g_(g), id_(id), gen_(gen) {}
    detail::value_node<T>* target() const {
        if (g_ == nullptr) throw invalid_handle_error("[incr.handle.invalid] empty node handle");
        return static_cast<detail::value_node<T>*>(g_->checked(id_, gen_));
    }
    detail::core* g_ = nullptr;
    detail::id_t id_ = detail::no_id;
    std::uint32_t gen_ = 0;
};

template <class T>
class var : public node<T> {
public:
    var() = default;

    // The latest value set (takes effect for dependents at the next stabilize()).
    T const& get() const { return this->target()->value(); }

    // Sets the value. A value equal to the current one (by the var's cutoff) changes nothing.
    // Not allowed while nodes recompute; allowed in observer callbacks (applies to the next
    // stabilization).
    void set(T v) const {
        detail::value_node<T>* n = this->target();
        this->g_->check_can_set();
        if (n->assign(*this->g_, std::move(v)) == detail::r_changed) this->g_->var_changed(this->id_);
    }

private:
    friend class graph;
    var(detail::core* g, detail::id_t id, std::uint32_t gen) noexcept : node<T>(g, id, gen) {}
};

template <class T>
class observer {
public:
    observer() = default;
    observer(observer const&) = delete;
    observer& operator=(observer const&) = delete;
    observer(observer&& o) noexcept : g_(std::exchange(o.g_, nullptr)), slot_(o.slot_), gen_(o.gen_) {}
    observer& operator=(observer&& o) noexcept {
        if (this != &o) {
            unobserve();
            g_ = std::exchange(o.g_, nullptr);
            slot_ = o.slot_;
            gen_ = o.gen_;
        }
        return *this;
    }
    ~observer() { unobserve(); }

    // The node's value as of the last stabilization. Throws usage_error before the first
    // stabilization after observing ([incr.usage.stale]) and after unobserve()
    // ([incr.usage.unobserved]); invalid_handle_error when its node was released with a
    // bind scope; poisoned_error on a poisoned graph.
    T const& value() const {
        detail::node_base const* n = checked_node();
        if (!n->computed())
            throw usage_error("[incr.usage.stale] observer read before the stabilization that computes it");
        return static_cast<detail::value_node<T> const*>(n)->value();
    }

    // cb(value) runs after every stabilization in which the observed value changed (for a
    // derived node: recomputed and not cut off, including its first computation; for a
    // var: set to a different value). Callbacks run after all recomputation (glitch-free);
    // they may set vars (for the next stabilization), but not call stabilize().
    template <class F>
        requires std::invocable<F&, T const&>
    void on_change(F cb) {
        checked_node();
        g_->set_callback(slot_, [f = std::move(cb)](detail::node_base const& n) mutable {
            std::invoke(f, static_cast<detail::value_node<T> const&>(n).value());
        });
    }

    // Stops observing: nodes needed only by this observer stop being kept up to date.
    void unobserve() {
        if (g_ == nullptr) return;
        detail::core* g = std::exchange(g_, nullptr);
        if (g->observer(slot_).gen == gen_) g->unobserve(slot_);
    }
    bool active() const noexcept { return g_ != nullptr && g_->observer(slot_).gen == gen_ && g_->observer(slot_).live; }

private:
    friend class graph;
    observer(detail::core* g, std::uint32_t slot) noexcept : g_(g), slot_(slot), gen_(g->observer(slot).gen) {}
    detail::node_base const* checked_node() const {
        if (g_ == nullptr) throw usage_error("[incr.usage.unobserved] observer is not observing");
        g_->check_poison();
        detail::observer_rec const& rec = g_->observer(slot_);
        if (rec.gen != gen_) throw usage_error("[incr.usage.unobserved] observer is not observing");
        if (!rec.valid)
            throw invalid_handle_error("[incr.handle.invalid] the observed node was released with its bind scope");
        return g_->at(rec.node);
    }
    detail::core* g_ = nullptr;
    std::uint32_t slot_ = 0;
    std::uint32_t gen_ = 0;
};

}  // namespace refold::incr
