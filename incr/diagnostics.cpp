// The engine's self-checks and graphviz dump.
#include <incr/detail/core.hpp>
#include <incr/error.hpp>

#include <string>
#include <vector>

namespace refold::incr::detail {

namespace {

[[noreturn]] void fail(std::string const& what, id_t id) {
    throw invariant_error("[incr.invariant] node " + std::to_string(id) + ": " + what);
}

void escape_into(std::string& out, std::string const& s) {
    for (char ch : s) {
        if (ch == '"' || ch == '\\') out += '\\';
        if (ch == '\n') {
            out += "\\n";
            continue;
        }
        out += ch;
    }
}

}  // namespace

int dead_node::recompute(core&) { return r_unchanged; }
std::span<id_t const> dead_node::inputs() const noexcept { return {}; }
void dead_node::describe(std::string&) const {}
std::size_t dead_node::alloc_size() const noexcept { return std::size_t{deps_off} * 8; }

void core::invariant() const {
    std::size_t const n_ids = arena_.top();
    std::vector<std::uint8_t> is_live(n_ids, 0);
    std::vector<std::uint32_t> dependents(n_ids, 0);
    std::vector<std::uint32_t> observed(n_ids, 0);
    std::uint64_t live = 0;
    std::uint64_t necessary = 0;
    for_each_node([&](id_t id, node_base const*) { is_live[id] = 1; });
    auto live_at = [&](id_t id) { return id < n_ids && is_live[id] != 0; };
    for (std::size_t s = 0; s < observers_.size(); ++s) {
        observer_rec const& rec = observers_[s];
        if (!rec.live) continue;
        if (!live_at(rec.node)) fail("observed but released", rec.node);
        ++observed[rec.node];
    }
    for_each_node([&](id_t id, node_base const* n) {
        ++live;
        if ((n->bits & gen_mask) == 0) fail("generation 0", id);
        if (((n->bits & f_observed) != 0) != (observed[id] != 0)) fail("observed flag mismatch", id);
        if ((n->bits & f_single) && n->inputs().size() != 1) fail("single-input flag on another node", id);
        if (((n->bits & f_fresh) != 0) != !n->computed()) fail("fresh flag disagrees with the value", id);
        bool const queued = (n->bits & f_queued) && !(n->bits & f_var);
        if (!n->necessary()) {
            if (queued) fail("queued but not necessary", id);
            return;
        }
        ++necessary;
        if (phase_ == phase::idle && !queued && !n->computed()) fail("necessary, not queued, but never computed", id);
        for (id_t c : n->inputs()) {
            if (!live_at(c)) fail("input released", id);
            node_base const* cn = at(c);
            if (!cn->necessary()) fail("necessary with an unnecessary input", id);
            if (cn->height >= n->height) fail("height not above input " + std::to_string(c), id);
            ++dependents[c];
            id_t const* d = deps_of(*cn);
            std::uint32_t found = 0;
            for (std::uint32_t k = 0; k < cn->n_deps; ++k) found += d[k] == id ? 1u : 0u;
            std::uint32_t uses = 0;
            for (id_t c2 : n->inputs()) uses += c2 == c ? 1u : 0u;
            if (found != uses) fail("not registered as dependent of input " + std::to_string(c), id);
        }
        if (queued) {
            if (n->height >= buckets_.size()) fail("queued above the heap", id);
            bool in = false;
            bucket const& b = buckets_[n->height];
            for (std::uint32_t i = 0; i < b.size; ++i) in = in || b.data[i] == id;
            if (!in) fail("flagged queued but absent from its bucket", id);
        }
    });
    for_each_node([&](id_t id, node_base const* n) {
        if (n->n_deps != dependents[id]) fail("dependents count mismatch", id);
        if (n->n_deps >= 2) {
            std::uint32_t const cap = 1u << ((n->bits & class_mask) >> class_shift);
            if (n->deps_off == no_id || n->n_deps > cap || n->deps_off + cap > dep_top_)
                fail("dependents block out of range", id);
        }
    });
    if (live != stats_.live_nodes) throw invariant_error("[incr.invariant] live node count mismatch");
    if (necessary != stats_.necessary_nodes)
        throw invariant_error("[incr.invariant] necessary node count mismatch");
    if (phase_ == phase::idle && scope_ != nullptr)
        throw invariant_error("[incr.invariant] a bind scope is open outside stabilization");
}

std::string core::dot() const {
    std::string out = "digraph incr {\n  node [shape=box, fontname=\"monospace\"];\n";
    for_each_node([&](id_t id, node_base const* n) {
        out += "  n" + std::to_string(id) + " [label=\"";
        std::string label;
        if (auto it = names_.find(id); it != names_.end()) label = it->second + " ";
        label += "#" + std::to_string(id) + (n->bits & f_var ? " var" : "") +
                 " h=" + std::to_string(n->height);
        if (n->computed()) {
            std::string v;
            n->describe(v);
            if (!v.empty()) label += "\n= " + v;
        }
        escape_into(out, label);
        out += "\"";
        if (!n->necessary()) out += ", style=dashed";
        else if (observers_of_.count(id) != 0) out += ", penwidth=2";
        out += "];\n";
        for (id_t c : n->inputs())
            out += "  n" + std::to_string(c) + " -> n" + std::to_string(id) + ";\n";
    });
    out += "}\n";
    return out;
}

}  // namespace refold::incr::detail
