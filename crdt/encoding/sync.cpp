#include <crdt/encoding/sync.hpp>

#include <string>

namespace refold::crdt::encoding {

std::vector<std::uint8_t> encode_sync(sync_message kind, std::span<const std::uint8_t> payload) {
    writer w;
    w.write_var_uint(static_cast<std::uint8_t>(outer_message::sync));
    w.write_var_uint(static_cast<std::uint8_t>(kind));
    w.write_var_bytes(payload);
    return std::move(w).take();
}

sync_frame decode_sync(std::span<const std::uint8_t> frame) {
    reader r(frame);
    auto outer = r.read_var_uint();
    if (outer != static_cast<std::uint8_t>(outer_message::sync))
        throw decode_error("[crdt.decode.12] not a sync message (outer type " + std::to_string(outer) + ")");
    auto kind = r.read_var_uint();
    if (kind > 2) throw decode_error("[crdt.decode.12] unknown sync message type " + std::to_string(kind));
    sync_frame f;
    f.kind = static_cast<sync_message>(kind);
    auto b = r.read_var_bytes();
    f.payload.assign(b.begin(), b.end());
    return f;
}

}  // namespace refold::crdt::encoding
