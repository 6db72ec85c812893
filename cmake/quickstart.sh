#!/bin/sh
# refold quick start. On a fresh Debian 12 machine, as root, from a fresh clone:
#   sh cmake/quickstart.sh demo   -- build the release preset and run `refold demo` (the main job)
#   sh cmake/quickstart.sh test   -- build the ci preset and run the whole test suite
# Each installs the Debian packages it needs when they are missing.
set -eu
cd "$(dirname "$0")/.."

need="cmake ninja-build g++ libboost-dev librange-v3-dev catch2 nlohmann-json3-dev libcli11-dev zlib1g-dev"
if [ "${1:-}" = test ] || [ "${1:-}" = deps ]; then
  # node + npm drive the real-Yjs interoperability tests (tests/interop).
  command -v node >/dev/null 2>&1 || need="$need nodejs"
  command -v npm >/dev/null 2>&1 || need="$need npm"
fi
missing=""
for p in $need; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "quickstart: installing Debian packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
fi

case "${1:-}" in
  demo)
    shift
    cmake --preset release >/dev/null
    if [ -f examples/refold/demo.cpp ]; then
      cmake --build --preset release --target refold
      exec ./build/release/examples/refold/refold demo "$@"
    fi
    # Until `refold demo` lands, the main job is the lattice merge example.
    cmake --build --preset release --target example_counter_merge
    exec ./build/release/examples/counter_merge "$@"
    ;;
  test)
    exec cmake --workflow --preset ci
    ;;
  deps)  # only the packages (used by bench/run)
    ;;
  *)
    echo "usage: sh cmake/quickstart.sh demo|test" >&2
    exit 2
    ;;
esac
