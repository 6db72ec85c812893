// Convergence runner: seeded replicas edit text, arrays and maps concurrently and exchange
// diff updates through a lossy, reordering, duplicating network; at the end every replica holds
// the same JSON and state vector. Every change_set is checked against a from-scratch oracle: a
// mirror updated only from change_set deltas must equal the document after each transaction.
#include <crdt/yata/doc.hpp>
#include <crdt/yata/json.hpp>
#include <tests/support/random.hpp>

#include <catch2/catch.hpp>

#include <deque>

using namespace refold::crdt;
using nlohmann::json;

namespace {

struct replica {
    std::unique_ptr<yata::doc> d;
    std::string text_mirror;           // UTF-8, ASCII only in this test
    std::vector<json> array_mirror;
    std::uint64_t changes_seen = 0;
    std::string last_delta;  // for failure messages
    std::string last_ops;
};

void apply_delta_text(std::string& s, std::vector<yata::delta_op> const& delta) {
    std::size_t at = 0;
    for (auto const& op : delta) {
        switch (op.op) {
        case yata::delta_op::kind::retain: at += op.length; break;
        case yata::delta_op::kind::erase: s.erase(at, op.length); break;
        case yata::delta_op::kind::insert:
            s.insert(at, op.text);
            at += op.length;
            break;
        }
    }
}

void apply_delta_array(yata::doc const& d, std::vector<json>& a, std::vector<yata::delta_op> const& delta) {
    std::size_t at = 0;
    for (auto const& op : delta) {
        switch (op.op) {
        case yata::delta_op::kind::retain: at += op.length; break;
        case yata::delta_op::kind::erase:
            a.erase(a.begin() + static_cast<std::ptrdiff_t>(at), a.begin() + static_cast<std::ptrdiff_t>(at + op.length));
            break;
        case yata::delta_op::kind::insert:
            for (auto const& e : op.elements) a.insert(a.begin() + static_cast<std::ptrdiff_t>(at++), yata::element_to_json(d, e));
            break;
        }
    }
}

std::string random_word(std::mt19937_64& rng) {
    static const char* words[] = {"a", "bc", "def", "x", "yz", "hello", " ", "\n", "q"};
    return words[rng() % 9];
}

json snapshot(yata::doc& d) {
    return json{{"text", d.get_text("text").to_string()},
                {"array", yata::type_to_json(d, d.get_array("array").type_index())},
                {"map", yata::type_to_json(d, d.get_map("map").type_index())}};
}

}  // namespace

