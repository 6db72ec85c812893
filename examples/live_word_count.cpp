// Two peers edit one markdown text; peer A keeps a live word count, outline and top terms
// that follow both its own edits and the updates it merges from peer B.
#include <views/live_views.hpp>

#include <crdt/yata/doc.hpp>

#include <cstdio>

using namespace refold;

int main() {
    crdt::yata::doc a(1), b(2);
    views::live_views live(a, "content");
    live.on_update([](views::live_views const& v) {
        auto const& wc = v.words();
        std::printf("words %llu, characters %llu, lines %llu, headings %llu | patch %s\n",
                    static_cast<unsigned long long>(wc.words), static_cast<unsigned long long>(wc.code_points),
                    static_cast<unsigned long long>(wc.lines), static_cast<unsigned long long>(v.outline().size()),
                    v.ui_patch().c_str());
    });

    auto ta = a.get_text("content");
    auto tb = b.get_text("content");
    ta.insert(0, "# Notes\nLive views over a CRDT.\n");
    b.apply_update(a.encode_state_as_update());

    // B edits concurrently; A merges B's diff update.
    auto const sv = a.get_state_vector();
    tb.insert(tb.length(), "## From B\nHello from peer B.\n");
    a.apply_update(b.encode_state_as_update(sv));
    ta.insert(8, "Edited by A. ");

    std::string const text = ta.to_string();
    bool const ok = live.words() == views::count_words(text) &&
                    live.outline_at_current().entries() == views::outline_of_text(text);
    for (auto const& e : live.outline().entries()) std::printf("%s %s\n", e.number.c_str(), e.title.c_str());
    std::printf("%s\n", ok ? "live views agree with the document" : "MISMATCH");
    return ok ? 0 : 1;
}
