#!/bin/sh
# Builds refold_bench_incr (release preset, or the build directory given as $1), installs
# the pinned peers, and prints refold, alien-signals and @preact/signals-core side by side.
# Extra arguments go to run.mjs (e.g. --json, --wall).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
build=${1:-$root/build/release}
[ $# -gt 0 ] && shift
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake --preset release -S "$root" >/dev/null
fi
cmake --build "$build" --target refold_bench_incr >/dev/null
[ -d "$here/node_modules" ] || (cd "$here" && npm ci --silent)
exec node "$here/run.mjs" --refold "$build/bench/refold_bench_incr" "$@"
