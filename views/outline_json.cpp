// The UI's nested outline and its patches (see <views/ui_state_json.hpp>).
#include <views/ui_state_json.hpp>

#include <schemes/cata.hpp>

#include <algorithm>
#include <limits>

namespace refold::views::detail {

namespace {

using nlohmann::json;

constexpr std::size_t none = std::numeric_limits<std::size_t>::max();

// A flat entry list, or the list a splice makes of it (without building it).
struct spliced_list {
    std::span<outline_entry const> base;
    std::size_t at = 0, removed = 0;
    std::span<outline_entry const> inserted;

    [[nodiscard]] std::size_t size() const noexcept { return base.size() - removed + inserted.size(); }
    [[nodiscard]] outline_entry const& operator[](std::size_t k) const noexcept {
        if (k < at) return base[k];
        if (k - at < inserted.size()) return inserted[k - at];
        return base[k - inserted.size() + removed];
    }
};

struct section {
    std::size_t begin = 0, end = 0;  // the heading and its section's headings: [begin, end)
};

// The sections of a forest: the flat range [from, to) split at each heading no deeper than the
// first heading of the current section (build_outline's split).
template <class List>
std::vector<section> sections_of(List const& l, std::size_t from, std::size_t to) {
    std::vector<section> out;
    for (std::size_t k = from; k < to;) {
        unsigned const level = l[k].level;
        std::size_t e = k + 1;
        while (e < to && l[e].level > level) ++e;
        out.push_back({k, e});
        k = e;
    }
    return out;
}

template <class List>
json forest_json(List const& l, std::size_t from, std::size_t to);

template <class List>
json section_json(List const& l, section s) {
    return json{{"level", l[s.begin].level}, {"title", l[s.begin].title}, {"children", forest_json(l, s.begin + 1, s.end)}};
}

template <class List>
json forest_json(List const& l, std::size_t from, std::size_t to) {
    json a = json::array();
    for (section const s : sections_of(l, from, to)) a.push_back(section_json(l, s));
    return a;
}

struct differ {
    std::span<outline_entry const> before;
    spliced_list after;
    json& patch;

    [[nodiscard]] std::size_t at() const noexcept { return after.at; }
    [[nodiscard]] std::size_t removed() const noexcept { return after.removed; }
    [[nodiscard]] std::size_t inserted() const noexcept { return after.inserted.size(); }

    // Where an old heading is in the new list (none: it was replaced).
    [[nodiscard]] std::size_t new_index(std::size_t k) const noexcept {
        if (k < at()) return k;
        if (k < at() + removed()) return none;
        return k - removed() + inserted();
    }
    // Where an old section end (a boundary) is in the new list.
    [[nodiscard]] std::size_t new_boundary(std::size_t e) const noexcept {
        if (e <= at()) return e;
        if (e >= at() + removed()) return e - removed() + inserted();
        return none;
    }
    // The same headings with the same section: nothing in it was replaced and it still ends
    // at the same heading.
    [[nodiscard]] bool same(section x, section y) const noexcept {
        bool const untouched = x.end <= at() || x.begin >= at() + removed();
        return untouched && new_index(x.begin) == y.begin && new_boundary(x.end) == y.end;
    }
    [[nodiscard]] bool is_inserted(std::size_t k) const noexcept { return k >= at() && k - at() < inserted(); }

