#!/usr/bin/env bash
# Runs every test program under $BUILD/tests and the CLI checks, then prints one line
# "N passed, M failed" (the line CI reads). A program that crashes counts as one failure.
set -u
BUILD=${BUILD:-build/host}
RUNNER=${RUNNER:-}
out=$BUILD/test-results
rm -rf "$out" && mkdir -p "$out"
pass=0 fail=0
for t in "$BUILD"/tests/*_tests; do
  [ -x "$t" ] || continue
  name=$(basename "$t")
  json="$out/$name.json"
  $RUNNER "$t" --gtest_output="json:$json" --gtest_brief=1
  rc=$?
  if [ -s "$json" ]; then
    read -r p f < <(/usr/bin/python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
t=sum(s["tests"] for s in d["testsuites"]); f=sum(s["failures"] for s in d["testsuites"])
sk=sum(1 for s in d["testsuites"] for c in s["testsuite"] if c.get("result")=="SKIPPED")
print(t-f-sk, f)' "$json")
    pass=$((pass + p)); fail=$((fail + f))
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && fail=$((fail + 1))
  else
    echo "$name: crashed or produced no results (exit $rc)"
    fail=$((fail + 1))
  fi
done
# Shell-level checks of the CLI: each tests/cli/*.sh is one test case.
for s in tests/cli/*.sh; do
  [ -f "$s" ] || continue
  if BUILD=$BUILD bash "$s" > "$out/$(basename "$s").log" 2>&1; then
    pass=$((pass + 1))
  else
    echo "FAILED $s (log: $out/$(basename "$s").log)"; tail -20 "$out/$(basename "$s").log"
    fail=$((fail + 1))
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
