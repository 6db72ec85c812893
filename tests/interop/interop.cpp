// Differential tests: refold and real Yjs peers exchanging the same bytes (see session.hpp).
#include "session.hpp"

#include <tests/support/random.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

using refold::test::node_peer;
namespace interop = refold::test::interop;

namespace {

// Sessions use seeds base, base+1, ...; the base is REFOLD_SEED, else 1 (so the default run
// is the same every time: seeds 1..500; REFOLD_SEED=random draws a fresh base).
std::uint64_t base_seed() {
    const char* s = std::getenv("REFOLD_SEED");
    if (s == nullptr || *s == '\0') return 1;
    if (std::string(s) != "random") return std::stoull(s);
    std::random_device rd;
    return (std::uint64_t{rd()} << 32) ^ rd();
}

// Runs `count` sessions with seeds base, base+1, ...; on the first divergence prints the seed,
// shrinks the log and writes it as a regression fixture candidate, then fails.
void run_many(std::size_t count, interop::session_options opts = {}) {
    node_peer yjs(REFOLD_INTEROP_PEER);
    const auto base = base_seed();
    INFO("base seed " << base << " (replay with REFOLD_SEED=" << base << ")");
    std::size_t exchanged = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const auto seed = base + i;
        auto r = interop::run_session(yjs, seed, opts);
        exchanged += r.updates_exchanged;
        if (!r.ok) {
            auto small = interop::minimize(yjs, r.log);
            auto again = interop::replay(yjs, small);
            auto path = std::filesystem::temp_directory_path() / ("refold-interop-" + std::to_string(seed) + ".json");
            std::ofstream(path) << nlohmann::json(small).dump(1) << "\n";
            FAIL("session seed " << seed << " diverged:\n" << r.failure << "\nminimal log (" << small.size()
                                 << " steps, replay says: " << again.failure << "):\n" << nlohmann::json(small).dump()
                                 << "\nwritten to " << path
                                 << "; copy it to tests/regress/interop/ to keep it as a regression test");
        }
    }
    std::cout << "interop: " << count << " sessions, " << exchanged << " updates exchanged, 0 divergences\n";
    CHECK(exchanged > count);  // sessions really exchanged updates
}

}  // namespace

TEST_CASE("refold and Yjs peers converge over 500 seeded sessions", "[interop]") {
    run_many(refold::test::cases(500));
}

TEST_CASE("refold and Yjs peers converge over 10^4 seeded sessions", "[.][slow][interop]") {
    run_many(10000);
}

TEST_CASE("regression fixtures replay without divergence", "[interop]") {
    auto dir = std::filesystem::path(REFOLD_SOURCE_DIR) / "tests" / "regress" / "interop";
    node_peer yjs(REFOLD_INTEROP_PEER);
    std::size_t n = 0;
    if (std::filesystem::exists(dir)) {
        for (auto const& f : std::filesystem::directory_iterator(dir)) {
            if (f.path().extension() != ".json") continue;
            std::ifstream in(f.path());
            auto log = nlohmann::json::parse(in).get<std::vector<nlohmann::json>>();
            auto r = interop::replay(yjs, log);
            INFO(f.path().filename().string());
            CHECK(r.ok);
            if (!r.ok) UNSCOPED_INFO(r.failure);
            ++n;
        }
    }
    std::cout << "interop: " << n << " regression fixtures replayed\n";
}