    // Ops taking the forest before[from_old, to_old) at `path` to after[from_new, to_new).
    // `base` is the index in the JSON array at `path` of the first section of the range.
    void forest(std::size_t from_old, std::size_t to_old, std::size_t from_new, std::size_t to_new, std::string const& path,
                std::size_t base = 0) {
        auto const xs = sections_of(before, from_old, to_old);
        auto const ys = sections_of(after, from_new, to_new);
        std::size_t p = 0;
        while (p < xs.size() && p < ys.size() && same(xs[p], ys[p])) ++p;
        std::size_t s = 0;
        while (s < xs.size() - p && s < ys.size() - p && same(xs[xs.size() - 1 - s], ys[ys.size() - 1 - s])) ++s;
        // The middle, merged: a section whose heading is kept is paired with that heading's new
        // section; a replaced heading's section with a new heading's; the rest removed or added.
        std::size_t i = p, j = p, idx = p;
        std::size_t const xe = xs.size() - s, ye = ys.size() - s;
        while (i < xe || j < ye) {
            std::string const here = path + "/" + std::to_string(base + idx);
            if (i < xe && j < ye) {
                std::size_t const mi = new_index(xs[i].begin);
                if (mi == ys[j].begin || (mi == none && is_inserted(ys[j].begin))) {
                    pair(xs[i], ys[j], here);
                    ++i, ++j, ++idx;
                } else if (mi != none && mi > ys[j].begin) {
                    patch.push_back(json{{"op", "add"}, {"path", here}, {"value", section_json(after, ys[j])}});
                    ++j, ++idx;
                } else {
                    patch.push_back(json{{"op", "remove"}, {"path", here}});
                    ++i;
                }
            } else if (i < xe) {
                patch.push_back(json{{"op", "remove"}, {"path", here}});
                ++i;
            } else {
                patch.push_back(json{{"op", "add"}, {"path", here}, {"value", section_json(after, ys[j])}});
                ++j, ++idx;
            }
        }
    }

    void pair(section x, section y, std::string const& here) {
        outline_entry const& a = before[x.begin];
        outline_entry const& b = after[y.begin];
        if (a.level != b.level) patch.push_back(json{{"op", "replace"}, {"path", here + "/level"}, {"value", b.level}});
        if (a.title != b.title) patch.push_back(json{{"op", "replace"}, {"path", here + "/title"}, {"value", b.title}});
        forest(x.begin + 1, x.end, y.begin + 1, y.end, here + "/children");
    }
};

// cata: a section's JSON from its children's (the root, level 0, gives the array).
struct section_algebra {
    json operator()(outline_layer<json> const& l) const {
        json children = json::array();
        for (auto const& c : l.children) children.push_back(c);
        if (l.h.level == 0) return children;
        return json{{"level", l.h.level}, {"title", l.h.title}, {"children", std::move(children)}};
    }
};

}  // namespace

json outline_json(std::span<outline_entry const> entries) { return forest_json(entries, 0, entries.size()); }

json nested_outline_json(std::span<outline_entry const> entries) {
    std::vector<heading> hs;
    hs.reserve(entries.size());
    for (auto const& e : entries) hs.push_back(heading{e.level, e.title, e.offset});
    section_algebra alg;
    return schemes::cata(alg, build_outline(hs));
}

void outline_patch(std::span<outline_entry const> before, std::size_t at, std::size_t removed,
                   std::span<outline_entry const> inserted, std::string const& path, json& patch) {
    differ d{before, spliced_list{before, at, removed, inserted}, patch};
    // Only the top-level sections from the one holding entry at - 1 to the first heading after
    // the splice that starts a top-level section in both versions can differ. Top-level sections
    // start at the prefix minima of the levels (a heading no deeper than every heading before
    // it), so after a start common to both versions every later start is the same.
    constexpr unsigned deepest = std::numeric_limits<unsigned>::max();
    unsigned floor = deepest;  // the lowest level before `at`
    std::size_t first = 0, sections_before = 0, starts = 0;
    for (std::size_t k = 0; k < at; ++k)
        if (before[k].level <= floor) {
            floor = before[k].level;
            first = k;
            sections_before = starts++;
        }
    unsigned low_old = floor, low_new = floor;
    for (std::size_t k = at; k < at + removed; ++k) low_old = std::min(low_old, before[k].level);
    for (auto const& e : inserted) low_new = std::min(low_new, e.level);
    std::size_t last = before.size();
    for (std::size_t k = at + removed; k < before.size(); ++k) {
        unsigned const level = before[k].level;
        if (level <= low_old && level <= low_new) {
            last = k;
            break;
        }
        low_old = std::min(low_old, level);
        low_new = std::min(low_new, level);
    }
    std::size_t const last_new = last - removed + inserted.size();
    d.forest(first, last, first, last_new, path, sections_before);
}

}  // namespace refold::views::detail
