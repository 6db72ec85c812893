// libFuzzer harness: lib0 primitives. The first byte picks the primitive sequence; every read
// either succeeds within the input or throws decode_error, and `any` values re-encode stably.
#include <crdt/encoding/any.hpp>
#include <crdt/encoding/lib0.hpp>

#include <cstdlib>

using namespace refold::crdt::encoding;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    reader r({data + 1, size - 1});
    try {
        for (int i = 0; i < 64 && !r.at_end(); ++i) {
            switch ((data[0] >> (i % 4 * 2)) & 3) {
                case 0: (void)r.read_var_uint(); break;
                case 1: (void)r.read_var_int(); break;
                case 2: (void)r.read_var_string(); break;
                default: {
                    any v = read_any(r);
                    writer w;
                    write_any(w, v);
                    reader back(w.bytes());
                    writer w2;
                    write_any(w2, read_any(back));
                    if (w2.bytes() != w.bytes() || !back.at_end()) std::abort();
                }
            }
            if (r.position() > size - 1) std::abort();
        }
    } catch (decode_error const&) {
    }
    return 0;
}
