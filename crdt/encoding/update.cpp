#include <crdt/encoding/update.hpp>

#include <algorithm>
#include <unordered_map>

namespace refold::crdt::encoding {

namespace {

wire_id read_id(reader& r) {
    wire_id id;
    id.client = r.read_var_uint();
    id.clock = r.read_var_uint();
    return id;
}

void write_id(writer& w, wire_id id) {
    w.write_var_uint(id.client);
    w.write_var_uint(id.clock);
}

void check_reference(wire_struct const& s, std::optional<wire_id> const& ref, const char* what) {
    if (ref && ref->client == s.id.client && ref->clock >= s.id.clock)
        throw decode_error(std::string("[crdt.decode.9] ") + what + " of struct (" + std::to_string(s.id.client) + "," +
                           std::to_string(s.id.clock) + ") refers to a later clock of its own client");
}

wire_struct read_struct(reader& r, std::uint64_t client, std::uint64_t clock) {
    wire_struct s;
    s.id = {client, clock};
    std::uint8_t info = r.read_u8();
    std::uint8_t ref = info & info_content_mask;
    if (ref == 0 || ref == info_skip) {
        s.kind = ref == 0 ? struct_kind::gc : struct_kind::skip;
        s.length = r.read_var_uint();
        if (s.length == 0) throw decode_error("[crdt.decode.8] GC or Skip struct of length 0");
    } else {
        if (info & info_origin) s.origin = read_id(r);
        if (info & info_right_origin) s.right_origin = read_id(r);
        s.has_parent_sub = (info & info_parent_sub) != 0;
        if ((info & (info_origin | info_right_origin)) == 0) {
            if (r.read_var_uint() == 1) {
                s.parent = parent_kind::root;
                s.parent_name = std::string(r.read_var_string());
            } else {
                s.parent = parent_kind::item;
                s.parent_id = read_id(r);
            }
            if (s.has_parent_sub) s.parent_sub = std::string(r.read_var_string());
        }
        s.content = read_content(r, ref);
        s.length = s.content.length;
        check_reference(s, s.origin, "origin");
        check_reference(s, s.right_origin, "rightOrigin");
        if (s.parent == parent_kind::item) check_reference(s, s.parent_id, "parent");
    }
    if (s.length > max_safe_integer - clock) throw decode_error("[crdt.decode.8] clock overflow");
    return s;
}

}  // namespace

void delete_set::add(std::uint64_t client, std::uint64_t clock, std::uint64_t length) {
    if (length == 0) return;
    clients[client].push_back({clock, length});
}

void delete_set::normalize() {
    for (auto it = clients.begin(); it != clients.end();) {
        auto& v = it->second;
        auto by_clock = [](clock_range a, clock_range b) { return a.clock < b.clock; };
        // wire order is sorted; a set that was extended by another sorted one merges in O(n)
        if (auto mid = std::is_sorted_until(v.begin(), v.end(), by_clock); mid != v.end()) {
            if (std::is_sorted(mid, v.end(), by_clock)) std::inplace_merge(v.begin(), mid, v.end(), by_clock);
            else std::sort(v.begin(), v.end(), by_clock);
        }
        std::size_t j = 0;
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (j > 0 && v[j - 1].clock + v[j - 1].length >= v[i].clock) {
                auto end = std::max(v[j - 1].clock + v[j - 1].length, v[i].clock + v[i].length);
                v[j - 1].length = end - v[j - 1].clock;
            } else {
                v[j++] = v[i];
            }
        }
        v.resize(j);
        if (v.empty()) it = clients.erase(it);
        else ++it;
    }
}

bool delete_set::contains(std::uint64_t client, std::uint64_t clock) const {
    auto it = clients.find(client);
    if (it == clients.end()) return false;
    auto const& v = it->second;
    auto p = std::upper_bound(v.begin(), v.end(), clock, [](std::uint64_t c, clock_range r) { return c < r.clock; });
    if (p == v.begin()) return false;
    --p;
    return clock < p->clock + p->length;
}

void delete_set::merge(delete_set const& other) {
    for (auto const& [c, v] : other.clients)
        for (auto r : v) add(c, r.clock, r.length);
    normalize();
}

delete_set read_delete_set(reader& r) {
    delete_set ds;
    std::uint64_t n = r.read_var_uint();
    r.check_count(n, 2);
    for (std::uint64_t i = 0; i < n; ++i) {
        std::uint64_t client = r.read_var_uint();
        std::uint64_t m = r.read_var_uint();
        r.check_count(m, 2);
        auto& v = ds.clients[client];
        v.reserve(v.size() + static_cast<std::size_t>(m));  // bounded by the input (check_count)
        for (std::uint64_t j = 0; j < m; ++j) {
            std::uint64_t clock = r.read_var_uint();
            std::uint64_t len = r.read_var_uint();
            if (len > max_safe_integer - clock) throw decode_error("[crdt.decode.8] delete range overflows the clock space");
            if (len > 0) v.push_back({clock, len});
        }
        if (v.empty()) ds.clients.erase(client);
    }
    return ds;
}

