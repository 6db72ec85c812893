// Deep nesting (issue 8): `any` values and shared types nested 10^5 deep are rejected with a
// typed error ([crdt.decode.11], [crdt.yata.7]), never a stack overflow.
#include <tests/reliability/support.hpp>

#include <crdt/encoding/update.hpp>

#include <ctime>

using namespace refold;
namespace yata = refold::crdt::yata;
namespace enc = refold::crdt::encoding;
using refold::test::doc_snapshot;
using refold::test::outcome;

namespace {

constexpr std::uint64_t deep = 100000;

yata::doc make_victim() {
    yata::doc d(7);
    d.get_text("text").insert(0, "hello");
    d.get_map("map").set("k", yata::any::string("v"));
    return d;
}

// One Any item in root "r" whose value is an array nested `n` deep ([[[...undefined...]]]).
std::vector<std::uint8_t> nested_any(std::uint64_t n, std::uint8_t tag) {
    enc::writer w;
    w.write_var_uint(1);
    w.write_var_uint(1);
    w.write_var_uint(1);
    w.write_var_uint(0);
    w.write_u8(0x08);
    w.write_var_uint(1);
    w.write_var_string("r");
    w.write_var_uint(1);
    for (std::uint64_t i = 0; i < n; ++i) {
        w.write_u8(tag);
        w.write_var_uint(1);
        if (tag == 118) w.write_var_string("k");  // object: one field "k"
    }
    w.write_u8(0x7f);
    w.write_var_uint(0);
    return std::move(w).take();
}

// `n` YArray items, each inside the previous one. same_client: all by client 1, clocks
// 0..n-1 (each item's parent precedes it); otherwise item i is client i+1's only struct, so
// Yjs' descending-client order meets the deepest item first and must stack every dependency.
std::vector<std::uint8_t> nested_types(std::uint64_t n, bool same_client) {
    enc::writer w;
    auto item = [&](std::uint64_t i) {
        w.write_u8(0x07);  // Type content, no origins: parent follows
        if (i == 0) {
            w.write_var_uint(1);
            w.write_var_string("r");
        } else {
            w.write_var_uint(0);  // parent is an item id
            w.write_var_uint(same_client ? 1 : i);
            w.write_var_uint(same_client ? i - 1 : 0);
        }
        w.write_var_uint(0);  // YArray
    };
    if (same_client) {
        w.write_var_uint(1);
        w.write_var_uint(n);
        w.write_var_uint(1);
        w.write_var_uint(0);
        for (std::uint64_t i = 0; i < n; ++i) item(i);
    } else {
        w.write_var_uint(n);
        for (std::uint64_t i = n; i-- > 0;) {  // descending client ids, as Yjs writes them
            w.write_var_uint(1);
            w.write_var_uint(i + 1);
            w.write_var_uint(0);
            item(i);
        }
    }
    w.write_var_uint(0);
    return std::move(w).take();
}

void expect_rejected_cleanly(std::vector<std::uint8_t> const& bytes, std::string const& id) {
    yata::doc d = make_victim();
    auto before = doc_snapshot::of(d);
    auto r = test::try_apply(d, bytes);
    INFO("outcome " << static_cast<int>(r.how) << ": " << r.message);
    REQUIRE(r.how == outcome::rejected);
    CHECK(r.message.rfind(id, 0) == 0);
    CHECK(doc_snapshot::of(d) == before);
}

}  // namespace

TEST_CASE("nesting: any arrays and objects 10^5 deep are rejected with [crdt.decode.11]", "[hostile][nesting]") {
    expect_rejected_cleanly(nested_any(deep, 117), "[crdt.decode.11]");
    expect_rejected_cleanly(nested_any(deep, 118), "[crdt.decode.11]");
    // the doc-free decoder as well
    CHECK_THROWS_WITH(enc::decode_update(nested_any(deep, 117)), Catch::Matchers::StartsWith("[crdt.decode.11]"));
}

TEST_CASE("nesting: moderately nested any values still load", "[hostile][nesting]") {
    // the bound must not reject what real documents contain
    yata::doc d = make_victim();
    d.apply_update(nested_any(64, 117));
    CHECK(d.get_state_vector()[1] == 1);
}

// Types nested 10^5 deep are legal Yjs, but issue 8 asks for a clear bound
// (doc_options::max_type_depth); accepting them is a failure (and rendering them would recurse).
void check_deep_types(bool same_client) {
    {
        INFO((same_client ? "one client, parents first" : "one client per level, deepest first"));
        auto bytes = nested_types(deep, same_client);
        yata::doc d = make_victim();
        auto before = doc_snapshot::of(d);
        auto r = test::try_apply(d, bytes);
        INFO("outcome " << static_cast<int>(r.how) << ": " << r.message);
        REQUIRE(r.how != outcome::wrong_exception);
        if (r.how == outcome::rejected) {
            CHECK(test::has_stable_id(r.message));
            CHECK(doc_snapshot::of(d) == before);
        } else {
            // accepted: the document must at least encode (no recursion there), then we fail
            // without rendering JSON (which would recurse 10^5 deep)
            CHECK(d.encode_state_as_update().size() > bytes.size() / 2);
            FAIL_CHECK("types nested " << deep << " deep were accepted without a bound");
        }
    }
}

