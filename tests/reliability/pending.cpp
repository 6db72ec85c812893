// Pending structs from an attacker that never sends the missing dependency (issue 8): memory
// stays proportional to what was received, the document stays usable and its content intact,
// and a configurable limit (doc_options::max_pending_structs) gives a typed error.
#include <tests/reliability/alloc_counter.hpp>
#include <tests/reliability/support.hpp>

#include <crdt/encoding/update.hpp>
#include <crdt/yata/detail/doc_state.hpp>
#include <tests/support/random.hpp>

#include <algorithm>

#include <ctime>

using namespace refold;
namespace yata = refold::crdt::yata;
namespace enc = refold::crdt::encoding;
using refold::test::doc_snapshot;

namespace {

constexpr std::uint64_t never_sent = 999;  // the client whose structs never arrive

// One string struct by `client` at `clock` whose origin (never_sent, 0) never arrives.
std::vector<std::uint8_t> orphan(std::uint64_t client, std::uint64_t clock) {
    enc::writer w;
    w.write_var_uint(1);
    w.write_var_uint(1);
    w.write_var_uint(client);
    w.write_var_uint(clock);
    w.write_u8(0x84);  // origin + String
    w.write_var_uint(never_sent);
    w.write_var_uint(0);
    w.write_var_string("x");
    w.write_var_uint(1);  // a delete range waiting for its struct too
    w.write_var_uint(never_sent);
    w.write_var_uint(1);
    w.write_var_uint(clock + 5);
    w.write_var_uint(1);
    return std::move(w).take();
}

yata::doc make_victim() {
    yata::doc d(7);
    d.get_text("text").insert(0, "hello");
    d.get_map("map").set("k", yata::any::string("v"));
    return d;
}

// Applies `k` orphans (from `k` clients, some at huge clocks); returns (live bytes added, input bytes).
std::pair<std::size_t, std::size_t> attack(yata::doc& d, std::size_t k) {
    auto live0 = test::current_alloc_stats().live;
    std::size_t input = 0;
    for (std::size_t i = 0; i < k; ++i) {
        std::uint64_t clock = (i % 3 == 0) ? (std::uint64_t{1} << 40) + i : i;
        auto u = orphan(100 + i, clock);
        input += u.size();
        d.apply_update(u);
    }
    auto live1 = test::current_alloc_stats().live;
    return {live1 > live0 ? live1 - live0 : 0, input};
}

}  // namespace

TEST_CASE("pending: orphan structs cost memory in proportion to their bytes, and the doc stays intact",
          "[hostile][pending]") {
    yata::doc d = make_victim();
    auto json_before = test::roots_json(d);
    auto sv_before = d.get_state_vector();
    auto [grown, input] = attack(d, 1000);
    INFO("pending data: " << grown << " bytes live for " << input << " bytes received");
    CHECK(d.has_pending());
    CHECK(d.pending_missing().count(never_sent) == 1);
    // proportional, with a constant per struct no larger than a few hundred bytes per input byte
    CHECK(grown < 64 * 1024 + 200 * input);
    // nothing of it shows, nothing integrated, and the doc works as before
    CHECK(test::roots_json(d) == json_before);
    CHECK(d.get_state_vector() == sv_before);
    CHECK_NOTHROW(test::check_doc_invariants(d));
    d.get_text("text").insert(5, "!");
    CHECK(d.get_text("text").to_string() == "hello!");
    // its encoding carries the pending data along (as Yjs does) and reloads
    yata::doc fresh(8);
    fresh.apply_update(d.encode_state_as_update());
    CHECK(fresh.get_text("text").to_string() == "hello!");
    CHECK(fresh.pending_missing() == d.pending_missing());
}

TEST_CASE("pending: orphans arriving one by one cost near-linear time", "[hostile][pending]") {
    // Each apply may merge the new pending struct with all the old ones; that must not make
    // n orphans cost n^2. CPU time of 4n vs n orphans: linear gives ~4x, quadratic ~16x.
    auto cpu = [](std::size_t k) {
        yata::doc d = make_victim();
        auto t0 = std::clock();
        (void)attack(d, k);
        return static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC;
    };
    double t1 = cpu(250), t4 = cpu(1000);
    INFO("250 orphans: " << t1 << " s CPU, 1000 orphans: " << t4 << " s CPU");
    CHECK(t4 < 8 * t1 + 0.2);
}

