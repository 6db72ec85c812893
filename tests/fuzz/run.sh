#!/bin/sh
# Builds the libFuzzer harnesses (preset `fuzz`: clang, ASan + UBSan) and runs each for the
# given number of seconds (default 600) from seed corpora made from ../shared/yjs/vectors.
#   sh tests/fuzz/run.sh 10          # smoke run (CI)
#   sh tests/fuzz/run.sh 600         # the 10-minute-per-harness run
#   sh tests/fuzz/run.sh 600 fuzz_lib0 fuzz_apply   # only these harnesses
# Findings are written to build/fuzz/findings/<harness>/; the script fails if there is any.
set -eu
cd "$(dirname "$0")/../.."
secs=${1:-600}
[ $# -gt 0 ] && shift
only="$*"
need="clang libclang-rt-14-dev nodejs"
missing=""
for p in $need; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  command -v node >/dev/null 2>&1 && missing=$(echo "$missing" | sed 's/ nodejs//')
  if [ -n "$missing" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing
  fi
fi
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target fuzz_all
work=build/fuzz/corpus
shared=${REFOLD_SHARED:-../shared}
if [ -d "$shared/yjs/vectors" ]; then
  node tests/fuzz/make_corpus.mjs "$shared/yjs/vectors" "$work/seeds"
else
  echo "fuzz: $shared/yjs/vectors absent: starting from empty corpora"
  mkdir -p "$work/seeds/update" "$work/seeds/state_vector" "$work/seeds/lib0" "$work/seeds/relative_position" "$work/seeds/trace"
fi
status=0
for h in build/fuzz/tests/fuzz/fuzz_*; do
  name=$(basename "$h")
  if [ -n "$only" ]; then
    case " $only " in *" $name "*) ;; *) continue ;; esac
  fi
  case $name in
    fuzz_state_vector) seeds=state_vector ;;
    fuzz_lib0) seeds=lib0 ;;
    fuzz_relative_position) seeds=relative_position ;;
    fuzz_trace_json) seeds=trace ;;
    *) seeds=update ;;
  esac
  mkdir -p "$work/$name" "build/fuzz/findings/$name"
  echo "fuzz: $name for ${secs}s"
  if ! "$h" -max_total_time="$secs" -print_final_stats=1 -artifact_prefix="build/fuzz/findings/$name/" \
       "$work/$name" "$work/seeds/$seeds" > "build/fuzz/$name.log" 2>&1; then
    echo "fuzz: $name FOUND A PROBLEM (see build/fuzz/$name.log and build/fuzz/findings/$name/)"
    tail -40 "build/fuzz/$name.log"
    status=1
  fi
  grep -E 'stat::number_of_executed_units|cov:' "build/fuzz/$name.log" | tail -2
done
exit $status
