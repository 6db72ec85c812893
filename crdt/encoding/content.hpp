// Item contents of the Yjs v1 format (SPEC §2.1, §3.3) and the wire constants naming them.
#pragma once

#include <crdt/encoding/any.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace refold::crdt::encoding {

// Content refs (low five bits of an item's info byte); gc and skip are struct kinds.
enum class content_ref : std::uint8_t {
    gc = 0, deleted = 1, json = 2, binary = 3, string = 4, embed = 5,
    format = 6, type = 7, any = 8, doc = 9, skip = 10,
};
// Type refs carried by Type content.
enum class type_ref : std::uint8_t {
    array = 0, map = 1, text = 2, xml_element = 3, xml_fragment = 4, xml_hook = 5, xml_text = 6,
};

inline constexpr std::uint8_t info_origin = 0x80;
inline constexpr std::uint8_t info_right_origin = 0x40;
inline constexpr std::uint8_t info_parent_sub = 0x20;
inline constexpr std::uint8_t info_content_mask = 0x1F;
inline constexpr std::uint8_t info_skip = 0x0A;

const char* content_name(content_ref r) noexcept;
const char* type_name(type_ref t) noexcept;

// One item's content. Only the fields of its kind are used:
//   string: text (UTF-8), length = UTF-16 units      any: values (length = count)
//   json: json (raw JSON texts; "undefined" allowed)  binary: text (raw bytes)
//   embed: text (JSON text)    format: text (key), value (JSON text)
//   type: type, text (node name of XmlElement / hook name of XmlHook)
//   doc: text (guid), values[0] (options object)      deleted: length only
struct content {
    content_ref ref = content_ref::deleted;
    type_ref type = type_ref::array;
    std::uint64_t length = 0;
    std::string text;
    std::string value;
    std::vector<any> values;
    std::vector<std::string> json;

    static content deleted(std::uint64_t n) { content c; c.length = n; return c; }
    static content string(std::string utf8);
    static content anys(std::vector<any> v) {
        content c; c.ref = content_ref::any; c.length = v.size(); c.values = std::move(v); return c;
    }

    bool countable() const noexcept { return ref != content_ref::deleted && ref != content_ref::format; }
};

// Reads the payload of content `ref` (already masked). Throws decode_error; yrs Move (11) and
// any other unknown ref throw unsupported_content.
content read_content(reader& r, std::uint8_t ref);
// Writes the payload from unit `offset` on (SPEC §4.1 slicing).
void write_content(writer& w, content const& c, std::uint64_t offset);
// Splits `c` at unit k (0 < k < length) as Yjs' splice does; `c` keeps [0,k).
content split_content(content& c, std::uint64_t k);
// Appends `right` to `left` when the kind supports merging (string, any, json, deleted).
bool merge_content(content& left, content const& right);
bool mergeable(content_ref r) noexcept;

}  // namespace refold::crdt::encoding
