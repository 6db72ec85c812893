#include "node_peer.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace refold::test {

node_peer::node_peer(std::string const& script) {
    int in[2];   // parent -> child
    int out[2];  // child -> parent
    if (pipe(in) != 0 || pipe(out) != 0) throw std::runtime_error("interop: pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("interop: fork failed");
    if (pid_ == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]); close(in[1]); close(out[0]); close(out[1]);
        execlp("node", "node", script.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    to_ = fdopen(in[1], "w");
    from_ = fdopen(out[0], "r");
    if (to_ == nullptr || from_ == nullptr) throw std::runtime_error("interop: fdopen failed");
}

node_peer::~node_peer() {
    if (to_ != nullptr) std::fclose(to_);
    if (from_ != nullptr) std::fclose(from_);
    if (pid_ > 0) {
        int status = 0;
        waitpid(pid_, &status, 0);
    }
}

nlohmann::json node_peer::try_call(nlohmann::json const& command) {
    std::string line = command.dump();
    line.push_back('\n');
    if (std::fwrite(line.data(), 1, line.size(), to_) != line.size() || std::fflush(to_) != 0)
        throw std::runtime_error("interop: node peer is gone (write failed)");
    std::string reply;
    char buf[65536];
    for (;;) {
        if (std::fgets(buf, sizeof buf, from_) == nullptr)
            throw std::runtime_error("interop: node peer is gone (no reply to " + command.value("cmd", "?") + ")");
        reply += buf;
        if (!reply.empty() && reply.back() == '\n') break;
    }
    return nlohmann::json::parse(reply);
}

nlohmann::json node_peer::call(nlohmann::json const& command) {
    auto reply = try_call(command);
    if (!reply.value("ok", false))
        throw std::runtime_error("interop: yjs rejected " + command.dump() + ": " + reply.value("error", std::string{}));
    return reply;
}

}  // namespace refold::test
