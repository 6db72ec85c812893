// Three replicas edit a PN-Counter and an OR-Set offline, then merge in different orders.
// Join is associative, commutative and idempotent, so every order gives the same state.
// Exits non-zero if any two replicas disagree.
#include <crdt/lattice/counter.hpp>
#include <crdt/lattice/json.hpp>
#include <crdt/lattice/or_set.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace lat = refold::crdt::lattice;

namespace {

struct replica {
    lat::replica_id id;
    lat::pn_counter votes;
    lat::or_set<std::string> tags;

    void merge(const replica& other) {
        votes = lat::join(votes, other.votes);
        tags = lat::join(tags, other.tags);
    }
    [[nodiscard]] std::string summary() const {
        std::string s = "votes=" + std::to_string(votes.value()) + " tags={";
        const char* sep = "";
        for (const auto& t : tags.elements()) {
            s += sep + t;
            sep = ",";
        }
        return s + "}";
    }
    [[nodiscard]] std::string state_json() const {
        return lat::to_json_string(votes) + " " + lat::to_json_string(tags);
    }
};

}  // namespace

int main() {
    // A shared starting point: everyone has seen the tag "draft".
    replica a{1, {}, {}};
    a.tags = a.tags.insert(a.id, "draft");
    replica b = a;
    b.id = 2;
    replica c = a;
    c.id = 3;

    // Offline edits.
    a.votes = a.votes.increment(a.id, 5);
    a.tags = a.tags.erase("draft").insert(a.id, "final");
    b.votes = b.votes.decrement(b.id, 2).increment(b.id);
    b.tags = b.tags.insert(b.id, "draft").insert(b.id, "urgent");  // re-add: wins over a's erase
    c.votes = c.votes.increment(c.id, 10).decrement(c.id, 3);
    c.tags = c.tags.insert(c.id, "urgent").erase("urgent").insert(c.id, "review");

    // Merge in different orders, through copies of the offline states (with a duplicate).
    const replica a0 = a, b0 = b, c0 = c;
    a.merge(b0);
    a.merge(c0);
    b.merge(c0);
    b.merge(a0);
    b.merge(c0);
    c.merge(a0);
    c.merge(b0);

    int status = 0;
    const std::vector<const replica*> all{&a, &b, &c};
    for (const replica* r : all) {
        std::printf("replica %llu: %s\n", static_cast<unsigned long long>(r->id), r->summary().c_str());
        if (r->state_json() != a.state_json() || r->summary() != a.summary()) status = 1;
    }
    std::printf("state: %s\n", a.state_json().c_str());
    // Expected by hand: votes 5 + (1 - 2) + (10 - 3) = 11; "draft" re-added by b wins over
    // a's erase, "urgent" added by b survives c's erase of its own add.
    if (a.votes.value() != 11 || a.tags.elements() != std::vector<std::string>{"draft", "final", "review", "urgent"}) {
        std::printf("unexpected merged result\n");
        status = 1;
    }
    std::printf(status == 0 ? "all replicas agree\n" : "REPLICAS DIVERGED\n");
    return status;
}