// The bound of issue 8: doc_options::max_pending_structs; an update that would leave more
// pending structs is rejected whole with a typed error, the doc unchanged, and updates that stay
// within the bound (or integrate the pending ones) are still accepted.
TEST_CASE("pending: exceeding doc_options::max_pending_structs is a typed error, doc unchanged", "[hostile][pending]") {
    yata::doc_options opts;
    opts.max_pending_structs = 100;
    yata::doc d(7, opts);
    d.get_text("text").insert(0, "hello");
    for (std::uint64_t i = 0; i < 100; ++i) d.apply_update(orphan(100 + i, 0));
    auto before = doc_snapshot::of(d);
    auto r = test::try_apply(d, orphan(500, 0));
    CHECK(r.how == test::outcome::rejected);
    CHECK(test::has_stable_id(r.message));
    CHECK(r.message.rfind("[crdt.yata.6]", 0) == 0);
    CHECK(doc_snapshot::of(d) == before);
    CHECK_NOTHROW(test::check_doc_invariants(d));

    // an update that integrates at once is still accepted at the limit
    yata::doc peer(9);
    peer.get_text("other").insert(0, "ok");
    auto r2 = test::try_apply(d, peer.encode_state_as_update());
    CHECK(r2.how == test::outcome::accepted);
    CHECK(d.pending_missing().count(never_sent) == 1);

    // the missing dependency arrives: everything integrates, and new orphans fit again
    yata::doc source(never_sent);
    source.get_text("text").insert(0, "ABCDEFGH");
    auto r3 = test::try_apply(d, source.encode_state_as_update());
    CHECK(r3.how == test::outcome::accepted);
    CHECK_FALSE(d.pending_missing().count(never_sent) == 1);
    CHECK(test::try_apply(d, orphan(600, 0)).how == test::outcome::accepted);
    CHECK_NOTHROW(test::check_doc_invariants(d));
}

// The dry run behind the bounds predicts what the real apply leaves pending: random edits by
// three peers, their per-transaction updates delivered shuffled with duplicates (many arrive
// before their dependencies), compared after every apply with the pending structs it left.
TEST_CASE("pending: the dry run predicts the pending structs of every apply", "[hostile][pending]") {
    REFOLD_SEEDED_RNG(rng);
    for (std::size_t round = 0; round < test::cases(20); ++round) {
        std::vector<yata::doc> peers;
        for (std::uint64_t c = 1; c <= 3; ++c) peers.emplace_back(c * 1000 + round);
        std::vector<std::vector<std::uint8_t>> updates;
        for (int step = 0; step < 60; ++step) {
            auto& p = peers[rng() % peers.size()];
            auto t = p.get_text("text");
            auto m = p.get_map("map");
            auto const& cs = p.transact([&] {
                auto len = t.length();
                switch (rng() % 4) {
                case 0: t.insert(len == 0 ? 0 : rng() % (len + 1), "ab"); break;
                case 1: if (len > 0) t.erase(rng() % len, 1); else t.insert(0, "z"); break;
                case 2: m.set(std::string(1, static_cast<char>('a' + rng() % 3)), yata::any::string("v")); break;
                default: m.set_type("t" + std::to_string(rng() % 2), yata::type_ref::array); break;
                }
            });
            updates.push_back(p.encode_change(cs));
            if (rng() % 4 == 0) {  // peers sync now and then, so later edits depend on others
                auto& q = peers[rng() % peers.size()];
                q.apply_update(p.encode_state_as_update(q.get_state_vector()));
            }
        }
        auto deliveries = updates;
        for (std::size_t i = 0; i < updates.size() / 4; ++i) deliveries.push_back(updates[rng() % updates.size()]);
        std::shuffle(deliveries.begin(), deliveries.end(), rng);
        yata::doc d(1);
        std::size_t nonzero = 0;
        for (auto const& u : deliveries) {
            auto predicted = d.state().dry_run(enc::decode_update(u));
            d.apply_update(u);
            REQUIRE(predicted.pending == d.state().pending_count());
            nonzero += predicted.pending > 0 ? 1 : 0;
        }
        CHECK(nonzero > 0);  // the shuffle left structs waiting at least once
        for (auto const& u : updates) d.apply_update(u);
        CHECK(d.state().pending_count() == 0);
        yata::doc in_order(2);  // the same updates, each after its dependencies
        for (auto const& u : updates) in_order.apply_update(u);
        CHECK(test::roots_json(d) == test::roots_json(in_order));
    }
}
