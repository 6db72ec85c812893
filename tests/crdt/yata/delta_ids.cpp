// delta_op::ids: every insert names the ids of its units. Oracle: a mirror of unit ids kept
// only from change_set deltas equals the ids of the live units read from the item list, after
// every local transaction (fast and walked deltas), remote update and formatting edit.
#include <crdt/yata/detail/doc_state.hpp>
#include <crdt/yata/doc.hpp>
#include <tests/support/random.hpp>

#include <catch2/catch.hpp>

#include <map>

using namespace refold::crdt;

namespace {

using unit_ids = std::vector<yata::id>;

// Ground truth: the id of every live countable unit of type t, in order.
unit_ids live_ids(yata::doc const& d, std::uint32_t t) {
    auto const& s = d.state();
    unit_ids out;
    for (auto it = s.types[t].start; it != yata::detail::nil; it = s.items[it].right) {
        auto const& x = s.items[it];
        if (x.deleted || !x.countable()) continue;
        for (std::uint64_t i = 0; i < x.length; ++i) out.push_back({x.id.client, x.id.clock + i});
    }
    return out;
}

void apply(unit_ids& m, std::vector<yata::delta_op> const& delta) {
    std::size_t at = 0;
    for (auto const& op : delta) {
        switch (op.op) {
        case yata::delta_op::kind::retain: at += op.length; break;
        case yata::delta_op::kind::erase:
            REQUIRE(op.ids.empty());
            REQUIRE(at + op.length <= m.size());
            m.erase(m.begin() + static_cast<std::ptrdiff_t>(at), m.begin() + static_cast<std::ptrdiff_t>(at + op.length));
            break;
        case yata::delta_op::kind::insert: {
            std::uint64_t n = 0;
            unit_ids units;
            for (std::size_t i = 0; i < op.ids.size(); ++i) {
                auto const& r = op.ids[i];
                REQUIRE(r.length > 0);
                if (i > 0) {  // coalesced: no two neighbours that could have been one range
                    auto const& p = op.ids[i - 1];
                    REQUIRE_FALSE((p.client == r.client && p.clock + p.length == r.clock));
                }
                for (std::uint64_t k = 0; k < r.length; ++k) units.push_back({r.client, r.clock + k});
                n += r.length;
            }
            REQUIRE(n == op.length);
            REQUIRE(at <= m.size());
            m.insert(m.begin() + static_cast<std::ptrdiff_t>(at), units.begin(), units.end());
            at += op.length;
            break;
        }
        }
    }
}

struct peer {
    std::unique_ptr<yata::doc> d;
    std::map<std::uint32_t, unit_ids> mirrors;  // text and array root

    void observe(yata::change_set const& cs) {
        for (auto const& tc : cs.changes) {
            if (!mirrors.count(tc.type)) continue;
            INFO("type " << tc.type);
            apply(mirrors[tc.type], tc.delta);
        }
        for (auto& [t, m] : mirrors) {
            INFO("type " << t);
            REQUIRE(m == live_ids(*d, t));
        }
    }
};

void random_edits(yata::doc& d, std::mt19937_64& r, bool formatting) {
    auto t = d.get_text("t");
    auto a = d.get_array("a");
    for (int ops = 1 + static_cast<int>(r() % 4); ops > 0; --ops) {
        switch (r() % (formatting ? 6 : 4)) {
        case 0: {
            static char const* words[] = {"a", "bc", "\xC3\xA9t\xC3\xA9", "\xF0\x9F\x98\x80", "xyz"};
            t.insert(r() % (t.length() + 1), words[r() % 5]);
            break;
        }
        case 1:
            if (t.length() > 0) {
                auto p = r() % t.length();
                t.erase(p, 1 + r() % std::min<std::uint64_t>(5, t.length() - p));
            }
            break;
        case 2: {
            std::vector<encoding::any> v;
            for (auto k = 1 + r() % 3; k > 0; --k) v.push_back(encoding::any::number(static_cast<double>(r() % 9)));
            a.insert(r() % (a.size() + 1), std::move(v));
            break;
        }
        case 3:
            if (a.size() > 0) {
                auto p = r() % a.size();
                a.erase(p, 1 + r() % std::min<std::uint64_t>(3, a.size() - p));
            }
            break;
        case 4:
            if (t.length() > 0) {
                auto p = r() % t.length();
                t.format(p, 1 + r() % std::min<std::uint64_t>(4, t.length() - p),
                         {{"bold", r() % 3 == 0 ? "null" : "true"}});
            }
            break;
        default: t.insert(r() % (t.length() + 1), "f", {{"italic", "true"}}); break;
        }
    }
}

}  // namespace

TEST_CASE("delta inserts carry the ids of their units (local fast/walked, remote)", "[deltas][ids]") {
    REFOLD_SEEDED_RNG(rng);
    for (std::size_t round = 0; round < refold::test::cases(30); ++round) {
        bool formatting = round % 3 == 2;
        std::vector<peer> peers(3);
        for (std::size_t i = 0; i < peers.size(); ++i) {
            yata::doc_options o;
            o.fast_local_deltas = i != 1;
            o.gc = rng() % 2 == 0;
            peers[i].d = std::make_unique<yata::doc>(10 + i, o);
            auto& p = peers[i];
            auto t = p.d->get_text("t").type_index();
            auto a = p.d->get_array("a").type_index();
            p.mirrors[t];
            p.mirrors[a];
            p.d->observe([&p](yata::change_set const& cs) { p.observe(cs); });
        }
        std::vector<std::vector<std::uint8_t>> log;
        for (std::size_t step = 0; step < 40; ++step) {
            auto& p = peers[rng() % peers.size()];
            INFO("round " << round << " step " << step);
            if (rng() % 3 != 0) {
                auto const& cs = p.d->transact([&] { random_edits(*p.d, rng, formatting); });
                log.push_back(p.d->encode_change(cs));
            } else if (!log.empty()) {
                // a diff update from another peer, or a replayed logged update
                auto& q = peers[rng() % peers.size()];
                if (rng() % 2 == 0) p.d->apply_update(q.d->encode_state_as_update(p.d->get_state_vector()));
                else p.d->apply_update(log[rng() % log.size()]);
            }
        }
        for (auto& p : peers)
            for (auto& q : peers) p.d->apply_update(q.d->encode_state_as_update(p.d->get_state_vector()));
        for (auto& p : peers) p.d->check_invariants();
    }
}
