// A real Yjs process (tests/interop/peer/peer.mjs) driven over pipes, one JSON line each way.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <sys/types.h>

namespace refold::test {

class node_peer {
public:
    // Starts `node <script>`; throws std::runtime_error when node cannot be started.
    explicit node_peer(std::string const& script);
    node_peer(node_peer const&) = delete;
    node_peer& operator=(node_peer const&) = delete;
    ~node_peer();

    // Sends one command and returns the reply; throws when the reply says ok:false.
    nlohmann::json call(nlohmann::json const& command);
    // Like call() but returns the reply whatever it says.
    nlohmann::json try_call(nlohmann::json const& command);

private:
    pid_t pid_ = -1;
    std::FILE* to_ = nullptr;
    std::FILE* from_ = nullptr;
};

}  // namespace refold::test
