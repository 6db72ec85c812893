// The README's example: a document, a live view, a merged remote update, the view's new value.
#include <crdt/yata/doc.hpp>
#include <views/live_views.hpp>

#include <cstdio>

using namespace refold;

int main() {
    crdt::yata::doc alice(1), bob(2);
    views::live_views live(alice, "content");  // word count, outline, index, UI state
    alice.get_text("content").insert(0, "# Notes\nrefold keeps views live\n");
    auto before = live.words().words;
    std::printf("before: %llu words\n", static_cast<unsigned long long>(before));

    // Bob edits concurrently and sends a Yjs v1 diff update; Alice merges it.
    bob.apply_update(alice.encode_state_as_update());
    bob.get_text("content").insert(8, "## Merging\nupdates from peers\n");
    alice.apply_update(bob.encode_state_as_update(alice.get_state_vector()));

    // The views re-ran only on what the delta touched, and equal a from-scratch fold.
    std::printf("after:  %llu words\n", static_cast<unsigned long long>(live.words().words));
    for (auto const& e : live.outline().entries())
        std::printf("  %s %s\n", e.number.c_str(), e.title.c_str());
    auto ok = live.words() == views::count_words(alice.get_text("content").to_string());
    return ok && live.words().words > before && live.outline().entries().size() == 2 ? 0 : 1;
}
