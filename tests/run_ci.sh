#!/usr/bin/env bash
# `make test`: runs each argument as a shell command (a suite that ends with the line
# "N passed, M failed": the host suite, the ASan+UBSan suite, the fuzzers), shows its output
# except that line, and prints one "N passed, M failed" over all of them — the line CI reads.
# A suite that ends without the line counts as one failure.
set -u
pass=0 fail=0
for cmd in "$@"; do
  start=$SECONDS
  got=""
  while IFS= read -r line; do
    if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
      got="${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
    else
      printf '%s\n' "$line"
    fi
  done < <(bash -c "$cmd" 2>&1)
  if [ -n "$got" ]; then
    read -r p f <<< "$got"
    pass=$((pass + p)); fail=$((fail + f))
    echo "== $p ok, $f not ok in $((SECONDS - start)) s: $cmd"
  else
    fail=$((fail + 1))
    echo "== no result line (counted as 1 failure) in $((SECONDS - start)) s: $cmd"
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