update decode_update(std::span<const std::uint8_t> bytes) {
    reader r(bytes);
    update u;
    std::uint64_t n = r.read_var_uint();
    r.check_count(n, 3);
    std::unordered_map<std::uint64_t, std::size_t> at;  // client -> its section in u.sections
    for (std::uint64_t i = 0; i < n; ++i) {
        client_section sec;
        std::uint64_t count = r.read_var_uint();
        r.check_count(count, 2);
        sec.client = r.read_var_uint();
        std::uint64_t clock = r.read_var_uint();
        sec.structs.reserve(static_cast<std::size_t>(count));
        for (std::uint64_t j = 0; j < count; ++j) {
            sec.structs.push_back(read_struct(r, sec.client, clock));
            clock += sec.structs.back().length;
        }
        // Yjs keys sections by client: a repeated client replaces the earlier section (emptied
        // here and dropped below, so many sections cost linear time, not quadratic).
        if (auto same = at.find(sec.client); same != at.end()) {
            u.sections[same->second].structs.clear();
            at.erase(same);
        }
        if (!sec.structs.empty()) {
            at.emplace(sec.client, u.sections.size());
            u.sections.push_back(std::move(sec));
        }
    }
    std::erase_if(u.sections, [](client_section const& s) { return s.structs.empty(); });
    u.deletes = read_delete_set(r);
    u.deletes.normalize();
    return u;
}

void write_struct(writer& w, wire_struct const& s, std::uint64_t offset) {
    if (s.kind != struct_kind::item) {
        w.write_u8(s.kind == struct_kind::gc ? 0 : info_skip);
        w.write_var_uint(s.length - offset);
        return;
    }
    std::optional<wire_id> origin = s.origin;
    if (offset > 0) origin = wire_id{s.id.client, s.id.clock + offset - 1};
    auto info = static_cast<std::uint8_t>(static_cast<std::uint8_t>(s.content.ref) | (origin ? info_origin : 0) |
                                          (s.right_origin ? info_right_origin : 0) |
                                          (s.has_parent_sub ? info_parent_sub : 0));
    w.write_u8(info);
    if (origin) write_id(w, *origin);
    if (s.right_origin) write_id(w, *s.right_origin);
    if (!origin && !s.right_origin) {
        if (s.parent == parent_kind::root) {
            w.write_var_uint(1);
            w.write_var_string(s.parent_name);
        } else {
            w.write_var_uint(0);
            write_id(w, s.parent_id);
        }
        if (s.has_parent_sub) w.write_var_string(s.parent_sub ? *s.parent_sub : std::string());
    }
    write_content(w, s.content, offset);
}

void write_delete_set(writer& w, delete_set const& ds) {
    std::size_t n = 0;
    for (auto const& [c, v] : ds.clients)
        if (!v.empty()) ++n;
    w.write_var_uint(n);
    for (auto it = ds.clients.rbegin(); it != ds.clients.rend(); ++it) {
        if (it->second.empty()) continue;
        w.write_var_uint(it->first);
        w.write_var_uint(it->second.size());
        for (auto r : it->second) {
            w.write_var_uint(r.clock);
            w.write_var_uint(r.length);
        }
    }
}

std::vector<std::uint8_t> encode_update(update const& u) {
    writer w;
    w.write_var_uint(u.sections.size());
    for (auto const& sec : u.sections) {
        w.write_var_uint(sec.structs.size());
        w.write_var_uint(sec.client);
        w.write_var_uint(sec.structs.empty() ? 0 : sec.structs.front().id.clock);
        for (auto const& s : sec.structs) write_struct(w, s, 0);
    }
    write_delete_set(w, u.deletes);
    return std::move(w).take();
}

std::vector<std::uint8_t> encode_state_vector(state_vector const& sv) {
    writer w;
    w.write_var_uint(sv.size());
    for (auto it = sv.rbegin(); it != sv.rend(); ++it) {
        w.write_var_uint(it->first);
        w.write_var_uint(it->second);
    }
    return std::move(w).take();
}

state_vector decode_state_vector(std::span<const std::uint8_t> bytes) {
    reader r(bytes);
    state_vector sv;
    std::uint64_t n = r.read_var_uint();
    r.check_count(n, 2);
    for (std::uint64_t i = 0; i < n; ++i) {
        std::uint64_t c = r.read_var_uint();
        sv[c] = r.read_var_uint();
    }
    return sv;
}

}  // namespace refold::crdt::encoding
