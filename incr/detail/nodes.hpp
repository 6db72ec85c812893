// internal; see <incr/graph.hpp>
//
// The thin typed layer: value_node<T> (header + value), var, map over a fixed number of
// inputs, map_n over a run-time list of inputs of one type, and bind. Each stores its
// value and its function inline; one virtual call per recomputation.
#pragma once

#include <incr/detail/core.hpp>

#include <array>
#include <charconv>
#include <concepts>
#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

namespace refold::incr {

template <class T>
class node;

// The values of a map_n node's inputs, in order: size(), operator[], begin()/end().
template <class T>
class inputs;

}  // namespace refold::incr

namespace refold::incr::detail {

template <class T>
void describe_value(std::string& out, T const& v) {
    if constexpr (std::is_same_v<T, bool>) {
        out += v ? "true" : "false";
    } else if constexpr (std::is_arithmetic_v<T>) {
        char buf[64];
        auto const r = std::to_chars(buf, buf + sizeof buf, v);
        if (r.ec == std::errc{}) out.append(buf, r.ptr);
    } else if constexpr (std::is_convertible_v<T const&, std::string_view>) {
        std::string_view s = v;
        out += '"';
        out.append(s.substr(0, 40));
        if (s.size() > 40) out += "...";
        out += '"';
    }
}

template <class T>
class value_node : public node_base {
public:
    static_assert(alignof(T) <= 8, "incr: values with alignment above 8 are not supported");
    value_node() noexcept { bits |= f_fresh; }
    ~value_node() override {
        if (computed()) std::destroy_at(&value_);
    }
    T const& value() const noexcept { return value_; }
    void describe(std::string& out) const override { describe_value(out, value_); }

    // Stores `v` unless the node's cutoff says it equals the current value. One flag test
    // (f_fresh or a cutoff other than equal) leads off the hot path.
    int assign(core& g, T&& v) {
        if ((bits & (cutoff_mask | f_fresh)) == 0) [[likely]] {
            if (same_value(value_, v)) return r_unchanged;
            value_ = std::move(v);
            return r_changed;
        }
        return assign_other(g, std::move(v));
    }

protected:
    // Small trivially copyable values travel in registers to the slow path.
    using slow_arg = std::conditional_t<std::is_trivially_copyable_v<T> && sizeof(T) <= 16, T, T&&>;
    // The first value, and cutoff::never / always / custom, off the hot path.
    [[gnu::noinline]] int assign_other(core& g, slow_arg v) {
        if (bits & f_fresh) {
            std::construct_at(&value_, std::move(v));
            bits &= ~f_fresh;
            return r_changed;
        }
        bool same = false;
        switch (cutoff_mode()) {
            case cutoff::never: same = false; break;
            case cutoff::always: same = true; break;
            default: same = g.custom_cutoff(this, &value_, &v); break;
        }
        if (same) return r_unchanged;
        value_ = std::move(v);
        return r_changed;
    }
    union {
        T value_;
    };
};

// The value of node `id` of the arena at `base` (see arena::at).
template <class T>
T const& value_at(char const* base, id_t id) noexcept {
    return std::launder(reinterpret_cast<value_node<T> const*>(base + (std::size_t{id} << 3)))->value();
}

template <class T>
class var_node final : public value_node<T> {
public:
    template <class U>
    var_node(core& g, U&& init) {
        std::construct_at(&this->value_, std::forward<U>(init));
        this->changed_at = g.current();
        this->bits = (this->bits & ~f_fresh) | f_var;
    }
    int recompute(core&) override { return r_unchanged; }
    std::span<id_t const> inputs() const noexcept override { return {}; }
    std::size_t alloc_size() const noexcept override { return sizeof(var_node); }
};

template <class R, class F, class... A>
class map_node final : public value_node<R> {
public:
    map_node(F f, std::array<id_t, sizeof...(A)> in) : in_(in), fn_(std::move(f)) {
        if constexpr (sizeof...(A) == 1) this->bits |= f_single;
    }
    int recompute(core& g) override { return run_at(g, g.base()); }
    int recompute_if(core& g, std::uint32_t now) override {
        char* const t = g.base();
        bool const changed = [&]<std::size_t... I>(std::index_sequence<I...>) {
            return ((node_at(t, in_[I])->changed_at == now) || ...);
        }(std::index_sequence_for<A...>{});
        return changed ? map_node::recompute(g) : r_idle;
    }
    int run_path_from(core& g, path_step& step) override {
        char* const t = g.base();
        std::uint32_t const now = step.now;
        std::uint64_t ran = 0;
        map_node* n = this;
        id_t id = step.id;
        int r;
        for (;;) {
            g.set_running_height(n->height);
            r = n->run_at(g, t);
            ++ran;
            if (r != r_changed || n->n_deps != 1 || (n->bits & f_callbacks)) break;
            node_base& m = *node_at(t, n->deps_off);
            if (&typeid(m) != &typeid(map_node)) break;  // (pointer test: a miss is only slower)
            n->changed_at = now;
            id = n->deps_off;
            n = static_cast<map_node*>(&m);
        }
        step.id = id;
        step.recomputed += ran;
        return r;
    }
    std::span<id_t const> inputs() const noexcept override { return in_; }
    std::size_t alloc_size() const noexcept override { return sizeof(map_node); }

private:
    int run_at(core& g, char const* t) {
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            return this->assign(g, R(std::invoke(fn_, value_at<A>(t, in_[I])...)));
        }(std::index_sequence_for<A...>{});
    }
    std::array<id_t, sizeof...(A)> in_;
    [[no_unique_address]] F fn_;
};

