// y-protocols sync messages in y-websocket framing (SPEC §11): outer type 0 (sync) followed by
// step 1 (state vector), step 2 (update answering a step 1) or an incremental update.
#pragma once

#include <crdt/encoding/lib0.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace refold::crdt::encoding {

enum class outer_message : std::uint8_t { sync = 0, awareness = 1, auth = 2, query_awareness = 3 };
enum class sync_message : std::uint8_t { step1 = 0, step2 = 1, update = 2 };

struct sync_frame {
    sync_message kind = sync_message::update;
    std::vector<std::uint8_t> payload;  // encoded state vector (step1) or v1 update
};

// varUint(0) varUint(kind) varBytes(payload)
std::vector<std::uint8_t> encode_sync(sync_message kind, std::span<const std::uint8_t> payload);
// Throws decode_error ([crdt.decode.12] for a non-sync frame or unknown sync type).
sync_frame decode_sync(std::span<const std::uint8_t> frame);

}  // namespace refold::crdt::encoding
