#include <views/markdown.hpp>
#include <views/outline.hpp>

#include <tests/support/random.hpp>
#include <tests/views/gen.hpp>

#include <sstream>

using namespace refold::views;

namespace {

std::string title_of(std::string_view line) {
    auto h = parse_atx(line);
    REQUIRE(h.has_value());
    return std::string(h->title);
}

// Oracle numbering, quadratic and independent of ana/cata: a heading's parent is the nearest
// earlier heading of a lower level; its number is the parent's number and its position among
// the headings with the same parent.
std::vector<outline_entry> parent_numbering(std::vector<heading> const& hs) {
    std::vector<outline_entry> out;
    std::vector<std::ptrdiff_t> parent(hs.size(), -1);
    for (std::size_t i = 0; i < hs.size(); ++i) {
        for (std::size_t j = i; j-- > 0;) {
            if (hs[j].level < hs[i].level) {
                parent[i] = static_cast<std::ptrdiff_t>(j);
                break;
            }
        }
        unsigned pos = 0;
        for (std::size_t j = 0; j <= i; ++j)
            if (parent[j] == parent[i]) ++pos;
        std::string number = parent[i] < 0 ? "" : out[static_cast<std::size_t>(parent[i])].number + ".";
        out.push_back(outline_entry{number + std::to_string(pos), hs[i].level, hs[i].title, hs[i].offset});
    }
    return out;
}

}  // namespace

TEST_CASE("atx headings: CommonMark cases", "[views][markdown]") {
    CHECK(parse_atx("# foo")->level == 1);
    CHECK(parse_atx("###### foo")->level == 6);
    CHECK_FALSE(parse_atx("####### foo"));
    CHECK_FALSE(parse_atx("#5 bolt"));
    CHECK_FALSE(parse_atx("#hashtag"));
    CHECK_FALSE(parse_atx("\\## foo"));
    CHECK(title_of("#                  foo                     ") == "foo");
    CHECK(title_of(" ### foo") == "foo");
    CHECK(title_of("   # foo") == "foo");
    CHECK_FALSE(parse_atx("    # foo"));
    CHECK(title_of("## foo ##") == "foo");
    CHECK(title_of("  ###   bar    ###") == "bar");
    CHECK(title_of("# foo ##################################") == "foo");
    CHECK(title_of("### foo ###     ") == "foo");
    CHECK(title_of("### foo ### b") == "foo ### b");
    CHECK(title_of("# foo#") == "foo#");
    CHECK(title_of("## ") == "");
    CHECK(title_of("#") == "");
    CHECK(title_of("### ###") == "");
    CHECK(title_of("# foo\r") == "foo");
    CHECK(parse_atx("#\tfoo")->level == 1);
}

TEST_CASE("headings_of finds heading lines with their offsets", "[views][markdown]") {
    auto const hs = headings_of("# A\ntext\n## B ##\n#no\n   ### C\n");
    REQUIRE(hs.size() == 3);
    CHECK(hs[0] == heading{1, "A", 0});
    CHECK(hs[1] == heading{2, "B", 9});
    CHECK(hs[2] == heading{3, "C", 21});
}

TEST_CASE("line summary over random chunkings finds the same headings", "[views][markdown]") {
    REFOLD_SEEDED_RNG(rng);
    for (std::size_t round = 0; round < refold::test::cases(800); ++round) {
        std::string const s = refold::test::random_markdown(rng, round % 50);
        std::vector<line_summary> parts;
        for (auto c : refold::test::random_chunks(rng, s)) parts.push_back(line_summary::of(c));
        line_summary const folded = refold::test::fold_tree(rng, parts, 0, parts.size());
        INFO("text: " << s);
        // Independent count: getline over the text.
        std::size_t expect = 0;
        std::istringstream in(s);
        std::string line;
        while (std::getline(in, line))
            if (parse_atx(line)) ++expect;
        CHECK(folded.finish().headings == expect);
        CHECK(folded.finish() == outline_digest_of(s));
        CHECK(folded == line_summary::of(s));
        CHECK(headings_of(s).size() == expect);
    }
}

TEST_CASE("outline digest changes when a heading title changes", "[views][markdown]") {
    auto const a = outline_digest_of("# One\nbody\n## Two\n");
    auto const b = outline_digest_of("# One\nbody changed\n## Two\n");
    auto const c = outline_digest_of("# One\nbody\n## Tw0\n");
    CHECK(a == b);
    CHECK_FALSE(a == c);
    CHECK(a.headings == 2);
}

TEST_CASE("outline: ana builds sections, cata numbers them", "[views][outline]") {
    std::vector<heading> hs{{1, "A", 0}, {2, "A1", 1}, {2, "A2", 2}, {3, "A2a", 3}, {1, "B", 4}, {3, "B-deep", 5}, {2, "B1", 6}};
    auto const tree = build_outline(hs);
    REQUIRE(tree->children.size() == 2);
    CHECK(tree->children[0]->children.size() == 2);
    CHECK(tree->children[1]->children.size() == 2);
    auto const entries = number_outline(tree);
    std::vector<std::string> numbers;
    for (auto const& e : entries) numbers.push_back(e.number);
    CHECK(numbers == std::vector<std::string>{"1", "1.1", "1.2", "1.2.1", "2", "2.1", "2.2"});
    CHECK(render_outline(entries) == "1 A\n  1.1 A1\n  1.2 A2\n    1.2.1 A2a\n2 B\n  2.1 B-deep\n  2.2 B1\n");
}

TEST_CASE("outline numbering equals a parent-based oracle on random heading lists", "[views][outline]") {
    REFOLD_SEEDED_RNG(rng);
    std::uniform_int_distribution<unsigned> level(1, 6);
    for (std::size_t round = 0; round < refold::test::cases(500); ++round) {
        std::vector<heading> hs;
        for (std::size_t i = 0; i < round % 40; ++i) hs.push_back(heading{level(rng), "h" + std::to_string(i), i});
        CHECK(outline_of(hs) == parent_numbering(hs));
    }
}
