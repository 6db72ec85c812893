// Transactions: begin/commit, deleting items, garbage collection, block merging and the
// change_set of each transaction.
#include <crdt/yata/detail/doc_state.hpp>
#include <crdt/yata/detail/changes.hpp>
#include <crdt/yata/detail/format_cleanup.hpp>

#include <algorithm>

namespace refold::crdt::yata::detail {

void doc_state::begin(bool local) {
    if (depth++ == 0) {
        txn.local = local;
        txn.local_ops.clear();
        txn.clear_before();
        if (!txn.ds.clients.empty())
            for (auto& [c, v] : txn.ds.clients) v.clear();  // keeps the nodes and capacity (see commit)
        txn.merge_structs.clear();
        txn.changed.clear();
        txn.deleted_items.clear();
        txn.split_items.clear();
        txn.linked_merge = true;
    }
}

std::uint64_t doc_state::before_state(std::uint64_t c) const {
    if (auto const* b = txn.find_before(c)) return *b;
    return state(c);
}

void doc_state::add_changed(std::uint32_t type, std::uint32_t key) {
    if (type == nil) return;
    auto ti = types[type].item;
    if (ti != nil) {
        item const& x = items[ti];
        if (x.id.clock >= before_state(x.id.client) || x.deleted) return;
    }
    for (auto const& c : txn.changed)
        if (c.first == type && c.second == key) return;
    txn.changed.emplace_back(type, key);
}

void doc_state::delete_item(std::uint32_t it) {
    item& x = items[it];
    if (x.deleted) return;
    if (x.parent != nil) {
        auto& p = types[x.parent];
        if (x.countable() && x.key == nil) p.length -= x.length;
        if (!marker_owned) p.marker = nil;
    }
    x.deleted = true;
    if (x.key == nil && x.parent != nil && types[x.parent].indexed) index_reweigh(it);
    txn.ds.add(x.id.client, x.id.clock, x.length);
    txn.deleted_items.push_back(it);
    add_changed(x.parent, x.key);
    if (x.content.ref == encoding::content_ref::type && x.self_type != nil) {
        txn.linked_merge = false;
        auto t = x.self_type;
        types[t].marker = nil;  // a local edit owns only the marker of the type it edits
        auto visit = [&](std::uint32_t c) {
            item const& ci = items[c];
            if (!ci.deleted) delete_item(c);
            else if (ci.id.clock < before_state(ci.id.client)) txn.merge_structs.push_back(ci.id);
        };
        for (auto c = types[t].start; c != nil; c = items[c].right) visit(c);
        std::vector<std::uint32_t> entries;
        for (auto const& [k, e] : types[t].map) entries.push_back(e);
        for (auto e : entries) visit(e);
        std::erase_if(txn.changed, [t](auto const& c) { return c.first == t; });
    }
}

void doc_state::gc_item(std::uint32_t it, bool parent_gcd) {
    item& x = items[it];
    if (x.content.ref == encoding::content_ref::type && x.self_type != nil) {
        auto t = x.self_type;
        for (auto c = types[t].start; c != nil;) {
            auto next = items[c].right;
            gc_item(c, true);
            c = next;
        }
        types[t].start = nil;
        types[t].marker = nil;
        types[t].length = 0;
        for (auto const& [k, e] : types[t].map) {
            for (auto c = e; c != nil;) {
                auto next = items[c].left;
                gc_item(c, true);
                c = next;
            }
        }
        types[t].map.clear();
        types[t].index.clear();
        types[t].indexed = false;
        items[it].self_type = nil;
    }
    item& y = items[it];
    if (parent_gcd) {
        y.gc = true;
        y.deleted = true;
        item::reset_content(y.content, encoding::content_ref::gc, 0);
        y.parent = nil;
        y.key = nil;
        y.blk = nil;
        y.left = y.right = nil;
    } else {
        item::reset_content(y.content, encoding::content_ref::deleted, y.length);
    }
}

change_set const& doc_state::commit() {
    if (!txn.local) cleanup_after_remote(*this);  // Yjs does this in a follow-up transaction
    txn.ds.normalize();
    change_set& cs = last;
    cs.local = txn.local;
    cs.inserted.clear();
    for (auto const& [c, b] : txn.before) {
        auto after = state(c);
        if (after > b) cs.inserted.push_back({c, b, after - b});
    }
    std::sort(cs.inserted.begin(), cs.inserted.end(), [](auto const& a, auto const& b) { return a.client > b.client; });
    if (collect_changes) compute_changes(*this, cs);
    else cs.changes.clear();
    std::swap(cs.deleted.clients, txn.ds.clients);  // txn.ds reuses the old storage
    auto const& ds = cs.deleted;

    if (txn.local && txn.linked_merge && linked_merge_enabled) {
        merge_linked();
        ++linked_commits;
    } else {
        merge_by_positions(ds);
    }
    depth = 0;
#ifndef NDEBUG
    // Debug builds check the document after transactions, amortized so long replays stay linear:
    // every transaction while it is small, then once per (live items / 64) transactions.
    if (++unchecked_txns >= items.live() / 64) {
        unchecked_txns = 0;
        check_invariants(*this);
    }
#endif
    for (auto const& f : observers) f(cs);
    return cs;
}

// Yjs' cleanup after a transaction (tryGcDeleteSet, tryMergeDeleteSet, merging the new structs of
// each client and the split points), by struct list positions as Yjs does it.
void doc_state::merge_by_positions(delete_set const& ds) {
    if (gc_enabled) {
        for (auto const& [cl, ranges] : ds.clients) {
            auto& s = list_for(cl);
            for (auto r : ranges) {
                for (auto si = find_pos(s, r.clock); si < s.size(); ++si) {
                    item const& x = items[s[si]];
                    if (x.id.clock >= r.clock + r.length) break;
                    if (!x.gc && x.deleted && !x.keep) gc_item(s[si], false);
                }
            }
        }
    }
    for (auto const& [cl, ranges] : ds.clients) {
        auto& s = list_for(cl);
        for (auto di = ranges.size(); di-- > 0;) {
            auto r = ranges[di];
            auto most_right = std::min(s.size() - 1, 1 + find_pos(s, r.clock + r.length - 1));
            auto si = static_cast<std::ptrdiff_t>(most_right);
            while (si > 0 && items[s[static_cast<std::size_t>(si)]].id.clock >= r.clock)
                si -= 1 + static_cast<std::ptrdiff_t>(try_merge_with_lefts(s, static_cast<std::size_t>(si)));
        }
    }
    for (auto const& [c, b] : txn.before) {
        if (state(c) == b) continue;
        auto& s = list_for(c);
        auto first = static_cast<std::ptrdiff_t>(std::max<std::size_t>(find_pos(s, b), 1));
        for (auto i = static_cast<std::ptrdiff_t>(s.size()) - 1; i >= first;)
            i -= 1 + static_cast<std::ptrdiff_t>(try_merge_with_lefts(s, static_cast<std::size_t>(i)));
    }
    for (auto i = txn.merge_structs.size(); i-- > 0;) {
        auto at = txn.merge_structs[i];
        auto& s = list_for(at.client);
        auto pos = find_pos(s, at.clock);
        if (pos + 1 < s.size() && try_merge_with_lefts(s, pos + 1) > 1) continue;
        if (pos > 0) try_merge_with_lefts(s, pos);
    }
}

// The same cleanup for a local transaction, from the items it touched instead of positions. Merging
// is confluent: whether two neighbouring blocks can merge depends only on the two structs at their
// boundary, which other merges do not change, so the result of a phase depends only on which
// boundaries it tries, not on the order. Yjs' first phase tries, for each struct deleted in the
// transaction (a local delete covers whole structs), the boundaries on both sides of it; the second,
// for the structs from each client's state before the transaction, the boundary before each; the
// third, for each split point in reverse order, the boundaries on both sides of the block holding
// it at that moment; and each merge also tries the next boundary to the left. The same boundaries
// are found here through the items (a mergeable left neighbour is always the list neighbour: see
// merge_with_lefts_linked), phase by phase. Transactions that deleted a nested type, split a
// deleted item or integrated deleted content take the positional path.
void doc_state::merge_linked() {
    auto& del = txn.deleted_items;
    if (gc_enabled) {
        for (auto it : del) {
            item const& x = items[it];
            if (!x.gc && x.deleted && !x.keep) gc_item(it, false);
        }
    }
    auto adjacent_right = [&](std::uint32_t it) {
        item const& x = items[it];
        auto n = x.right;
        return n != nil && items[n].id.client == x.id.client && items[n].id.clock == x.end() ? n : nil;
    };
    // A boundary is named by the item right of it (fixed before merging: items are released by
    // merges but not reused during the commit); a released item's left boundary has merged.
    auto& cand = txn.merge_candidates;
    cand.clear();
    for (auto it : del) {
        cand.push_back(it);
        if (auto n = adjacent_right(it); n != nil) cand.push_back(n);
    }
    for (auto it : cand)
        if (items[it].length != 0) merge_with_lefts_linked(it);
    for (auto const& [c, b] : txn.before) {
        auto& s = list_for(c);
        if (s.empty() || items[s.back()].end() == b) continue;
        auto first = static_cast<std::ptrdiff_t>(std::max<std::size_t>(find_pos(s, b), 1));
        for (auto i = static_cast<std::ptrdiff_t>(s.size()) - 1; i >= first;) {
            auto r = s[static_cast<std::size_t>(i)];
            i -= 1 + static_cast<std::ptrdiff_t>(items[r].gc ? try_merge_with_lefts(s, static_cast<std::size_t>(i))
                                                             : merge_with_lefts_linked(r));
        }
    }
    for (auto i = txn.merge_structs.size(); i-- > 0;) {
        auto at = txn.merge_structs[i];
        auto r = txn.split_items[i];
        item const& x = items[r];
        if (x.length == 0 || x.id != at) {  // merged into its left: find the block holding it
            auto& s = list_for(at.client);
            auto pos = find_pos(s, at.clock);
            if (pos + 1 < s.size() && try_merge_with_lefts(s, pos + 1) > 1) continue;
            if (pos > 0) try_merge_with_lefts(s, pos);
            continue;
        }
        auto n = adjacent_right(r);
        if (n != nil && merge_with_lefts_linked(n) > 1) continue;
        merge_with_lefts_linked(r);
    }
}

}  // namespace refold::crdt::yata::detail
