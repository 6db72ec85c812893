// lib0 `any` values (SPEC §1.5): the JSON-like payload of Any content, map values and
// subdocument options. Decoded objects keep their key order, so re-encoding is byte-exact.
#pragma once

#include <crdt/encoding/lib0.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace refold::crdt::encoding {

struct any {
    enum class kind : std::uint8_t {
        undefined, null, integer, float32, float64, bigint, boolean, string, object, array, bytes
    };

    kind k = kind::undefined;
    bool negative_zero = false;  // integer -0 (tag 125, varInt 0x40)
    bool flag = false;           // boolean
    std::int64_t i = 0;          // integer, bigint
    double d = 0;                // float32 (widened), float64
    std::string s;               // string (UTF-8) or bytes
    std::vector<any> items;      // array elements
    std::vector<std::pair<std::string, any>> fields;  // object, in wire order

    any() noexcept;  // defined after the class (see below)

    static any undefined();
    static any null();
    static any boolean(bool b);
    static any string(std::string v);
    static any bytes(std::string v);
    static any bigint(std::int64_t v);
    // A JavaScript number, classified as Yjs' writer does: integer if |n| <= 2^31-1,
    // else float32 if exact, else float64.
    static any number(double v);
    static any integer(std::int64_t v);
    static any array(std::vector<any> v);
    // An object; keys are reordered as JavaScript's Object.keys would (integer-like first).
    static any object(std::vector<std::pair<std::string, any>> v);

    // The value as a double (numbers only; bigint converted).
    double as_number() const noexcept;
    bool is_number() const noexcept {
        return k == kind::integer || k == kind::float32 || k == kind::float64;
    }

    friend bool operator==(any const& a, any const& b) noexcept;
};

// Defined after the class: `any` must be complete before its members' destructors are used
// (clang rejects the in-class versions).
inline any::any() noexcept = default;
inline any any::undefined() { return {}; }
inline any any::null() { any a; a.k = kind::null; return a; }
inline any any::boolean(bool b) { any a; a.k = kind::boolean; a.flag = b; return a; }
inline any any::string(std::string v) { any a; a.k = kind::string; a.s = std::move(v); return a; }
inline any any::bytes(std::string v) { any a; a.k = kind::bytes; a.s = std::move(v); return a; }
inline any any::bigint(std::int64_t v) { any a; a.k = kind::bigint; a.i = v; return a; }
inline any any::integer(std::int64_t v) { return number(static_cast<double>(v)); }
inline any any::array(std::vector<any> v) { any a; a.k = kind::array; a.items = std::move(v); return a; }

// Throws decode_error ([crdt.decode.4] unknown tag, [crdt.decode.11] nesting deeper than 512).
any read_any(reader& r);
void write_any(writer& w, any const& v);

}  // namespace refold::crdt::encoding
