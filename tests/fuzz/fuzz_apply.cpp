// libFuzzer harness: applying an update to a document that already has content.
// Either the update applies, or it throws a crdt::error and the document is exactly as before
// (its full encoding and its pending state are byte-identical). Accepted updates leave a
// document whose own encoding loads into a fresh document with the same state vector.
#include <crdt/yata/doc.hpp>

#include <cstdlib>

namespace yata = refold::crdt::yata;

namespace {

yata::doc make_base() {
    yata::doc d(7);
    auto t = d.get_text("text");
    t.insert(0, "hello world");
    t.erase(2, 3);
    auto m = d.get_map("map");
    m.set("k", yata::any::string("v"));
    auto a = d.get_array("array");
    a.push_back({yata::any::integer(1), yata::any::boolean(true)});
    yata::doc other(9);
    other.apply_update(d.encode_state_as_update());
    other.get_text("text").insert(1, "\xf0\x9f\x98\x80");
    d.apply_update(other.encode_state_as_update(d.get_state_vector()));
    return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    yata::doc d = make_base();
    auto before = d.encode_state_as_update();
    auto pending_before = d.pending_missing();
    try {
        d.apply_update({data, size});
    } catch (refold::crdt::error const&) {
        if (d.encode_state_as_update() != before || d.pending_missing() != pending_before) std::abort();
        return 0;
    }
    yata::doc fresh(11);
    fresh.apply_update(d.encode_state_as_update());
    if (fresh.get_state_vector() != d.get_state_vector()) std::abort();
    return 0;
}
