#!/usr/bin/env bash
# Runs BackpropAudit's libFuzzer targets, one after the other, at the lowest CPU priority.
#
#   Fuzz/run.sh [SECONDS [TARGET ...]]      (default: 600 s each, every target)
#
# Builds this package with `swift build --sanitize=fuzzer` (set FUZZ_NO_BUILD=1 to skip,
# FUZZ_SCRATCH=DIR for another build directory), seeds
# each target's working corpus (Fuzz/.corpus/<target>, not committed) from Fuzz/Seeds/<target> and
# the matching files in Tests/Fixtures, runs it in libFuzzer's fork mode so that it keeps going
# after a crash, stores crashing, timing-out and out-of-memory inputs under
# Tests/Fixtures/fuzz-regressions/<target>/, and prints one line per target:
# target, seconds, executions, new artifacts.
set -u
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
all=(fuzz-safetensors fuzz-architecture fuzz-idx fuzz-cifar fuzz-rules fuzz-cli-arguments fuzz-patterns fuzz-check)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
fixtures=../Tests/Fixtures
# The Swift runtime's backtracer would catch a crash before libFuzzer could save the input.
export SWIFT_BACKTRACE=enable=no

# FUZZ_SCRATCH: another build directory (to build while an older campaign still runs).
scratch=${FUZZ_SCRATCH:-.build}
if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
  nice -n 19 swift build --sanitize=fuzzer --scratch-path "$scratch" >&2 || exit 1
fi
bin=$(swift build --sanitize=fuzzer --scratch-path "$scratch" --show-bin-path)

summary=()
for t in "${targets[@]}"; do
  corpus=.corpus/$t
  out=$fixtures/fuzz-regressions/$t
  mkdir -p "$corpus" "$out"
  cp -n Seeds/$t/* "$corpus"/ 2>/dev/null
  case $t in
    fuzz-safetensors) for f in "$fixtures"/*.safetensors; do [ "$(stat -c %s "$f")" -le 32768 ] && cp -n "$f" "$corpus"/; done ;;
    fuzz-architecture) for f in "$fixtures"/tiny_mlp.json "$fixtures"/tiny_cnn.json "$fixtures"/small_cnn_strided.json; do cp -n "$f" "$corpus"/; done ;;
  esac
  artifacts() { ls "$out" | grep -cE '^(crash|timeout|oom|leak|slow-unit)-'; }
  before=$(artifacts)
  log=.corpus/$t.log
  nice -n 19 "$bin/$t" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 -artifact_prefix="$out/" \
    -print_final_stats=1 >"$log" 2>&1
  execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  after=$(artifacts)
  line="$t  ${seconds}s  executions ${execs:-?}  new artifacts $((after - before))"
  echo "$line"
  summary+=("$line")
done
echo "---- summary"
printf '%s\n' "${summary[@]}"
