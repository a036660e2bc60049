#!/usr/bin/env bash
# safety.sh - nothing lost, nothing clobbered, nothing half-written: the
# output-side findings of the reliability audit, one check each.
# Usage: safety.sh LEUSDEN_BINARY SOURCE_DIR
#   1  a full /tmp does not truncate the report's charts (none go there)
#   2  under a memory limit --json is complete or refused, never short
#   3  outputs never clobber an input, each other, or a log behind stdout
#   4  SIGINT/SIGTERM: exit 130/143, one line, no temporaries, old outputs
#      kept; stale temporaries of a killed run are removed by the next
#   6  a --vary value beyond any integer is an input error, not UB
#   8  CSV cells that look like formulas are defused
#   9  a file name that is not UTF-8 keeps scenario.file in the JSON
#  13  --help/--version on a full stdout say so; OMP_THREAD_LIMIT is honest
# Prints "safety: N passed, M failed".
set -u
bin=$1
src=$2
. "$(dirname "$0")/lib.sh"
cfg=$src/scenarios/testbed.cfg
base=$src/scenarios/leusden.cfg
leftovers() { find "$1" -name '*.tmp-*' | head -1; }
# Becomes the command with SIGINT at its default (a background job of a
# script starts with SIGINT ignored, which leusden keeps, as the shell
# meant); use it as `dfl CMD... &` only: it replaces the (sub)shell.
dfl() { exec python3 -c 'import os,signal,sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' "$@"; }

# 1. Charts are rendered in memory: with a full /tmp (a 4 kB tmpfs in a
# private mount namespace, where the system allows one) the report is
# complete, every <svg> closed.  Skipped where unshare is not allowed.
# The binary, the scenario and the report live in a directory bound to
# /mnt inside the namespace, since the clone itself may be under /tmp.
here=$(mktemp -d -p "$PWD")
cp "$bin" "$here/leusden" && cp "$base" "$here/base.cfg"
if unshare -m --propagation private true 2>/dev/null && [ -d /mnt ]; then
    unshare -m --propagation private sh -c 'mount --bind "$1" /mnt &&
        mount -t tmpfs -o size=4k tmpfs /tmp &&
        dd if=/dev/zero of=/tmp/fill bs=1k count=8 2>/dev/null;
        cd /mnt && ./leusden run base.cfg -n 1024 -q --report r.html >/dev/null 2>&1' sh "$here"
    rc=$?
    opened=$(grep -o '<svg' "$here/r.html" 2>/dev/null | wc -l)
    closed=$(grep -o '</svg>' "$here/r.html" 2>/dev/null | wc -l)
    [ $rc -eq 0 ] && [ "$opened" -ge 5 ] && [ "$opened" -eq "$closed" ] && ok || ko "1: full /tmp: exit $rc, $opened <svg> but $closed </svg>"
else
    echo "SKIP: 1 (no private mount namespace here)"
fi
rm -rf "$here"

# 2. Memory limits: every JSON that is written has every top-level key; a
# run that cannot finish says so and exits 1.  (Not under AddressSanitizer,
# whose shadow memory cannot live under `ulimit -v`; the faults test makes
# allocations fail there instead.)
if nm "$bin" 2>/dev/null | grep -q '__asan_init'; then
    echo "SKIP: 2 (an AddressSanitizer build)"
else
"$bin" run "$cfg" -n 2000 -q --json "$tmp/full.json" >/dev/null 2>&1
keys=$(python3 -c "import json,sys; print(' '.join(sorted(json.load(open(sys.argv[1])))))" "$tmp/full.json")
short=0
for kb in 40000 60000 80000 100000 120000 160000 200000 300000; do
    rm -f "$tmp/m.json"
    (ulimit -v $kb; "$bin" run "$cfg" -n 2000 -q -t 1 --json "$tmp/m.json" >/dev/null 2>"$tmp/err")
    rc=$?
    if [ -e "$tmp/m.json" ]; then
        k=$(python3 -c "import json,sys; print(' '.join(sorted(json.load(open(sys.argv[1])))))" "$tmp/m.json" 2>/dev/null)
        [ "$k" = "$keys" ] && [ $rc -eq 0 ] || { short=1; echo "  at $kb kB: rc $rc, keys '$k'"; }
    elif [ $rc -eq 0 ] || [ "$(wc -l <"$tmp/err")" -gt 1 ]; then
        short=1
        echo "  at $kb kB: rc $rc and no JSON: $(cat "$tmp/err")"
    fi
done
[ $short -eq 0 ] && ok || ko "2: a memory limit gave a short JSON or exit 0 without it"
fi

