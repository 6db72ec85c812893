// Randomized differential sessions between refold documents and real Yjs documents.
//
// A session has N peers, alternating refold and Yjs, with random client ids (some above 2^32).
// Peers edit text, arrays and maps (multi-byte UTF-8, emoji, surrogate-splitting deletes,
// formatting, nested types) and exchange v1 updates through per-peer inboxes: diff updates by
// state vector, full updates, merged updates (merged by refold or by Yjs), delivered in random
// order with duplicates, so updates often arrive before their dependencies.
//
// Every peer has a twin of the other implementation (a "shadow") that is fed exactly the same
// bytes in the same order: the peer's own local updates and every update delivered to it.
// After every round each peer and its shadow must hold the same JSON (text deltas included) and
// the same state vector; peers whose full states carry the same state vector and delete set
// must hold the same JSON; at the end, after a full exchange, every peer converges.
#pragma once

#include "node_peer.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace refold::test::interop {

struct session_options {
    int peers = 0;          // 2..5; 0 = drawn from the seed
    int rounds = 6;
    int ops_per_round = 6;
    int syncs_per_round = 5;
    bool formatting = true;        // text formatting (insert attributes, format ranges)
    bool split_surrogates = true;  // inserts and deletes at UTF-16 offsets inside surrogate pairs
    // Format ranges starting or ending inside a surrogate pair. Off by default because Yjs
    // 13.6.33 itself diverges there: a format call that changes no attribute still splits the
    // pair locally into two U+FFFD but sends no update, so its peers keep the character.
    bool format_surrogate_splits = false;
};

struct session_result {
    bool ok = true;
    std::string failure;                 // what diverged, with both sides' values
    std::vector<nlohmann::json> log;     // every command, in order: the reproduction
    std::size_t updates_exchanged = 0;
};

// Runs one seeded session against `yjs` (one node process may serve many sessions).
session_result run_session(node_peer& yjs, std::uint64_t seed, session_options opts = {});

// Replays a logged session (the `log` of a session_result, or a tests/regress fixture).
session_result replay(node_peer& yjs, std::vector<nlohmann::json> const& log);

// Shrinks a failing log: drops runs of steps while the replay still diverges (at most
// `budget` replays). Steps whose commands no longer apply are treated as not failing.
std::vector<nlohmann::json> minimize(node_peer& yjs, std::vector<nlohmann::json> log, int budget = 300);

}  // namespace refold::test::interop
