#!/usr/bin/env bash
# cli.sh - end-to-end tests of the leusden command line.
# Usage: cli.sh LEUSDEN_BINARY SOURCE_DIR
# Checks exit statuses (0 ok, 1 runtime failure, 2 bad input), one-line
# error messages, and that stdout is byte-identical for 1, 2, 3 and 7
# threads.  Prints "N passed, M failed" at the end.
set -u
bin=$1
src=$2
. "$(dirname "$0")/lib.sh"

# expect STATUS STDERR_REGEX -- ARGS...
expect() {
    local status=$1 pattern=$2
    shift 3
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ "$rc" -ne "$status" ]; then
        ko "leusden $* exited $rc, expected $status; stderr: $(cat "$tmp/err")"
    elif [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$tmp/err"; then
        ko "leusden $*: stderr does not match /$pattern/: $(cat "$tmp/err")"
    elif [ "$status" -ne 0 ] && [ "$(wc -l <"$tmp/err")" -ne 1 ]; then
        ko "leusden $*: error is not one line: $(cat "$tmp/err")"
    else
        ok
    fi
}

cfg=$src/scenarios/testbed.cfg
expect 0 '' -- --version
grep -Eq '^leusden [0-9]+\.[0-9]+\.[0-9]+( \(MPI\))?$' "$tmp/out" && ok || ko "--version output: $(cat "$tmp/out")"
expect 0 '' -- --help
grep -q 'Usage: leusden run SCENARIO' "$tmp/out" && ok || ko "--help lacks usage"
grep -q 'testbed' "$tmp/out" && ok || ko "--help lacks the model list"
# Per-command help: `leusden help CMD` and `CMD --help` list that
# command's options only (issue 14).
expect 0 '' -- help run
grep -q -- '--precision E' "$tmp/out" && grep -q -- '--csv-dialect' "$tmp/out" && ok || ko "help run lacks its options"
expect 0 '' -- compare --help
grep -q '^Usage: leusden compare' "$tmp/out" && ! grep -q -- '--precision' "$tmp/out" && ok || ko "compare --help: $(head -3 "$tmp/out")"
expect 0 '' -- check --help
grep -q -- '--set P=V' "$tmp/out" && ! grep -q -- '--paths' "$tmp/out" && ok || ko "check --help: $(head -3 "$tmp/out")"
expect 2 "^leusden: unknown command 'swep' \\(did you mean 'sweep'\\?\\)$" -- help swep
expect 2 'missing command' --
expect 2 "unknown command 'walk'" -- walk
expect 2 "^leusden: unknown command 'rnu' \\(did you mean 'run'\\?\\)$" -- rnu "$cfg"
expect 2 "^leusden: check: --json is not an option of this command" -- check "$cfg" --json "$tmp/x.json"
expect 2 "^leusden: check: --report is not an option of this command" -- check "$cfg" --report "$tmp/x.html"
expect 2 'missing SCENARIO' -- run
expect 2 "paths: '-3' is not a whole number" -- run "$cfg" --paths -3
expect 2 "paths: 'abc' is not a whole number" -- run "$cfg" --paths abc
expect 2 "paths: '0' is not a whole number" -- run "$cfg" --paths 0
expect 2 "threads: '0' is not a whole number" -- run "$cfg" --threads 0
expect 2 "seed: '1x' is not a whole number" -- run "$cfg" --seed 1x
expect 2 "^leusden: run: unknown option '--bogus' \\(try 'leusden --help'\\)$" -- run "$cfg" --bogus
expect 2 "^leusden: run: unknown option '-Z'" -- run "$cfg" -Z
expect 2 "^leusden: run: --paths needs a value" -- run "$cfg" --paths
expect 2 "^leusden: check: -s \\(--seed\\) needs a value" -- check "$cfg" -s
expect 2 "^leusden: run: option '--s' is ambiguous" -- run "$cfg" --s=3
expect 2 "^leusden: run: unknown option '-S'" -- run "$cfg" -S
expect 2 "^leusden: run: --help takes no value" -- run "$cfg" --help=1
expect 2 "^leusden: run: --quiet takes no value" -- run "$cfg" --quiet=1
expect 2 "unexpected argument 'extra'" -- run "$cfg" extra
expect 2 'nonexistent.cfg: cannot open: No such file' -- run "$tmp/nonexistent.cfg"
expect 2 'bad/share_range.cfg:3: models.testbed.p: 1.5 is out of range' -- run "$src/tests/bad/share_range.cfg"
expect 0 'paths x 23 years' -- run "$cfg" --paths 2000 --threads 2

