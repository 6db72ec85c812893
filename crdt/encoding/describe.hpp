// Human-readable, one-line descriptions of decoded structs and delete sets, in the notation of
// the Yjs vectors' `structs`/`deleteSet` annotations (used by `refold inspect`).
//
//   client 1 clock 2..4 (len 3) Item<String> ["llo"] origin=(1,1) rightOrigin=- parent=(copied from neighbour)
//   client 1: [0, 2) [5, 6)
#pragma once

#include <crdt/encoding/update.hpp>

#include <string>
#include <vector>

namespace refold::crdt::encoding {

std::string describe(wire_struct const& s);
std::vector<std::string> describe(delete_set const& ds);  // one line per client, descending
// An `any` as JavaScript would print it (top level: undefined, 1n, NaN; nested values tagged).
std::string describe(any const& v, bool top = true);

}  // namespace refold::crdt::encoding