TEST_CASE("replicas converge under concurrent edits, partial syncs, loss, duplicates and reordering", "[convergence]") {
    REFOLD_SEEDED_RNG(rng);
    for (std::size_t round = 0; round < refold::test::cases(12); ++round) {
        std::size_t n = 2 + rng() % 3;
        std::vector<replica> reps(n);
        for (std::size_t i = 0; i < n; ++i) {
            auto id = 1 + rng() % 1000000;
            reps[i].d = std::make_unique<yata::doc>(id, yata::doc_options{rng() % 2 == 0, true});
            auto& r = reps[i];
            auto* dp = r.d.get();
            dp->get_text("text");
            dp->get_array("array");
            dp->get_map("map");
            dp->observe([&r, dp](yata::change_set const& cs) {
                for (auto const& tc : cs.changes) {
                    auto info = dp->info(tc.type);
                    if (info.parent != yata::no_type) continue;
                    if (info.name == "text") {
                        r.last_delta = (cs.local ? "local " : "remote ") + yata::delta_to_json(*dp, tc.delta).dump();
                        apply_delta_text(r.text_mirror, tc.delta);
                    }
                    if (info.name == "array") apply_delta_array(*dp, r.array_mirror, tc.delta);
                }
                ++r.changes_seen;
            });
        }
        std::deque<std::pair<std::size_t, std::vector<std::uint8_t>>> network;
        auto check_mirrors = [&](replica& r) {
            INFO("last text delta " << r.last_delta << " after local " << r.last_ops);
            r.d->check_invariants();
            REQUIRE(r.text_mirror == r.d->get_text("text").to_string());
            REQUIRE(json(r.array_mirror) == yata::type_to_json(*r.d, r.d->get_array("array").type_index()));
        };
        std::size_t steps = 150 + rng() % 150;
        for (std::size_t step = 0; step < steps; ++step) {
            auto who = rng() % n;
            auto& r = reps[who];
            auto& d = *r.d;
            auto sv = d.get_state_vector();
            auto kind = rng() % 10;
            auto t = d.get_text("text");
            auto a = d.get_array("array");
            auto m = d.get_map("map");
            if (kind < 4) {
                r.last_ops = "text was \"" + t.to_string() + "\":";
                d.transact([&] {
                    for (int k = 0, ops = 1 + static_cast<int>(rng() % 2); k < ops; ++k) {
                        if (t.length() > 0 && rng() % 3 == 0) {
                            auto pos = rng() % t.length();
                            auto len = 1 + rng() % std::min<std::uint64_t>(5, t.length() - pos);
                            r.last_ops += " erase(" + std::to_string(pos) + "," + std::to_string(len) + ")";
                            t.erase(pos, len);
                        } else {
                            auto pos = rng() % (t.length() + 1);
                            auto w = random_word(rng);
                            r.last_ops += " insert(" + std::to_string(pos) + ",\"" + w + "\")";
                            t.insert(pos, w);
                        }
                    }
                });
            } else if (kind < 7) {
                if (a.size() > 0 && rng() % 3 == 0) {
                    auto pos = rng() % a.size();
                    a.erase(pos, 1 + rng() % std::min<std::uint64_t>(3, a.size() - pos));
                } else {
                    std::vector<encoding::any> vals;
                    for (std::size_t k = 0, c = 1 + rng() % 3; k < c; ++k) vals.push_back(encoding::any::number(static_cast<double>(rng() % 100)));
                    a.insert(rng() % (a.size() + 1), vals);
                }
            } else if (kind < 9) {
                std::string key(1, static_cast<char>('a' + rng() % 5));
                if (rng() % 4 == 0) m.erase(key);
                else m.set(key, encoding::any::string(random_word(rng)));
            } else {
                // sync: a full diff against another replica's state vector
                auto other = rng() % n;
                if (other != who) {
                    auto diff = reps[other].d->encode_state_as_update(d.get_state_vector());
                    d.apply_update(diff);
                    check_mirrors(r);
                }
                continue;
            }
            check_mirrors(r);
            // broadcast the incremental update to random peers (maybe lost, maybe twice)
            auto upd = d.encode_state_as_update(sv);
            for (std::size_t p = 0; p < n; ++p) {
                if (p == who) continue;
                auto fate = rng() % 10;
                if (fate == 0) continue;  // lost
                network.emplace_back(p, upd);
                if (fate == 1) network.emplace_back(p, upd);  // duplicated
            }
            // deliver a few messages in random order
            for (std::size_t k = 0, c = rng() % 4; k < c && !network.empty(); ++k) {
                auto i = rng() % network.size();
                auto [to, bytes] = network[i];
                network.erase(network.begin() + static_cast<std::ptrdiff_t>(i));
                reps[to].d->apply_update(bytes);
                check_mirrors(reps[to]);
            }
        }
        // deliver the rest, then sync everyone with everyone until quiet
        while (!network.empty()) {
            auto [to, bytes] = network.front();
            network.pop_front();
            reps[to].d->apply_update(bytes);
        }
        for (int pass = 0; pass < 2; ++pass)
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = 0; j < n; ++j)
                    if (i != j) reps[j].d->apply_update(reps[i].d->encode_state_as_update(reps[j].d->get_state_vector()));
        auto expected = snapshot(*reps[0].d);
        for (auto& r : reps) {
            CHECK(snapshot(*r.d) == expected);
            CHECK(r.d->get_state_vector() == reps[0].d->get_state_vector());
            CHECK_FALSE(r.d->has_pending());
            check_mirrors(r);
        }
        // a fresh replica loading any one full state reaches the same JSON
        yata::doc fresh(99999999);
        fresh.apply_update(reps[n - 1].d->encode_state_as_update());
        CHECK(snapshot(fresh) == expected);
    }
}
