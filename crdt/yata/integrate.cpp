// Remote integration: YATA integrate (SPEC §7), struct ordering with pending structs (§6.2),
// neighbour resolution (§6.3) and delete sets (§6.6).
#include <crdt/yata/detail/doc_state.hpp>

#include <algorithm>
#include <map>

namespace refold::crdt::yata::detail {

namespace {

bool same(bool ha, yata::id a, bool hb, yata::id b) { return ha == hb && (!ha || a == b); }

yata::id to_id(encoding::wire_id w) { return {w.client, w.clock}; }

}  // namespace

void doc_state::integrate(std::uint32_t it, std::uint64_t offset) {
    {
        item& x = items[it];
        if (offset > 0) {
            x.id.clock += offset;
            x.length -= offset;
            if (x.gc) {
                add_struct(it);
                return;
            }
            auto left = clean_end({x.id.client, x.id.clock - 1});
            item& y = items[it];
            y.origin = items[left].last_id();
            y.has_origin = true;
            y.content = encoding::split_content(y.content, offset);
            // The tail's implicit left is the struct before it; a (hostile) struct whose head
            // claimed another parent must not be linked into that struct's list.
            item const& l = items[left];
            y.left = !l.gc && l.parent == y.parent && l.key == y.key ? left : nil;
        } else if (x.gc) {
            add_struct(it);
            return;
        }
    }
    item& x = items[it];
    if (x.parent == nil) {  // parent gone: integrate a GC struct instead (SPEC §6.7)
        x.gc = true;
        x.deleted = true;
        x.content = encoding::content{};
        x.content.ref = encoding::content_ref::gc;
        x.left = x.right = nil;
        x.key = nil;
        add_struct(it);
        return;
    }
    auto parent = x.parent;
    auto key = x.key;
    bool need_scan = (x.left == nil && (x.right == nil || items[x.right].left != nil)) ||
                     (x.left != nil && items[x.left].right != x.right);
    if (need_scan) {
        auto left = x.left;
        std::uint32_t o;
        if (left != nil) {
            o = items[left].right;
        } else if (key != nil) {
            auto m = types[parent].map.find(key);
            o = m == types[parent].map.end() ? nil : m->second;
            while (o != nil && items[o].left != nil) o = items[o].left;
        } else {
            o = types[parent].start;
        }
        seen.clear();
        candidates.clear();
        while (o != nil && o != x.right) {
            item const& oi = items[o];
            seen.insert(o);
            candidates.insert(o);
            if (same(x.has_origin, x.origin, oi.has_origin, oi.origin)) {
                if (oi.id.client < x.id.client) {
                    left = o;
                    candidates.clear();
                } else if (same(x.has_right_origin, x.right_origin, oi.has_right_origin, oi.right_origin)) {
                    break;
                }
            } else if (oi.has_origin && seen.count(find(oi.origin)) != 0) {
                if (candidates.count(find(oi.origin)) == 0) {
                    left = o;
                    candidates.clear();
                }
            } else {
                break;
            }
            o = oi.right;
        }
        x.left = left;
    }
    if (x.left != nil) {
        x.right = items[x.left].right;
        items[x.left].right = it;
    } else {
        std::uint32_t r;
        if (key != nil) {
            auto m = types[parent].map.find(key);
            r = m == types[parent].map.end() ? nil : m->second;
            while (r != nil && items[r].left != nil) r = items[r].left;
        } else {
            r = types[parent].start;
            types[parent].start = it;
        }
        x.right = r;
    }
    if (x.right != nil) {
        items[x.right].left = it;
    } else if (key != nil) {
        types[parent].map[key] = it;
        if (x.left != nil) delete_item(x.left);
    }
    if (key == nil && x.countable() && !x.deleted) types[parent].length += x.length;
    if (key == nil && !marker_owned) types[parent].marker = nil;
    add_struct(it);
    switch (x.content.ref) {
    case encoding::content_ref::deleted:
        txn.linked_merge = false;
        txn.ds.add(x.id.client, x.id.clock, x.length);
        x.deleted = true;
        break;
    case encoding::content_ref::type: {
        auto t = new_type(x.content.type, it);
        items[it].self_type = t;
        break;
    }
    case encoding::content_ref::format: types[parent].has_formatting = true; break;
    default: break;
    }
    if (key == nil && types[parent].indexed) index_insert(it);
    add_changed(parent, key);
    item const& z = items[it];
    auto pi = types[parent].item;
    if ((pi != nil && items[pi].deleted) || (key != nil && z.right != nil)) delete_item(it);
}

namespace {

struct queue {
    std::vector<encoding::wire_struct>* structs = nullptr;
    std::size_t i = 0;
    std::size_t n = 0;
};

}  // namespace

// Integrates the structs of `u` in dependency order (Yjs integrateStructs); what cannot be
// integrated goes to `rest` (with the lowest missing clocks in `missing`). `next_clock` holds the
// clients' states as this run sees them (it equals the store's state in a real run). A dry run
// (`dry` given) changes nothing: it copies the parked structs and only tracks the clocks, so it
// predicts exactly what a real run would park, and records the type depth of each struct it
// would integrate in `*dry`.
void doc_state::order_structs(encoding::update& u, dry_depths* dry, std::map<std::uint64_t, std::vector<encoding::wire_struct>>& rest,
                              state_vector& missing, std::unordered_map<std::uint64_t, std::uint64_t>& next_clock) {
    std::map<std::uint64_t, queue> queues;
    std::vector<std::uint64_t> ids;
    for (auto& sec : u.sections) {
        queues[sec.client] = {&sec.structs, 0, sec.structs.size()};
        ids.push_back(sec.client);
    }
    std::sort(ids.begin(), ids.end());
    std::vector<encoding::wire_struct*> stack;
    auto vstate = [&](std::uint64_t c) {
        auto nc = next_clock.find(c);
        return nc == next_clock.end() ? state(c) : nc->second;
    };

    auto update_missing = [&](std::uint64_t c, std::uint64_t clock) {
        auto m = missing.find(c);
        if (m == missing.end() || m->second > clock) missing[c] = clock;
    };
    auto next_target = [&]() -> queue* {
        while (!ids.empty()) {
            auto& q = queues[ids.back()];
            if (q.i < q.n) return &q;
            ids.pop_back();
        }
        return nullptr;
    };
    // Yjs addStackToRestSS: the stack's clients keep everything from their stacked struct on as
    // pending. A dependency cycle can stack two structs of one client; Yjs then keeps only the
    // last one, we keep the queue from the earliest (nothing lost, nothing moved twice).
    auto park = [&]() {
        std::map<std::uint64_t, std::size_t> from;  // client -> first stacked index in its queue
        for (auto* s : stack) {
            auto c = s->id.client;
            auto q = queues.find(c);
            if (q == queues.end() || q->second.n == 0) continue;  // every head comes from a live queue
            auto idx = static_cast<std::size_t>(s - q->second.structs->data());
            auto [f, fresh] = from.emplace(c, idx);
            if (!fresh) f->second = std::min(f->second, idx);
        }
        for (auto [c, idx] : from) {
            auto& qq = queues[c];
            auto& dst = rest[c];
            auto b = qq.structs->begin() + static_cast<std::ptrdiff_t>(idx), e = qq.structs->begin() + static_cast<std::ptrdiff_t>(qq.n);
            if (dry) dst.insert(dst.end(), b, e);
            else dst.insert(dst.end(), std::make_move_iterator(b), std::make_move_iterator(e));
            qq.i = 0;
            qq.n = 0;
        }
        // The parked queues are now empty (n == 0), so next_target drops their clients when it
        // reaches them; erasing them from `ids` here would cost O(clients) per park (quadratic).
        stack.clear();
    };
    auto missing_dep = [&](encoding::wire_struct const& s) -> std::optional<std::uint64_t> {
        if (auto w = lacking_dependency(s, vstate)) return w->client;
        return std::nullopt;
    };

    // (container depth, self depth) of the struct holding `w`: integrated by this dry run, or stored
    auto depths_of = [&](encoding::wire_id w) -> std::pair<std::uint32_t, std::uint32_t> {
        auto e = dry->upper_bound({w.client, w.clock});
        if (e != dry->begin() && (--e)->first.first == w.client && w.clock < e->second.end)
            return {e->second.container, e->second.self};
        if (w.clock >= state(w.client)) return {0, 0};
        item const& x = items[find(to_id(w))];
        return {x.parent == nil ? 0 : types[x.parent].depth, x.self_type == nil ? 0 : types[x.self_type].depth};
    };
    auto dry_record = [&](dry_depths& out, encoding::wire_struct const& s) {
        dry_entry e{s.end(), 0, 0};
        if (s.kind == encoding::struct_kind::item) {
            if (s.parent == encoding::parent_kind::none) {
                if (s.origin) e.container = depths_of(*s.origin).first;
                else if (s.right_origin) e.container = depths_of(*s.right_origin).first;
            } else if (s.parent == encoding::parent_kind::item) {
                e.container = depths_of(s.parent_id).second;
            }
            if (s.content.ref == encoding::content_ref::type) e.self = e.container + 1;
        }
        out[{s.id.client, s.id.clock}] = e;
    };
    queue* cur = next_target();
    if (cur != nullptr) {
        encoding::wire_struct* head = &(*cur->structs)[cur->i++];
        for (;;) {
            if (head->kind != encoding::struct_kind::skip) {
                auto c = head->id.client;
                auto nc = next_clock.find(c);
                if (nc == next_clock.end()) nc = next_clock.emplace(c, state(c)).first;
                std::uint64_t local_clock = nc->second;
                if (head->id.clock > local_clock) {
                    stack.push_back(head);
                    update_missing(c, head->id.clock - 1);
                    park();
                } else if (auto m = missing_dep(*head); m && head->id.clock < local_clock) {
                    // A struct whose first clocks are known yet still lacks a dependency: no honest
                    // peer made it (the known part came with the same dependencies). doc::apply_update
                    // rejects new ones that reach past the known clocks; what is left are pending
                    // structs whose first clocks arrived by another route since, and fully known
                    // resends. No update could carry them faithfully (an encoding gives the part past
                    // the known clocks an origin and no parent), so the known clocks win and the
                    // struct is dropped (Yjs keeps it pending); its client's later structs wait.
                } else if (m) {
                    stack.push_back(head);
                    auto q = queues.find(*m);
                    if (q == queues.end() || q->second.i >= q->second.n) {
                        update_missing(*m, vstate(*m));
                        park();
                    } else {
                        head = &(*q->second.structs)[q->second.i++];
                        continue;
                    }
                } else {
                    std::uint64_t offset = local_clock - head->id.clock;
                    if (dry && (offset == 0 || offset < head->length)) {
                        dry_record(*dry, *head);
                    } else if (!dry && (offset == 0 || offset < head->length)) {
                        // materialize (getMissing part 2) and integrate
                        auto& s = *head;
                        std::uint32_t it = items.alloc();
                        {
                            item& x = items[it];
                            x.id = to_id(s.id);
                            x.length = s.length;
                            if (s.kind == encoding::struct_kind::gc) {
                                x.gc = true;
                                x.deleted = true;
                                x.content.ref = encoding::content_ref::gc;
                            } else {
                                x.content = std::move(s.content);
                                if (s.origin) { x.origin = to_id(*s.origin); x.has_origin = true; }
                                if (s.right_origin) { x.right_origin = to_id(*s.right_origin); x.has_right_origin = true; }
                            }
                        }
                        if (s.kind == encoding::struct_kind::item) {
                            std::uint32_t left = nil, right = nil;
                            if (s.origin) {
                                left = clean_end(to_id(*s.origin));
                                items[it].origin = items[left].last_id();
                            }
                            if (s.right_origin) {
                                right = clean_start(to_id(*s.right_origin));
                                items[it].right_origin = items[right].id;
                            }
                            std::uint32_t parent = nil, key = nil;
                            if ((left != nil && items[left].gc) || (right != nil && items[right].gc)) {
                                parent = nil;
                            } else if (s.parent == encoding::parent_kind::none) {
                                auto from = left != nil ? left : right;
                                if (from != nil) {
                                    parent = items[from].parent;
                                    key = items[from].key;
                                }
                            } else {
                                if (s.parent == encoding::parent_kind::root) {
                                    parent = root(s.parent_name);
                                } else {
                                    item const& p = items[find(to_id(s.parent_id))];
                                    parent = p.gc ? nil : p.self_type;
                                }
                                if (s.has_parent_sub && s.parent_sub) key = key_of(*s.parent_sub);
                            }
                            item& x = items[it];
                            x.left = left;
                            x.right = right;
                            x.parent = parent;
                            x.key = parent == nil ? nil : key;
                        }
                        integrate(it, offset);
                    }
                    nc = next_clock.find(c);
                    nc->second = std::max(nc->second, head->end());
                }
            }
            if (!stack.empty()) {
                head = stack.back();
                stack.pop_back();
            } else if (cur != nullptr && cur->i < cur->n) {
                head = &(*cur->structs)[cur->i++];
            } else {
                cur = next_target();
                if (cur == nullptr) break;
                head = &(*cur->structs)[cur->i++];
            }
        }
    }

}

std::size_t doc_state::pending_count() const {
    std::size_t n = 0;
    for (auto const& sec : pending) n += sec.structs.size();
    return n;
}

std::size_t doc_state::pending_types() const {
    std::size_t n = 0;
    for (auto const& sec : pending)
        for (auto const& st : sec.structs) n += st.content.ref == encoding::content_ref::type ? 1 : 0;
    return n;
}

doc_state::dry_result doc_state::dry_run(encoding::update const& u) const {
    // dry runs change nothing; order_structs takes mutable sections only for its real runs
    auto& self = const_cast<doc_state&>(*this);
    auto& uu = const_cast<encoding::update&>(u);
    dry_depths depths;
    std::map<std::uint64_t, std::vector<encoding::wire_struct>> rest;
    state_vector missing;
    std::unordered_map<std::uint64_t, std::uint64_t> next_clock;
    auto deepest_of = [&] {
        std::uint32_t m = 0;  // types this update would integrate (local edits may be deeper)
        for (auto const& [k, e] : depths) m = std::max(m, e.self);
        return m;
    };
    self.order_structs(uu, &depths, rest, missing, next_clock);
    std::size_t parked = 0;
    for (auto const& [c, v] : rest) parked += v.size();
    if (pending.empty()) return {parked, deepest_of()};
    auto vstate = [&](std::uint64_t c) { return next_clock.count(c) ? next_clock[c] : state(c); };
    bool retry = false;
    for (auto const& [c, clock] : pending_missing)
        if (clock < vstate(c)) { retry = true; break; }
    for (auto const& sec : pending)
        if (!retry && !sec.structs.empty() && sec.structs.front().id.clock < vstate(sec.client)) retry = true;
    if (!retry) {
        // as the real run: sections of clients already pending merge with them (which may add
        // skips or join structs), the others are appended
        std::vector<encoding::client_section> overlap;
        std::size_t n = pending_count();
        for (auto const& sec : pending)
            if (rest.count(sec.client) != 0) {
                overlap.push_back(sec);
                n -= sec.structs.size();
            }
        if (overlap.empty()) return {n + parked, deepest_of()};
        for (auto& [c, v] : rest) overlap.push_back({c, std::move(v)});
        for (auto const& sec : encoding::merge_sections(std::move(overlap))) n += sec.structs.size();
        return {n, deepest_of()};
    }
    // the real run re-applies all pending structs after this update: do the same, dry
    encoding::update again;
    again.sections = pending;
    for (auto& [c, v] : rest) again.sections.push_back({c, std::move(v)});
    again.sections = encoding::merge_sections(std::move(again.sections));
    rest.clear();
    missing.clear();
    self.order_structs(again, &depths, rest, missing, next_clock);
    parked = 0;
    for (auto const& [c, v] : rest) parked += v.size();
    return {parked, deepest_of()};
}

void doc_state::apply_update(encoding::update u) {
    std::map<std::uint64_t, std::vector<encoding::wire_struct>> rest;
    state_vector missing;
    std::unordered_map<std::uint64_t, std::uint64_t> next_clock;
    order_structs(u, nullptr, rest, missing, next_clock);

    // ---- pending structs
    bool retry = false;
    if (!pending.empty()) {
        // a missing clock arrived: only clients whose state grew in this transaction can have
        // delivered one (the others were checked when they last grew)
        for (auto const& [c, b] : txn.before) {
            auto m = pending_missing.find(c);
            if (m != pending_missing.end() && m->second < state(c)) { retry = true; break; }
        }
        // a pending section whose first clocks arrived by another route: retried (see the drop
        // in order_structs); Yjs retries only on pending.missing and keeps such structs forever.
        // Only clients whose state grew in this transaction can have come to overlap (the rest
        // were checked, and retried, when they last grew); their lookup is O(1), so an update
        // costs O(pending) cheap steps here, not O(pending) store lookups.
        for (auto const& sec : pending) {
            if (retry) break;
            if (sec.structs.empty() || txn.find_before(sec.client) == nullptr) continue;
            if (sec.structs.front().id.clock < state(sec.client)) retry = true;
        }
        if (!rest.empty()) {
            for (auto const& [c, clock] : missing) {
                auto m = pending_missing.find(c);
                if (m == pending_missing.end() || m->second > clock) pending_missing[c] = clock;
            }
            // new clients are appended; only a client already pending needs the (O(pending)) merge
            bool overlap = false;
            for (auto const& sec : pending) overlap = overlap || rest.count(sec.client) != 0;
            for (auto& [c, v] : rest) pending.push_back({c, std::move(v)});
            if (overlap) pending = encoding::merge_sections(std::move(pending));
        }
    } else if (!rest.empty()) {
        for (auto& [c, v] : rest) pending.push_back({c, std::move(v)});
        pending = encoding::merge_sections(std::move(pending));
        pending_missing = missing;
    }

    // ---- delete sets
    delete_set ds_rest;
    apply_delete_set(u.deletes, ds_rest);
    if (!pending_ds.empty()) {
        // only clients whose state grew in this transaction can have pending ranges that now
        // apply (the others were tried when they last grew): orphans cost O(1) each here
        delete_set old;
        for (auto it = pending_ds.clients.begin(); it != pending_ds.clients.end();) {
            if (txn.find_before(it->first) != nullptr && it->second.front().clock < state(it->first)) {
                old.clients.insert(pending_ds.clients.extract(it++));
            } else {
                ++it;
            }
        }
        apply_delete_set(old, ds_rest);
    }
    ds_rest.normalize();
    for (auto& [c, v] : ds_rest.clients) {
        auto [at, fresh] = pending_ds.clients.try_emplace(c, std::move(v));
        if (fresh) continue;
        at->second.insert(at->second.end(), v.begin(), v.end());
        delete_set one;  // normalizes just this client (two sorted runs: a linear merge)
        one.clients.emplace(c, std::move(at->second));
        one.normalize();
        at->second = std::move(one.clients.begin()->second);
    }

    if (retry) {
        encoding::update again;
        again.sections = std::move(pending);
        pending.clear();
        pending_missing.clear();
        apply_update(std::move(again));
    }
}

void doc_state::apply_delete_set(delete_set const& ds, delete_set& unapplied) {
    for (auto const& [cl, ranges] : ds.clients) {
        auto st = state(cl);
        std::size_t hint = 0;
        for (auto r : ranges) {
            auto clock = r.clock, end = r.clock + r.length;
            if (clock >= st) {
                unapplied.add(cl, clock, r.length);
                continue;
            }
            if (st < end) unapplied.add(cl, st, end - st);
            auto& s = list_for(cl);
            // a deletion we already applied (peers resend their whole delete set): no item touched
            if (s.all_known_deleted(clock, std::min(end, st), hint)) continue;
            auto pos = find_pos(s, clock);
            {
                item const& x = items[s[pos]];
                if (!x.deleted && x.id.clock < clock) {
                    split(s[pos], clock - x.id.clock);
                    ++pos;
                }
            }
            while (pos < s.size()) {
                auto it = s[pos];
                item const& x = items[it];
                if (x.id.clock >= end) break;
                if (!x.deleted) {
                    if (end < x.end()) split(it, end - x.id.clock);
                    delete_item(it);
                }
                s.mark_deleted(pos++);
            }
        }
    }
}

}  // namespace refold::crdt::yata::detail
