#include <crdt/encoding/any.hpp>

#include <algorithm>
#include <cmath>

namespace refold::crdt::encoding {

namespace {

constexpr int max_depth = 512;

bool is_array_index(std::string const& k) {
    if (k.empty() || k.size() > 10) return false;
    if (k.size() > 1 && k[0] == '0') return false;
    std::uint64_t v = 0;
    for (char c : k) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v < 4294967295u;
}

any read_any_at(reader& r, int depth) {
    if (depth > max_depth) throw decode_error("[crdt.decode.11] `any` value nested too deeply");
    std::uint8_t tag = r.read_u8();
    any a;
    switch (tag) {
    case 127: a.k = any::kind::undefined; break;
    case 126: a.k = any::kind::null; break;
    case 125: {
        auto v = r.read_var_int();
        a.k = any::kind::integer;
        a.i = v.negative ? -static_cast<std::int64_t>(v.magnitude) : static_cast<std::int64_t>(v.magnitude);
        a.negative_zero = v.negative && v.magnitude == 0;
        break;
    }
    case 124: a.k = any::kind::float32; a.d = static_cast<double>(r.read_f32_be()); break;
    case 123: a.k = any::kind::float64; a.d = r.read_f64_be(); break;
    case 122: a.k = any::kind::bigint; a.i = r.read_i64_be(); break;
    case 121: a.k = any::kind::boolean; a.flag = false; break;
    case 120: a.k = any::kind::boolean; a.flag = true; break;
    case 119: a.k = any::kind::string; a.s = std::string(r.read_var_string()); break;
    case 118: {
        a.k = any::kind::object;
        std::uint64_t n = r.read_var_uint();
        r.check_count(n, 2);
        a.fields.reserve(static_cast<std::size_t>(n));
        for (std::uint64_t j = 0; j < n; ++j) {
            std::string key(r.read_var_string());
            a.fields.emplace_back(std::move(key), read_any_at(r, depth + 1));
        }
        break;
    }
    case 117: {
        a.k = any::kind::array;
        std::uint64_t n = r.read_var_uint();
        r.check_count(n, 1);
        a.items.reserve(static_cast<std::size_t>(n));
        for (std::uint64_t j = 0; j < n; ++j) a.items.push_back(read_any_at(r, depth + 1));
        break;
    }
    case 116: {
        a.k = any::kind::bytes;
        auto b = r.read_var_bytes();
        a.s.assign(reinterpret_cast<const char*>(b.data()), b.size());
        break;
    }
    default:
        throw decode_error("[crdt.decode.4] unknown `any` tag " + std::to_string(tag));
    }
    return a;
}

}  // namespace

any any::number(double v) {
    any a;
    if (std::trunc(v) == v && std::fabs(v) <= 2147483647.0) {
        a.k = kind::integer;
        a.i = static_cast<std::int64_t>(v);
        a.negative_zero = v == 0 && std::signbit(v);
    } else if (static_cast<double>(static_cast<float>(v)) == v) {
        a.k = kind::float32;
        a.d = v;
    } else {
        a.k = kind::float64;
        a.d = v;
    }
    return a;
}

any any::object(std::vector<std::pair<std::string, any>> v) {
    std::stable_partition(v.begin(), v.end(), [](auto const& f) { return is_array_index(f.first); });
    auto mid = std::find_if(v.begin(), v.end(), [](auto const& f) { return !is_array_index(f.first); });
    std::sort(v.begin(), mid, [](auto const& x, auto const& y) {
        return x.first.size() != y.first.size() ? x.first.size() < y.first.size() : x.first < y.first;
    });
    any a;
    a.k = kind::object;
    a.fields = std::move(v);
    return a;
}

double any::as_number() const noexcept {
    switch (k) {
    case kind::integer: return negative_zero ? -0.0 : static_cast<double>(i);
    case kind::float32:
    case kind::float64: return d;
    case kind::bigint: return static_cast<double>(i);
    default: return 0;
    }
}

bool operator==(any const& a, any const& b) noexcept {
    if (a.k != b.k) return false;
    switch (a.k) {
    case any::kind::undefined:
    case any::kind::null: return true;
    case any::kind::integer: return a.i == b.i && a.negative_zero == b.negative_zero;
    case any::kind::float32:
    case any::kind::float64: return a.d == b.d || (std::isnan(a.d) && std::isnan(b.d));
    case any::kind::bigint: return a.i == b.i;
    case any::kind::boolean: return a.flag == b.flag;
    case any::kind::string:
    case any::kind::bytes: return a.s == b.s;
    case any::kind::array: return a.items == b.items;
    case any::kind::object: return a.fields == b.fields;
    }
    return false;
}

any read_any(reader& r) { return read_any_at(r, 0); }

void write_any(writer& w, any const& v) {
    switch (v.k) {
    case any::kind::undefined: w.write_u8(127); break;
    case any::kind::null: w.write_u8(126); break;
    case any::kind::integer: w.write_u8(125); w.write_var_int(v.i, v.negative_zero); break;
    case any::kind::float32: w.write_u8(124); w.write_f32_be(static_cast<float>(v.d)); break;
    case any::kind::float64: w.write_u8(123); w.write_f64_be(v.d); break;
    case any::kind::bigint: w.write_u8(122); w.write_i64_be(v.i); break;
    case any::kind::boolean: w.write_u8(v.flag ? 120 : 121); break;
    case any::kind::string: w.write_u8(119); w.write_var_string(v.s); break;
    case any::kind::object:
        w.write_u8(118);
        w.write_var_uint(v.fields.size());
        for (auto const& [key, val] : v.fields) {
            w.write_var_string(key);
            write_any(w, val);
        }
        break;
    case any::kind::array:
        w.write_u8(117);
        w.write_var_uint(v.items.size());
        for (auto const& x : v.items) write_any(w, x);
        break;
    case any::kind::bytes:
        w.write_u8(116);
        w.write_var_string(v.s);
        break;
    }
}

}  // namespace refold::crdt::encoding
