// An inverted index term -> occurrences, as an element of a commutative group.
//
// The index of a text is the formal sum, over its tokens, of (term, id of the token's first
// character). Adding a token and taking one away are inverse operations that commute, so the
// index is maintained from deltas: subtract the tokens of the old text around an edit, add the
// tokens of the new text there; tokens the edit did not touch cancel out. Occurrences are
// identified by the sticky id of their first character (a CRDT item id), so text inserted
// before them never shifts them. Multiplicities are signed (it is a group), but an index
// maintained correctly only ever holds multiplicity 1 for present occurrences.
//
// Tokens: maximal runs of ASCII letters and digits, '_' and non-ASCII bytes; terms are tokens
// with ASCII letters lower-cased.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace refold::views {

// A character's sticky identity (the id of the CRDT item that holds it).
struct char_id {
    std::uint64_t client = 0;
    std::uint64_t clock = 0;
    friend auto operator<=>(char_id const&, char_id const&) = default;
};

[[nodiscard]] constexpr bool is_term_byte(char c) noexcept {
    auto const u = static_cast<unsigned char>(c);
    return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_' || u >= 0x80;
}

// Calls f(byte_offset, term) for each token of `text` in order; `term` is lower-cased.
template <class F>
void for_each_token(std::string_view text, F&& f) {
    std::string term;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!is_term_byte(text[i])) {
            ++i;
            continue;
        }
        std::size_t const start = i;
        term.clear();
        while (i < text.size() && is_term_byte(text[i])) {
            char c = text[i++];
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            term.push_back(c);
        }
        f(start, std::string_view(term));
    }
}

struct term_count {
    std::string term;
    std::int64_t count = 0;
    friend bool operator==(term_count const&, term_count const&) = default;
};

class inverted_index {
public:
    inverted_index();
    inverted_index(inverted_index const&);
    inverted_index& operator=(inverted_index const&);
    inverted_index(inverted_index&&) noexcept;
    inverted_index& operator=(inverted_index&&) noexcept;
    ~inverted_index();

    // The group operation with one generator: multiplicity of (term, at) += sign.
    void add(std::string_view term, char_id at, int sign = 1);
    void remove(std::string_view term, char_id at) { add(term, at, -1); }

    [[nodiscard]] std::int64_t count(std::string_view term) const;
    // Occurrences of `term` with non-zero multiplicity, ordered by id.
    [[nodiscard]] std::vector<char_id> occurrences(std::string_view term) const;
    // The k terms with the most occurrences (count descending, then term ascending).
    [[nodiscard]] std::vector<term_count> top(std::size_t k) const;
    [[nodiscard]] std::size_t distinct_terms() const noexcept;
    [[nodiscard]] std::int64_t total() const noexcept;
    // Every (term, count) with a non-zero count, ordered by term.
    [[nodiscard]] std::map<std::string, std::int64_t> counts() const;
    // Bumped by every add(): lets a view tell cheaply whether the index moved.
    [[nodiscard]] std::uint64_t version() const noexcept { return version_; }
    // Whether top(k) may differ from what it was at the previous call (or construction): true
    // when a term whose rank (before or after a change) is within the current top k changed
    // count. Resets the tracking. O(log terms); lets a top-k view skip rebuilding its list.
    [[nodiscard]] bool top_may_have_changed(std::size_t k);
    // Checks the internal structures agree with each other.
    [[nodiscard]] bool invariant() const;

    friend bool operator==(inverted_index const& a, inverted_index const& b);

private:
    struct impl;
    std::unique_ptr<impl> p_;
    std::uint64_t version_ = 0;
};

}  // namespace refold::views
