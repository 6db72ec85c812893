// Yjs v1 updates in and out: decode an update made by real Yjs, encode a document, look inside
// an update, merge updates on bytes, and sync by state vector. Exits non-zero on any mismatch.
#include <crdt/encoding/update.hpp>
#include <crdt/yata/doc.hpp>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace yata = refold::crdt::yata;
namespace enc = refold::crdt::encoding;

namespace {

using bytes = std::vector<std::uint8_t>;

bytes from_hex(std::string const& h) {
    bytes out;
    for (std::size_t i = 0; i + 1 < h.size(); i += 2) out.push_back(static_cast<std::uint8_t>(std::stoul(h.substr(i, 2), nullptr, 16)));
    return out;
}

int failures = 0;
void expect(bool ok, char const* what) {
    std::printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    if (!ok) ++failures;
}

}  // namespace

int main() {
    // 1. An update produced by Yjs 13.6 (../shared/yjs/vectors, scenario 03): client 1 typed
    //    "hello" into text "text", then inserted "X" at index 2.
    bytes const from_yjs = from_hex("0103010004010474657874026865840101036c6c6fc401010102015800");
    yata::doc a(10);
    a.apply_update(from_yjs);
    expect(a.get_text("text").to_string() == "heXllo", "a Yjs update decodes and applies: \"heXllo\"");

    // 2. What is inside: client sections, structs, delete set.
    enc::update const u = enc::decode_update(from_yjs);
    std::size_t structs = 0;
    for (auto const& s : u.sections) structs += s.structs.size();
    std::printf("     the update holds %zu client section(s), %zu struct(s), %zu deleting client(s)\n",
                u.sections.size(), structs, u.deletes.clients.size());
    expect(enc::encode_update(u) == from_yjs, "decode then encode gives back Yjs's bytes");

    // 3. Encoding a document: our full state loads into a fresh document.
    a.get_text("text").insert(6, " world");
    bytes const full = a.encode_state_as_update();
    yata::doc b(20);
    b.apply_update(full);
    expect(b.get_text("text").to_string() == "heXllo world", "the full state loads into a fresh document");

    // 4. Concurrent edits, exchanged as each transaction's own update.
    bytes const sv_b = b.encode_state_vector();
    a.get_text("text").insert(0, ">> ");
    bytes const from_a = a.encode_state_as_update(enc::decode_state_vector(sv_b));
    auto tb_text = b.get_text("text");
    // the update Yjs would broadcast for this transaction (doc.on('update'))
    bytes const from_b = b.encode_change(b.transact([&] { tb_text.erase(2, 1); }));  // removes the "X"


    // 5. Merging updates on bytes (Y.mergeUpdates), without any document.
    std::vector<bytes> const parts{full, from_a, from_b};
    bytes const merged = enc::merge_updates(parts);
    yata::doc c(30);
    c.apply_update(merged);
    a.apply_update(from_b);
    b.apply_update(from_a);
    auto const ta = a.get_text("text").to_string(), tb = b.get_text("text").to_string(), tc = c.get_text("text").to_string();
    std::printf("     a: \"%s\"  b: \"%s\"  c (merged bytes): \"%s\"\n", ta.c_str(), tb.c_str(), tc.c_str());
    expect(ta == ">> hello world" && tb == ta && tc == ta, "every replica converges, also from the merged update");

    // 6. Sync by state vector: a fresh replica asks for what it lacks.
    yata::doc d(40);
    d.apply_update(enc::diff_update(merged, d.get_state_vector()));
    expect(d.encode_state_as_update() == c.encode_state_as_update(), "a diff by state vector gives the same bytes");

    return failures == 0 ? 0 : 1;
}
