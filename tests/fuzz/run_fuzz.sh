#!/usr/bin/env bash
# Runs every libFuzzer binary in $1/fuzz (default build/fuzz) for FUZZ_SECONDS (default 60)
# with -seed=1, FUZZ_JOBS (default 2) at a time, from tests/fuzz/corpus/<target> (read-only:
# new inputs go to $1/fuzz-results/<target>.corpus). One line per target, then
# "N passed, M failed" (each target is one test case).
set -u
dir=${1:-build/fuzz}
export FUZZ_SECONDS=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-2}
export out=$dir/fuzz-results
rm -rf "$out" && mkdir -p "$out"
shopt -s nullglob
bins=("$dir"/fuzz/*)
if [ ${#bins[@]} -eq 0 ]; then
  echo "no fuzz targets in $dir/fuzz (build them with: make fuzz)"
  echo "0 passed, 1 failed"
  exit 1
fi

run_one() {
  local bin=$1 name
  name=$(basename "$bin")
  mkdir -p "$out/$name.corpus" "$out/$name.crash"
  local start=$SECONDS
  # -timeout: one input running 30 s is a hang; -rss_limit_mb: a leak or huge allocation.
  "$bin" -seed=1 -max_total_time="$FUZZ_SECONDS" -timeout=30 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$out/$name.crash/" \
    "$out/$name.corpus" "tests/fuzz/corpus/$name" > "$out/$name.log" 2>&1
  echo "$? $((SECONDS - start))" > "$out/$name.rc"
}
export -f run_one
printf '%s\n' "${bins[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one "$1"' _ {}

pass=0 fail=0
for bin in "${bins[@]}"; do
  name=$(basename "$bin")
  read -r rc secs < "$out/$name.rc" 2>/dev/null || { rc=99; secs=0; }
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$name.log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$out/$name.log" | tail -1 | cut -d' ' -f2)
  rate=$(( ${runs:-0} / (secs > 0 ? secs : 1) ))
  if [ "$rc" -eq 0 ]; then
    pass=$((pass + 1))
    printf 'fuzz %-10s ok   %9s runs in %3ss (%s/s), coverage %s\n' "$name" "${runs:-?}" "$secs" "$rate" "${cov:-?}"
  else
    fail=$((fail + 1))
    crash=$(ls "$out/$name.crash"/* 2>/dev/null | head -1)
    printf 'fuzz %-10s FAILED (exit %s) after %ss; input: %s\n' "$name" "$rc" "$secs" "${crash:-none}"
    grep -m1 -E 'FUZZ CHECK FAILED|ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error' "$out/$name.log" | cut -c1-400
    echo "  reproduce: $bin $crash   (log: $out/$name.log)"
    echo "  keep it as a regression test: cp $crash tests/fuzz/corpus/$name/"
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
