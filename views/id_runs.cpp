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

id_runs::edit id_runs::plan_insert(std::uint64_t pos, std::span<id_run const> ids) const {
    if (pos > units()) throw mirror_error("[views.ids.3] insert at " + std::to_string(pos) + " past the end");
    auto [i, off] = locate(pos);
    if (off == 0) {
        // Typing after a run: the first inserted run continues the run before (one clock
        // further), so the run grows instead of the rope (runs stay about as many as items).
        if (i > 0) {
            id_run const prev = rope_[i - 1];
            if (prev.client == ids.front().client && prev.clock + prev.length == ids.front().clock) {
                edit e{i - 1, i, {ids.begin(), ids.end()}};
                e.parts.front() = {prev.client, prev.clock, prev.length + ids.front().length};
                return e;
            }
        }
        return {i, i, {ids.begin(), ids.end()}};
    }
    id_run const r = rope_[i];
    edit e{i, i + 1, {}};
    e.parts.reserve(ids.size() + 2);
    e.parts.push_back({r.client, r.clock, off});
    e.parts.insert(e.parts.end(), ids.begin(), ids.end());
    e.parts.push_back({r.client, r.clock + off, r.length - off});
    return e;
}

id_runs::edit id_runs::plan_erase(std::uint64_t pos, std::uint64_t length) const {
    if (pos + length > units()) throw mirror_error("[views.ids.4] erase past the end");
    auto [i, off] = locate(pos);
    auto [j, off2] = locate(pos + length);
    edit e{i, j, {}};
    if (off > 0) {
        id_run const& r = rope_[i];
        e.parts.push_back({r.client, r.clock, off});
    }
    if (off2 > 0) {
        id_run const& r = rope_[j];
        e.parts.push_back({r.client, r.clock + off2, r.length - off2});
        e.to = j + 1;
    }
    return e;
}

id_runs id_runs::insert(std::uint64_t pos, std::span<id_run const> ids) const& {
    if (ids.empty()) {
        if (pos > units()) throw mirror_error("[views.ids.3] insert at " + std::to_string(pos) + " past the end");
        return *this;
    }
    edit const e = plan_insert(pos, ids);
    return id_runs(rope_.replace(e.from, e.to, e.parts));
}

id_runs id_runs::insert(std::uint64_t pos, std::span<id_run const> ids) && {
    if (ids.empty()) {
        if (pos > units()) throw mirror_error("[views.ids.3] insert at " + std::to_string(pos) + " past the end");
        return std::move(*this);
    }
    edit const e = plan_insert(pos, ids);
    return id_runs(std::move(rope_).replace(e.from, e.to, e.parts));
}

id_runs id_runs::erase(std::uint64_t pos, std::uint64_t length) const& {
    if (length == 0) return *this;
    edit const e = plan_erase(pos, length);
    return id_runs(rope_.replace(e.from, e.to, e.parts));
}

id_runs id_runs::erase(std::uint64_t pos, std::uint64_t length) && {
    if (length == 0) return std::move(*this);
    edit const e = plan_erase(pos, length);
    return id_runs(std::move(rope_).replace(e.from, e.to, e.parts));
}

}  // namespace refold::views
