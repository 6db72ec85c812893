// Lattice laws for the primitives and combinators of crdt/lattice.
#include <crdt/lattice/dot.hpp>
#include <crdt/lattice/lexicographic.hpp>
#include <crdt/lattice/map.hpp>
#include <crdt/lattice/optional.hpp>
#include <crdt/lattice/primitives.hpp>
#include <crdt/lattice/product.hpp>
#include <crdt/lattice/reflect.hpp>
#include <tests/laws/lattice.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>

namespace lat = refold::crdt::lattice;
using refold::test::laws::independent;
using refold::test::laws::pick;

namespace {

int small_int(std::mt19937_64& rng) { return std::uniform_int_distribution<int>(-20, 20)(rng); }

std::set<int> small_set(std::mt19937_64& rng) {
    std::set<int> s;
    for (std::size_t k = pick(rng, 5); k > 0; --k) s.insert(static_cast<int>(pick(rng, 8)));
    return s;
}

const auto gen_max_int = [](std::mt19937_64& rng) { return lat::max_lattice<int>{small_int(rng)}; };
const auto gen_max_string = [](std::mt19937_64& rng) {
    std::string s;
    for (std::size_t k = pick(rng, 4); k > 0; --k) s.push_back(static_cast<char>('a' + pick(rng, 3)));
    return lat::max_lattice<std::string>{s};
};
const auto gen_bool = [](std::mt19937_64& rng) { return pick(rng, 2) == 1; };
const auto gen_unit = [](std::mt19937_64&) { return lat::unit{}; };
const auto gen_set = [](std::mt19937_64& rng) { return small_set(rng); };
const auto gen_map = [](std::mt19937_64& rng) {
    std::map<int, lat::max_lattice<int>> m;
    for (std::size_t k = pick(rng, 5); k > 0; --k) {
        lat::map_join_at(m, static_cast<int>(pick(rng, 6)), gen_max_int(rng));
    }
    return m;
};
const auto gen_nested_map = [](std::mt19937_64& rng) {
    std::map<int, std::map<int, bool>> m;
    for (std::size_t k = pick(rng, 4); k > 0; --k) {
        lat::map_join_at(m, static_cast<int>(pick(rng, 3)),
                         std::map<int, bool>{{static_cast<int>(pick(rng, 3)), true}});
    }
    return m;
};
const auto gen_pair = [](std::mt19937_64& rng) { return std::pair{gen_max_int(rng), small_set(rng)}; };
const auto gen_tuple = [](std::mt19937_64& rng) {
    return std::tuple{gen_bool(rng), gen_max_int(rng), small_set(rng)};
};
using lex_chain = lat::lex_pair<lat::max_lattice<int>, std::set<int>>;
const auto gen_lex_chain = [](std::mt19937_64& rng) {
    return lex_chain{{static_cast<int>(pick(rng, 3))}, small_set(rng)};
};
using lex_sets = lat::lex_pair<std::set<int>, lat::max_lattice<int>>;
const auto gen_lex_sets = [](std::mt19937_64& rng) {
    std::set<int> s;
    for (std::size_t k = pick(rng, 3); k > 0; --k) s.insert(static_cast<int>(pick(rng, 3)));
    return lex_sets{s, gen_max_int(rng)};
};
const auto gen_optional = [](std::mt19937_64& rng) {
    return pick(rng, 4) == 0 ? std::optional<std::set<int>>{} : std::optional{small_set(rng)};
};
const auto gen_context = [](std::mt19937_64& rng) {
    lat::causal_context::version_vector vv;
    std::set<lat::dot> cloud;
    for (std::size_t k = pick(rng, 3); k > 0; --k) vv[pick(rng, 3)] = pick(rng, 4);
    for (std::size_t k = pick(rng, 5); k > 0; --k) cloud.insert({pick(rng, 3), 1 + pick(rng, 8)});
    return lat::causal_context::from_parts(vv, cloud);
};

}  // namespace

// A struct reflected with Boost.Hana: a pointwise product of its members.
struct doc_stats {
    BOOST_HANA_DEFINE_STRUCT(doc_stats,
        (lat::max_lattice<int>, version),
        (std::set<int>, authors),
        (bool, published));
    friend bool operator==(const doc_stats&, const doc_stats&) = default;
};

// An existing struct adapted after the fact.
namespace plain {
struct presence {
    std::set<int> online;
    lat::max_lattice<long> last_seen;
    friend bool operator==(const presence&, const presence&) = default;
};
}  // namespace plain
BOOST_HANA_ADAPT_STRUCT(plain::presence, online, last_seen);

