// mergeUpdates / diffUpdate / encodeStateVectorFromUpdate without a document (SPEC §4.3).
#include <crdt/encoding/update.hpp>

#include <algorithm>

namespace refold::crdt::encoding {

wire_struct slice_struct(wire_struct const& s, std::uint64_t offset) {
    if (offset == 0) return s;
    wire_struct r;
    r.kind = s.kind;
    r.id = {s.id.client, s.id.clock + offset};
    r.length = s.length - offset;
    if (s.kind != struct_kind::item) return r;
    r.origin = wire_id{s.id.client, s.id.clock + offset - 1};
    r.right_origin = s.right_origin;
    r.parent = s.parent;
    r.parent_name = s.parent_name;
    r.parent_id = s.parent_id;
    r.has_parent_sub = s.has_parent_sub;
    r.parent_sub = s.parent_sub;
    content c = s.content;
    r.content = split_content(c, offset);
    return r;
}

namespace {

// Appends `s` (sorted by clock) to a section under construction: covered structs are dropped,
// overlaps sliced, gaps filled with a Skip; known structs take precedence over Skips.
void append_struct(client_section& sec, wire_struct s) {
    auto& v = sec.structs;
    if (v.empty()) {
        v.push_back(std::move(s));
        return;
    }
    if (v.back().kind == struct_kind::skip && s.kind != struct_kind::skip && s.id.clock < v.back().end()) {
        auto skip_end = v.back().end();
        if (s.id.clock <= v.back().id.clock) v.pop_back();
        else v.back().length = s.id.clock - v.back().id.clock;
        auto s_end = s.end();
        append_struct(sec, std::move(s));
        if (skip_end > s_end) {
            wire_struct rest;
            rest.kind = struct_kind::skip;
            rest.id = {sec.client, s_end};
            rest.length = skip_end - s_end;
            v.push_back(std::move(rest));
        }
        return;
    }
    auto& cur = v.back();
    if (s.end() <= cur.end()) return;  // already covered
    if (s.id.clock > cur.end()) {      // gap: a Skip keeps clocks implicit
        if (cur.kind == struct_kind::skip) {
            cur.length = s.id.clock - cur.id.clock;
        } else {
            wire_struct skip;
            skip.kind = struct_kind::skip;
            skip.id = {sec.client, cur.end()};
            skip.length = s.id.clock - cur.end();
            v.push_back(std::move(skip));
        }
        v.push_back(std::move(s));
        return;
    }
    std::uint64_t diff = cur.end() - s.id.clock;
    if (diff > 0) s = slice_struct(s, diff);
    auto& last = v.back();
    if (last.kind == s.kind && last.kind != struct_kind::item) last.length += s.length;  // GC+GC, Skip+Skip
    else v.push_back(std::move(s));
}

}  // namespace

std::vector<client_section> merge_sections(std::vector<client_section> sections) {
    std::map<std::uint64_t, std::vector<wire_struct>> by_client;
    for (auto& sec : sections)
        for (auto& s : sec.structs) by_client[sec.client].push_back(std::move(s));
    std::vector<client_section> out;
    for (auto it = by_client.rbegin(); it != by_client.rend(); ++it) {
        auto& v = it->second;
        std::stable_sort(v.begin(), v.end(), [](wire_struct const& a, wire_struct const& b) {
            if (a.id.clock != b.id.clock) return a.id.clock < b.id.clock;
            return a.kind != struct_kind::skip && b.kind == struct_kind::skip;
        });
        client_section sec;
        sec.client = it->first;
        for (auto& s : v) append_struct(sec, std::move(s));
        if (!sec.structs.empty()) out.push_back(std::move(sec));
    }
    return out;
}

std::vector<std::uint8_t> merge_updates(std::span<const std::vector<std::uint8_t>> updates) {
    if (updates.size() == 1) return updates[0];
    update merged;
    std::vector<client_section> all;
    for (auto const& bytes : updates) {
        update u = decode_update(bytes);
        for (auto& s : u.sections) all.push_back(std::move(s));
        for (auto const& [c, v] : u.deletes.clients)
            for (auto r : v) merged.deletes.add(c, r.clock, r.length);
    }
    merged.deletes.normalize();
    merged.sections = merge_sections(std::move(all));
    return encode_update(merged);
}

std::vector<std::uint8_t> diff_update(std::span<const std::uint8_t> bytes, state_vector const& sv) {
    update u = decode_update(bytes);
    update out;
    out.deletes = u.deletes;
    for (auto& sec : u.sections) {
        auto it = sv.find(sec.client);
        std::uint64_t known = it == sv.end() ? 0 : it->second;
        client_section o;
        o.client = sec.client;
        for (auto& s : sec.structs) {
            if (o.structs.empty()) {
                if (s.kind == struct_kind::skip || s.end() <= known) continue;
                o.structs.push_back(slice_struct(s, known > s.id.clock ? known - s.id.clock : 0));
            } else {
                o.structs.push_back(std::move(s));
            }
        }
        if (!o.structs.empty()) out.sections.push_back(std::move(o));
    }
    std::sort(out.sections.begin(), out.sections.end(), [](auto const& a, auto const& b) { return a.client > b.client; });
    return encode_update(out);
}

state_vector state_vector_from_update(std::span<const std::uint8_t> bytes) {
    update u = decode_update(bytes);
    state_vector sv;
    for (auto const& sec : u.sections) {
        if (sec.structs.empty() || sec.structs.front().id.clock != 0) continue;
        std::uint64_t clock = 0;
        for (auto const& s : sec.structs) {
            if (s.kind == struct_kind::skip) break;
            clock = s.end();
        }
        if (clock > 0) sv[sec.client] = clock;
    }
    return sv;
}

}  // namespace refold::crdt::encoding