# 3. Clobbering.  The scenario as an output, two outputs on one file, and
# a JSON to /dev/stdout appended to a log.
mkdir -p "$tmp/c3"
cp "$cfg" "$tmp/c3/s.cfg"
before=$(sha256sum <"$tmp/c3/s.cfg")
"$bin" run "$tmp/c3/s.cfg" -n 100 -q --json "$tmp/c3/s.cfg" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && [ "$(sha256sum <"$tmp/c3/s.cfg")" = "$before" ] && grep -q 'is an input of this run' "$tmp/err" && ok || ko "3: --json onto the scenario: rc $rc, $(cat "$tmp/err")"
printf 'base = "s.cfg";\n' >"$tmp/c3/k.cfg"
"$bin" run "$tmp/c3/k.cfg" -n 100 -q --report "$tmp/c3/s.cfg" >/dev/null 2>&1
[ $? -eq 2 ] && [ "$(sha256sum <"$tmp/c3/s.cfg")" = "$before" ] && ok || ko "3: --report onto a base file"
"$bin" run "$tmp/c3/s.cfg" -n 100 -q --json "$tmp/c3/x" --report "$tmp/c3/x" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && [ ! -e "$tmp/c3/x" ] && grep -q 'written twice' "$tmp/err" && ok || ko "3: --json X --report X: $(cat "$tmp/err")"
"$bin" run "$tmp/c3/s.cfg" -n 100 -q --json "$tmp/c3/d/targets.csv" --csv "$tmp/c3/d" >/dev/null 2>&1
[ $? -eq 2 ] && ok || ko "3: --json into the --csv directory's targets.csv is not refused"
echo "earlier line" >"$tmp/c3/log"
"$bin" run "$tmp/c3/s.cfg" -n 100 -q --json /dev/stdout >>"$tmp/c3/log" 2>/dev/null
[ $? -eq 0 ] && [ "$(head -1 "$tmp/c3/log")" = "earlier line" ] && grep -q '"schema"' "$tmp/c3/log" && grep -q '^Leusden 2040' "$tmp/c3/log" && ok || ko "3: --json /dev/stdout >> log lost the log or the table"
[ -z "$(leftovers "$tmp/c3")" ] && ok || ko "3: temporaries left: $(leftovers "$tmp/c3")"

# 4. Signals.  Old outputs in place; the run is stopped while it computes.
mkdir -p "$tmp/s4/csv"
for f in r.json r.html csv/targets.csv; do echo old >"$tmp/s4/$f"; done
for sig in INT TERM; do
    dfl "$bin" run "$base" -n 4000000 -q -t 2 --json "$tmp/s4/r.json" --csv "$tmp/s4/csv" --report "$tmp/s4/r.html" >/dev/null 2>"$tmp/err" &
    pid=$!
    sleep 1
    kill -$sig $pid
    wait $pid
    rc=$?
    want=$([ $sig = INT ] && echo 130 || echo 143)
    [ $rc -eq $want ] && ok || ko "4: SIG$sig exited $rc, expected $want"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "^leusden: interrupted by SIG$sig" "$tmp/err" && ok || ko "4: SIG$sig message: $(cat "$tmp/err")"
    [ "$(cat "$tmp/s4/r.json") $(cat "$tmp/s4/r.html") $(cat "$tmp/s4/csv/targets.csv")" = "old old old" ] && ok || ko "4: SIG$sig changed an output"
    [ -z "$(leftovers "$tmp/s4")" ] && ok || ko "4: SIG$sig left $(leftovers "$tmp/s4")"
done
# A killed run's temporaries (here: one made by a process that is gone)
# are removed by the next run that writes the same file.
sh -c 'echo $$ >"$1/pid"' sh "$tmp/s4"
dead=$(cat "$tmp/s4/pid")
echo partial >"$tmp/s4/r.json.tmp-$dead-AbC123"
"$bin" run "$cfg" -n 100 -q --json "$tmp/s4/r.json" >/dev/null 2>&1
[ ! -e "$tmp/s4/r.json.tmp-$dead-AbC123" ] && ok || ko "4: a dead run's temporary was not removed"
# A live process's temporary is left alone.
echo busy >"$tmp/s4/r.json.tmp-$$-XyZ789"
"$bin" run "$cfg" -n 100 -q --json "$tmp/s4/r.json" >/dev/null 2>&1
[ -e "$tmp/s4/r.json.tmp-$$-XyZ789" ] && ok || ko "4: a live run's temporary was removed"
rm -f "$tmp/s4/r.json.tmp-$$-XyZ789"

