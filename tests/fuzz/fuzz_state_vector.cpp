// libFuzzer harness: state vector decoding, and its round trip.
#include <crdt/encoding/update.hpp>

#include <cstdlib>

using namespace refold::crdt::encoding;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    state_vector sv;
    try {
        sv = decode_state_vector({data, size});
    } catch (decode_error const&) {
        return 0;
    }
    if (decode_state_vector(encode_state_vector(sv)) != sv) std::abort();
    return 0;
}
