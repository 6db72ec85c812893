#include <views/detail/outline_tracker.hpp>

#include <views/detail/splice.hpp>
#include <views/detail/text_bytes.hpp>
#include <views/markdown.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string_view>

namespace refold::views::detail {

namespace {

// Moves k past the offsets below `bound`, adding `shift` to each (a binary search when nothing
// moves; offsets are sorted).
std::size_t shift_below(std::vector<std::uint64_t>& offsets, std::size_t k, std::uint64_t bound, std::int64_t shift) {
    if (shift == 0)
        return static_cast<std::size_t>(std::partition_point(offsets.begin() + static_cast<std::ptrdiff_t>(k), offsets.end(),
                                                             [&](std::uint64_t o) { return o < bound; }) -
                                        offsets.begin());
    for (; k < offsets.size() && offsets[k] < bound; ++k)
        offsets[k] = static_cast<std::uint64_t>(static_cast<std::int64_t>(offsets[k]) + shift);
    return k;
}

// The length of the line of `s` starting at byte `at` (without its '\n').
std::uint64_t line_length(std::string_view s, std::size_t at) {
    std::size_t const nl = s.find('\n', at);
    return (nl == std::string_view::npos ? s.size() : nl) - at;
}

// The lines a run of regions touched: bytes [l_old, e_old] of the old text became
// [l_new, e_new] of the new one (e_* is the '\n' ending the last line, or the end); offsets
// before it moved by c_before, offsets after it by c_after.
struct line_span {
    std::size_t l_old = 0, e_old = 0, l_new = 0, e_new = 0;
    std::int64_t c_before = 0, c_after = 0;
};

std::vector<line_span> spans_of(text_state const& before, text_state const& after, std::span<text_region const> regions) {
    std::vector<line_span> out;
    std::size_t i = 0;
    while (i < regions.size()) {
        std::size_t const ob = byte_of_unit(before.text, regions[i].old_begin), nb = byte_of_unit(after.text, regions[i].new_begin);
        line_span s;
        s.c_before = static_cast<std::int64_t>(nb) - static_cast<std::int64_t>(ob);
        s.l_new = line_start(after.text, nb);
        s.l_old = static_cast<std::size_t>(static_cast<std::int64_t>(s.l_new) - s.c_before);
        for (;;) {
            std::size_t const oe = byte_of_unit(before.text, regions[i].old_end), ne = byte_of_unit(after.text, regions[i].new_end);
            s.c_after = static_cast<std::int64_t>(ne) - static_cast<std::int64_t>(oe);
            s.e_new = line_end(after.text, ne);
            ++i;
            // A following region inside the same lines joins this span.
            if (i < regions.size() && byte_of_unit(after.text, regions[i].new_begin) <= s.e_new) continue;
            break;
        }
        s.e_old = static_cast<std::size_t>(static_cast<std::int64_t>(s.e_new) - s.c_after);
        out.push_back(s);
    }
    return out;
}

// The headings of bytes [from, to] of t (to: a '\n' or the end), with the length of each
// heading's line.
std::vector<heading> headings_between(schemes::text_rope const& t, std::size_t from, std::size_t to,
                                      std::vector<std::uint64_t>& lens) {
    std::string buf;
    append_bytes(t, from, to, buf);
    auto hs = headings_of(buf);
    lens.clear();
    for (auto& h : hs) {
        lens.push_back(line_length(buf, h.offset));
        h.offset += from;
    }
    return hs;
}

}  // namespace

void outline_tracker::reset(schemes::text_rope const& text) {
    entries_.clear();
    offsets_.clear();
    lens_.clear();
    std::string const s = text.str();
    for (auto& h : headings_of(s)) {
        lens_.push_back(line_length(s, h.offset));
        offsets_.push_back(h.offset);
        entries_.push_back(outline_entry{{}, h.level, std::move(h.title), 0});
    }
}

bool outline_tracker::shift_only(text_state const& before, text_state const& after, std::span<text_region const> regions) {
    // The entries a region's lines hold: a heading line [o, o + len] lies in the lines holding
    // old bytes [ob, oe] exactly when o + len >= ob and o <= oe. Heading lines are disjoint and
    // sorted, so their ends are sorted too.
    struct edit {
        std::size_t ob = 0, oe = 0, ne = 0;
    };
    std::vector<edit> edits;
    edits.reserve(regions.size());
    std::size_t from = 0;
    for (auto const& r : regions) {
        edit const e{byte_of_unit(before.text, r.old_begin), byte_of_unit(before.text, r.old_end), byte_of_unit(after.text, r.new_end)};
        std::size_t lo = from, hi = offsets_.size();  // first entry whose line ends at or after ob
        while (lo < hi) {
            std::size_t const mid = lo + (hi - lo) / 2;
            if (offsets_[mid] + lens_[mid] < e.ob) lo = mid + 1;
            else hi = mid;
        }
        from = lo;
        if (from < offsets_.size() && offsets_[from] <= e.oe) return false;  // a heading line was touched
        edits.push_back(e);
    }
    // No heading line was touched: entries between edits move by the edits before them.
    std::int64_t shift = 0;
    std::size_t k = 0;
    for (auto const& e : edits) {
        k = shift_below(offsets_, k, e.ob, shift);
        shift = static_cast<std::int64_t>(e.ne) - static_cast<std::int64_t>(e.oe);
    }
    if (shift != 0) shift_below(offsets_, k, std::numeric_limits<std::uint64_t>::max(), shift);
    return true;
}

std::vector<outline_splice> outline_tracker::apply(text_state const& before, text_state const& after,
                                      std::span<text_region const> regions, bool headings_changed) {
    std::vector<outline_splice> out;
    if (regions.empty()) return out;
    if (!headings_changed && (entries_.empty() || shift_only(before, after, regions))) return out;
    auto const spans = spans_of(before, after, regions);
    std::vector<std::uint64_t> lens;
    std::size_t i = 0;  // entries_[0, i) are final
    for (auto const& s : spans) {
        i = shift_below(offsets_, i, s.l_old, s.c_before);
        std::size_t j = i;
        while (j < offsets_.size() && offsets_[j] <= s.e_old) ++j;
        if (!headings_changed && j == i) {  // no heading in these lines, and none appeared
            continue;
        }
        auto hs = headings_between(after.text, s.l_new, s.e_new, lens);
        bool same = hs.size() == j - i;
        for (std::size_t k = 0; same && k < hs.size(); ++k)
            same = hs[k].level == entries_[i + k].level && hs[k].title == entries_[i + k].title;
        if (same) {
            for (std::size_t k = 0; k < hs.size(); ++k) {
                offsets_[i + k] = hs[k].offset;
                lens_[i + k] = lens[k];
            }
            i = j;
            continue;
        }
        outline_splice sp;
        sp.at = i;
        sp.removed = j - i;
        std::vector<std::uint64_t> fresh_offsets;
        fresh_offsets.reserve(hs.size());
        for (auto const& h : hs) fresh_offsets.push_back(h.offset);
        std::vector<outline_entry> fresh;
        fresh.reserve(hs.size());
        for (auto& h : hs) fresh.push_back(outline_entry{{}, h.level, std::move(h.title), 0});
        splice_into(offsets_, i, j - i, fresh_offsets.begin(), fresh_offsets.end());
        splice_into(lens_, i, j - i, lens.begin(), lens.end());
        splice_into(entries_, i, j - i, std::make_move_iterator(fresh.begin()), std::make_move_iterator(fresh.end()));
        i += hs.size();
        sp.inserted.assign(entries_.begin() + static_cast<std::ptrdiff_t>(sp.at), entries_.begin() + static_cast<std::ptrdiff_t>(i));
        out.push_back(std::move(sp));
    }
    std::int64_t const tail = spans.back().c_after;
    if (tail != 0) shift_below(offsets_, i, std::numeric_limits<std::uint64_t>::max(), tail);
    return out;
}

}  // namespace refold::views::detail