# Every output of one run carries the run's id (JSON, every CSV row, the
# report); another run (another seed) has another id.
"$bin" run "$cfg" -n 200 -q --json "$tmp/id.json" --csv "$tmp/id" --report "$tmp/id.html" >/dev/null 2>&1
id=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['run_id'])" "$tmp/id.json")
ids=$(cat "$tmp/id"/*.csv | tail -n +1 | grep -v '^scenario,' | awk -F, '{print $NF}' | tr -d '\r' | sort -u)
[ "$ids" = "$id" ] && grep -q "name=\"leusden-run-id\" content=\"$id\"" "$tmp/id.html" && ok || ko "run id: JSON $id, CSV '$ids'"
"$bin" run "$cfg" -n 200 -q -s 7 --json "$tmp/id2.json" >/dev/null 2>&1
id2=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['run_id'])" "$tmp/id2.json")
[ -n "$id" ] && [ "$id" != "$id2" ] && ok || ko "run id: another seed gives the same id $id2"

# 6. A --vary value beyond any integer (UB in a cast before).
"$bin" sweep "$base" --vary models.regional.turbines=0:1e19:2 -n 10 -q >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q 'out of range' "$tmp/err" && ok || ko "6: --vary 0:1e19:2: $(cat "$tmp/err")"

# 8. CSV formula injection: a target name and a source that start with
# =, +, - or @ are written as text.
sed -e 's/name = "count-2020"/name = "=HYPERLINK(1)"/' -e 's/name = "sum-2025"/name = "@SUM(A1)"/' "$cfg" >"$tmp/f8.cfg"
grep -q 'HYPERLINK' "$tmp/f8.cfg" && grep -q '@SUM' "$tmp/f8.cfg" || ko "8: the testbed's target names changed; fix this test"
"$bin" run "$tmp/f8.cfg" -n 100 -q --csv "$tmp/f8" >/dev/null 2>&1
grep -q "\"'=HYPERLINK(1)\"" "$tmp/f8/targets.csv" && grep -q "\"'@SUM(A1)\"" "$tmp/f8/targets.csv" && ok || ko "8: formulas not defused: $(grep -E 'HYPER|SUM' "$tmp/f8/targets.csv")"
grep -qE '(^|,)[=@+]' "$tmp/f8/targets.csv" && ko "8: a cell starts with a formula character" || ok

# 9. A scenario file name that is not UTF-8.
bad=$(printf "$tmp/t\\xff\\xfex.cfg")
cp "$cfg" "$bad"
"$bin" run "$bad" -n 100 -q --json "$tmp/u.json" >/dev/null 2>&1
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert 'file' in d['scenario'] and '\ufffd' in d['scenario']['file']" "$tmp/u.json" && ok || ko "9: scenario.file missing or not marked"

# A value near DBL_MAX is written so that it reads back as a double (15
# digits would round it beyond the range; found by fuzz_writers).
timeout 120 "$bin" run "$cfg" -n 100 -q --set 'targets=( { name = "a"; year = 2020; metric = "testbed.count"; op = "<="; threshold = 1.7976931348623157e308; } )' --json "$tmp/big.json" --csv "$tmp/big" --report "$tmp/big.html" >/dev/null 2>&1
[ $? -eq 0 ] && grep -q '</html>' "$tmp/big.html" && ok || ko "a threshold near DBL_MAX: the report's fan chart did not finish (PLplot's ticks)"
python3 -c "import json,math,sys; d=json.load(open(sys.argv[1])); t=d['targets'][0]['threshold']; assert math.isfinite(t) and t > 1.79e308" "$tmp/big.json" && grep -q ',1.79769313486231e+308,' "$tmp/big/targets.csv" && ok || ko "a threshold near DBL_MAX does not read back"

# 13. --help and --version on a full or closed stdout; OMP_THREAD_LIMIT.
if [ -w /dev/full ]; then
    for a in --help --version; do
        "$bin" $a >/dev/full 2>"$tmp/err"
        [ $? -eq 1 ] && grep -q '^leusden: writing to stdout failed' "$tmp/err" && ok || ko "13: $a on /dev/full: $(cat "$tmp/err")"
    done
fi
"$bin" --version >&- 2>"$tmp/err"
[ $? -eq 1 ] && grep -q 'writing to stdout failed' "$tmp/err" && ok || ko "13: --version on a closed stdout: $(cat "$tmp/err")"
OMP_THREAD_LIMIT=1 "$bin" run "$cfg" -n 100 -q -t 4 2>"$tmp/err" >/dev/null
grep -q 'on 1 thread ' "$tmp/err" && ok || ko "13: OMP_THREAD_LIMIT=1 reports $(cat "$tmp/err")"

summary safety
