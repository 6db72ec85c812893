// Binds' scopes, observers and per-node settings of the engine's core.
#include <incr/detail/core.hpp>
#include <incr/error.hpp>

#include <algorithm>

namespace refold::incr::detail {

int core::bind_switch(id_t self, id_t& rhs_slot, id_t new_rhs, std::vector<id_t>& old_scope) {
    if (new_rhs != rhs_slot) {
        id_t const old = rhs_slot;
        rhs_slot = new_rhs;
        link(new_rhs, self);
        if (old != no_id) unlink(old, self);
    }
    release_nodes(old_scope);
    node_base* s = at(self);
    std::uint32_t const need = at(rhs_slot)->height + 1;
    if (s->height >= need) return r_changed;  // the right-hand side is up to date: read it now
    ensure_height(self, need);
    s->bits |= f_queued;
    buckets_[s->height].push(self);
    hi_ = std::max(hi_, s->height);
    return r_deferred;
}

void core::release_nodes(std::vector<id_t>& ids) {
    for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
        id_t const id = *it;
        node_base* n = at(id);
        if (n == nullptr) continue;
        if (auto obs = observers_of_.find(id); obs != observers_of_.end()) {
            for (std::uint32_t slot : obs->second) {
                observers_[slot].valid = false;
                observers_[slot].live = false;
            }
            observers_of_.erase(obs);
            n->bits &= ~(f_observed | f_callbacks);
            if (!n->necessary()) {
                --stats_.necessary_nodes;
                became_unnecessary(id);
            }
        }
        if (n->necessary())
            throw usage_error("[incr.usage.escaped] a node created in a bind scope is still needed "
                              "after the scope was released");
        n->release_scope(*this);
        destroy(id);
    }
    ids.clear();
}

bool core::custom_cutoff(node_base const* n, void const* old_v, void const* new_v) const {
    auto it = custom_.find(n);
    return it != custom_.end() && it->second(old_v, new_v);
}

void core::set_cutoff(id_t id, incr::cutoff c) {
    node_base* n = at(id);
    n->bits = (n->bits & ~cutoff_mask) | (static_cast<std::uint32_t>(c) << cutoff_shift);
    if (c != incr::cutoff::custom) custom_.erase(n);
}

void core::set_custom_cutoff(id_t id, std::function<bool(void const*, void const*)> pred) {
    custom_[at(id)] = std::move(pred);
    set_cutoff(id, incr::cutoff::custom);
}

void core::set_name(id_t id, std::string name) { names_[id] = std::move(name); }

std::uint32_t core::observe(id_t id) {
    check_poison();
    std::uint32_t slot;
    if (!free_observers_.empty()) {
        slot = free_observers_.back();
        free_observers_.pop_back();
    } else {
        slot = static_cast<std::uint32_t>(observers_.size());
        observers_.emplace_back();
    }
    observer_rec& rec = observers_[slot];
    rec.node = id;
    rec.node_gen = at(id)->bits & gen_mask;
    ++rec.gen;
    rec.live = true;
    rec.valid = true;
    rec.on_change = nullptr;
    observers_of_[id].push_back(slot);
    node_base* n = at(id);
    bool const was = n->necessary();
    n->bits |= f_observed;
    if (!was) {
        ++stats_.necessary_nodes;
        became_necessary(id);
    }
    return slot;
}

void core::unobserve(std::uint32_t slot) {
    observer_rec& rec = observers_[slot];
    if (rec.live && !poisoned_) {
        rec.live = false;
        auto& list = observers_of_[rec.node];
        list.erase(std::find(list.begin(), list.end(), slot));
        bool callbacks = false;
        for (std::uint32_t s : list) callbacks = callbacks || static_cast<bool>(observers_[s].on_change);
        node_base* n = at(rec.node);
        if (!callbacks) n->bits &= ~f_callbacks;
        if (list.empty()) {
            observers_of_.erase(rec.node);
            n->bits &= ~f_observed;
            if (!n->necessary()) {
                --stats_.necessary_nodes;
                became_unnecessary(rec.node);
            }
        }
    }
    rec.live = false;
    rec.valid = false;
    rec.on_change = nullptr;
    ++rec.gen;
    free_observers_.push_back(slot);
}

void core::set_callback(std::uint32_t slot, std::function<void(node_base const&)> cb) {
    observer_rec& rec = observers_[slot];
    rec.on_change = std::move(cb);
    if (rec.on_change) at(rec.node)->bits |= f_callbacks;
}

}  // namespace refold::incr::detail