# stdout is byte-identical for any thread count, and names no run statistic.
for t in 1 2 3 7; do
    "$bin" run "$cfg" --paths 5000 --seed 11 --threads "$t" >"$tmp/t$t" 2>/dev/null || ko "run with $t threads failed"
done
for t in 2 3 7; do
    cmp -s "$tmp/t1" "$tmp/t$t" && ok || ko "stdout differs between 1 and $t threads"
done
grep -Eq 'thread|seconds|[0-9] s\b|paths/s|RSS' "$tmp/t1" && ko "stdout carries run statistics" || ok
grep -q 'seed 11, generator philox4x64, 5000 paths' "$tmp/t1" && ok || ko "--seed/--paths not reflected: $(head -2 "$tmp/t1")"
# A different seed gives different numbers.
"$bin" run "$cfg" --paths 5000 --seed 12 >"$tmp/s12" 2>/dev/null
cmp -s "$tmp/t1" "$tmp/s12" && ko "seed has no effect" || ok

# The base scenario: check prints every parameter; run is identical for
# any thread count and prints the neutrality target.
base=$src/scenarios/leusden.cfg
expect 0 '' -- check "$base"
grep -Eq 'gas_per_home +truncnormal\(mean 0.0412' "$tmp/out" && ok || ko "check does not resolve distributions: $(head -20 "$tmp/out")"
grep -q 'energy-neutral-2040: balance.share >= 1 in 2040' "$tmp/out" && ok || ko "check lacks the targets"
expect 2 'bad/dist_mode.cfg:4: balance.ef_gas.mode' -- check "$src/tests/bad/dist_mode.cfg"
expect 2 'check: missing SCENARIO' -- check
expect 0 '' -- check "$base" --set scenario.seed=5000000000
grep -q 'seed 5000000000,' "$tmp/out" && ok || ko "--set of a 64-bit seed wrapped: $(sed -n 2p "$tmp/out")"
expect 2 'scenario.seed: the integer 99999999999999999999 does not fit in 64 bits' -- check "$base" --set scenario.seed=99999999999999999999
expect 2 'is a directory' -- check "$src/scenarios"
expect 0 '' -- check /dev/stdin <"$cfg"
expect 2 '^leusden: --set: scenario.seed: the integer 0x100000005 does not fit in 31 bits' -- check "$cfg" --set 'scenario.seed={ dist = "fixed"; value = 0x100000005; }'
expect 0 '' -- check "$cfg" --set 'scenario.seed= 0x100000005 '
grep -q 'seed 4294967301,' "$tmp/out" && ok || ko "--set of a hex seed: $(sed -n 2p "$tmp/out")"
expect 2 'models.homes.stock0: is the string "abc" \(expected a number from 0 to 1e\+07, a distribution \{ dist = ...; \} or "shared.NAME"\)$' -- check "$base" --set models.homes.stock0=abc
expect 2 '^leusden: --vary: models.regional.turbines: -5 is out of range' -- sweep "$base" --vary models.regional.turbines=-5:5:3 -n 10
expect 2 "^leusden: --vary: 'models.regional.turbines=0:8:1' has 1 step from 0 to 8" -- sweep "$base" --vary models.regional.turbines=0:8:1
# A driver's parameter is swept like any other (the weather is a model).
expect 0 '' -- sweep "$base" --vary weather.pv_sd=0:0.2:3 -n 1024 -q
grep -q 'weather.pv_sd' "$tmp/out" && ok || ko "sweep of weather.pv_sd: $(head -3 "$tmp/out")"
expect 2 "^leusden: --vary: weather.pv_sd: 0.5 is out of range" -- sweep "$base" --vary weather.pv_sd=0:0.5:2 -n 10
"$bin" run "$base" --paths 3000 --threads 1 >"$tmp/b1" 2>/dev/null || ko "base run failed"
"$bin" run "$base" --paths 3000 --threads 2 >"$tmp/b2" 2>/dev/null || ko "base run failed"
cmp -s "$tmp/b1" "$tmp/b2" && ok || ko "base scenario: stdout differs between 1 and 2 threads"
grep -q '^energy-neutral-2040 ' "$tmp/b1" && ok || ko "base run lacks the neutrality target"

# Every output creates the directories it needs (issue 14).
expect 0 '' -- run "$src/scenarios/testbed.cfg" -n 500 -q --report "$tmp/new/a/r.html" --json "$tmp/new/b/c/r.json" --csv "$tmp/new/d/e"
[ -s "$tmp/new/a/r.html" ] && [ -s "$tmp/new/b/c/r.json" ] && [ -s "$tmp/new/d/e/targets.csv" ] && ok || ko "outputs in new directories: $(ls -R "$tmp/new" | head -5)"

