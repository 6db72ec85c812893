// libFuzzer harness: update v1 decoding. Any input either decodes or throws decode_error;
// what decodes re-encodes to bytes that decode to the same update (the codec is a bijection
// on what it accepts, up to canonical re-encoding).
#include <crdt/encoding/update.hpp>

#include <cstdlib>

using namespace refold::crdt::encoding;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    update u;
    try {
        u = decode_update({data, size});
    } catch (decode_error const&) {
        return 0;
    }
    auto bytes = encode_update(u);
    update again = decode_update(bytes);  // must not throw: our own encoding
    if (encode_update(again) != bytes) std::abort();
    (void)state_vector_from_update(bytes);
    return 0;
}
