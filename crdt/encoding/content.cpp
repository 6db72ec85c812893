#include <crdt/encoding/content.hpp>

#include <nlohmann/json.hpp>

namespace refold::crdt::encoding {

namespace {

void check_json_text(std::string_view s) {
    if (!nlohmann::json::accept(s)) throw decode_error("[crdt.decode.10] invalid JSON text in content");
}

}  // namespace

const char* content_name(content_ref r) noexcept {
    switch (r) {
    case content_ref::gc: return "GC";
    case content_ref::deleted: return "Deleted";
    case content_ref::json: return "JSON";
    case content_ref::binary: return "Binary";
    case content_ref::string: return "String";
    case content_ref::embed: return "Embed";
    case content_ref::format: return "Format";
    case content_ref::type: return "Type";
    case content_ref::any: return "Any";
    case content_ref::doc: return "Doc";
    case content_ref::skip: return "Skip";
    }
    return "?";
}

const char* type_name(type_ref t) noexcept {
    switch (t) {
    case type_ref::array: return "YArray";
    case type_ref::map: return "YMap";
    case type_ref::text: return "YText";
    case type_ref::xml_element: return "YXmlElement";
    case type_ref::xml_fragment: return "YXmlFragment";
    case type_ref::xml_hook: return "YXmlHook";
    case type_ref::xml_text: return "YXmlText";
    }
    return "?";
}

content content::string(std::string utf8) {
    content c;
    c.ref = content_ref::string;
    c.length = utf16_length(utf8);
    c.text = std::move(utf8);
    return c;
}

content read_content(reader& r, std::uint8_t ref) {
    content c;
    switch (ref) {
    case 1:
        c.length = r.read_var_uint();
        if (c.length == 0) throw decode_error("[crdt.decode.8] Deleted content of length 0");
        return c;
    case 2: {
        c.ref = content_ref::json;
        std::uint64_t n = r.read_var_uint();
        r.check_count(n, 1);
        for (std::uint64_t i = 0; i < n; ++i) {
            std::string s(r.read_var_string());
            if (s != "undefined") check_json_text(s);
            c.json.push_back(std::move(s));
        }
        c.length = n;
        break;
    }
    case 3: {
        c.ref = content_ref::binary;
        auto b = r.read_var_bytes();
        c.text.assign(reinterpret_cast<const char*>(b.data()), b.size());
        c.length = 1;
        return c;
    }
    case 4:
        c = content::string(std::string(r.read_var_string()));
        break;
    case 5:
        c.ref = content_ref::embed;
        c.text = std::string(r.read_var_string());
        check_json_text(c.text);
        c.length = 1;
        return c;
    case 6:
        c.ref = content_ref::format;
        c.text = std::string(r.read_var_string());
        c.value = std::string(r.read_var_string());
        check_json_text(c.value);
        c.length = 1;
        return c;
    case 7: {
        c.ref = content_ref::type;
        std::uint64_t t = r.read_var_uint();
        if (t > 6) throw unsupported_content("[crdt.decode.6] unknown type ref " + std::to_string(t));
        c.type = static_cast<type_ref>(t);
        if (c.type == type_ref::xml_element || c.type == type_ref::xml_hook) c.text = std::string(r.read_var_string());
        c.length = 1;
        return c;
    }
    case 8: {
        c.ref = content_ref::any;
        std::uint64_t n = r.read_var_uint();
        r.check_count(n, 1);
        c.values.reserve(static_cast<std::size_t>(n));
        for (std::uint64_t i = 0; i < n; ++i) c.values.push_back(read_any(r));
        c.length = n;
        break;
    }
    case 9:
        c.ref = content_ref::doc;
        c.text = std::string(r.read_var_string());
        c.values.push_back(read_any(r));
        c.length = 1;
        return c;
    case 11:
        throw unsupported_content("[crdt.decode.5] unsupported content ref 11 (yrs Move); Yjs cannot read it either");
    default:
        throw unsupported_content("[crdt.decode.5] unsupported content ref " + std::to_string(ref));
    }
    if (c.length == 0) throw decode_error("[crdt.decode.8] empty content (length 0)");
    return c;
}

void write_content(writer& w, content const& c, std::uint64_t offset) {
    switch (c.ref) {
    case content_ref::deleted: w.write_var_uint(c.length - offset); break;
    case content_ref::json:
        w.write_var_uint(c.json.size() - offset);
        for (std::size_t i = static_cast<std::size_t>(offset); i < c.json.size(); ++i) w.write_var_string(c.json[i]);
        break;
    case content_ref::binary: w.write_var_string(c.text); break;
    case content_ref::string:
        if (offset == 0) w.write_var_string(c.text);
        else w.write_var_string(slice_utf16(c.text, offset));
        break;
    case content_ref::embed: w.write_var_string(c.text); break;
    case content_ref::format:
        w.write_var_string(c.text);
        w.write_var_string(c.value);
        break;
    case content_ref::type:
        w.write_var_uint(static_cast<std::uint8_t>(c.type));
        if (c.type == type_ref::xml_element || c.type == type_ref::xml_hook) w.write_var_string(c.text);
        break;
    case content_ref::any:
        w.write_var_uint(c.values.size() - offset);
        for (std::size_t i = static_cast<std::size_t>(offset); i < c.values.size(); ++i) write_any(w, c.values[i]);
        break;
    case content_ref::doc:
        w.write_var_string(c.text);
        if (c.values.empty()) write_any(w, any::object({}));
        else write_any(w, c.values[0]);
        break;
    case content_ref::gc:
    case content_ref::skip: break;
    }
}

content split_content(content& c, std::uint64_t k) {
    content r;
    r.ref = c.ref;
    r.length = c.length - k;
    switch (c.ref) {
    case content_ref::string:
        if (c.text.size() == c.length) {  // ASCII: units are bytes
            r.text.assign(c.text, static_cast<std::size_t>(k), std::string::npos);
            c.text.resize(static_cast<std::size_t>(k));
        } else {
            r.text = split_utf16(c.text, k);
        }
        break;
    case content_ref::any:
        r.values.assign(std::make_move_iterator(c.values.begin() + static_cast<std::ptrdiff_t>(k)),
                        std::make_move_iterator(c.values.end()));
        c.values.resize(static_cast<std::size_t>(k));
        break;
    case content_ref::json:
        r.json.assign(std::make_move_iterator(c.json.begin() + static_cast<std::ptrdiff_t>(k)),
                      std::make_move_iterator(c.json.end()));
        c.json.resize(static_cast<std::size_t>(k));
        break;
    default: break;  // deleted: lengths only; others have length 1 and never split
    }
    c.length = k;
    return r;
}

bool mergeable(content_ref r) noexcept {
    return r == content_ref::string || r == content_ref::any || r == content_ref::json || r == content_ref::deleted;
}

bool merge_content(content& left, content const& right) {
    if (left.ref != right.ref || !mergeable(left.ref)) return false;
    switch (left.ref) {
    case content_ref::string: left.text += right.text; break;
    case content_ref::any: left.values.insert(left.values.end(), right.values.begin(), right.values.end()); break;
    case content_ref::json: left.json.insert(left.json.end(), right.json.begin(), right.json.end()); break;
    default: break;
    }
    left.length += right.length;
    return true;
}

}  // namespace refold::crdt::encoding
