// refold: the command-line tool. Subcommands are registered by their own .cpp files.
#include "command.hpp"

#include <crdt/errors.hpp>
#include <crdt/yata/doc.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>

namespace refold::tool {

std::vector<command>& commands() {
    static std::vector<command> all;
    return all;
}

std::vector<std::uint8_t> read_file(std::string const& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool apply_update_files(crdt::yata::doc& d, std::vector<std::string> const& files) {
    for (auto const& f : files) {
        auto bytes = read_file(f);
        try {
            d.apply_update(bytes);
        } catch (crdt::error const& e) {
            std::fprintf(stderr, "refold: %s: %s\n", f.c_str(), e.what());
            return false;
        }
    }
    return true;
}

}  // namespace refold::tool

int main(int argc, char** argv) {
    CLI::App app{"refold: live derived views over CRDT documents"};
    app.require_subcommand(1);
    auto& cmds = refold::tool::commands();
    std::sort(cmds.begin(), cmds.end(), [](auto const& a, auto const& b) { return a.name < b.name; });
    std::vector<std::pair<CLI::App*, std::function<int()>>> actions;
    for (auto& c : cmds) {
        auto* sub = app.add_subcommand(c.name, c.description);
        actions.emplace_back(sub, c.setup(*sub));
    }
    CLI11_PARSE(app, argc, argv);
    try {
        for (auto& [sub, run] : actions)
            if (sub->parsed()) return run();
    } catch (refold::crdt::error const& e) {
        std::fprintf(stderr, "refold: %s\n", e.what());
        return 1;
    } catch (std::exception const& e) {
        std::fprintf(stderr, "refold: %s\n", e.what());
        return 1;
    }
    return 0;
}
