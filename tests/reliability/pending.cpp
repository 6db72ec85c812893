// Pending structs from an attacker that never sends the missing dependency (issue 8): memory
// stays proportional to what was received, the document stays usable and its content intact,
// and a configurable limit with a typed error (open: see the [.][todo] test).
#include <tests/reliability/alloc_counter.hpp>
#include <tests/reliability/support.hpp>

#include <crdt/encoding/update.hpp>

#include <ctime>
#include <type_traits>

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

// What issue 8 asks for: a configurable bound on pending data with a clear error. doc_options
// has no such field yet; this test compiles either way and runs once it appears. Wanted:
//   doc_options::max_pending_structs (count) and doc_options::max_pending_bytes (input bytes),
//   an update that would exceed either is rejected whole with a crdt::error whose message starts
//   with a stable id (e.g. "[crdt.yata.5] too many pending structs"), the doc unchanged.
TEST_CASE("pending: exceeding doc_options::max_pending_structs is a typed error, doc unchanged",
          "[.][todo][hostile][pending]") {
    [&]<class Options>(std::type_identity<Options>) {
        if constexpr (requires(Options o) { o.max_pending_structs = 1; }) {
            Options opts;
            opts.max_pending_structs = 100;
            yata::doc d(7, opts);
            d.get_text("text").insert(0, "hello");
            for (std::uint64_t i = 0; i < 100; ++i) d.apply_update(orphan(100 + i, 0));
            auto before = doc_snapshot::of(d);
            auto r = test::try_apply(d, orphan(500, 0));
            CHECK(r.how == test::outcome::rejected);
            CHECK(test::has_stable_id(r.message));
            CHECK(doc_snapshot::of(d) == before);
        } else {
            FAIL("todo: yata::doc_options has no max_pending_structs (nor max_pending_bytes)");
        }
    }(std::type_identity<yata::doc_options>{});
}
