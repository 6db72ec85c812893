// The outline of a markdown text: headings as a nested tree with section numbers ("2.3.1").
//
// build_outline unfolds (ana) the heading list into a tree: a heading's children are the
// headings of its section (up to the next heading of the same or a higher level), each
// child taking its own sub-section. number_outline folds (cata) the tree into a flat list
// in document order, numbering each entry by its path of 1-based sibling positions.
// Numbers are context that flows down, so the fold builds, per subtree, entries numbered
// relative to it and the parent prefixes them.
#pragma once

#include <views/markdown.hpp>

#include <schemes/fix.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace refold::views {

template <class A>
struct outline_layer {
    heading h;               // level 0 for the root
    std::vector<A> children;

    template <class Fn>
    auto map(Fn& f) const {
        using B = std::decay_t<decltype(f(std::declval<A const&>()))>;
        outline_layer<B> r{h, {}};
        r.children.reserve(children.size());
        for (A const& c : children) r.children.push_back(f(c));
        return r;
    }
    friend bool operator==(outline_layer const&, outline_layer const&) = default;
};

using outline_tree = schemes::fix<outline_layer>;

struct outline_entry {
    std::string number;   // "2.3.1"
    unsigned level = 0;
    std::string title;
    std::uint64_t offset = 0;
    friend bool operator==(outline_entry const&, outline_entry const&) = default;
};

// ana: the tree of `headings` under a level-0 root.
[[nodiscard]] outline_tree build_outline(std::span<heading const> headings);
// cata: the numbered entries in document order (the root itself is not an entry).
[[nodiscard]] std::vector<outline_entry> number_outline(outline_tree const& tree);
// number_outline(build_outline(hs)).
[[nodiscard]] std::vector<outline_entry> outline_of(std::span<heading const> hs);
// From scratch on a text.
[[nodiscard]] std::vector<outline_entry> outline_of_text(std::string_view text);
// Renders entries as lines "<number> <title>" with two spaces of indentation per depth.
[[nodiscard]] std::string render_outline(std::span<outline_entry const> entries);

}  // namespace refold::views
