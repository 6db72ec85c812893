// Subcommand registry of the `refold` tool. Each subcommand lives in its own .cpp file and
// registers itself with a namespace-scope `register_command`; main.cpp only dispatches.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace refold::crdt::yata { class doc; }

namespace refold::tool {

struct command {
    std::string name;
    std::string description;
    // Adds the subcommand's options to `app` and returns the action to run after parsing
    // (its return value is the exit status).
    std::function<std::function<int()>(CLI::App& app)> setup;
};

std::vector<command>& commands();

struct register_command {
    explicit register_command(command c) { commands().push_back(std::move(c)); }
};

// Reads a whole file as bytes; throws std::runtime_error with the path on failure.
std::vector<std::uint8_t> read_file(std::string const& path);

// Applies Yjs v1 update files in order; on a rejected update prints one line naming the file
// and the error id to stderr and returns false (the document keeps what came before it).
bool apply_update_files(crdt::yata::doc& d, std::vector<std::string> const& files);

}  // namespace refold::tool
