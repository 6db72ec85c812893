// JSON for lattices and CRDTs: the one bridging header that includes nlohmann/json.
//
//   nlohmann::json to_json_value(const T&)        T from_json_value<T>(const nlohmann::json&)
//   std::string    to_json_string(const T&)       T from_json_string<T>(std::string_view)
//
// Decoding checks types, ranges and invariants and throws json_error with a stable id (see
// error.hpp; [crdt.lattice.json.5] is text that is not JSON). Encodings:
//   max_lattice<T> → T; unit → {}; bool → bool; std::set → [x...]; std::map → [[k, v]...];
//   pair, tuple, lex_pair → [a, b, ...]; optional → null | value; dot → [replica, counter];
//   causal_context → {"vv": [[replica, n]...], "cloud": [dot...]};
//   CRDTs → objects tagged {"type": "g_counter" | "pn_counter" | "g_set" | "two_p_set" |
//   "or_set" | "lww_register" | "mv_register", ...fields}.
// For CRDT types, nlohmann's own `json j = x;` and `j.get<T>()` work too (ADL hooks).
#pragma once

#include <crdt/lattice/concepts.hpp>
#include <crdt/lattice/counter.hpp>
#include <crdt/lattice/dot.hpp>
#include <crdt/lattice/error.hpp>
#include <crdt/lattice/lexicographic.hpp>
#include <crdt/lattice/map.hpp>
#include <crdt/lattice/or_set.hpp>
#include <crdt/lattice/primitives.hpp>
#include <crdt/lattice/register.hpp>
#include <crdt/lattice/set.hpp>

#include <nlohmann/json.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace refold::crdt::lattice {

namespace detail {

using json = nlohmann::json;

[[noreturn]] inline void json_fail(int id, const std::string& what) {
    throw json_error("[crdt.lattice.json." + std::to_string(id) + "] " + what);
}

inline const json& json_array(const json& j, std::size_t size_or_any, const char* what) {
    if (!j.is_array()) json_fail(1, std::string("expected an array for ") + what);
    if (size_or_any != 0 && j.size() != size_or_any) {
        json_fail(2, std::string("expected ") + std::to_string(size_or_any) + " items for " + what);
    }
    return j;
}

// Checks j is an object with exactly `fields` (and "type": tag when tag is non-null).
inline void json_object(const json& j, const char* tag, std::initializer_list<const char*> fields) {
    if (!j.is_object()) json_fail(1, std::string("expected an object for ") + (tag ? tag : "value"));
    std::size_t expected = fields.size();
    if (tag != nullptr) {
        ++expected;
        auto t = j.find("type");
        if (t == j.end() || !t->is_string() || t->get_ref<const std::string&>() != tag) {
            json_fail(2, std::string("expected \"type\": \"") + tag + "\"");
        }
    }
    for (const char* f : fields) {
        if (!j.contains(f)) json_fail(2, std::string("missing field \"") + f + "\"");
    }
    if (j.size() != expected) json_fail(2, "unexpected fields in object");
}

template <class T>
struct json_codec {  // scalars: integers, floating point, bool, strings; else nlohmann's get
    static json encode(const T& x) { return json(x); }
    static T decode(const json& j) {
        if constexpr (std::same_as<T, bool>) {
            if (!j.is_boolean()) json_fail(1, "expected a boolean");
            return j.get<bool>();
        } else if constexpr (std::integral<T>) {
            if (!j.is_number_integer()) json_fail(1, "expected an integer");
            if (j.is_number_unsigned()) {
                const auto u = j.get<std::uint64_t>();
                if (u > static_cast<std::make_unsigned_t<T>>(std::numeric_limits<T>::max())) {
                    json_fail(4, "integer out of range");
                }
                return static_cast<T>(u);
            }
            const auto i = j.get<std::int64_t>();
            if constexpr (std::is_unsigned_v<T>) {
                if (i < 0) json_fail(4, "negative integer for an unsigned field");
                if (static_cast<std::uint64_t>(i) > std::numeric_limits<T>::max()) json_fail(4, "integer out of range");
            } else {
                if (i < std::numeric_limits<T>::min() || i > std::numeric_limits<T>::max()) {
                    json_fail(4, "integer out of range");
                }
            }
            return static_cast<T>(i);
        } else if constexpr (std::floating_point<T>) {
            if (!j.is_number()) json_fail(1, "expected a number");
            return j.get<T>();
        } else if constexpr (std::same_as<T, std::string>) {
            if (!j.is_string()) json_fail(1, "expected a string");
            return j.get<std::string>();
        } else {
            try {
                return j.get<T>();
            } catch (const nlohmann::json::exception& e) {
                json_fail(1, e.what());
            }
        }
    }
};

template <class T>
json encode(const T& x) { return json_codec<T>::encode(x); }
template <class T>
T decode(const json& j) { return json_codec<T>::decode(j); }

template <class T>
struct json_codec<max_lattice<T>> {
    static json encode(const max_lattice<T>& x) { return detail::encode(x.value); }
    static max_lattice<T> decode(const json& j) { return {detail::decode<T>(j)}; }
};

template <>
struct json_codec<unit> {
    static json encode(unit) { return json::object(); }
    static unit decode(const json& j) {
        json_object(j, nullptr, {});
        return {};
    }
};

template <class T, class C, class A>
struct json_codec<std::set<T, C, A>> {
    static json encode(const std::set<T, C, A>& s) {
        json out = json::array();
        for (const auto& x : s) out.push_back(detail::encode(x));
        return out;
    }
    static std::set<T, C, A> decode(const json& j) {
        std::set<T, C, A> out;
        for (const json& x : json_array(j, 0, "a set")) {
            if (!out.insert(detail::decode<T>(x)).second) json_fail(3, "duplicate set element");
        }
        return out;
    }
};

// Maps: [[key, value]...], keys unique, no value equal to bottom (absent means bottom).
template <class K, class V, class C, class A>
struct json_codec<std::map<K, V, C, A>> {
    static json encode(const std::map<K, V, C, A>& m) {
        json out = json::array();
        for (const auto& [k, v] : m) out.push_back(json::array({detail::encode(k), detail::encode(v)}));
        return out;
    }
    static std::map<K, V, C, A> decode(const json& j) {
        std::map<K, V, C, A> out;
        for (const json& kv : json_array(j, 0, "a map")) {
            json_array(kv, 2, "a map entry");
            V v = detail::decode<V>(kv[1]);
            if constexpr (bounded_join_semilattice<V>) {
                if (v == lattice::bottom<V>()) json_fail(3, "map entry holds bottom");
            }
            if (!out.emplace(detail::decode<K>(kv[0]), std::move(v)).second) json_fail(3, "duplicate map key");
        }
        return out;
    }
};

template <class... Ts>
struct json_codec<std::tuple<Ts...>> {
    static json encode(const std::tuple<Ts...>& t) {
        return std::apply([](const auto&... x) { return json::array({detail::encode(x)...}); }, t);
    }
    static std::tuple<Ts...> decode(const json& j) {
        json_array(j, sizeof...(Ts), "a tuple");
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            return std::tuple<Ts...>{detail::decode<Ts>(j[I])...};
        }(std::index_sequence_for<Ts...>{});
    }
};