TEST_CASE("nesting: shared types nested 10^5 deep are rejected with a typed error", "[hostile][nesting]") {
    check_deep_types(true);
}

// The bound itself (doc_options::max_type_depth): exactly at the limit loads, one more level is
// rejected whole with [crdt.yata.7]; also when the deep part arrives after its parents, or
// waits as pending structs until the update that releases it.
TEST_CASE("nesting: doc_options::max_type_depth is exact and leaves the doc unchanged", "[hostile][nesting]") {
    constexpr std::uint32_t limit = 40;
    yata::doc_options opts;
    opts.max_type_depth = limit;
    {
        yata::doc d(7, opts);
        CHECK(test::try_apply(d, nested_types(limit, true)).how == outcome::accepted);
        CHECK(d.struct_count() == limit);
        CHECK_NOTHROW(test::check_doc_invariants(d));
    }
    for (bool same_client : {true, false}) {
        INFO("same client: " << same_client);
        yata::doc d(999999, opts);  // a client id the update does not use
        d.get_text("text").insert(0, "hello");
        auto before = doc_snapshot::of(d);
        auto r = test::try_apply(d, nested_types(limit + 1, same_client));
        CHECK(r.how == outcome::rejected);
        CHECK(r.message.rfind("[crdt.yata.7]", 0) == 0);
        CHECK(doc_snapshot::of(d) == before);
    }
    // parents first (accepted), then one level more in a second update (rejected)
    {
        yata::doc_options unbounded;  // the same history with no bound, to cut it into two updates
        unbounded.max_type_depth = 1000;
        yata::doc whole(3, unbounded);
        whole.apply_update(nested_types(limit + 1, true));
        auto first = nested_types(limit, true);
        yata::doc d(7, opts);
        d.apply_update(first);
        auto before = doc_snapshot::of(d);
        auto rest = whole.encode_state_as_update(d.get_state_vector());
        auto r = test::try_apply(d, rest);
        CHECK(r.how == outcome::rejected);
        CHECK(r.message.rfind("[crdt.yata.7]", 0) == 0);
        CHECK(doc_snapshot::of(d) == before);
    }
    // the deepest level first (pending: its parent is missing), then the parents release it
    {
        yata::doc_options unbounded;
        unbounded.max_type_depth = 1000;
        yata::doc whole(3, unbounded);
        whole.apply_update(nested_types(limit + 1, true));
        yata::doc head(4, unbounded);
        head.apply_update(nested_types(limit, true));
        auto tail = whole.encode_state_as_update(head.get_state_vector());  // level limit+1 only
        yata::doc d(7, opts);
        CHECK(test::try_apply(d, tail).how == outcome::accepted);  // pending, nothing integrated
        CHECK(d.has_pending());
        auto before = doc_snapshot::of(d);
        auto r = test::try_apply(d, nested_types(limit, true));
        CHECK(r.how == outcome::rejected);
        CHECK(r.message.rfind("[crdt.yata.7]", 0) == 0);
        CHECK(doc_snapshot::of(d) == before);
    }
}

// One level per client: the dry run that rejects it still costs ~40 s today (see the next test).
TEST_CASE("nesting: shared types nested 10^5 deep across 10^5 clients", "[.][slow][hostile][nesting]") {
    check_deep_types(false);
}

// Applying one update with many client sections costs about linear time, as one client with as
// many structs does (it was quadratic: duplicate-section search in the decoder, a linear search of
// the transaction's touched clients per struct, and erasing parked clients from the work list).
// CPU time, so a loaded machine does not fail it.
TEST_CASE("hostile: an update with many client sections applies in near-linear time", "[hostile][nesting]") {
    auto cpu = [](auto&& f) {
        auto t0 = std::clock();
        f();
        return static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC;
    };
    constexpr std::uint64_t n = 8000;
    auto one_client = nested_types(n, true), many_clients = nested_types(n, false);
    yata::doc_options opts;  // deeper than the default bound: this measures the apply itself
    opts.max_type_depth = n + 1;
    double t_one = cpu([&] { yata::doc d(7, opts); d.apply_update(one_client); });
    double t_many = cpu([&] { yata::doc d(7, opts); d.apply_update(many_clients); });
    INFO(n << " levels: one client " << t_one << " s CPU, one client per level " << t_many << " s CPU");
    CHECK(t_many < 10 * t_one + 0.5);
}
