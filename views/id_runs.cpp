#include <views/id_runs.hpp>

#include <views/error.hpp>

#include <string>
#include <vector>

namespace refold::views {

std::pair<std::size_t, std::uint64_t> id_runs::locate(std::uint64_t pos) const {
    if (pos >= units()) return {runs(), pos - units()};
    auto const* t = &rope_.root();
    std::size_t index = 0;
    while (!(*t)->is_leaf()) {
        auto const& l = (*t)->left();
        auto const s = l->summary();
        if (pos < s.units) {
            t = &l;
        } else {
            pos -= s.units;
            index += s.runs;
            t = &(*t)->right();
        }
    }
    for (auto const& r : (*t)->elements()) {
        if (pos < r.length) return {index, pos};
        pos -= r.length;
        ++index;
    }
    throw mirror_error("[views.ids.1] unit position not found");  // unreachable with valid summaries
}

char_id id_runs::at(std::uint64_t pos) const {
    if (pos >= units()) throw mirror_error("[views.ids.2] id position " + std::to_string(pos) + " past the end");
    auto [i, off] = locate(pos);
    id_run const& r = rope_[i];
    return {r.client, r.clock + off};
}

id_runs id_runs::insert(std::uint64_t pos, std::span<id_run const> ids) const {
    if (pos > units()) throw mirror_error("[views.ids.3] insert at " + std::to_string(pos) + " past the end");
    if (ids.empty()) return *this;
    auto [i, off] = locate(pos);
    if (off == 0) {
        // Typing after a run: the first inserted run continues the run before (one clock
        // further), so the run grows instead of the rope (runs stay about as many as items).
        if (i > 0) {
            id_run const prev = rope_[i - 1];
            if (prev.client == ids.front().client && prev.clock + prev.length == ids.front().clock) {
                std::vector<id_run> parts(ids.begin(), ids.end());
                parts.front() = {prev.client, prev.clock, prev.length + ids.front().length};
                return id_runs(rope_.replace(i - 1, i, parts));
            }
        }
        return id_runs(rope_.insert(i, ids));
    }
    id_run const r = rope_[i];
    std::vector<id_run> parts;
    parts.reserve(ids.size() + 2);
    parts.push_back({r.client, r.clock, off});
    parts.insert(parts.end(), ids.begin(), ids.end());
    parts.push_back({r.client, r.clock + off, r.length - off});
    return id_runs(rope_.replace(i, i + 1, parts));
}

id_runs id_runs::erase(std::uint64_t pos, std::uint64_t length) const {
    if (length == 0) return *this;
    if (pos + length > units()) throw mirror_error("[views.ids.4] erase past the end");
    auto [i, off] = locate(pos);
    auto [j, off2] = locate(pos + length);
    std::vector<id_run> parts;
    if (off > 0) {
        id_run const& r = rope_[i];
        parts.push_back({r.client, r.clock, off});
    }
    std::size_t end = j;
    if (off2 > 0) {
        id_run const& r = rope_[j];
        parts.push_back({r.client, r.clock + off2, r.length - off2});
        end = j + 1;
    }
    return id_runs(rope_.replace(i, end, parts));
}

}  // namespace refold::views