# Every shipped scenario and keuze validates; the RES region runs and its
# keuzes compare on common random numbers (issue 13).
for f in "$src"/scenarios/*.cfg; do
    "$bin" check "$f" >/dev/null 2>"$tmp/err" && ok || ko "check $(basename "$f"): $(head -c 300 "$tmp/err")"
done
"$bin" run "$src/scenarios/res-amersfoort.cfg" -n 2000 -q >"$tmp/res" 2>/dev/null || ko "region run failed"
grep -Eq '^res-bid-2030 +2030 +>= +1800 ' "$tmp/res" && ok || ko "region run lacks the bid target: $(head -5 "$tmp/res")"
grep -Eq '^leusden.outer_tj ' "$tmp/res" && ok || ko "region run lacks Leusden's contribution"
"$bin" compare "$src/scenarios/res-amersfoort.cfg" "$src/scenarios/keuze-region-solar.cfg" -n 2000 >"$tmp/resc" 2>/dev/null || ko "region compare failed"
grep -q 'keuze-region-solar vs res-amersfoort' "$tmp/resc" && ok || ko "region compare output: $(head -5 "$tmp/resc")"
# Tables on stdout and every --help fit 80 columns.
"$bin" run "$base" -n 500 -q >"$tmp/w.run" 2>/dev/null
"$bin" sweep "$base" --vary models.regional.turbines=0:6:3 -n 200 -q >"$tmp/w.sweep" 2>/dev/null
"$bin" batch "$base" "$src/scenarios/keuze-wind.cfg" -n 200 -q >"$tmp/w.batch" 2>/dev/null
cp "$tmp/res" "$tmp/w.res"; cp "$tmp/resc" "$tmp/w.resc"
for c in run check compare sweep batch help; do "$bin" help "$c" >"$tmp/w.help-$c"; done
"$bin" --help >"$tmp/w.help"
for f in "$tmp"/w.*; do
    # The layout is tested, not the length of the clone's path.
    wide=$(sed "s|$src|SRC|g" "$f" | awk 'length($0) > 80' | head -2)
    [ -z "$wide" ] && ok || ko "$(basename "$f") is wider than 80 columns: $wide"
done

# The report's sources are captured when the scenario is read: a piped
# scenario and one read from a FIFO keep every source comment and file
# head (the report never re-opens its input; a FIFO would hang).
"$bin" run "$base" -n 1024 -q --report "$tmp/file.html" >/dev/null 2>&1 || ko "report of a file failed"
grep -q 'Uit <code>' "$tmp/file.html" && ok || ko "report of a file has no file head"
(cd "$src/scenarios" && cat leusden.cfg | "$bin" run /dev/stdin -n 1024 -q --report "$tmp/pipe.html" >/dev/null 2>&1) || ko "report of a piped scenario failed"
mkfifo "$tmp/fifo"
(cd "$src/scenarios" && cat leusden.cfg >"$tmp/fifo" &
 timeout 60 "$bin" run "$tmp/fifo" -n 1024 -q --report "$tmp/fifo.html" >/dev/null 2>&1) || ko "report of a FIFO scenario failed or hung"
for f in pipe fifo; do
    # The same table of assumptions with the same source comments as the
    # file's report, and a file head.
    sed -n '/Aannames en bronnen/,/<\/table>/p' "$tmp/file.html" | grep '<tr><td' >"$tmp/a.file"
    sed -n '/Aannames en bronnen/,/<\/table>/p' "$tmp/$f.html" | grep '<tr><td' >"$tmp/a.$f"
    n_src=$(grep -c '</td><td>[^<][^<]*</td></tr>$' "$tmp/a.$f")
    [ "$n_src" -ge 40 ] && ok || ko "$f: only $n_src parameters with a source comment"
    diff -q <(grep -o '</td><td>[^<]*</td></tr>$' "$tmp/a.file") <(grep -o '</td><td>[^<]*</td></tr>$' "$tmp/a.$f") >/dev/null && ok || ko "$f: sources differ from the file's report"
    grep -q 'Uit <code>' "$tmp/$f.html" && ok || ko "$f: the report lost the file head"
done

# A failed write of the results is a runtime failure (exit 1).
if [ -w /dev/full ]; then
    "$bin" run "$cfg" --paths 1000 >/dev/full 2>"$tmp/err"
    rc=$?
    [ $rc -eq 1 ] && grep -q 'writing to stdout failed' "$tmp/err" && ok || ko "write to /dev/full: exit $rc, $(cat "$tmp/err")"
fi

summary cli
