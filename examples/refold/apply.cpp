// refold apply FILE... : applies raw Yjs v1 updates in order to a fresh document and prints its
// JSON (like Yjs toJSON). Root kinds are inferred (map if keyed items, text if string/format
// content, array otherwise) unless --text/--array/--map NAME say otherwise.
#include "command.hpp"

#include <crdt/yata/doc.hpp>
#include <crdt/yata/json.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace refold::tool {
namespace {

struct apply_options {
    std::vector<std::string> files;
    std::vector<std::string> texts, arrays, maps;
    bool compact = false;
    bool pending = false;
};

int run_apply(apply_options const& o) {
    crdt::yata::doc d(0);
    if (!apply_update_files(d, o.files)) return 1;
    auto has = [](std::vector<std::string> const& v, std::string const& n) {
        return std::find(v.begin(), v.end(), n) != v.end();
    };
    for (auto const& n : o.texts) d.get_root(n);
    for (auto const& n : o.arrays) d.get_root(n);
    for (auto const& n : o.maps) d.get_root(n);
    nlohmann::json out = nlohmann::json::object();
    for (auto const& [name, type] : d.roots()) {
        auto kind = has(o.texts, name)    ? crdt::yata::root_kind::text
                    : has(o.arrays, name) ? crdt::yata::root_kind::array
                    : has(o.maps, name)   ? crdt::yata::root_kind::map
                                          : crdt::yata::root_kind::infer;
        out[name] = crdt::yata::type_to_json(d, type, kind);
    }
    std::printf("%s\n", out.dump(o.compact ? -1 : 2).c_str());
    if (o.pending && d.has_pending()) {
        std::string missing;
        for (auto const& [c, clock] : d.pending_missing()) missing += " " + std::to_string(c) + ":" + std::to_string(clock);
        std::fprintf(stderr, "refold: pending structs waiting for%s\n", missing.c_str());
    }
    return 0;
}

register_command reg{{"apply", "Apply Yjs v1 update files in order to a fresh document and print its JSON",
                      [](CLI::App& app) -> std::function<int()> {
                          auto o = std::make_shared<apply_options>();
                          app.add_option("files", o->files, "raw Yjs v1 update files")->required()->check(CLI::ExistingFile);
                          app.add_option("--text", o->texts, "treat root NAME as text (repeatable)")->expected(1)->allow_extra_args(false);
                          app.add_option("--array", o->arrays, "treat root NAME as an array (repeatable)")->expected(1)->allow_extra_args(false);
                          app.add_option("--map", o->maps, "treat root NAME as a map (repeatable)")->expected(1)->allow_extra_args(false);
                          app.add_flag("--compact", o->compact, "print JSON on one line");
                          app.add_flag("--pending", o->pending, "report structs still waiting for dependencies");
                          return [o] { return run_apply(*o); };
                      }}};

}  // namespace
}  // namespace refold::tool
