#!/usr/bin/env bash
# Runs every test program under $BUILD/tests and the CLI checks, then prints one line
# "N passed, M failed" (the line CI reads). A program that crashes counts as one failure.
# In each build, tests/*_tests are GoogleTest programs; tests/*.elf are Cortex-M firmware that
# print "ok NAME" or "not ok NAME" per case and exit with their failure count.
# RUNNER (e.g. "qemu-aarch64 -cpu max", or the qemu-system command for Cortex-M) runs a cross
# build's programs and skips the CLI checks.
# CROSS_SUITES adds other builds to the same count: "dir|runner" entries separated by ';'.
set -u
BUILD=${BUILD:-build/host}
RUNNER=${RUNNER:-}
CROSS_SUITES=${CROSS_SUITES:-}
out=$BUILD/test-results
rm -rf "$out" && mkdir -p "$out"
pass=0 fail=0

# run_gtest LABEL BINARY [RUNNER...]: adds the program's passed/failed counts.
run_gtest() {
  local label=$1 t=$2; shift 2
  local json="$out/$label.json" rc p f
  "$@" "$t" --gtest_output="json:$json" --gtest_brief=1
  rc=$?
  if [ -s "$json" ]; then
    read -r p f < <(/usr/bin/python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
t=sum(s["tests"] for s in d["testsuites"]); f=sum(s["failures"] for s in d["testsuites"])
sk=sum(1 for s in d["testsuites"] for c in s["testsuite"] if c.get("result")=="SKIPPED")
print(t-f-sk, f)' "$json")
    pass=$((pass + p)); fail=$((fail + f))
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && fail=$((fail + 1))
    echo "$label: $p passed, $f failed"
  else
    echo "$label: crashed or produced no results (exit $rc)"
    fail=$((fail + 1))
  fi
}

# run_firmware LABEL ELF RUNNER...: one case per "ok"/"not ok" line it prints.
run_firmware() {
  local label=$1 elf=$2; shift 2
  local log="$out/$label.log" rc p f
  "$@" "$elf" > "$log" 2>&1
  rc=$?
  p=$(grep -c '^ok ' "$log"); f=$(grep -c '^not ok ' "$log")
  grep '^not ok ' "$log"
  pass=$((pass + p)); fail=$((fail + f))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "$label: exit $rc without a failed case (crash or timeout; log: $log)"; tail -5 "$log"
    fail=$((fail + 1))
  fi
  echo "$label: $p passed, $f failed"
}

# run_suite PREFIX DIR RUNNER...: every test program of one build, labels prefixed with PREFIX.
run_suite() {
  local prefix=$1 dir=$2 found=0 t; shift 2
  for t in "$dir"/tests/*_tests; do
    [ -x "$t" ] || continue
    found=1; run_gtest "$prefix$(basename "$t")" "$t" "$@"
  done
  for t in "$dir"/tests/*.elf; do
    [ -f "$t" ] || continue
    found=1; run_firmware "$prefix$(basename "$t" .elf)" "$t" "$@"
  done
  if [ "$found" -eq 0 ]; then echo "no test programs in $dir/tests"; fail=$((fail + 1)); fi
}

run_suite "" "$BUILD" $RUNNER
# Shell-level checks of the CLI: each tests/cli/*.sh is one test case (host builds only).
for s in tests/cli/*.sh; do
  [ -f "$s" ] && [ -z "$RUNNER" ] || continue
  if BUILD=$BUILD bash "$s" > "$out/$(basename "$s").log" 2>&1; then
    pass=$((pass + 1))
  else
    echo "FAILED $s (log: $out/$(basename "$s").log)"; tail -20 "$out/$(basename "$s").log"
    fail=$((fail + 1))
  fi
done
# Cross suites: ARM Linux under qemu-user, Cortex-M firmware under qemu-system-arm.
IFS=';' read -r -a suites <<< "$CROSS_SUITES"
for entry in "${suites[@]}"; do
  [ -n "$entry" ] || continue
  dir=${entry%%|*} runner=${entry#*|}
  run_suite "$(basename "$dir")-" "$dir" $runner
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
