// A user-defined view: the number of TODO lines of a text (lines starting with "TODO"),
// written once as a monoid with boundary state, lifted to an algebra and registered.
#include <views/live_views.hpp>

#include <crdt/yata/doc.hpp>

#include <cstdio>
#include <string_view>

using namespace refold;

// Summary of a piece of text cut at '\n': the first bytes of its first line (to classify a
// line that a chunk edge cut), TODO lines strictly inside, and the first bytes of its last line.
struct todo_summary {
    static constexpr std::size_t keep = 4;
    bool has_newline = false;
    std::string head, tail;   // up to `keep` first bytes of the first / last line
    std::uint64_t head_len = 0, tail_len = 0;
    std::uint64_t todos = 0;  // complete lines inside starting with "TODO"

    static bool is_todo(std::string_view line_start) { return line_start.substr(0, keep) == "TODO"; }

    static todo_summary of(std::string_view s) {
        todo_summary r;
        std::size_t const first = s.find('\n');
        r.head = std::string(s.substr(0, std::min(keep, first == std::string_view::npos ? s.size() : first)));
        r.head_len = first == std::string_view::npos ? s.size() : first;
        if (first == std::string_view::npos) return r;
        r.has_newline = true;
        std::size_t start = first + 1;
        for (std::size_t nl; (nl = s.find('\n', start)) != std::string_view::npos; start = nl + 1)
            if (is_todo(s.substr(start, nl - start))) ++r.todos;
        r.tail = std::string(s.substr(start, keep));
        r.tail_len = s.size() - start;
        return r;
    }
    // Joins two line starts: the known first bytes of a + b.
    static std::string join(std::string const& a, std::uint64_t a_len, std::string const& b) {
        return a_len < keep ? (a + b).substr(0, keep) : a;
    }
    friend todo_summary operator+(todo_summary const& a, todo_summary const& b) {
        todo_summary r;
        if (!a.has_newline) {
            r = b;
            r.head = join(a.head, a.head_len, b.head);
            r.head_len = a.head_len + b.head_len;
            return r;
        }
        r = a;
        if (!b.has_newline) {
            r.tail = join(a.tail, a.tail_len, b.head);
            r.tail_len = a.tail_len + b.head_len;
            return r;
        }
        r.todos = a.todos + b.todos + (is_todo(join(a.tail, a.tail_len, b.head)) ? 1 : 0);
        r.tail = b.tail;
        r.tail_len = b.tail_len;
        return r;
    }
    // TODO lines of the whole text (its first and last lines count too).
    std::uint64_t total() const {
        return todos + (is_todo(head) ? 1 : 0) + (has_newline && is_todo(tail) ? 1 : 0);
    }
};

int main() {
    crdt::yata::doc d(7);
    views::live_views live(d, "content");
    // Register: the monoid lifted to an algebra over the text rope, folded with memo_cata.
    auto todos = live.add_view(views::chunk_monoid_algebra<todo_summary>{});

    auto t = d.get_text("content");
    t.insert(0, "TODO write the mirror\nDone: word count\nTODO benchmark\n");
    std::printf("TODO lines: %llu\n", static_cast<unsigned long long>(todos.value().total()));
    t.insert(t.length(), "TODO examples\n");
    t.erase(0, 5);  // "write the mirror" is no longer a TODO
    std::uint64_t expect = 0;
    std::string const s = t.to_string();
    for (std::size_t start = 0; start < s.size();) {
        std::size_t nl = s.find('\n', start);
        if (nl == std::string::npos) nl = s.size();
        if (s.compare(start, 4, "TODO") == 0) ++expect;
        start = nl + 1;
    }
    std::printf("TODO lines: %llu (from scratch: %llu), algebra applications in the last edit: %llu\n",
                static_cast<unsigned long long>(todos.value().total()), static_cast<unsigned long long>(expect),
                static_cast<unsigned long long>(live.last_work().algebra_applications));
    return todos.value().total() == expect ? 0 : 1;
}
