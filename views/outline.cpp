#include <views/outline.hpp>

#include <schemes/ana.hpp>
#include <schemes/cata.hpp>

#include <algorithm>

namespace refold::views {

namespace {

// A seed of the unfold: one heading (or the root) and the headings of its section.
struct section_seed {
    heading h;
    std::span<heading const> body;
};

struct split_sections {
    outline_layer<section_seed> operator()(section_seed const& s) const {
        outline_layer<section_seed> layer{s.h, {}};
        std::span<heading const> rest = s.body;
        while (!rest.empty()) {
            heading const& first = rest.front();
            std::size_t end = 1;
            while (end < rest.size() && rest[end].level > first.level) ++end;
            layer.children.push_back(section_seed{first, rest.subspan(1, end - 1)});
            rest = rest.subspan(end);
        }
        return layer;
    }
};

struct number_entries {
    std::vector<outline_entry> operator()(outline_layer<std::vector<outline_entry>> const& l) const {
        std::vector<outline_entry> out;
        if (l.h.level != 0) out.push_back(outline_entry{"", l.h.level, l.h.title, l.h.offset});
        std::size_t i = 0;
        for (auto const& child : l.children) {
            std::string const pos = std::to_string(++i);
            for (auto const& e : child) {
                outline_entry n = e;
                n.number = e.number.empty() ? pos : pos + "." + e.number;
                out.push_back(std::move(n));
            }
        }
        return out;
    }
};

}  // namespace

outline_tree build_outline(std::span<heading const> headings) {
    split_sections coalg;
    return schemes::ana(coalg, section_seed{heading{}, headings});
}

std::vector<outline_entry> number_outline(outline_tree const& tree) {
    number_entries alg;
    return schemes::cata(alg, tree);
}

std::vector<outline_entry> outline_of(std::span<heading const> hs) { return number_outline(build_outline(hs)); }

std::vector<outline_entry> outline_of_text(std::string_view text) {
    auto const hs = headings_of(text);
    return outline_of(hs);
}

std::string render_outline(std::span<outline_entry const> entries) {
    std::string out;
    for (auto const& e : entries) {
        auto const depth = static_cast<std::size_t>(std::count(e.number.begin(), e.number.end(), '.'));
        out.append(2 * depth, ' ');
        out += e.number;
        out += ' ';
        out += e.title;
        out += '\n';
    }
    return out;
}

}  // namespace refold::views
