// The one bridging header between crdt::yata and nlohmann/json (include it only in .cpp files).
//
// JSON rendering follows Yjs toJSON, with values JSON cannot carry tagged as the Yjs vectors do:
// {"__undefined":true}, {"__bigint":"123"}, {"__bytes":"0aff"}, {"__subdoc":"guid"},
// {"__number":"NaN"|"-0"|"Infinity"|"-Infinity"}. XML types render as Yjs toString does.
#pragma once

#include <crdt/yata/doc.hpp>

#include <nlohmann/json.hpp>

namespace refold::crdt::yata {

enum class root_kind { infer, text, array, map };

nlohmann::json any_to_json(any const& v);
nlohmann::json element_to_json(doc const& d, element const& e);
// A shared type's value (text → string, array → list, map → object, XML → string).
nlohmann::json type_to_json(doc const& d, std::uint32_t type, root_kind as = root_kind::infer);
// Yjs delta ops as JSON ([{"insert":..,"attributes":{..}}, {"retain":n}, {"delete":n}]).
// For text an embed/type insert is the object itself; for arrays inserts are lists.
nlohmann::json delta_to_json(doc const& d, std::vector<delta_op> const& delta, bool text = true);
// What kind an untyped root looks like: map if it has keyed items, text if string/format
// content, array otherwise.
root_kind infer_kind(doc const& d, std::uint32_t type);

}  // namespace refold::crdt::yata
