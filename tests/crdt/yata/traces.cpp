// Real editing traces (../shared/traces): every sequential trace replayed as one local
// transaction per patch ends at its endContent and survives an encode/load round trip; the
// concurrent trace replayed with one replica per agent (merging parents' updates) converges to
// its endContent on every replica.
#include <crdt/yata/doc.hpp>
#include <tests/support/shared_data.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <set>

using namespace refold::crdt;

namespace {

// The test executable does not link zlib: the gzip tool decompresses.
std::optional<nlohmann::json> load_gz(std::filesystem::path const& p) {
    std::string cmd = "gzip -dc '" + p.string() + "'";
    std::FILE* f = popen(cmd.c_str(), "r");
    if (f == nullptr) return std::nullopt;
    std::string text;
    char buf[1 << 16];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
    if (pclose(f) != 0) return std::nullopt;
    return nlohmann::json::parse(text);
}


void apply_patch(yata::text& t, nlohmann::json const& p, bool astral) {
    std::uint64_t pos = p[0], del = p[1];
    std::string ins = p[2];
    if (astral) {
        auto cur = t.to_string();
        auto start = encoding::code_points_to_utf16(cur, pos);
        del = encoding::code_points_to_utf16(cur, pos + del) - start;
        pos = start;
    }
    if (del > 0) t.erase(pos, del);
    if (!ins.empty()) t.insert(pos, ins);
}

bool has_astral(std::string const& s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0xF0) return true;
    return false;
}

}  // namespace

TEST_CASE("every sequential trace replays to its endContent", "[traces]") {
    auto dir = refold::test::shared_dir() / "traces" / "sequential";
    if (!std::filesystem::exists(dir)) {
        WARN("skipped: no traces under " << dir);
        return;
    }
    int n = 0;
    for (auto const& e : std::filesystem::directory_iterator(dir)) {
        if (e.path().extension() != ".gz") continue;
        INFO(e.path().filename().string());
        auto j = load_gz(e.path());
        if (!j) {
            WARN("skipped: cannot decompress " << e.path());
            continue;
        }
        std::string end = (*j)["endContent"];
        bool astral = has_astral(end);
        yata::doc d(1);
        auto t = d.get_text("text");
        for (auto const& tx : (*j)["txns"])
            for (auto const& p : tx["patches"]) d.transact([&] { apply_patch(t, p, astral); });
        CHECK(t.to_string() == end);
        d.check_invariants();
        yata::doc loaded(2);
        loaded.apply_update(d.encode_state_as_update());
        CHECK(loaded.get_text("text").to_string() == end);
        CHECK(loaded.get_state_vector() == d.get_state_vector());
        CHECK(loaded.encode_state_as_update() == d.encode_state_as_update());
        ++n;
    }
    CHECK(n >= 6);
}

TEST_CASE("the concurrent trace converges on every replica", "[traces]") {
    auto path = refold::test::shared_dir() / "traces" / "concurrent" / "friendsforever.json.gz";
    if (!std::filesystem::exists(path)) {
        WARN("skipped: " << path << " not found");
        return;
    }
    auto j = load_gz(path);
    if (!j) {
        WARN("skipped: cannot decompress " << path);
        return;
    }
    auto const& txns = (*j)["txns"];
    std::size_t agents = (*j)["numAgents"];
    std::vector<std::unique_ptr<yata::doc>> reps;
    std::vector<std::set<std::size_t>> seen(agents);
    for (std::size_t a = 0; a < agents; ++a) reps.push_back(std::make_unique<yata::doc>(a + 1));
    std::vector<std::vector<std::uint8_t>> updates(txns.size());
    for (std::size_t i = 0; i < txns.size(); ++i) {
        auto const& tx = txns[i];
        std::size_t agent = tx["agent"];
        auto& d = *reps[agent];
        // bring in every ancestor this replica has not seen (parents first)
        std::vector<std::size_t> stack(tx["parents"].begin(), tx["parents"].end());
        std::vector<std::size_t> order;
        while (!stack.empty()) {
            auto p = stack.back();
            stack.pop_back();
            if (!seen[agent].insert(p).second) continue;
            order.push_back(p);
            for (std::size_t q : txns[p]["parents"]) stack.push_back(q);
        }
        std::sort(order.begin(), order.end());
        for (auto p : order) d.apply_update(updates[p]);
        auto t = d.get_text("text");
        auto const& cs = d.transact([&] {
            for (auto const& p : tx["patches"]) apply_patch(t, p, false);
        });
        updates[i] = d.encode_change(cs);
        seen[agent].insert(i);
    }
    std::string end = (*j)["endContent"];
    for (std::size_t a = 0; a < agents; ++a) {
        for (std::size_t i = 0; i < txns.size(); ++i)
            if (!seen[a].count(i)) reps[a]->apply_update(updates[i]);
        INFO("agent " << a);
        CHECK_FALSE(reps[a]->has_pending());
        CHECK(reps[a]->get_text("text").to_string() == end);
    }
}
