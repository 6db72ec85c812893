// Helpers for the hostile-input tests: document snapshots (everything a rejected update must
// leave untouched), a guarded apply that classifies the outcome, and hex/JSON helpers.
#pragma once

#include <crdt/yata/doc.hpp>
#include <crdt/yata/json.hpp>
#include <tests/crdt/yata/vector_support.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace refold::test {

namespace yata = crdt::yata;

// Every non-empty root's JSON (kind inferred as Yjs toJSON of an untyped root would). Empty
// roots are left out: Yjs creates a root on merely reading its name from an update (even for a
// struct it then drops as a duplicate), and nothing of an empty root reaches an encoding.
inline nlohmann::json roots_json(yata::doc const& d) {
    nlohmann::json j = nlohmann::json::object();
    for (auto const& [name, type] : d.roots()) {
        auto v = yata::type_to_json(d, type);
        if (!v.empty() && v != "") j[name] = std::move(v);
    }
    return j;
}

// Runs the document's own invariant check (throws crdt::error when broken) if it has one; this
// compiles either way. Returns whether a check ran.
template <class Doc>
bool check_doc_invariants(Doc const& d) {
    if constexpr (requires { d.check_invariants(); }) {
        d.check_invariants();
        return true;
    } else {
        return false;
    }
}

// What a rejected update must leave byte-identical.
struct doc_snapshot {
    std::vector<std::uint8_t> full;  // encode_state_as_update() (includes pending data)
    yata::state_vector sv;
    bool pending = false;
    yata::state_vector missing;
    yata::delete_set pending_ds;
    std::size_t structs = 0;
    std::vector<std::pair<std::string, std::uint32_t>> roots;

    static doc_snapshot of(yata::doc const& d) {
        return {d.encode_state_as_update(), d.get_state_vector(), d.has_pending(), d.pending_missing(),
                d.pending_deletes(), d.struct_count(), d.roots()};
    }
    friend bool operator==(doc_snapshot const&, doc_snapshot const&) = default;
};

enum class outcome { accepted, rejected, wrong_exception };

struct attempt_result {
    outcome how = outcome::accepted;
    std::string message;  // the error's what() on rejection
};

// Applies `bytes`; a crdt::error is a rejection, any other exception is reported as such.
inline attempt_result try_apply(yata::doc& d, std::span<const std::uint8_t> bytes) {
    try {
        d.apply_update(bytes);
        return {outcome::accepted, {}};
    } catch (crdt::error const& e) {
        return {outcome::rejected, e.what()};
    } catch (std::exception const& e) {
        return {outcome::wrong_exception, e.what()};
    }
}

// A stable error id: "[crdt.<...>]" at the start of the message.
inline bool has_stable_id(std::string const& m) {
    return m.rfind("[crdt.", 0) == 0 && m.find(']') != std::string::npos;
}

inline std::string hex(std::span<const std::uint8_t> b) { return to_hex(std::vector<std::uint8_t>(b.begin(), b.end())); }

}  // namespace refold::test
