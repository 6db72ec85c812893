// internal; see crdt/lattice/json.hpp (JSON codecs of the CRDTs, included at its end).
#pragma once

#include <crdt/lattice/json.hpp>

namespace refold::crdt::lattice {
namespace detail {

using counts_codec = json_codec<g_counter::counts_type>;

template <>
struct json_codec<g_counter> {
    static json encode(const g_counter& c) {
        return {{"type", "g_counter"}, {"counts", counts_codec::encode(c.counts())}};
    }
    static g_counter decode(const json& j) {
        json_object(j, "g_counter", {"counts"});
        return g_counter::from_counts(counts_codec::decode(j["counts"]));
    }
};

template <>
struct json_codec<pn_counter> {
    static json encode(const pn_counter& c) {
        return {{"type", "pn_counter"},
                {"p", counts_codec::encode(c.increments().counts())},
                {"n", counts_codec::encode(c.decrements().counts())}};
    }
    static pn_counter decode(const json& j) {
        json_object(j, "pn_counter", {"p", "n"});
        return pn_counter::from_parts(g_counter::from_counts(counts_codec::decode(j["p"])),
                                      g_counter::from_counts(counts_codec::decode(j["n"])));
    }
};

template <class T>
struct json_codec<g_set<T>> {
    static json encode(const g_set<T>& s) {
        json xs = json::array();
        for (const auto& x : s.elements()) xs.push_back(detail::encode(x));
        return {{"type", "g_set"}, {"elements", std::move(xs)}};
    }
    static g_set<T> elements(const json& j) {
        return g_set<T>::from_elements(json_codec<std::set<T>>::decode(j));
    }
    static g_set<T> decode(const json& j) {
        json_object(j, "g_set", {"elements"});
        return elements(j["elements"]);
    }
};

template <class T>
struct json_codec<two_p_set<T>> {
    static json encode(const two_p_set<T>& s) {
        return {{"type", "two_p_set"},
                {"added", json_codec<g_set<T>>::encode(s.added())["elements"]},
                {"removed", json_codec<g_set<T>>::encode(s.removed())["elements"]}};
    }
    static two_p_set<T> decode(const json& j) {
        json_object(j, "two_p_set", {"added", "removed"});
        return two_p_set<T>::from_parts(json_codec<g_set<T>>::elements(j["added"]),
                                        json_codec<g_set<T>>::elements(j["removed"]));
    }
};

// Dots of a decoded causal CRDT: each in the context, none used twice.
inline void check_dot(const dot& d, const causal_context& c, std::set<dot>& used) {
    if (!c.contains(d)) json_fail(3, "dot outside the causal context");
    if (!used.insert(d).second) json_fail(3, "dot used twice");
}

template <class T>
struct json_codec<or_set<T>> {
    static json encode(const or_set<T>& s) {
        json entries = json::array();
        for (const auto& [x, dots] : s.entries()) {
            entries.push_back(json::array({detail::encode(x), detail::encode(dots)}));
        }
        return {{"type", "or_set"}, {"entries", std::move(entries)},
                {"context", detail::encode(s.context())}};
    }
    static or_set<T> decode(const json& j) {
        json_object(j, "or_set", {"entries", "context"});
        auto context = detail::decode<causal_context>(j["context"]);
        typename or_set<T>::entries_type entries;
        std::set<dot> used;
        for (const json& e : json_array(j["entries"], 0, "or_set entries")) {
            json_array(e, 2, "an or_set entry");
            auto dots = detail::decode<std::set<dot>>(e[1]);
            if (dots.empty()) json_fail(3, "or_set element without dots");
            for (const dot& d : dots) check_dot(d, context, used);
            if (!entries.emplace(detail::decode<T>(e[0]), std::move(dots)).second) {
                json_fail(3, "duplicate or_set element");
            }
        }
        return or_set<T>::from_parts(std::move(entries), std::move(context));
    }
};

template <class V>
struct json_codec<lww_register<V>> {
    static json encode(const lww_register<V>& r) {
        json write = nullptr;
        if (r.has_value()) {
            write = {{"lamport", r.lamport()}, {"replica", r.writer()}, {"value", detail::encode(*r.get())}};
        }
        return {{"type", "lww_register"}, {"write", std::move(write)}};
    }
    static lww_register<V> decode(const json& j) {
        json_object(j, "lww_register", {"write"});
        const json& w = j["write"];
        if (w.is_null()) return {};
        json_object(w, nullptr, {"lamport", "replica", "value"});
        const auto lamport = detail::decode<std::uint64_t>(w["lamport"]);
        if (lamport == 0) json_fail(3, "lww_register write at lamport time 0");
        return lww_register<V>::from_parts(lamport, detail::decode<replica_id>(w["replica"]),
                                           detail::decode<V>(w["value"]));
    }
};

template <class V>
struct json_codec<mv_register<V>> {
    static json encode(const mv_register<V>& r) {
        json entries = json::array();
        for (const auto& [d, v] : r.entries()) entries.push_back(json::array({detail::encode(d), detail::encode(v)}));
        return {{"type", "mv_register"}, {"entries", std::move(entries)},
                {"context", detail::encode(r.context())}};
    }
    static mv_register<V> decode(const json& j) {
        json_object(j, "mv_register", {"entries", "context"});
        auto context = detail::decode<causal_context>(j["context"]);
        typename mv_register<V>::entries_type entries;
        std::set<dot> used;
        for (const json& e : json_array(j["entries"], 0, "mv_register entries")) {
            json_array(e, 2, "an mv_register entry");
            const dot d = detail::decode<dot>(e[0]);
            check_dot(d, context, used);
            entries.emplace(d, detail::decode<V>(e[1]));
        }
        return mv_register<V>::from_parts(std::move(entries), std::move(context));
    }
};

template <class T>
inline constexpr bool json_hooked = false;
template <>
inline constexpr bool json_hooked<g_counter> = true;
template <>
inline constexpr bool json_hooked<pn_counter> = true;
template <class T>
inline constexpr bool json_hooked<g_set<T>> = true;
template <class T>
inline constexpr bool json_hooked<two_p_set<T>> = true;
template <class T>
inline constexpr bool json_hooked<or_set<T>> = true;
template <class V>
inline constexpr bool json_hooked<lww_register<V>> = true;
template <class V>
inline constexpr bool json_hooked<mv_register<V>> = true;

}  // namespace detail

// nlohmann's ADL hooks, so `nlohmann::json j = crdt;` and `j.get<crdt_type>()` work.
template <class T>
    requires detail::json_hooked<T>
void to_json(nlohmann::json& j, const T& x) {
    j = to_json_value(x);
}
template <class T>
    requires detail::json_hooked<T>
void from_json(const nlohmann::json& j, T& x) {
    x = from_json_value<T>(j);
}

}  // namespace refold::crdt::lattice
