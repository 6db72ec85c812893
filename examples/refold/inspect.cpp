// refold inspect FILE : prints the decoded structs and delete set of a Yjs v1 update, one
// annotated line each (the notation of the Yjs vectors).
#include "command.hpp"

#include <crdt/encoding/describe.hpp>

#include <cstdio>
#include <memory>

namespace refold::tool {
namespace {

struct inspect_options {
    std::string file;
};

int run_inspect(inspect_options const& o) {
    auto bytes = read_file(o.file);
    auto u = crdt::encoding::decode_update(bytes);
    std::size_t n = 0;
    for (auto const& sec : u.sections) n += sec.structs.size();
    std::printf("update: %zu bytes, %zu client sections, %zu structs\n", bytes.size(), u.sections.size(), n);
    for (auto const& sec : u.sections)
        for (auto const& s : sec.structs) std::printf("%s\n", crdt::encoding::describe(s).c_str());
    auto ds = crdt::encoding::describe(u.deletes);
    std::printf("delete set: %zu clients\n", ds.size());
    for (auto const& line : ds) std::printf("delete %s\n", line.c_str());
    return 0;
}

register_command reg{{"inspect", "Print the structs and delete set of a Yjs v1 update, one line each",
                      [](CLI::App& app) -> std::function<int()> {
                          auto o = std::make_shared<inspect_options>();
                          app.add_option("file", o->file, "a raw Yjs v1 update file")->required()->check(CLI::ExistingFile);
                          return [o] { return run_inspect(*o); };
                      }}};

}  // namespace
}  // namespace refold::tool
