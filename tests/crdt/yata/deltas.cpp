// change_set deltas of local transactions: the fast path (deltas derived from the edits and
// composed) must equal Yjs' walk over the sequence, for random multi-edit transactions.
#include <crdt/yata/doc.hpp>
#include <crdt/yata/json.hpp>
#include <tests/support/random.hpp>

#include <catch2/catch.hpp>

using namespace refold::crdt;

TEST_CASE("composed local deltas equal the walked deltas", "[deltas]") {
    REFOLD_SEEDED_RNG(rng);
    for (std::size_t round = 0; round < refold::test::cases(40); ++round) {
        yata::doc fast(7), slow(7, yata::doc_options{true, true, false});
        for (std::size_t step = 0; step < 60; ++step) {
            auto seed = rng();
            nlohmann::json got[2];
            int k = 0;
            for (auto* d : {&fast, &slow}) {
                std::mt19937_64 r(seed);  // same edits on both
                auto t = d->get_text("t");
                auto a = d->get_array("a");
                auto const& cs = d->transact([&] {
                    for (int ops = 1 + static_cast<int>(r() % 5); ops > 0; --ops) {
                        switch (r() % 4) {
                        case 0: t.insert(r() % (t.length() + 1), std::string(1 + r() % 3, static_cast<char>('a' + r() % 26))); break;
                        case 1:
                            if (t.length() > 0) {
                                auto p = r() % t.length();
                                t.erase(p, 1 + r() % std::min<std::uint64_t>(4, t.length() - p));
                            }
                            break;
                        case 2: a.insert(r() % (a.size() + 1), {encoding::any::number(static_cast<double>(r() % 9))}); break;
                        default:
                            if (a.size() > 0) a.erase(r() % a.size(), 1);
                        }
                    }
                });
                nlohmann::json j = nlohmann::json::object();
                for (auto const& tc : cs.changes)
                    j[d->info(tc.type).name] = yata::delta_to_json(*d, tc.delta, d->info(tc.type).kind == encoding::type_ref::text);
                got[k++] = j;
            }
            INFO("step " << step);
            REQUIRE(got[0] == got[1]);
            REQUIRE(fast.get_text("t").to_string() == slow.get_text("t").to_string());
            fast.check_invariants();
        }
    }
}
