#include <crdt/yata/detail/changes.hpp>
#include <crdt/yata/detail/doc_state.hpp>
#include <crdt/yata/json.hpp>

#include <algorithm>
#include <cmath>

namespace refold::crdt::yata {

using detail::nil;
using encoding::content_ref;
using nlohmann::json;

namespace {

json tagged(const char* tag, json v) { return json{{tag, std::move(v)}}; }


json number_json(double v) {
    if (std::isnan(v)) return tagged("__number", "NaN");
    if (std::isinf(v)) return tagged("__number", v > 0 ? "Infinity" : "-Infinity");
    if (v == 0 && std::signbit(v)) return tagged("__number", "-0");
    return v;
}

// JS String(value) of a JSON attribute value, for XML rendering.
std::string js_string(json const& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object()) return "[object Object]";
    return v.dump();
}

std::string xml_string(doc const& d, std::uint32_t t);

std::string xml_text_string(doc const& d, std::uint32_t t) {
    auto& dd = const_cast<doc&>(d);
    std::string out;
    for (auto const& op : dd.text_at(t).delta()) {
        std::vector<std::pair<std::string, json>> nodes;
        for (auto const& a : op.attrs) nodes.emplace_back(a.key, json::parse(a.value));
        std::sort(nodes.begin(), nodes.end(), [](auto const& x, auto const& y) { return x.first < y.first; });
        std::string s;
        for (auto const& [name, val] : nodes) {
            s += "<" + name;
            if (val.is_object()) {
                std::vector<std::string> ks;
                for (auto const& [k, v] : val.items()) ks.push_back(k);
                std::sort(ks.begin(), ks.end());
                for (auto const& k : ks) s += " " + k + "=\"" + js_string(val[k]) + "\"";
            }
            s += ">";
        }
        if (!op.text.empty()) s += op.text;
        else if (!op.elements.empty()) s += element_to_json(d, op.elements[0]).dump();
        for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) s += "</" + it->first + ">";
        out += s;
    }
    return out;
}

std::string xml_children(doc const& d, std::uint32_t t) {
    auto const& s = d.state();
    std::string out;
    for (auto it = s.types[t].start; it != nil; it = s.items[it].right) {
        auto const& x = s.items[it];
        if (x.deleted || !x.countable()) continue;
        if (x.content.ref == content_ref::type && x.self_type != nil) out += xml_string(d, x.self_type);
        else if (x.content.ref == content_ref::string) out += x.content.text;
    }
    return out;
}

std::string xml_string(doc const& d, std::uint32_t t) {
    auto const& s = d.state();
    auto const& ty = s.types[t];
    switch (ty.ref) {
    case type_ref::xml_text: return xml_text_string(d, t);
    case type_ref::xml_hook: return "[object Object]";
    case type_ref::xml_element: {
        std::string name = ty.item != nil ? s.items[ty.item].content.text : ty.name;
        std::vector<std::pair<std::string, std::string>> attrs;
        for (auto const& [k, e] : ty.map) {
            if (s.items[e].deleted) continue;
            auto v = element_to_json(d, detail::last_element(s, s.items[e]));
            attrs.emplace_back(s.keys[k], js_string(v));
        }
        std::sort(attrs.begin(), attrs.end());
        std::string out = "<" + name;
        for (auto const& [k, v] : attrs) out += " " + k + "=\"" + v + "\"";
        return out + ">" + xml_children(d, t) + "</" + name + ">";
    }
    default: return xml_children(d, t);
    }
}

}  // namespace

json any_to_json(any const& v) {
    switch (v.k) {
    case any::kind::undefined: return tagged("__undefined", true);
    case any::kind::null: return nullptr;
    case any::kind::integer:
        if (v.negative_zero) return tagged("__number", "-0");
        return v.i;
    case any::kind::float32:
    case any::kind::float64: return number_json(v.d);
    case any::kind::bigint: return tagged("__bigint", std::to_string(v.i));
    case any::kind::boolean: return v.flag;
    case any::kind::string: return v.s;
    case any::kind::bytes: return tagged("__bytes", encoding::to_hex(v.s));
    case any::kind::array: {
        json a = json::array();
        for (auto const& x : v.items) a.push_back(any_to_json(x));
        return a;
    }
    case any::kind::object: {
        json o = json::object();
        for (auto const& [k, x] : v.fields) o[k] = any_to_json(x);
        return o;
    }
    }
    return nullptr;
}

json element_to_json(doc const& d, element const& e) {
    switch (e.k) {
    case element::kind::value:
    case element::kind::binary:
    case element::kind::embed: return any_to_json(e.value);
    case element::kind::type: return e.type == no_type ? json(nullptr) : type_to_json(d, e.type);
    case element::kind::doc: return tagged("__subdoc", e.text);
    }
    return nullptr;
}

root_kind infer_kind(doc const& d, std::uint32_t type) {
    auto const& s = d.state();
    auto const& ty = s.types.at(type);
    if (ty.typed) {
        switch (ty.ref) {
        case type_ref::text: return root_kind::text;
        case type_ref::map: return root_kind::map;
        case type_ref::array: return root_kind::array;
        default: return root_kind::infer;  // XML
        }
    }
    if (!ty.map.empty()) return root_kind::map;
    for (auto it = ty.start; it != nil; it = s.items[it].right) {
        auto r = s.items[it].content.ref;
        if (r == content_ref::string || r == content_ref::format) return root_kind::text;
    }
    return root_kind::array;
}

json type_to_json(doc const& d, std::uint32_t type, root_kind as) {
    auto const& s = d.state();
    auto const& ty = s.types.at(type);
    if (as == root_kind::infer) as = infer_kind(d, type);
    if (as == root_kind::infer) return xml_string(d, type);
    auto& dd = const_cast<doc&>(d);
    switch (as) {
    case root_kind::text: return dd.text_at(type).to_string();
    case root_kind::array: {
        json a = json::array();
        for (auto const& e : dd.array_at(type).elements()) a.push_back(element_to_json(d, e));
        return a;
    }
    default: {
        json o = json::object();
        std::vector<std::pair<std::string, std::uint32_t>> entries;
        for (auto const& [k, e] : ty.map)
            if (!s.items[e].deleted) entries.emplace_back(s.keys[k], e);
        std::sort(entries.begin(), entries.end());
        for (auto const& [k, e] : entries) o[k] = element_to_json(d, detail::last_element(s, s.items[e]));
        return o;
    }
    }
}

json delta_to_json(doc const& d, std::vector<delta_op> const& delta, bool text) {
    json out = json::array();
    for (auto const& op : delta) {
        json o;
        switch (op.op) {
        case delta_op::kind::retain: o["retain"] = op.length; break;
        case delta_op::kind::erase: o["delete"] = op.length; break;
        case delta_op::kind::insert:
            if (!op.elements.empty() && op.text.empty()) {
                if (text && op.elements.size() == 1) {
                    o["insert"] = element_to_json(d, op.elements[0]);
                } else {
                    json a = json::array();
                    for (auto const& e : op.elements) a.push_back(element_to_json(d, e));
                    o["insert"] = a;
                }
            } else {
                o["insert"] = op.text;
            }
            break;
        }
        if (!op.attrs.empty()) {
            json a = json::object();
            for (auto const& at : op.attrs) a[at.key] = json::parse(at.value);
            o["attributes"] = a;
        }
        out.push_back(o);
    }
    return out;
}

}  // namespace refold::crdt::yata