namespace {
const auto gen_adapted = [](std::mt19937_64& rng) {
    return plain::presence{small_set(rng), {static_cast<long>(small_int(rng))}};
};
const auto gen_struct = [](std::mt19937_64& rng) {
    doc_stats s;
    s.version = gen_max_int(rng);
    s.authors = small_set(rng);
    s.published = gen_bool(rng);
    return s;
};
}  // namespace

static_assert(lat::bounded_join_semilattice<doc_stats>);
static_assert(lat::bounded_join_semilattice<plain::presence>);
static_assert(!lat::join_semilattice<int>, "a plain int has no join");
static_assert(lat::join_semilattice<lat::max_lattice<double>>);
static_assert(!lat::join_semilattice<std::map<int, int>>, "values must be lattices");
static_assert(lat::is_chain_v<lat::lex_pair<lat::max_lattice<int>, lat::max_lattice<double>>>);

REFOLD_LATTICE_LAW_TEST("max_lattice<int>", lat::max_lattice<int>, independent(gen_max_int))
REFOLD_LATTICE_LAW_TEST("max_lattice<string>", lat::max_lattice<std::string>, independent(gen_max_string))
REFOLD_LATTICE_LAW_TEST("bool (or)", bool, independent(gen_bool))
REFOLD_LATTICE_LAW_TEST("unit", lat::unit, independent(gen_unit))
REFOLD_LATTICE_LAW_TEST("set union", std::set<int>, independent(gen_set))
using map_of_max = std::map<int, lat::max_lattice<int>>;
using map_of_maps = std::map<int, std::map<int, bool>>;
using pair_product = std::pair<lat::max_lattice<int>, std::set<int>>;
using tuple_product = std::tuple<bool, lat::max_lattice<int>, std::set<int>>;
REFOLD_LATTICE_LAW_TEST("map of max", map_of_max, independent(gen_map))
REFOLD_LATTICE_LAW_TEST("map of map of bool", map_of_maps, independent(gen_nested_map))
REFOLD_LATTICE_LAW_TEST("pair product", pair_product, independent(gen_pair))
REFOLD_LATTICE_LAW_TEST("tuple product", tuple_product, independent(gen_tuple))
REFOLD_LATTICE_LAW_TEST("hana struct product", doc_stats, independent(gen_struct))
REFOLD_LATTICE_LAW_TEST("hana adapted struct product", plain::presence, independent(gen_adapted))
REFOLD_LATTICE_LAW_TEST("lexicographic pair over a chain", lex_chain, independent(gen_lex_chain))
REFOLD_LATTICE_LAW_TEST("lexicographic pair over sets", lex_sets, independent(gen_lex_sets))
REFOLD_LATTICE_LAW_TEST("optional", std::optional<std::set<int>>, independent(gen_optional))
REFOLD_LATTICE_LAW_TEST("causal context", lat::causal_context, independent(gen_context))

// The order derived from join (leq) against each lattice's order written out directly.
TEST_CASE("derived order: leq matches the natural order of each primitive and combinator", "[order]") {
    REFOLD_SEEDED_RNG(rng);
    for (std::size_t i = 0; i < refold::test::cases(1000); ++i) {
        INFO("case " << i);
        const auto x = gen_max_int(rng), y = gen_max_int(rng);
        REQUIRE(lat::leq(x, y) == (x.value <= y.value));
        const bool p = gen_bool(rng), q = gen_bool(rng);
        REQUIRE(lat::leq(p, q) == (!p || q));
        const auto s = small_set(rng), t = small_set(rng);
        const bool subset = std::includes(t.begin(), t.end(), s.begin(), s.end());
        REQUIRE(lat::leq(s, t) == subset);
        const auto m = gen_map(rng), n = gen_map(rng);
        bool pointwise = true;
        for (const auto& [k, v] : m) {
            auto it = n.find(k);
            pointwise = pointwise && it != n.end() && v.value <= it->second.value;
        }
        REQUIRE(lat::leq(m, n) == pointwise);
        const auto o = gen_optional(rng), u = gen_optional(rng);
        const bool lifted = !o || (u && std::includes(u->begin(), u->end(), o->begin(), o->end()));
        REQUIRE(lat::leq(o, u) == lifted);
        const auto a = gen_lex_sets(rng), b = gen_lex_sets(rng);
        const bool first_below = a.first != b.first &&
                                 std::includes(b.first.begin(), b.first.end(), a.first.begin(), a.first.end());
        const bool lex = first_below || (a.first == b.first && a.second.value <= b.second.value);
        REQUIRE(lat::leq(a, b) == lex);
    }
}