// Inputs are stored right after the object, in the same arena block.
template <class R, class F, class T>
class map_n_node final : public value_node<R> {
public:
    static std::size_t size_for(std::size_t n) noexcept { return sizeof(map_n_node) + n * sizeof(id_t); }
    map_n_node(F f, std::span<id_t const> in) : n_(static_cast<std::uint32_t>(in.size())), fn_(std::move(f)) {
        std::uninitialized_copy(in.begin(), in.end(), ids());
        if (n_ == 1) this->bits |= f_single;
    }
    int recompute(core& g) override;
    std::span<id_t const> inputs() const noexcept override { return {ids(), n_}; }
    std::size_t alloc_size() const noexcept override { return size_for(n_); }

private:
    id_t* ids() const noexcept {
        return std::launder(reinterpret_cast<id_t*>(
            const_cast<char*>(reinterpret_cast<char const*>(this)) + sizeof(map_n_node)));
    }
    std::uint32_t n_;
    [[no_unique_address]] F fn_;
};

template <class R, class F, class A>
class bind_node final : public value_node<R> {
public:
    bind_node(F f, id_t lhs) : fn_(std::move(f)) { ins_ = {lhs, no_id}; }
    void set_self(id_t id) noexcept { self_ = id; }
    int recompute(core& g) override {
        node_base* l = g.at(ins_[0]);
        if (ins_[1] == no_id || l->changed_at > lhs_seen_) {
            lhs_seen_ = g.current();
            std::vector<id_t> old;
            old.swap(scope_);
            std::vector<id_t>* prev = g.enter_scope(&scope_);
            id_t r;
            try {
                auto const h = std::invoke(fn_, static_cast<value_node<A> const*>(l)->value());
                if (h.core_ptr() != &g) g.checked(no_id, 0);  // foreign or empty handle: throws
                r = h.id();
                g.checked(r, h.gen());
            } catch (...) {
                g.leave_scope(prev);
                scope_.insert(scope_.end(), old.begin(), old.end());  // all freed with the graph
                throw;
            }
            g.leave_scope(prev);
            if (g.bind_switch(self_, ins_[1], r, old) == r_deferred) return r_deferred;
        }
        return this->assign(g, R(value_at<R>(g.base(), ins_[1])));
    }
    std::span<id_t const> inputs() const noexcept override {
        return {ins_.data(), ins_[1] == no_id ? std::size_t{1} : std::size_t{2}};
    }
    std::size_t alloc_size() const noexcept override { return sizeof(bind_node); }
    void release_scope(core& g) override { g.release_nodes(scope_); }

private:
    std::array<id_t, 2> ins_;  // lhs, rhs (no_id until the first run)
    id_t self_ = no_id;
    std::uint32_t lhs_seen_ = 0;  // stabilization in which the function last ran
    std::vector<id_t> scope_;     // nodes created by the last run
    [[no_unique_address]] F fn_;
};

}  // namespace refold::incr::detail

namespace refold::incr {

template <class T>
class inputs {
public:
    class iterator {
    public:
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        iterator() = default;
        iterator(char const* t, detail::id_t const* p) : t_(t), p_(p) {}
        T const& operator*() const noexcept { return detail::value_at<T>(t_, *p_); }
        iterator& operator++() noexcept {
            ++p_;
            return *this;
        }
        iterator operator++(int) noexcept {
            iterator r = *this;
            ++p_;
            return r;
        }
        bool operator==(iterator const& o) const noexcept { return p_ == o.p_; }

    private:
        char const* t_ = nullptr;
        detail::id_t const* p_ = nullptr;
    };

    inputs(char const* t, detail::id_t const* ids, std::size_t n) noexcept
        : t_(t), ids_(ids), n_(n) {}
    std::size_t size() const noexcept { return n_; }
    T const& operator[](std::size_t i) const noexcept { return detail::value_at<T>(t_, ids_[i]); }
    iterator begin() const noexcept { return {t_, ids_}; }
    iterator end() const noexcept { return {t_, ids_ + n_}; }

private:
    char const* t_;
    detail::id_t const* ids_;
    std::size_t n_;
};

}  // namespace refold::incr

namespace refold::incr::detail {

template <class R, class F, class T>
int map_n_node<R, F, T>::recompute(core& g) {
    incr::inputs<T> const in(g.base(), ids(), n_);
    return this->assign(g, R(std::invoke(fn_, in)));
}

}  // namespace refold::incr::detail
