// Deltas of remote (and other non-composed) transactions derived from the touched items and the
// per-type seq_index must equal the walk over the whole sequence (doc_options::fast_remote_deltas
// off), exactly: ops, text, elements, attributes and ids. Random updates from several peers on
// text, arrays and nested types, applied to a fast and a walking twin, in random order (pending
// structs), with deletes that split and merge blocks.
#include <crdt/yata/detail/doc_state.hpp>
#include <crdt/yata/doc.hpp>
#include <crdt/yata/json.hpp>
#include <tests/support/random.hpp>

#include <catch2/catch.hpp>

using namespace refold::crdt;
using nlohmann::json;

namespace {

json change_json(yata::doc const& d, yata::change_set const& cs) {
    json j = json::array();
    for (auto const& tc : cs.changes) {
        json ids = json::array();
        for (auto const& op : tc.delta) {
            json r = json::array();
            for (auto const& x : op.ids) r.push_back({x.client, x.clock, x.length});
            ids.push_back(r);
        }
        json keys = json::array();
        for (auto const& k : tc.keys) keys.push_back({k.key, static_cast<int>(k.what)});
        auto kind = d.info(tc.type).kind;
        bool text = kind == encoding::type_ref::text || kind == encoding::type_ref::xml_text;
        j.push_back({{"type", tc.type}, {"delta", yata::delta_to_json(d, tc.delta, text)}, {"ids", ids}, {"keys", keys}});
    }
    return j;
}

// Random edits on the roots and on nested types found in the "a" array and "m" map.
void edit(yata::doc& d, std::mt19937_64& r) {
    auto t = d.get_text("t");
    auto a = d.get_array("a");
    auto m = d.get_map("m");
    auto nested = [&](encoding::type_ref want) -> std::optional<std::uint32_t> {
        std::vector<std::uint32_t> found;
        for (auto const& e : a.elements())
            if (e.k == yata::element::kind::type && d.info(e.type).kind == want) found.push_back(e.type);
        for (auto const& k : m.keys()) {
            auto e = m.get(k);
            if (e && e->k == yata::element::kind::type && d.info(e->type).kind == want) found.push_back(e->type);
        }
        if (found.empty()) return std::nullopt;
        return found[r() % found.size()];
    };
    auto text_edit = [&](yata::text x) {
        if (x.length() > 0 && r() % 2 == 0) {
            auto p = r() % x.length();
            x.erase(p, 1 + r() % std::min<std::uint64_t>(6, x.length() - p));
        } else {
            static char const* words[] = {"a", "bc", "d\xC3\xA9", "\xF0\x9F\x98\x80", "hello ", "\n"};
            x.insert(r() % (x.length() + 1), words[r() % 6]);
        }
    };
    auto array_edit = [&](yata::array x) {
        if (x.size() > 0 && r() % 2 == 0) {
            auto p = r() % x.size();
            x.erase(p, 1 + r() % std::min<std::uint64_t>(3, x.size() - p));
        } else {
            std::vector<encoding::any> v;
            for (auto k = 1 + r() % 3; k > 0; --k) v.push_back(encoding::any::number(static_cast<double>(r() % 9)));
            x.insert(r() % (x.size() + 1), std::move(v));
        }
    };
    for (int ops = 1 + static_cast<int>(r() % 4); ops > 0; --ops) {
        switch (r() % 9) {
        case 0:
        case 1:
        case 2: text_edit(t); break;
        case 3: array_edit(a); break;
        case 4:
            if (r() % 4 == 0) a.insert_type(r() % (a.size() + 1), r() % 2 ? encoding::type_ref::text : encoding::type_ref::array);
            else array_edit(a);
            break;
        case 5:
            if (r() % 3 == 0) m.set_type(std::string(1, static_cast<char>('k' + r() % 3)), encoding::type_ref::text);
            else m.set(std::string(1, static_cast<char>('k' + r() % 3)), encoding::any::number(1));
            break;
        case 6:
            if (auto n = nested(encoding::type_ref::text)) text_edit(d.text_at(*n));
            break;
        case 7:
            if (auto n = nested(encoding::type_ref::array)) array_edit(d.array_at(*n));
            break;
        default: text_edit(t);
        }
    }
}

}  // namespace

TEST_CASE("index deltas of remote transactions equal the walked deltas", "[deltas][index]") {
    REFOLD_SEEDED_RNG(rng);
    for (std::size_t round = 0; round < refold::test::cases(25); ++round) {
        std::vector<std::unique_ptr<yata::doc>> peers;
        for (std::uint64_t i = 0; i < 3; ++i) peers.push_back(std::make_unique<yata::doc>(100 + i));
        bool gc = rng() % 2 == 0;
        yata::doc_options fast_o, slow_o;
        fast_o.gc = slow_o.gc = gc;
        slow_o.fast_remote_deltas = false;
        yata::doc fast(9, fast_o), slow(9, slow_o);
        fast.state().walk_share = 0;  // always the index, however small the document
        bool untyped = round % 2 == 1;  // roots typed only by what arrives (no local edits)
        for (auto* d : {&fast, &slow}) {
            if (untyped) break;
            d->get_text("t");
            d->get_array("a");
            d->get_map("m");
        }
        std::vector<std::vector<std::uint8_t>> log;
        std::size_t compared = 0;
        for (std::size_t step = 0; step < 80; ++step) {
            INFO("round " << round << " step " << step);
            auto choice = rng() % 10;
            if (choice < 5) {
                auto& p = *peers[rng() % peers.size()];
                // peers see each other now and then, so their edits interleave
                if (rng() % 3 == 0) p.apply_update(peers[rng() % peers.size()]->encode_state_as_update(p.get_state_vector()));
                auto const& cs = p.transact([&] { edit(p, rng); });
                log.push_back(p.encode_change(cs));
            } else if ((choice < 9 || untyped) && !log.empty()) {
                std::vector<std::uint8_t> u;
                switch (rng() % 3) {
                case 0: u = log[rng() % log.size()]; break;  // any logged update (maybe early: pending)
                case 1: u = peers[rng() % peers.size()]->encode_state_as_update(fast.get_state_vector()); break;
                default: {
                    std::vector<std::vector<std::uint8_t>> some;
                    for (int k = 0; k < 3; ++k) some.push_back(log[rng() % log.size()]);
                    u = encoding::merge_updates(some);
                }
                }
                json a = change_json(fast, fast.apply_update(u));
                json b = change_json(slow, slow.apply_update(u));
                REQUIRE(a == b);
                compared += a.size();
            } else if (!untyped) {
                // a local transaction on both twins (same client, same edits)
                auto seed = rng();
                std::mt19937_64 r1(seed), r2(seed);
                json a = change_json(fast, fast.transact([&] { edit(fast, r1); }));
                json b = change_json(slow, slow.transact([&] { edit(slow, r2); }));
                REQUIRE(a == b);
                auto u = fast.encode_state_as_update();
                for (auto& p : peers) p->apply_update(u);
            }
            REQUIRE(fast.encode_state_as_update() == slow.encode_state_as_update());
            INFO("choice " << choice);
            slow.check_invariants();
            fast.check_invariants();
        }
        slow.check_invariants();
        fast.check_invariants();
        CHECK(compared > 0);
    }
}
