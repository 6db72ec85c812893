// After a local transaction the document garbage-collects and merges blocks through the items the
// transaction touched (doc_state::merge_linked) instead of struct list positions as Yjs does it
// (merge_by_positions). Both must leave exactly the same document: twins with the same client id
// run the same random local transactions (typing runs, backspaces, deletes across tombstones,
// formatting, nested types, map overwrites) between remote updates from other peers, with GC on
// and off; after every step their encodings, struct counts and change_sets are equal.
#include <crdt/yata/detail/doc_state.hpp>
#include <crdt/yata/doc.hpp>
#include <crdt/yata/json.hpp>
#include <tests/support/random.hpp>

#include <catch2/catch.hpp>

using namespace refold::crdt;
using nlohmann::json;

namespace {

json change_json(yata::doc const& d, yata::change_set const& cs) {
    json j = json::object();
    json ins = json::array();
    for (auto const& r : cs.inserted) ins.push_back({r.client, r.clock, r.length});
    json del = json::array();
    for (auto const& [c, v] : cs.deleted.clients)
        for (auto const& r : v) del.push_back({c, r.clock, r.length});
    json ch = json::array();
    for (auto const& tc : cs.changes) {
        json ids = json::array();
        for (auto const& op : tc.delta)
            for (auto const& x : op.ids) ids.push_back({x.client, x.clock, x.length});
        json keys = json::array();
        for (auto const& k : tc.keys) keys.push_back({k.key, static_cast<int>(k.what)});
        auto kind = d.info(tc.type).kind;
        bool text = kind == encoding::type_ref::text || kind == encoding::type_ref::xml_text;
        ch.push_back({{"type", tc.type}, {"delta", yata::delta_to_json(d, tc.delta, text)}, {"ids", ids}, {"keys", keys}});
    }
    j["inserted"] = ins;
    j["deleted"] = del;
    j["changes"] = ch;
    return j;
}

// Per doc: where the last text edit happened, so edits often continue there (typing runs,
// backspacing) as in real traces.
struct cursor {
    std::uint64_t at = 0;
};

void text_edit(yata::text x, cursor& c, std::mt19937_64& r, bool formatting) {
    auto len = x.length();
    c.at = std::min(c.at, len);
    auto near = r() % 4 != 0;  // continue where the last edit was
    auto choice = r() % 10;
    if (choice < 5) {  // type
        auto p = near ? c.at : r() % (len + 1);
        // (no astral characters: every UTF-16 index is a character boundary; "é" takes the
        // non-ASCII split path)
        static char const* words[] = {"a", "b", "cd", "e f", "\xC3\xA9", "gh\xC3\xA9"};
        std::string w = words[r() % 6];
        if (formatting && r() % 8 == 0) x.insert(p, w, {{"bold", "true"}});
        else x.insert(p, w);
        c.at = p + encoding::utf16_length(w);
    } else if (choice < 8 && len > 0) {  // backspace or delete a run
        auto p = near && c.at > 0 ? c.at - 1 : r() % len;
        auto n = r() % 3 == 0 ? 1 + r() % std::min<std::uint64_t>(5, len - p) : 1;
        x.erase(p, n);
        c.at = p;
    } else if (formatting && len > 0) {
        auto p = r() % len;
        x.format(p, 1 + r() % std::min<std::uint64_t>(4, len - p), {{"italic", r() % 2 ? "true" : "null"}});
    } else {
        x.insert(r() % (len + 1), "z");
    }
}

void edit(yata::doc& d, cursor& c, std::mt19937_64& r, bool formatting) {
    auto t = d.get_text("t");
    auto a = d.get_array("a");
    auto m = d.get_map("m");
    for (int ops = 1 + static_cast<int>(r() % 3); ops > 0; --ops) {
        auto k = r() % 12;
        if (k < 8) {
            text_edit(t, c, r, formatting);
        } else if (k == 8) {
            if (a.size() > 0 && r() % 2 == 0) {
                auto p = r() % a.size();
                a.erase(p, 1 + r() % std::min<std::uint64_t>(3, a.size() - p));
            } else if (r() % 3 == 0) {
                auto n = a.insert_type(r() % (a.size() + 1), encoding::type_ref::text);
                d.text_at(n).insert(0, "in");
            } else {
                std::vector<encoding::any> v;
                for (auto n = 1 + r() % 3; n > 0; --n) v.push_back(encoding::any::number(static_cast<double>(r() % 9)));
                a.insert(r() % (a.size() + 1), std::move(v));
            }
        } else if (k == 9) {
            std::string key(1, static_cast<char>('k' + r() % 3));
            if (r() % 3 == 0) m.set_type(key, encoding::type_ref::array);
            else if (r() % 4 == 0) m.erase(key);
            else m.set(key, encoding::any::number(static_cast<double>(r() % 5)));
        } else {
            for (auto const& e : a.elements())
                if (e.k == yata::element::kind::type && r() % 2 == 0) {
                    cursor inner;
                    text_edit(d.text_at(e.type), inner, r, false);
                    break;
                }
        }
    }
}

}  // namespace

TEST_CASE("local commits merge through touched items exactly as by struct positions", "[merge][local]") {
    REFOLD_SEEDED_RNG(rng);
    std::size_t linked = 0, steps = 0;
    for (std::size_t round = 0; round < refold::test::cases(30); ++round) {
        INFO("round " << round);
        bool gc = round % 3 != 2;
        bool formatting = round % 2 == 1;
        yata::doc_options o;
        o.gc = gc;
        yata::doc fast(7, o), slow(7, o);
        slow.state().linked_merge_enabled = false;
        std::vector<std::unique_ptr<yata::doc>> peers;
        for (std::uint64_t i = 0; i < 2; ++i) peers.push_back(std::make_unique<yata::doc>(20 + i, o));
        cursor cf, cs, cp;
        for (std::size_t step = 0; step < 120; ++step) {
            INFO("step " << step);
            auto choice = rng() % 10;
            if (choice < 7) {
                auto seed = rng();
                std::mt19937_64 r1(seed), r2(seed);
                auto c0 = cf;
                json a = change_json(fast, fast.transact([&] { edit(fast, cf, r1, formatting); }));
                cs = c0;
                json b = change_json(slow, slow.transact([&] { edit(slow, cs, r2, formatting); }));
                REQUIRE(a == b);
            } else if (choice < 9) {
                auto& p = *peers[rng() % peers.size()];
                p.apply_update(fast.encode_state_as_update(p.get_state_vector()));
                p.transact([&] { edit(p, cp, rng, formatting); });
                auto u = p.encode_state_as_update(fast.get_state_vector());
                json a = change_json(fast, fast.apply_update(u));
                json b = change_json(slow, slow.apply_update(u));
                REQUIRE(a == b);
            } else {
                auto u = fast.encode_state_as_update();
                for (auto& p : peers) p->apply_update(u);
            }
            REQUIRE(fast.encode_state_as_update() == slow.encode_state_as_update());
            REQUIRE(fast.struct_count() == slow.struct_count());
            REQUIRE(fast.get_text("t").to_string() == slow.get_text("t").to_string());
            ++steps;
        }
        fast.check_invariants();
        slow.check_invariants();
        linked += fast.state().linked_commits;
        CHECK(slow.state().linked_commits == 0);
    }
    // most local commits take the linked path (those deleting a nested type do not)
    CHECK(linked * 3 > steps);
}
