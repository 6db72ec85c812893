// refold views FILE...: applies Yjs v1 update files in order to a fresh document, attaches the
// live views to a text root and prints their values as JSON (the UI state a backend would push).
#include "command.hpp"

#include <crdt/yata/doc.hpp>
#include <crdt/yata/json.hpp>
#include <views/live_views.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

namespace refold::tool {
namespace {

namespace yata = crdt::yata;

struct views_options {
    std::vector<std::string> files;
    std::string text;
};

int run_views(views_options const& o) {
    yata::doc d(0);
    if (!apply_update_files(d, o.files)) return 1;
    std::string name = o.text;
    if (name.empty()) {
        for (auto const& [root, type] : d.roots())
            if (yata::infer_kind(d, type) == yata::root_kind::text) {
                name = root;
                break;
            }
    }
    if (name.empty()) {
        std::fprintf(stderr, "refold: no text root in the document (name one with --text NAME)\n");
        return 1;
    }
    d.get_text(name);
    views::live_views live(d, name);
    auto ui = nlohmann::json::parse(live.ui_value());
    nlohmann::json out = {{"text", name}, {"ui", ui}};
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
}

register_command reg{{"views", "Apply Yjs v1 update files and print the live views of a text root as JSON",
                      [](CLI::App& app) -> std::function<int()> {
                          auto o = std::make_shared<views_options>();
                          app.add_option("files", o->files, "raw Yjs v1 update files")->required()->check(CLI::ExistingFile);
                          app.add_option("--text", o->text, "the text root (default: the first text root)");
                          return [o] { return run_views(*o); };
                      }}};

}  // namespace
}  // namespace refold::tool
