#include <crdt/encoding/describe.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace refold::crdt::encoding {

namespace {

std::string quote(std::string const& s) { return nlohmann::json(s).dump(); }


std::string js_number(double v) {
    if (std::trunc(v) == v && std::fabs(v) < 1e21) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f", v);
        return v == 0 ? "0" : buf;
    }
    return nlohmann::json(v).dump();
}

std::string tag(const char* name, std::string const& value) { return "{\"" + std::string(name) + "\":" + quote(value) + "}"; }

std::string id_str(wire_id id) { return "(" + std::to_string(id.client) + "," + std::to_string(id.clock) + ")"; }

std::string preview(content const& c) {
    std::string out;
    auto join = [&](auto const& xs, auto&& f) {
        for (std::size_t i = 0; i < xs.size(); ++i) out += (i ? ", " : "") + f(xs[i]);
    };
    switch (c.ref) {
    case content_ref::string: return quote(c.text);
    case content_ref::deleted: return std::to_string(c.length) + " deleted";
    case content_ref::any: join(c.values, [](any const& a) { return describe(a, true); }); return out;
    case content_ref::json: join(c.json, [](std::string const& s) { return s; }); return out;
    case content_ref::binary: return to_hex(c.text);
    case content_ref::embed: return c.text;
    case content_ref::format: return c.text + "=" + c.value;
    case content_ref::type:
        if (c.type == type_ref::xml_element || c.type == type_ref::xml_hook)
            return std::string(type_name(c.type)) + "(" + quote(c.text) + ")";
        return type_name(c.type);
    case content_ref::doc:
        return "guid=" + quote(c.text) + " opts=" + (c.values.empty() ? std::string("{}") : describe(c.values[0], false));
    default: return {};
    }
}

}  // namespace

std::string describe(any const& v, bool top) {
    switch (v.k) {
    case any::kind::undefined: return top ? "undefined" : "{\"__undefined\":true}";
    case any::kind::null: return "null";
    case any::kind::boolean: return v.flag ? "true" : "false";
    case any::kind::integer:
        if (v.negative_zero) return top ? "-0" : tag("__number", "-0");
        return std::to_string(v.i);
    case any::kind::float32:
    case any::kind::float64: {
        std::string special = std::isnan(v.d) ? "NaN" : std::isinf(v.d) ? (v.d > 0 ? "Infinity" : "-Infinity")
                              : (v.d == 0 && std::signbit(v.d)) ? "-0" : "";
        if (!special.empty()) return top ? special : tag("__number", special);
        return js_number(v.d);
    }
    case any::kind::bigint: return top ? std::to_string(v.i) + "n" : tag("__bigint", std::to_string(v.i));
    case any::kind::string: return quote(v.s);
    case any::kind::bytes: return tag("__bytes", to_hex(v.s));
    case any::kind::array: {
        std::string out = "[";
        for (std::size_t i = 0; i < v.items.size(); ++i) out += (i ? "," : "") + describe(v.items[i], false);
        return out + "]";
    }
    case any::kind::object: {
        std::string out = "{";
        for (std::size_t i = 0; i < v.fields.size(); ++i)
            out += (i ? "," : "") + quote(v.fields[i].first) + ":" + describe(v.fields[i].second, false);
        return out + "}";
    }
    }
    return {};
}

std::string describe(wire_struct const& s) {
    std::string out = "client " + std::to_string(s.id.client) + " clock " + std::to_string(s.id.clock);
    if (s.length > 1) out += ".." + std::to_string(s.end() - 1);
    out += " (len " + std::to_string(s.length) + ") ";
    if (s.kind == struct_kind::gc) return out + "GC";
    if (s.kind == struct_kind::skip) return out + "Skip";
    out += std::string("Item<") + content_name(s.content.ref) + "> [" + preview(s.content) + "]";
    out += " origin=" + (s.origin ? id_str(*s.origin) : std::string("-"));
    out += " rightOrigin=" + (s.right_origin ? id_str(*s.right_origin) : std::string("-"));
    std::string key = s.parent_sub ? " key=" + quote(*s.parent_sub) : std::string();
    switch (s.parent) {
    case parent_kind::none:
        return out + (s.has_parent_sub ? " key=(copied from neighbour)" : "") + " parent=(copied from neighbour)";
    case parent_kind::root: return out + " parent=root(" + quote(s.parent_name) + ")" + key;
    case parent_kind::item: return out + " parent=item" + id_str(s.parent_id) + key;
    }
    return out;
}

std::vector<std::string> describe(delete_set const& ds) {
    std::vector<std::string> out;
    for (auto it = ds.clients.rbegin(); it != ds.clients.rend(); ++it) {
        std::string line = "client " + std::to_string(it->first) + ":";
        for (auto r : it->second) line += " [" + std::to_string(r.clock) + ", " + std::to_string(r.clock + r.length) + ")";
        out.push_back(line);
    }
    return out;
}

}  // namespace refold::crdt::encoding
