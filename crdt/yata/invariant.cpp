// doc::check_invariants: the block store and the lists agree (used by tests after every step, and
// by debug builds after transactions: see doc_state::commit).
#include <crdt/yata/detail/doc_state.hpp>
#include <crdt/yata/doc.hpp>

namespace refold::crdt::yata {

using detail::nil;

namespace {

[[noreturn]] void broken(std::string const& what) { throw crdt::error("[crdt.yata.invariant] " + what); }

}  // namespace

void detail::check_invariants(detail::doc_state const& d) {
    // per client: structs contiguous from clock 0, non-empty, ids consistent
    for (auto const& [c, s] : d.clients) {
        std::uint64_t clock = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            auto const& x = d.items[s[i]];
            if (x.id.client != c || x.id.clock != clock) broken("struct list of client " + std::to_string(c) + " has a gap");
            if (x.length == 0) broken("empty struct");
            if (!x.gc && x.content.length != x.length) broken("content length differs from item length");
            if (!x.gc && x.content.ref == encoding::content_ref::string && encoding::utf16_length(x.content.text) != x.length)
                broken("string length is not its UTF-16 length");
            if (x.gc && !x.deleted) broken("GC struct not deleted");
            clock += x.length;
        }
    }
    // per type: the list is doubly linked, its length is the live countable units; map entries
    // are the rightmost items of their key chains
    for (std::uint32_t t = 0; t < d.types.size(); ++t) {
        auto const& ty = d.types[t];
        std::uint64_t len = 0;
        std::uint32_t prev = nil;
        bool marker_seen = ty.marker == nil;
        std::uint64_t at = 0;
        for (auto it = ty.start; it != nil; it = d.items[it].right) {
            auto const& x = d.items[it];
            if (x.left != prev) broken("list link broken in type " + std::to_string(t));
            if (x.parent != t || x.key != nil) broken("list item with a foreign parent or a key");
            if (it == ty.marker) {
                marker_seen = true;
                if (ty.marker_pos != at) broken("search marker index is stale in type " + std::to_string(t) + ": " + std::to_string(ty.marker_pos) + " != " + std::to_string(at));
            }
            if (!x.deleted && x.countable()) {
                len += x.length;
                at += x.length;
            }
            prev = it;
        }
        if (len != ty.length) broken("type length " + std::to_string(ty.length) + " != live units " + std::to_string(len));
        if (ty.indexed) {  // the seq_index lists the items in order with their weights
            if (!ty.index.check()) broken("seq_index sums or positions are inconsistent");
            std::uint32_t pos = 0, off = 0, last_blk = nil;
            for (auto it = ty.start; it != nil; it = d.items[it].right) {
                auto const& x = d.items[it];
                if (x.blk == nil) broken("list item missing from the seq_index");
                auto const& bl = ty.index.at(x.blk);
                if (x.blk != last_blk) {
                    if (last_blk != nil && (bl.pos != pos + 1 || off != ty.index.at(last_blk).entries.size()))
                        broken("seq_index blocks out of order");
                    if (last_blk == nil && bl.pos != 0) broken("seq_index does not start at its first block");
                    pos = bl.pos;
                    off = 0;
                    last_blk = x.blk;
                }
                if (off >= bl.entries.size() || bl.entries[off].item != it) broken("seq_index entry out of order");
                if (bl.entries[off].weight != d.seq_weight(x)) broken("seq_index weight is stale");
                ++off;
            }
            if (last_blk == nil ? !ty.index.empty()
                                : (off != ty.index.at(last_blk).entries.size() || pos + 1 != ty.index.blocks()))
                broken("seq_index holds items that are not in the list");
        }
        if (!marker_seen) broken("search marker not in its list");
        for (auto const& [k, e] : ty.map) {
            auto const& x = d.items[e];
            if (x.right != nil) broken("map entry is not the newest item of its key");
            if (x.key != k || x.parent != t) broken("map entry with a different key or parent");
            for (auto l = x.left; l != nil; l = d.items[l].left)
                if (!d.items[l].deleted) broken("an overwritten map value is not deleted");
        }
    }
}

void doc::check_invariants() const { detail::check_invariants(*s_); }

}  // namespace refold::crdt::yata