template <class A, class B>
struct json_codec<std::pair<A, B>> {
    static json encode(const std::pair<A, B>& p) { return json::array({detail::encode(p.first), detail::encode(p.second)}); }
    static std::pair<A, B> decode(const json& j) {
        json_array(j, 2, "a pair");
        return {detail::decode<A>(j[0]), detail::decode<B>(j[1])};
    }
};

template <class A, class B>
struct json_codec<lex_pair<A, B>> {
    static json encode(const lex_pair<A, B>& p) { return json::array({detail::encode(p.first), detail::encode(p.second)}); }
    static lex_pair<A, B> decode(const json& j) {
        json_array(j, 2, "a lexicographic pair");
        return {detail::decode<A>(j[0]), detail::decode<B>(j[1])};
    }
};

template <class T>
struct json_codec<std::optional<T>> {
    static json encode(const std::optional<T>& x) { return x ? detail::encode(*x) : json(nullptr); }
    static std::optional<T> decode(const json& j) {
        if (j.is_null()) return std::nullopt;
        return detail::decode<T>(j);
    }
};

template <>
struct json_codec<dot> {
    static json encode(const dot& d) { return json::array({d.replica, d.counter}); }
    static dot decode(const json& j) {
        json_array(j, 2, "a dot");
        dot d{detail::decode<replica_id>(j[0]), detail::decode<std::uint64_t>(j[1])};
        if (d.counter == 0) json_fail(3, "dot counter 0 (counters start at 1)");
        return d;
    }
};

template <>
struct json_codec<causal_context> {
    using vv_codec = json_codec<std::map<replica_id, max_lattice<std::uint64_t>>>;
    static json encode(const causal_context& c) {
        json vv = json::array();
        for (const auto& [r, n] : c.versions()) vv.push_back(json::array({r, n}));
        return {{"vv", std::move(vv)}, {"cloud", detail::encode(c.cloud())}};
    }
    static causal_context decode(const json& j) {
        json_object(j, nullptr, {"vv", "cloud"});
        causal_context::version_vector vv;
        for (const auto& [r, n] : vv_codec::decode(j["vv"])) vv.emplace(r, n.value);
        return causal_context::from_parts(std::move(vv), detail::decode<std::set<dot>>(j["cloud"]));
    }
};

}  // namespace detail

template <class T>
nlohmann::json to_json_value(const T& x) { return detail::json_codec<std::remove_cv_t<T>>::encode(x); }

template <class T>
std::remove_cv_t<T> from_json_value(const nlohmann::json& j) {
    return detail::json_codec<std::remove_cv_t<T>>::decode(j);
}

template <class T>
std::string to_json_string(const T& x) { return to_json_value(x).dump(); }

template <class T>
std::remove_cv_t<T> from_json_string(std::string_view text) {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) detail::json_fail(5, "not valid JSON text");
    return from_json_value<T>(j);
}

}  // namespace refold::crdt::lattice

#include <crdt/lattice/detail/json_crdt.hpp>
