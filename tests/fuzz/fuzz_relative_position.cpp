// libFuzzer harness: relative (sticky) position decoding. Any bytes decode or throw a
// crdt::error; what decodes re-encodes to bytes that decode to the same encoding.
#include <crdt/errors.hpp>
#include <crdt/yata/sticky.hpp>

#include <cstdlib>

namespace yata = refold::crdt::yata;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    yata::sticky_position p;
    try {
        p = yata::decode_sticky({data, size});
    } catch (refold::crdt::error const&) {
        return 0;
    }
    auto bytes = yata::encode_sticky(p);
    if (yata::encode_sticky(yata::decode_sticky(bytes)) != bytes) std::abort();
    return 0;
}
