// Locating ../shared (Yjs vectors, editing traces) from tests.
#pragma once

#include <cstdlib>
#include <filesystem>

namespace refold::test {

// The shared data folder: $REFOLD_SHARED if set, else the path configured at build time.
// Tests that need it call SKIP-style early returns with a clear WARN when it is absent.
inline std::filesystem::path shared_dir() {
    if (const char* s = std::getenv("REFOLD_SHARED"); s != nullptr && *s != '\0') return s;
#ifdef REFOLD_SHARED_DIR
    return REFOLD_SHARED_DIR;
#else
    return "../shared";
#endif
}

}  // namespace refold::test
