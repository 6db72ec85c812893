#include <crdt/yata/detail/doc_state.hpp>
#include <crdt/yata/sticky.hpp>

namespace refold::crdt::yata {

using detail::nil;

namespace {

sticky_position type_anchor(detail::doc_state const& s, std::uint32_t type, std::int64_t assoc) {
    sticky_position p;
    p.assoc = assoc;
    auto const& ty = s.types.at(type);
    if (ty.item == nil) {
        p.kind = sticky_position::anchor::root_end;
        p.root = ty.name;
    } else {
        p.kind = sticky_position::anchor::type_end;
        p.item = s.items[ty.item].id;
    }
    return p;
}

}  // namespace

sticky_position sticky_from_index(doc const& d, std::uint32_t type, std::uint64_t index, std::int64_t assoc) {
    auto const& s = d.state();
    if (assoc < 0) {
        if (index == 0) return type_anchor(s, type, assoc);
        --index;
    }
    for (auto t = s.types.at(type).start; t != nil; t = s.items[t].right) {
        auto const& x = s.items[t];
        if (!x.deleted && x.countable()) {
            if (x.length > index) return {sticky_position::anchor::item, {x.id.client, x.id.clock + index}, {}, assoc};
            index -= x.length;
        }
        if (x.right == nil && assoc < 0) return {sticky_position::anchor::item, x.last_id(), {}, assoc};
    }
    return type_anchor(s, type, assoc);
}

std::optional<absolute_position> sticky_to_index(doc& d, sticky_position const& p) {
    auto& s = d.state();
    absolute_position out;
    out.assoc = p.assoc;
    if (p.kind == sticky_position::anchor::item) {
        if (s.state(p.item.client) <= p.item.clock) return std::nullopt;
        auto it = s.find(p.item);
        auto const& x = s.items[it];
        if (x.gc || x.parent == nil) return std::nullopt;
        out.type = x.parent;
        auto ti = s.types[x.parent].item;
        if (ti == nil || !s.items[ti].deleted) {
            std::uint64_t index = (x.deleted || !x.countable()) ? 0 : p.item.clock - x.id.clock + (p.assoc >= 0 ? 0 : 1);
            for (auto n = x.left; n != nil; n = s.items[n].left)
                if (!s.items[n].deleted && s.items[n].countable()) index += s.items[n].length;
            out.index = index;
        }
        return out;
    }
    if (p.kind == sticky_position::anchor::root_end) {
        out.type = d.get_root(p.root);
    } else {
        if (s.state(p.item.client) <= p.item.clock) return std::nullopt;
        auto const& x = s.items[s.find(p.item)];
        if (x.gc || x.self_type == nil) return std::nullopt;
        out.type = x.self_type;
    }
    out.index = p.assoc >= 0 ? s.types[out.type].length : 0;
    return out;
}

std::vector<std::uint8_t> encode_sticky(sticky_position const& p) {
    encoding::writer w;
    w.write_var_uint(static_cast<std::uint8_t>(p.kind));
    if (p.kind == sticky_position::anchor::root_end) {
        w.write_var_string(p.root);
    } else {
        w.write_var_uint(p.item.client);
        w.write_var_uint(p.item.clock);
    }
    w.write_var_int(p.assoc);
    return std::move(w).take();
}

sticky_position decode_sticky(std::span<const std::uint8_t> bytes) {
    encoding::reader r(bytes);
    sticky_position p;
    auto tag = r.read_var_uint();
    if (tag > 2) throw encoding::decode_error("[crdt.decode.12] unknown relative position tag " + std::to_string(tag));
    p.kind = static_cast<sticky_position::anchor>(tag);
    if (p.kind == sticky_position::anchor::root_end) {
        p.root = std::string(r.read_var_string());
    } else {
        p.item.client = r.read_var_uint();
        p.item.clock = r.read_var_uint();
    }
    if (!r.at_end()) {
        auto a = r.read_var_int();
        p.assoc = a.negative ? -static_cast<std::int64_t>(a.magnitude) : static_cast<std::int64_t>(a.magnitude);
    }
    return p;
}

}  // namespace refold::crdt::yata
