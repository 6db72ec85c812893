// encodeStateAsUpdate from the block store (SPEC §4.1), including pending data.
#include <crdt/yata/detail/doc_state.hpp>
#include <crdt/yata/doc.hpp>

#include <algorithm>

namespace refold::crdt::yata {

using detail::nil;

namespace {

void write_id(encoding::writer& w, yata::id id) {
    w.write_var_uint(id.client);
    w.write_var_uint(id.clock);
}

void write_item(encoding::writer& w, detail::doc_state const& d, detail::item const& x, std::uint64_t offset) {
    if (x.gc) {
        w.write_u8(0);
        w.write_var_uint(x.length - offset);
        return;
    }
    bool has_origin = x.has_origin || offset > 0;
    yata::id origin = offset > 0 ? yata::id{x.id.client, x.id.clock + offset - 1} : x.origin;
    auto info = static_cast<std::uint8_t>(static_cast<std::uint8_t>(x.content.ref) |
                                          (has_origin ? encoding::info_origin : 0) |
                                          (x.has_right_origin ? encoding::info_right_origin : 0) |
                                          (x.key != nil ? encoding::info_parent_sub : 0));
    w.write_u8(info);
    if (has_origin) write_id(w, origin);
    if (x.has_right_origin) write_id(w, x.right_origin);
    if (!has_origin && !x.has_right_origin) {
        auto const& p = d.types[x.parent];
        if (p.item == nil) {
            w.write_var_uint(1);
            w.write_var_string(p.name);
        } else {
            w.write_var_uint(0);
            write_id(w, d.items[p.item].id);
        }
        if (x.key != nil) w.write_var_string(d.keys[x.key]);
    }
    encoding::write_content(w, x.content, offset);
}

void write_structs(encoding::writer& w, detail::doc_state const& d,
                   std::vector<std::pair<std::uint64_t, std::uint64_t>> sm) {
    std::sort(sm.begin(), sm.end(), [](auto const& a, auto const& b) { return a.first > b.first; });
    w.write_var_uint(sm.size());
    for (auto const& [c, clock] : sm) {
        auto const& s = d.clients.at(c);
        auto start = std::max(clock, d.items[s.front()].id.clock);
        auto pos = d.find_pos(s, start);
        w.write_var_uint(s.size() - pos);
        w.write_var_uint(c);
        w.write_var_uint(start);
        write_item(w, d, d.items[s[pos]], start - d.items[s[pos]].id.clock);
        for (auto i = pos + 1; i < s.size(); ++i) write_item(w, d, d.items[s[i]], 0);
    }
}

}  // namespace

std::vector<std::uint8_t> doc::encode_change(change_set const& cs) const {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> sm;
    for (auto const& r : cs.inserted) sm.emplace_back(r.client, r.clock);
    encoding::writer w;
    write_structs(w, *s_, std::move(sm));
    encoding::write_delete_set(w, cs.deleted);
    return std::move(w).take();
}

std::vector<std::uint8_t> doc::encode_state_as_update(state_vector const& sv) const {
    auto const& d = *s_;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> sm;
    for (auto const& [c, s] : d.clients) {
        if (s.empty()) continue;
        auto st = d.items[s.back()].end();
        auto it = sv.find(c);
        if (it == sv.end()) sm.emplace_back(c, 0);
        else if (it->second < st) sm.emplace_back(c, it->second);
    }
    encoding::writer w;
    write_structs(w, d, std::move(sm));
    // delete set of the whole store: maximal runs of deleted structs
    std::vector<std::uint64_t> cids;
    for (auto const& [c, s] : d.clients) cids.push_back(c);
    std::sort(cids.begin(), cids.end(), std::greater<>());
    encoding::writer dsw;
    std::size_t nclients = 0;
    for (auto c : cids) {
        auto const& s = d.clients.at(c);
        std::vector<encoding::clock_range> ranges;
        for (std::size_t i = 0; i < s.size(); ++i) {
            auto const& x = d.items[s[i]];
            if (!x.deleted) continue;
            auto clock = x.id.clock;
            auto len = x.length;
            while (i + 1 < s.size() && d.items[s[i + 1]].deleted) len += d.items[s[++i]].length;
            ranges.push_back({clock, len});
        }
        if (ranges.empty()) continue;
        ++nclients;
        dsw.write_var_uint(c);
        dsw.write_var_uint(ranges.size());
        for (auto r : ranges) {
            dsw.write_var_uint(r.clock);
            dsw.write_var_uint(r.length);
        }
    }
    w.write_var_uint(nclients);
    auto const& dsb = dsw.bytes();
    w.write_raw(dsb);
    auto main = std::move(w).take();
    if (d.pending.empty() && d.pending_ds.empty()) return main;
    std::vector<std::vector<std::uint8_t>> parts;
    parts.push_back(std::move(main));
    if (!d.pending_ds.empty()) {
        encoding::update u;
        u.deletes = d.pending_ds;
        parts.push_back(encoding::encode_update(u));
    }
    if (!d.pending.empty()) {
        encoding::update u;
        u.sections = d.pending;
        parts.push_back(encoding::diff_update(encoding::encode_update(u), sv));
    }
    return encoding::merge_updates(parts);
}

}  // namespace refold::crdt::yata
