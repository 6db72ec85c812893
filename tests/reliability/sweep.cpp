// The mutation/truncation sweep (issue 8, "Hostile and bad input"): a document holding valid
// content receives every single-byte mutation and every truncation of every Yjs vector's
// updates. Each attempt is either accepted or rejected with a typed crdt::error whose message
// starts with a stable id; a rejection leaves the document byte-identical (full encoding,
// state vector, pending data) and still able to take the original update; an acceptance leaves
// a document whose own encoding loads into a fresh document with the same state and JSON.
#include <tests/reliability/support.hpp>

#include <iostream>
#include <map>
#include <optional>

using namespace refold;
namespace yata = refold::crdt::yata;
using refold::test::doc_snapshot;
using refold::test::outcome;

namespace {

struct vector_case {
    std::string name;
    std::vector<std::vector<std::uint8_t>> steps;
    std::vector<std::uint8_t> full;
    bool full_loads = true;  // false for 21 (yrs Move: unsupported on purpose)
};

std::vector<vector_case> load_vectors() {
    std::vector<vector_case> out;
    for (auto const& f : test::scenario_files()) {
        auto v = test::load_json(f);
        vector_case c;
        c.name = f.filename().string();
        for (auto const& s : v["steps"]) c.steps.push_back(test::from_hex(s["update"]));
        c.full = test::from_hex(v["update"]);
        c.full_loads = v["stateVector"].is_string();
        out.push_back(std::move(c));
    }
    return out;
}

// A base document: a fresh doc with `seed` applied (may be empty).
struct base {
    std::string what;
    std::vector<std::uint8_t> seed;
    yata::doc make() const {
        yata::doc d(1000);
        if (!seed.empty()) d.apply_update(seed);
        return d;
    }
};

struct sweep_stats {
    bool check_invariants = false;  // call doc::check_invariants after every attempt
    std::size_t accepted = 0;
    std::size_t rejected = 0;
    std::size_t failures = 0;
    std::size_t known = 0;    // inputs of known open bugs (regression tests in hostile.cpp)
    std::size_t excused = 0;  // see yjs_does_not_round_trip
    std::map<std::string, std::size_t> kinds;  // failures by kind
};

// Inputs of open bugs, each kept as a [!mayfail] regression test in hostile.cpp; the sweep
// counts and skips them so it keeps guarding everything else. Remove an entry once fixed.
bool is_known_bug(std::vector<std::uint8_t> const& bytes) {
    (void)bytes;  // none open (the pending-cycle encode bug is fixed)
    return false;
}

// Accepted updates whose JSON does not survive an encode/load round trip in Yjs 13.6 either:
// an item whose origin and right origin are the same id (only a corrupted update has one).
// Yjs 13.6 integrates it between that id's left neighbour and the id itself (checked with the
// yjs package of tests/interop/peer: "ac" + Z with origin = right origin = c reads "aZc"), but
// its encoding names both origins again, which a fresh document integrates after c ("acZ").
// refold does exactly what Yjs does, so a JSON difference after such an update is not a bug.
//
// Likewise an item that starts below the document's clock for its client and ends above it:
// Yjs integrates only its tail, with origin = the id just before the tail, which may belong to
// another parent or cut a surrogate pair (checked with Yjs: text "ac" of client 1, then a
// Deleted item (1,0..4) in map "m" leaves "m" empty but re-encodes as a text item). Such a
// document does not round-trip in Yjs either. (The map part of that example is a real refold
// bug, kept in hostile.cpp as a regression test.)
bool yjs_does_not_round_trip(std::vector<std::uint8_t> const& bytes, yata::state_vector const& sv) {
    try {
        for (auto const& sec : crdt::encoding::decode_update(bytes).sections) {
            for (auto const& s : sec.structs) {
                if (s.origin && s.right_origin && *s.origin == *s.right_origin) return true;
                auto it = sv.find(s.id.client);
                if (it != sv.end() && s.id.clock < it->second && it->second < s.end()) return true;
            }
        }
    } catch (crdt::error const&) {
    }
    return false;
}

template <class Fail>
void attempt_checked(base const& b, doc_snapshot const& before, std::vector<std::uint8_t> const& original,
                     std::vector<std::uint8_t> const& bytes, doc_snapshot const& with_original, sweep_stats& st,
                     Fail const& fail, std::string& stage);

// One attempt: `bytes` (a corruption of `original`) applied to base `b`.
void attempt(base const& b, doc_snapshot const& before, std::vector<std::uint8_t> const& original,
             std::vector<std::uint8_t> const& bytes, doc_snapshot const& with_original, sweep_stats& st,
             std::string const& label) {
    auto fail = [&](std::string const& why) {
        ++st.kinds[why.substr(0, why.find(':'))];
        if (++st.failures <= 8) {
            FAIL_CHECK(label << ": " << why << "\n  base: " << b.what << "\n  update: " << test::hex(bytes));
        }
    };
    if (is_known_bug(bytes)) {
        ++st.known;
        return;
    }
    std::string stage = "apply";
    try {
        attempt_checked(b, before, original, bytes, with_original, st, fail, stage);
    } catch (std::exception const& e) {
        fail("threw after the apply returned (" + stage + "): " + e.what());
    }
}

template <class Fail>
void attempt_checked(base const& b, doc_snapshot const& before, std::vector<std::uint8_t> const& original,
                     std::vector<std::uint8_t> const& bytes, doc_snapshot const& with_original, sweep_stats& st,
                     Fail const& fail, std::string& stage) {
    yata::doc d = b.make();
    auto r = test::try_apply(d, bytes);
    stage = "inspecting the document after the apply";
    if (r.how == outcome::wrong_exception) {
        fail("threw a non-crdt exception: " + r.message);
        return;
    }
    if (r.how == outcome::rejected) {
        ++st.rejected;
        if (!test::has_stable_id(r.message)) fail("error without a stable id: " + r.message);
        if (doc_snapshot::of(d) != before) {
            fail("rejected but the document changed (" + r.message + ")");
            return;
        }
        if (st.check_invariants) {
            stage = "checking invariants after the rejection";
            test::check_doc_invariants(d);
        }
        // nothing half-done lingers: the original update still applies as on an untouched doc
        stage = "re-applying the original update";
        auto again = test::try_apply(d, original);
        if (again.how != outcome::accepted || doc_snapshot::of(d) != with_original)
            fail("after the rejection the original update no longer applies as before (" + again.message + ")");
        return;
    }
    ++st.accepted;
    if (st.check_invariants) {
        stage = "checking invariants after the acceptance";
        test::check_doc_invariants(d);
    }
    stage = "encoding the accepted document";
    auto enc = d.encode_state_as_update();
    stage = "loading that encoding into a fresh document";
    yata::doc fresh(2000);
    auto load = test::try_apply(fresh, enc);
    if (load.how != outcome::accepted) {
        fail("accepted, but the doc's own encoding does not load: " + load.message + "\n  encoding: " + test::hex(enc));
        return;
    }
    stage = "comparing the fresh document";
    auto sv_text = [](yata::state_vector const& v) {
        std::string t;
        for (auto [c, k] : v) t += std::to_string(c) + ":" + std::to_string(k) + " ";
        return t;
    };
    auto json_d = test::roots_json(d), json_f = test::roots_json(fresh);
    if (!d.has_pending()) {
        if (fresh.get_state_vector() != d.get_state_vector())
            fail("accepted, but its encoding loads with another state vector: " + sv_text(d.get_state_vector()) +
                 "vs " + sv_text(fresh.get_state_vector()));
        else if (fresh.has_pending())
            fail("accepted without pending data, but its encoding loads with pending data");
        else if (json_f != json_d && !yjs_does_not_round_trip(bytes, before.sv))
            fail("accepted, but its encoding loads with other JSON: " + json_d.dump() + " vs " + json_f.dump());
        else if (json_f != json_d)
            ++st.excused;
        return;
    }
    // With pending structs the encoding merges them with the store (as Yjs' encodeStateAsUpdate
    // does), which drops pending duplicates of integrated structs; so the loaded document may
    // integrate more than `d` (never less), and loading is a fixpoint from there on.
    for (auto [client, clock] : d.get_state_vector()) {
        if (fresh.get_state_vector()[client] < clock) {
            fail("accepted with pending data, but its encoding loads with less state: " + sv_text(d.get_state_vector()) +
                 "vs " + sv_text(fresh.get_state_vector()));
            return;
        }
    }
    stage = "loading the fresh document's encoding again";
    yata::doc again(3000);
    auto load2 = test::try_apply(again, fresh.encode_state_as_update());
    if (load2.how != outcome::accepted)
        fail("accepted with pending data; its encoding loads once but not twice: " + load2.message);
    else if (again.get_state_vector() != fresh.get_state_vector() || again.pending_missing() != fresh.pending_missing())
        fail("accepted with pending data; loading its encoding is no fixpoint (state vector / missing)");
    else if (test::roots_json(again) != json_f)
        fail("accepted with pending data; loading its encoding is no fixpoint (JSON)");
}

// Mutations of one byte: the caller's replacement values for position i (duplicates skipped).
using mutator = std::vector<std::uint8_t> (*)(std::uint8_t);

std::vector<std::uint8_t> few_mutations(std::uint8_t x) {
    std::vector<std::uint8_t> out;
    for (std::uint8_t y : {static_cast<std::uint8_t>(x ^ 0x01), static_cast<std::uint8_t>(x ^ 0x80),
                           std::uint8_t{0x00}, std::uint8_t{0xFF}, static_cast<std::uint8_t>(x + 1)}) {
        if (y != x && std::find(out.begin(), out.end(), y) == out.end()) out.push_back(y);
    }
    return out;
}

std::vector<std::uint8_t> all_mutations(std::uint8_t x) {
    std::vector<std::uint8_t> out;
    for (unsigned y = 0; y < 256; ++y)
        if (y != x) out.push_back(static_cast<std::uint8_t>(y));
    return out;
}

void sweep_target(base const& b, std::vector<std::uint8_t> const& target, mutator m, sweep_stats& st,
                  std::string const& label) {
    yata::doc d0 = b.make();
    auto before = doc_snapshot::of(d0);
    yata::doc d1 = b.make();
    if (test::try_apply(d1, target).how != outcome::accepted) return;  // 21: the original is unsupported
    auto with_original = doc_snapshot::of(d1);
    for (std::size_t i = 0; i < target.size(); ++i) {
        for (auto y : m(target[i])) {
            auto bytes = target;
            bytes[i] = y;
            attempt(b, before, target, bytes, with_original, st, label + " byte " + std::to_string(i) + " := " + std::to_string(y));
        }
    }
    for (std::size_t n = 0; n < target.size(); ++n) {
        std::vector<std::uint8_t> bytes(target.begin(), target.begin() + static_cast<std::ptrdiff_t>(n));
        attempt(b, before, target, bytes, with_original, st, label + " truncated to " + std::to_string(n));
    }
}

// Unsupported originals (vector 21) are still mutated: every variant must be rejected or load.
void sweep_unsupported(base const& b, std::vector<std::uint8_t> const& target, mutator m, sweep_stats& st,
                       std::string const& label) {
    yata::doc d0 = b.make();
    auto before = doc_snapshot::of(d0);
    auto check = [&](std::vector<std::uint8_t> const& bytes, std::string const& what) {
        yata::doc d = b.make();
        auto r = test::try_apply(d, bytes);
        bool ok = r.how == outcome::accepted ||
                  (r.how == outcome::rejected && test::has_stable_id(r.message) && doc_snapshot::of(d) == before);
        r.how == outcome::rejected ? ++st.rejected : ++st.accepted;
        if (!ok && ++st.failures <= 8) FAIL_CHECK(label << what << ": " << r.message << "\n  update: " << test::hex(bytes));
    };
    for (std::size_t i = 0; i < target.size(); ++i) {
        for (auto y : m(target[i])) {
            auto bytes = target;
            bytes[i] = y;
            check(bytes, " byte " + std::to_string(i));
        }
    }
    for (std::size_t n = 0; n < target.size(); ++n)
        check(std::vector<std::uint8_t>(target.begin(), target.begin() + static_cast<std::ptrdiff_t>(n)), " truncated");
}

void run_sweep(mutator m, bool check_invariants = false) {
    auto vectors = load_vectors();
    if (vectors.empty()) {
        WARN("skipped: no Yjs vectors under " << test::vectors_dir());
        return;
    }
    sweep_stats st;
    st.check_invariants = check_invariants;
    for (std::size_t k = 0; k < vectors.size(); ++k) {
        auto const& v = vectors[k];
        // base A: the vector's first step; base B: another vector's full state
        std::size_t other = (k + 1) % vectors.size();
        while (!vectors[other].full_loads) other = (other + 1) % vectors.size();
        std::vector<base> bases;
        bases.push_back({v.name + " step 0", v.steps.empty() ? std::vector<std::uint8_t>{} : v.steps[0]});
        bases.push_back({vectors[other].name + " full state", vectors[other].full});
        std::vector<std::pair<std::string, std::vector<std::uint8_t>>> targets;
        for (std::size_t s = 0; s < v.steps.size(); ++s) targets.emplace_back("step " + std::to_string(s), v.steps[s]);
        targets.emplace_back("full update", v.full);
        for (auto const& b : bases) {
            for (auto const& [tname, t] : targets) {
                auto label = v.name + " " + tname + " onto [" + b.what + "]";
                if (v.full_loads) sweep_target(b, t, m, st, label);
                else sweep_unsupported(b, t, m, st, label);
            }
        }
    }
    std::cout << "mutation/truncation sweep over " << vectors.size() << " vectors: " << st.rejected << " rejected, "
              << st.accepted << " accepted (" << st.excused
              << " of them of kinds whose JSON Yjs does not round-trip either), " << st.failures
              << " failures, " << st.known << " known-bug inputs skipped\n";
    for (auto const& [why, n] : st.kinds) std::cout << "  " << n << " x " << why << "\n";
    CHECK(st.failures == 0);
    CHECK(st.rejected > 0);
    CHECK(st.accepted > 0);
}

}  // namespace

TEST_CASE("sweep: every single-byte mutation and truncation of the Yjs vectors is atomic", "[sweep][vectors]") {
    run_sweep(few_mutations);
}

std::vector<std::uint8_t> two_mutations(std::uint8_t x) {
    std::vector<std::uint8_t> out{static_cast<std::uint8_t>(x ^ 0x01)};
    if (x != 0 && x != 1) out.push_back(0);
    return out;
}

// The document's own invariants after every hostile attempt. Fixed: ~560 accepted mutations of
// the vectors (e.g. onto vector 02's first step "h" of client 1 in root "text", the update
// 01010100040104756578740568656c6c6f00: "hello" by client 1 from clock 0 in root "uext", whose
// tail "ello" has the implicit origin (1,0) in another root) used to leave "[crdt.yata.invariant]
// type length 1 != live units 5": such a tail is no longer linked into the foreign list nor merged
// across parents. Each x^1 and 0 mutation plus every truncation, to stay quick.
TEST_CASE("sweep: hostile updates keep the document's invariants", "[sweep][vectors][invariants]") {
    run_sweep(two_mutations, true);
}

TEST_CASE("sweep: every byte value at every position of the Yjs vectors", "[.][slow][sweep][vectors]") {
    run_sweep(all_mutations);
}
