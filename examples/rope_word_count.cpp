// Word count over a persistent text rope with memo_cata: after each edit only the nodes
// the edit created run the algebra; everything else comes from the memo.
#include <schemes/cata.hpp>
#include <schemes/memo.hpp>
#include <schemes/text_rope.hpp>

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

namespace s = refold::schemes;

// A word count that can be combined across chunk boundaries: a word cut by a boundary
// must be counted once.
struct words {
    std::size_t count = 0;
    bool empty = true;
    bool starts_in_word = false;
    bool ends_in_word = false;
};

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t'; }

words count_words(s::text_rope::layer<words> const& l) {
    if (!l.is_leaf()) {
        words const& a = l.left();
        words const& b = l.right();
        if (a.empty) return b;
        if (b.empty) return a;
        return {a.count + b.count - (a.ends_in_word && b.starts_in_word ? 1 : 0), false, a.starts_in_word,
                b.ends_in_word};
    }
    auto e = l.elements();
    words w;
    bool in = false;
    for (char c : e) {
        if (!is_space(c) && !in) ++w.count;
        in = !is_space(c);
    }
    w.empty = e.empty();
    w.starts_in_word = !e.empty() && !is_space(e.front());
    w.ends_in_word = in;
    return w;
}

std::size_t scratch_count(std::string const& text) {
    std::size_t n = 0;
    bool in = false;
    for (char c : text) {
        if (!is_space(c) && !in) ++n;
        in = !is_space(c);
    }
    return n;
}

int main() {
    std::string text;
    for (int i = 0; i < 20000; ++i) text += "lorem ipsum dolor sit amet, caf\xC3\xA9 \xF0\x9F\x98\x80 ";
    s::text_rope doc(text);
    s::memo<words> memo;
    std::size_t first = s::memo_cata(count_words, doc.root(), memo).count;
    std::printf("%zu bytes, %zu UTF-16 units, %zu words; first fold ran the algebra %llu times\n", doc.size_bytes(),
                doc.size_utf16(), first, static_cast<unsigned long long>(memo.applications()));
    bool ok = first == scratch_count(doc.str());

    struct edit {
        char const* what;
        std::size_t at;  // UTF-16 offset
        std::string_view insert;
        std::size_t erase;
    };
    edit const edits[] = {{"insert a word", 1000, "hello ", 0},
                          {"join two words", 5, "", 1},
                          {"split a word", 2, " ", 0},
                          {"delete a paragraph", 5000, "", 3000}};
    for (edit const& e : edits) {
        s::text_rope before = doc;
        doc = e.erase != 0 ? doc.erase_utf16(e.at, e.erase) : doc.insert_utf16(e.at, e.insert);
        memo.reset_counters();
        std::size_t n = s::memo_cata(count_words, doc.root(), memo).count;
        std::size_t expected = scratch_count(doc.str());
        std::printf("%-20s -> %zu words (algebra ran %llu times, %zu cached entries)\n", e.what, n,
                    static_cast<unsigned long long>(memo.applications()), memo.size());
        ok = ok && n == expected && memo.applications() < 64;
    }
    // When no older version is kept, an rvalue edit (std::move(doc).insert_utf16(...)) edits
    // the nodes only doc holds in place instead of copying the path; the memo drops the
    // entries of the nodes it changed, so the next fold is still exact.
    for (std::size_t i = 0; i < 1000; ++i) doc = std::move(doc).insert_utf16((i * 7919) % doc.size_utf16(), "x ");
    memo.reset_counters();
    std::size_t n = s::memo_cata(count_words, doc.root(), memo).count;
    std::printf("%-20s -> %zu words (algebra ran %llu times)\n", "1000 in-place edits", n,
                static_cast<unsigned long long>(memo.applications()));
    ok = ok && n == scratch_count(doc.str());
    std::printf("%s\n", ok ? "ok" : "MISMATCH");
    return ok ? 0 : 1;
}
