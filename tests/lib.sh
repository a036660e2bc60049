# lib.sh - what the end-to-end test scripts share (sourced, not run): a
# scratch directory $tmp removed at exit, the pass/fail counters with ok
# and ko, and the summary line.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
# summary NAME: prints "NAME: N passed, M failed"; false if any failed.
summary() {
    echo "$1: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
