#!/usr/bin/env bash
# faults.sh - fault injection, SQLite-style: every way a run can be cut
# short must leave either all of its outputs complete and new, or all of
# them as they were, with no temporary left, a proper exit status and one
# line on stderr.
#
# Usage: faults.sh LEUSDEN_FAULTS_BINARY LEUSDEN_BINARY SOURCE_DIR
#
#   1. Allocation failures (LEUSDEN_FAULTS_BINARY, tests/fault_alloc.c):
#      for each command below (run with every writer, check, inheritance,
#      compare, sweep with every writer, batch, @include with --set), a
#      counting run finds the N allocations made by the project's code and
#      their call sites; then the K-th allocation fails, for K = 1..N when
#      N <= 600, else K = 1..300, the first and the last allocation of every
#      call site reached, and 60 evenly spaced K (a sanitizer build: 1..60,
#      first and last of every site, 10 spaced; N <= 120 all).  Each trial
#      must exit 1 with one line "leusden: ..." naming memory (batch: that
#      line and its summary line), or exit 0 with stdout, stderr and outputs
#      as in the fault-free run (a tolerated failure, listed); no signal, no
#      sanitizer report, no *.tmp-* file, nothing in TMPDIR, and its outputs
#      all old (the content put there before the run) or all new (equal to
#      a reference run but for timings).
#      Coverage: "sites hit" = call sites whose allocation was made to fail
#      at least once; "sites present" = the direct calls and tail calls of
#      the wrapped functions in the program (objdump -d of
#      LEUSDEN_FAULTS_BINARY: call/jmp to __wrap_*, so an inlined helper
#      counts once per copy), with the calls written in the sources for
#      comparison.
#   2. Write failures after k bytes (LEUSDEN_BINARY): `ulimit -f B` (POSIX
#      512-byte blocks) with SIGXFSZ ignored, so a write past B*512 bytes
#      fails with EFBIG, for --json, --csv, --report alone and all three
#      together, B = 1..64 (1..40 under a sanitizer), every 8th B (7th)
#      beyond up to the largest output, and the two B either side of each
#      output's size: exit 1, one line naming an output larger than the
#      limit, every output old, no temporary; when every output fits, exit
#      0 and all new.
#   3. Signals at random points (LEUSDEN_BINARY): 40 runs of the base
#      scenario writing --json, --csv and --report over old outputs; SIGINT
#      or SIGTERM after a delay drawn from a seeded generator, over the
#      whole run (trials 1-20) or from the moment its first temporary
#      appears, over the time it writes (21-40): exit 130/143 with
#      "leusden: interrupted ..." (or no line, if the signal came before
#      the handler was installed) and all outputs old, or exit 0 with all
#      of them new; never a temporary.  And 10 SIGKILL runs while writing:
#      every output old or complete (never a truncated file; old and new
#      mixed is allowed, a kill between two renames), and the next run
#      writing the same outputs removes every temporary the killed one
#      left.
#
# Known failures (bugs reported, not yet fixed) are listed in KNOWN below:
# they print XFAIL and do not fail the test; a known failure that no trial
# met prints XPASS at the end (fixed: remove it from KNOWN).
# Prints "N passed, M failed" and the figures; exits 1 if any failed.
set -u
fbin=$1
bin=$2
src=$3
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
export LC_ALL=C

jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -gt 4 ] && jobs=4
sanitized=0
if nm "$fbin" 2>/dev/null | grep -q -E '__asan_init|__ubsan_handle|__tsan_init'; then
    sanitized=1
fi
# A failed allocation may leak what the error path does not free before
# exit; LeakSanitizer would turn that into a second report.  Leaks are not
# what this sweep checks (the fault-free reference runs keep the caller's
# ASAN_OPTIONS).
fault_asan="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# Known failures, reported and not yet fixed: globs (extglob) on "KEY: WHY",
# KEY being "alloc COMMAND FUNCTION KIND" (the allocation call site, by the
# function that calls and the wrapped function), "write NAME B" or
# "signal TRIAL"; each with its reproducer, run in an empty directory
# holding o/ (leusden_faults is built in tests/ of the build directory).
KNOWN=(
    # PLplot (pl_create_tempfile) creates TMPDIR/plplot_XXXXXX for every
    # chart and unlinks it at once; a SIGKILL between the two leaves it,
    # and no later run removes it (it is not a DEST.tmp-PID-* name).  Rare
    # (met in 1 of 10 SIGKILL trials once), so no XPASS when not met.
    'signal *: outputs after SIGKILL: leftover tmp/plplot_*'
)

shopt -s extglob globstar nullglob dotglob
declare -a known_seen
is_known() { # is_known "KEY: WHY"
    local i
    for i in "${!KNOWN[@]}"; do
        # shellcheck disable=SC2053 # a glob on purpose
        if [[ $1 == ${KNOWN[$i]} ]]; then
            known_seen[$i]=1
            return 0
        fi
    done
    return 1
}

# ------------------------------------------------------------ the commands
# (run, check, inheritance, compare, sweep, batch, and @include with --set)
# name|binary|args (outputs under o/, relative to the trial directory)
S=$src/scenarios
inc_main=$'main-\xff.cfg'
alloc_cmds=(
    "run|$fbin|run $S/testbed.cfg -n 2000 -q --threads 1 --json o/r.json --csv o/csv --report o/r.html"
    "check|$fbin|check $S/leusden.cfg"
    "inherit|$fbin|run $S/keuze-wind.cfg -n 200 -q --threads 1 --json o/w.json"
    "compare|$fbin|compare $S/leusden.cfg $S/keuze-wind.cfg -n 200 --threads 1 --json o/c.json"
    "sweep|$fbin|sweep $S/leusden.cfg -n 200 -q --threads 1 --vary models.regional.turbines=0:8:3 --json o/s.json --csv o/scsv --report o/s.html"
    "batch|$fbin|batch $S/testbed.cfg $S/keuze-wind.cfg -n 200 --threads 1"
    "include|$fbin|run $w/inc/$inc_main -n 200 -q --threads 1 --set models.testbed.p=0.4 --json o/i.json"
)
# The testbed scenario as two @included halves, in a file whose name is
# not UTF-8 (the JSON writer's replacement of such bytes).
mkdir -p "$w/inc"
head -n 18 "$S/testbed.cfg" >"$w/inc/a.cfg"
tail -n +19 "$S/testbed.cfg" >"$w/inc/b.cfg"
printf '# testbed.cfg, included in two parts\n@include "a.cfg"\n@include "b.cfg"\n' >"$w/inc/$inc_main"
write_cmds=(
    "wjson|$bin|run $S/testbed.cfg -n 2000 -q --json o/r.json"
    "wcsv|$bin|run $S/testbed.cfg -n 2000 -q --csv o/csv"
    "wreport|$bin|run $S/testbed.cfg -n 2000 -q --report o/r.html"
    "wall|$bin|run $S/testbed.cfg -n 2000 -q --json o/r.json --csv o/csv --report o/r.html"
)
if [ "$sanitized" -eq 1 ]; then sig_paths=1000; else sig_paths=5000; fi
sig_cmd="sig|$bin|run $S/leusden.cfg -n $sig_paths -q --threads 2 --json o/b.json --csv o/csv --report o/b.html"

pass=0
fail=0
xfail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }

# ----------------------------------------------------------------- helpers
# run_in DIR BINARY ARGS...: runs in DIR with TMPDIR=DIR/tmp, stdout to
# DIR/out (or to $RUN_OUT), stderr to DIR/err; returns the exit status.
run_in() {
    local d=$1
    shift
    # (the shell's own "Segmentation fault" notice to /dev/null: the
    # verdict reports the exit status)
    { (cd "$d" && TMPDIR="$d/tmp" exec "$@" >"${RUN_OUT:-$d/out}" 2>"$d/err"); } 2>/dev/null
}

# same_as_ref FILE REF1 REF2: FILE equals REF1 but for the run's timings
# (JSON "seconds", "paths_per_second", "peak_rss_mb"; the report's "0.04 s
# on 2 threads") and the lines that differ between REF1 and REF2.
same_as_ref() {
    cmp -s "$1" "$2" && return 0
    [ -f "$1" ] || return 1
    awk -v r1="$2" -v r2="$3" '
        function norm(s) {
            gsub(/"(seconds|paths_per_second|peak_rss_mb)": [-+.0-9eE]+/, "\"T\": T", s)
            gsub(/[0-9.,]+ s o[np] [0-9]+ thread/, "T s on N thread", s)
            return s
        }
        FILENAME == r1 { a[FNR] = $0; na = FNR; next }
        FILENAME == r2 { b[FNR] = $0; nb = FNR; next }
        { c[FNR] = $0; nc = FNR }
        END {
            if (na != nb || na != nc) exit 1
            for (i = 1; i <= na; i++)
                if (c[i] != a[i] && a[i] == b[i] && norm(c[i]) != norm(a[i]))
                    exit 1
            exit 0
        }' "$2" "$3" "$1"
}

# setup NAME BINARY ARGS: in $w/c/NAME, the outputs the command writes
# (outputs), their old content (old/o/...), two reference runs started from
# the old content (ref1, ref2: outputs, stdout, the allocation count of the
# first two), and the fault-free count report of the first (count).
setup() {
    local name=$1 b=$2
    shift 2
    local c=$w/c/$name
    mkdir -p "$c/ref0/o" "$c/ref0/tmp"
    if ! run_in "$c/ref0" "$b" "$@"; then
        ko "$name: the fault-free run failed: $(cat "$c/ref0/err")"
        return 1
    fi
    (cd "$c/ref0" && find o -type f | sort) >"$c/outputs"
    mkdir -p "$c/old/o" "$c/old/tmp"
    while read -r f; do
        mkdir -p "$c/old/$(dirname "$f")"
        printf 'old content of %s, before the run\n' "$f" >"$c/old/$f"
    done <"$c/outputs"
    local r
    for r in ref1 ref2; do
        cp -a "$c/old" "$c/$r"
        if ! LEUSDEN_FAULT_COUNT=1 LEUSDEN_FAULT_REPORT="$c/$r/count" \
                run_in "$c/$r" "$b" "$@"; then
            ko "$name: the fault-free run failed: $(cat "$c/$r/err")"
            return 1
        fi
        load_err "$c/$r"
        echo "${#ERR[@]}" >"$c/$r/err_lines"
        if [ "${#ERR[@]}" -gt 1 ]; then
            ko "$name: the fault-free run wrote more than one line: $(cat "$c/$r/err")"
        fi
    done
    cmp -s "$c/ref1/out" "$c/ref2/out" ||
        ko "$name: stdout differs between two fault-free runs"
    if [ -f "$c/ref1/count" ]; then
        local n1 n2
        n1=$(awk '$1 == "total" { print $2 }' "$c/ref1/count")
        n2=$(awk '$1 == "total" { print $2 }' "$c/ref2/count")
        [ "$n1" = "$n2" ] ||
            ko "$name: allocation count not deterministic ($n1, then $n2)"
        echo "$n1" >"$c/n"
    fi
    return 0
}

# outputs_state C DIR: sets STATE to "old" if every output of command C in
# DIR has its old content, "new" if every one equals the reference, "none"
# if C writes no file, else what is wrong: "leftover ..." for anything else
# in DIR/o and DIR/tmp (*.tmp-* aside if IGNORE_TMP is set), "damaged ...",
# "mixed ...".  Builtins only where it can (it runs for every trial).
outputs_state() {
    local c=$1 d=$2 f old=0 new=0 bad="" n=0 extra=""
    local -a outs lines
    mapfile -t outs <"$c/outputs"
    for f in "${outs[@]}"; do
        n=$((n + 1))
        lines=()
        [ -f "$d/$f" ] && mapfile -n 2 -t lines <"$d/$f"
        if [ "${#lines[@]}" -eq 1 ] &&
           [ "${lines[0]}" = "old content of $f, before the run" ]; then
            old=$((old + 1))
        elif same_as_ref "$d/$f" "$c/ref1/$f" "$c/ref2/$f"; then
            new=$((new + 1))
        elif [ -f "$d/$f" ]; then
            bad="$bad $f:damaged"
        else
            bad="$bad $f:missing"
        fi
    done
    local all=" ${outs[*]} " p rel
    for p in "$d"/o/** "$d"/tmp/**; do
        rel=${p#"$d"/}
        case $rel in o/|tmp/) continue ;; esac
        [ -d "$p" ] && [ "${rel#tmp/}" = "$rel" ] && continue
        case $all in *" $rel "*) continue ;; esac
        [ -n "${IGNORE_TMP:-}" ] && [[ $rel == *.tmp-* ]] && continue
        extra="$extra $rel"
    done
    if [ -n "$extra" ]; then
        STATE="leftover$extra"
    elif [ "$n" -eq 0 ]; then
        STATE=none
    elif [ -n "$bad" ]; then
        STATE="damaged$bad (old $old, new $new)"
    elif [ "$old" -eq "$n" ]; then
        STATE=old
    elif [ "$new" -eq "$n" ]; then
        STATE=new
    else
        STATE="mixed (old $old, new $new of $n)"
    fi
}

# load_err D: ERR, the lines of the trial's stderr, and ERR_TEXT, them
# joined (at most 300 bytes, for a message).
load_err() {
    ERR=()
    [ -f "$1/err" ] && mapfile -t ERR <"$1/err"
    ERR_TEXT="${ERR[*]}"
    ERR_TEXT=${ERR_TEXT:0:300}
}

# one_line: the stderr loaded is one line "leusden: ...".
one_line() { [ "${#ERR[@]}" -eq 1 ] && [[ ${ERR[0]} == "leusden: "* ]]; }

# sanitizer_report: the stderr loaded has a sanitizer's report.
sanitizer_report() { [[ $ERR_TEXT == *Sanitizer* || "${ERR[*]}" == *"runtime error"* ]]; }

# names_memory: the stderr loaded says memory ran out.
names_memory() { [[ ${ERR[*],,} == *memory* ]]; }

# fresh C D: D holds the old outputs of command C and nothing else; kept
# from the last trial in D if that one left it so (kept C D), which saves
# two processes a trial.
declare -A kept_for
fresh() {
    if [ "${kept_for[$2]:-}" = "$1" ]; then
        : >"$2/rep"
    else
        rm -rf "$2"
        cp -a "$1/old" "$2"
    fi
    kept_for[$2]=
}
kept() { case $STATE in old|none) kept_for[$2]=$1 ;; esac; }

# ------------------------------------------------- 1. allocation failures
# The call sites of the wrapped functions in the program, from its
# disassembly, into $w/present (one SITE a line: FUNCTION@ADDRESS:KIND, the
# address of the call or jmp instruction) and the array site_at: the SITE of
# each return address a wrapped call can have, as an offset from the start
# of the image (what fault_alloc.c reports): the address after the call
# instruction; for a tail call, the address after each call of the
# function that made it.
declare -A site_at
map_sites() {
    local dis=$w/dis
    objdump -d --no-show-raw-insn "$fbin" >"$dis" || return 1
    : >"$w/present"
    : >"$w/tails"
    awk -v present="$w/present" -v tails="$w/tails" '
        /^[0-9a-f]+ <[^>]+>:$/ { fn = $2; gsub(/[<>:]/, "", fn); next }
        /^ *[0-9a-f]+:/ {
            a = $1; sub(/:$/, "", a)
            if (pend != "") { print a, pend; pend = "" }
            if (fn ~ /^__wrap_/) next
            if (match($0, /(call|jmp)[a-z]* +[0-9a-f]+ <__wrap_[a-z_]+>/)) {
                s = substr($0, RSTART, RLENGTH)
                k = s; sub(/.*<__wrap_/, "", k); sub(/>.*/, "", k)
                site = fn "@" a ":" k
                print site >> present
                if (s ~ /^call/) pend = site
                else print fn, site >> tails
            }
        }' "$dis" >"$w/retmap"
    if [ -s "$w/tails" ]; then
        awk -v tails="$w/tails" '
            BEGIN { while ((getline l < tails) > 0) { split(l, p, " ")
                                                      t[p[1]] = p[2] } }
            /^ *[0-9a-f]+:/ {
                a = $1; sub(/:$/, "", a)
                if (pend != "") { print a, pend; pend = "" }
                if (match($0, /call[a-z]* +[0-9a-f]+ <[^>+]+>/)) {
                    f = substr($0, RSTART, RLENGTH); sub(/.*</, "", f)
                    sub(/>$/, "", f)
                    if (f in t) pend = t[f]
                }
            }' "$dis" >>"$w/retmap"
    fi
    # The image's link-time start (0 for a PIE).
    local base
    base=$(nm "$fbin" | awk '$3 == "__executable_start" { print $1 }')
    base=$((16#${base:-0}))
    local a site
    while read -r a site; do
        site_at[$(printf '%x' $((16#$a - base)))]=$site
    done <"$w/retmap"
    [ -s "$w/present" ]
}

# site_of HEXOFFSET: the site of a return address ("?" if none).
site_of() { echo "${site_at[$1]:-?}"; }

# alloc_trial C K D: the K-th allocation of command C fails, in D.  Prints
# "NAME K RC STATE OFFSET KIND|WHY|STDERR" (WHY empty if it passed).
alloc_trial() {
    local c=$1 k=$2 d=$3 name=${1##*/}
    fresh "$c" "$d"
    local -a args
    read -r -a args <"$c/args"
    ASAN_OPTIONS=$fault_asan LEUSDEN_FAULT_ALLOC=$k \
        LEUSDEN_FAULT_REPORT="$d/rep" run_in "$d" "${args[@]}"
    local rc=$? tag="" fhex="" fkind="" state why=""
    [ -f "$d/rep" ] && read -r tag fhex fkind _ <"$d/rep"
    outputs_state "$c" "$d"
    state=$STATE
    kept "$c" "$d"
    load_err "$d"
    if [ "$tag" != failed ]; then
        why="allocation $k never happened (the count is $(cat "$c/n"))"
    elif sanitizer_report; then
        why="sanitizer report"
    elif [ "$rc" -ge 2 ]; then
        why="exit $rc"
    elif [ "$rc" -eq 0 ]; then
        # Tolerated: then nothing may differ from the fault-free run.
        if [ "${#ERR[@]}" -ne "$(cat "$c/ref1/err_lines")" ]; then
            why="exit 0 but stderr differs from the fault-free run"
        elif ! cmp -s "$d/out" "$c/ref1/out"; then
            why="exit 0 but stdout differs from the fault-free run"
        elif [ "$state" != new ] && [ "$state" != none ]; then
            why="exit 0 but outputs: $state"
        fi
    elif [ "$name" = batch ] && [ "${#ERR[@]}" -eq 2 ] &&
         [[ ${ERR[0]} == "leusden: "* && ${ERR[1]} == "leusden: batch of "* ]]; then
        # batch reports a failed scenario, runs the others, and ends with
        # its summary line: two lines.
        names_memory || why="exit 1 without naming memory"
    elif ! one_line; then
        why="stderr is not one line 'leusden: ...'"
    elif ! names_memory; then
        why="exit 1 without naming memory"
    fi
    if [ -z "$why" ] && [ "$rc" -eq 1 ] && [ "$state" != old ] &&
       [ "$state" != new ] && [ "$state" != none ]; then
        why="outputs: $state"
    fi
    printf '%s %s %s %s %s %s|%s|%s\n' "$name" "$k" "$rc" \
        "${state%% *}" "${fhex:--}" "${fkind:--}" "$why" "$ERR_TEXT"
}

# The K to try for N allocations and the count report: see the header.
alloc_ks() {
    local n=$1 count=$2 all spaced
    if [ "$sanitized" -eq 1 ]; then all=60; spaced=10; else all=300; spaced=60; fi
    # (all K when N <= 2 * all)
    [ "$n" -le $((2 * all)) ] && all=$n
    {
        seq 1 "$all"
        awk '$1 == "site" { print $4; print $5 }' "$count"
        if [ "$n" -gt "$all" ]; then
            for j in $(seq 1 "$spaced"); do
                echo $((all + j * (n - all) / spaced))
            done
        fi
    } | sort -n -u
}

# shards FUNCTION TRIALS RESULTS: runs "FUNCTION A B DIR" for each line
# "A B" of TRIALS, in $jobs shards at once (line i in shard i mod $jobs),
# each shard in its own directory; their output, shard by shard, to
# RESULTS.
shards() {
    local fn=$1 trials=$2 results=$3 j
    for j in $(seq 0 $((jobs - 1))); do
        (
            awk -v j="$j" -v n="$jobs" 'NR % n == j' "$trials" |
            while read -r a b; do
                "$fn" "$a" "$b" "$w/shard$j"
            done >"$results.$j"
        ) &
    done
    wait
    cat "$results".* >"$results"
    rm -f "$results".*
}

# verdict RESULT_LINE KEY LABEL REPRODUCER: counts the result, a known
# failure if KEY": "WHY matches one of KNOWN.
verdict() {
    local line=$1 key=$2 label=$3 repro=$4
    local why=${line#*|}
    local err=${why#*|}
    why=${why%%|*}
    if [ -z "$why" ]; then
        ok
    elif is_known "$key: $why"; then
        xfail=$((xfail + 1))
        echo "XFAIL (known, reported): $label: $why; stderr: $err"
    else
        ko "$label: $why; stderr: $err"
        echo "    reproduce: $repro"
    fi
}

# setup_entry "NAME|BINARY|ARGS...": sets the caller's name, b and args
# from a command entry, then runs setup on them.
setup_entry() {
    name=${1%%|*}
    local rest=${1#*|}
    b=${rest%%|*}
    read -r -a args <<<"${rest#*|}"
    setup "$name" "$b" "${args[@]}"
}

alloc_sweep() {
    map_sites || { ko "no allocation call site found in $fbin (objdump)"; return; }
    local entry name b n
    local -a args
    : >"$w/alloc_trials"
    for entry in "${alloc_cmds[@]}"; do
        setup_entry "$entry" || continue
        printf '%s ' "$b" "${args[@]}" >"$w/c/$name/args"
        n=$(cat "$w/c/$name/n")
        alloc_ks "$n" "$w/c/$name/ref1/count" >"$w/c/$name/ks"
        echo "alloc $name: $n allocations, $(wc -l <"$w/c/$name/ks") trials"
        sed "s|^|$w/c/$name |" "$w/c/$name/ks" >>"$w/alloc_trials"
    done
    shards alloc_trial "$w/alloc_trials" "$w/alloc_results"
    local line k rc state fhex fkind site
    : >"$w/hit"
    : >"$w/tolerated"
    while IFS= read -r line; do
        read -r name k rc state fhex fkind <<<"${line%%|*}"
        site="?"
        if [ "$fhex" != - ]; then
            site=${site_at[$fhex]:-?}
            echo "$site" >>"$w/hit"
        fi
        local why=${line#*|}
        if [ -z "${why%%|*}" ]; then
            [ "$rc" -eq 0 ] && echo "$name K=$k at $site: exit 0" >>"$w/tolerated"
            [ "$rc" -eq 1 ] && [ "$state" = new ] &&
                echo "$name K=$k at $site: exit 1 after the outputs were in place" >>"$w/tolerated"
        fi
        local f=${site%%@*} kd=${site##*:}
        verdict "$line" "alloc $name $f $kd" "alloc $name K=$k at $site (exit $rc)" \
            "(cd \$(mktemp -d) && mkdir o && LEUSDEN_FAULT_ALLOC=$k $(cat "$w/c/$name/args"))"
    done <"$w/alloc_results"
    # Coverage.
    local reached present hit src_sites o
    sort -u "$w/present" -o "$w/present"
    present=$(wc -l <"$w/present")
    cat "$w"/c/*/ref1/count 2>/dev/null | awk '$1 == "site" { print $2 }' |
        sort -u | while read -r o; do site_of "$o"; done | sort -u >"$w/reached"
    sort -u "$w/hit" -o "$w/hit"
    grep -q '^?$' "$w/reached" "$w/hit" &&
        ko "an allocation came from an address that is no call site of the disassembly"
    reached=$(grep -v -c '^?$' "$w/reached")
    hit=$(grep -v -c '^?$' "$w/hit")
    src_sites=$(cd "$src" && cat base/*.[ch] config/*.[ch] models/*.[ch] \
                    sim/*.[ch] outputs/*.[ch] cli/*.[ch] 2>/dev/null |
                grep -E -o '\b(malloc|calloc|realloc|strdup|strndup|aligned_alloc|open_memstream)[[:space:]]*\(' |
                wc -l)
    echo "alloc: sites hit $hit / sites present $present (reached by these commands: $reached; calls written in the sources, comments included: $src_sites)"
    echo "alloc: $(wc -l <"$w/alloc_results") trials; tolerated: $(wc -l <"$w/tolerated")"
    sed 's/^/    tolerated: /' "$w/tolerated"
    comm -23 "$w/present" "$w/hit" | sed 's/^/    not hit: /'
}

# ---------------------------------------------- 2. write failures (ulimit)
# write_trial C B D: command C with files limited to B blocks of 512 bytes.
write_trial() {
    local c=$1 blocks=$2 d=$3 name=${1##*/}
    fresh "$c" "$d"
    local -a args
    read -r -a args <"$c/args"
    # POSIX mode: ulimit -f counts 512-byte blocks (bash: 1024).  stdout
    # to /dev/null: the limit is on regular files.
    (set -o posix; ulimit -f "$blocks"; trap '' XFSZ
     RUN_OUT=/dev/null run_in "$d" "${args[@]}")
    local rc=$? state why=""
    outputs_state "$c" "$d"
    state=$STATE
    kept "$c" "$d"
    load_err "$d"
    local limit=$((blocks * 512)) too_big="" f size
    while read -r f size; do
        [ "$size" -gt "$limit" ] && too_big="$too_big $f"
    done <"$c/sizes"
    if sanitizer_report; then
        why="sanitizer report"
    elif [ -z "$too_big" ]; then
        if [ "$rc" -ne 0 ]; then
            why="exit $rc under a limit above every output"
        elif [ "$state" != new ]; then
            why="exit 0 but outputs: $state"
        fi
    elif [ "$rc" -ne 1 ]; then
        why="exit $rc (expected 1)"
    elif ! one_line; then
        why="stderr is not one line 'leusden: ...'"
    elif [ "$state" != old ]; then
        why="outputs: $state"
    else
        local named=0
        for f in $too_big; do
            [[ ${ERR[0]} == *"$f"* ]] && named=1
        done
        [ "$named" -eq 1 ] || why="the message names no output over the limit"
    fi
    printf '%s %s %s|%s|%s\n' "$name" "$blocks" "$rc" "$why" "$ERR_TEXT"
}

write_sweep() {
    local entry name b
    local -a args
    : >"$w/write_trials"
    for entry in "${write_cmds[@]}"; do
        setup_entry "$entry" || continue
        local c=$w/c/$name
        printf '%s ' "$b" "${args[@]}" >"$c/args"
        local max=0 f s
        while read -r f; do
            s=$(stat -c %s "$c/ref1/$f")
            echo "$f $s"
            [ "$s" -gt "$max" ] && max=$s
        done <"$c/outputs" >"$c/sizes"
        max=$(awk '$2 > m { m = $2 } END { print m + 0 }' "$c/sizes")
        # Every B up to 64 blocks (every 7th above 40 under a sanitizer),
        # then every 8th, and the limits either side of each output's size.
        local top=$(((max + 511) / 512)) bb
        {
            for bb in $(seq 1 "$top"); do
                if [ "$bb" -le 40 ] ||
                   { [ "$sanitized" -eq 0 ] && [ "$bb" -le 64 ]; } ||
                   [ $((bb % (sanitized ? 7 : 8))) -eq 0 ]; then
                    echo "$c $bb"
                fi
            done
            awk -v c="$c" '{ b = int(($2 + 511) / 512)
                             if (b > 1) print c, b - 1; print c, b }' "$c/sizes"
        } >>"$w/write_trials"
        echo "write $name: largest output $max bytes, limits 1..$top blocks of 512 bytes"
    done
    sort -u "$w/write_trials" -o "$w/write_trials"
    shards write_trial "$w/write_trials" "$w/write_results"
    local line bb rc
    while IFS= read -r line; do
        read -r name bb rc <<<"${line%%|*}"
        verdict "$line" "write $name $bb" "write $name ulimit -f $bb (exit $rc)" \
            "(cd \$(mktemp -d) && mkdir o && set -o posix && ulimit -f $bb && trap '' XFSZ && $(cat "$w/c/$name/args"))"
    done <"$w/write_results"
    echo "write: $(wc -l <"$w/write_results") trials"
}

# ------------------------------------------------------- 3. signals
# A deterministic generator (an LCG, as in POSIX rand()).
rng=20400
next_rand() { rng=$(((rng * 1103515245 + 12345) % 2147483648)); }

# The time in ms (bash 5's EPOCHREALTIME: no process).
now_ms() { local t=${EPOCHREALTIME/[.,]/}; NOW=$((t / 1000)); }

# A temporary of the run in D exists.
has_tmp() { compgen -G "$1/o/*.tmp-*" >/dev/null || compgen -G "$1/o/*/*.tmp-*" >/dev/null; }

# wait_tmp D PID LIMIT_MS: waits until the run PID in D has a temporary
# (it is writing its outputs), for at most LIMIT_MS or until it ended.
wait_tmp() {
    local d=$1 pid=$2 until stat
    now_ms
    until=$((NOW + $3))
    while ! has_tmp "$d"; do
        now_ms
        [ "$NOW" -lt "$until" ] || return
        stat=
        read -r stat <"/proc/$pid/stat" 2>/dev/null
        [ -n "$stat" ] && [[ $stat != *") Z "* ]] || return
        sleep 0.002
    done
}

# signal_trial C I SIG MODE DELAY_MS D: SIG after DELAY_MS from the start
# (MODE any) or from the first temporary (MODE write).  Prints
# "I SIG MODE+DELAY RC STATE|WHY|STDERR".
signal_trial() {
    local c=$1 i=$2 sig=$3 mode=$4 delay=$5 d=$6
    rm -rf "$d"
    cp -a "$c/old" "$d"
    local -a args
    read -r -a args <"$c/args"
    # Background commands of a script start with SIGINT ignored; env
    # gives leusden the default dispositions, as from a terminal.
    (cd "$d" && TMPDIR="$d/tmp" exec env --default-signal=INT,TERM \
        "${args[@]}" >"$d/out" 2>"$d/err") &
    local pid=$!
    [ "$mode" = write ] && wait_tmp "$d" "$pid" $((3 * $(cat "$c/dur")))
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    kill -s "$sig" "$pid" 2>/dev/null
    { wait "$pid"; } 2>/dev/null
    local rc=$? state why=""
    outputs_state "$c" "$d"
    state=$STATE
    load_err "$d"
    local code
    case $sig in INT) code=130 ;; TERM) code=143 ;; KILL) code=137 ;; esac
    if sanitizer_report; then
        why="sanitizer report"
    elif [ "$rc" -eq 0 ]; then
        if ! one_line; then
            why="finished, but stderr is not one line"
        elif [ "$state" != new ]; then
            why="finished, but outputs: $state"
        fi
        state=finished
    elif [ "$rc" -ne "$code" ]; then
        why="exit $rc (expected $code or 0)"
    elif [ "$sig" = KILL ]; then
        # Temporaries may be left, and (killed between two renames) a mix
        # of old and new files, but never a damaged file; the next run
        # writing the same outputs removes the temporaries.
        local -a left=("$d"/o/*.tmp-* "$d"/o/*/*.tmp-*)
        IGNORE_TMP=1 outputs_state "$c" "$d"
        case $STATE in
            old|new) state="killed:$STATE,${#left[@]}-temporaries" ;;
            mixed*) state="killed:mixed,${#left[@]}-temporaries" ;;
            *) why="outputs after SIGKILL: $STATE" ;;
        esac
        run_in "$d" "${args[@]}"
        local rc2=$?
        outputs_state "$c" "$d"
        if [ -z "$why" ] && [ "$rc2" -ne 0 ]; then
            why="the run after SIGKILL exited $rc2: $(cat "$d/err")"
        elif [ -z "$why" ] && [ "$STATE" != new ]; then
            why="the run after SIGKILL (which left ${#left[@]} temporaries) left: $STATE"
        fi
    elif [ "${#ERR[@]}" -gt 0 ] && ! { one_line &&
            [[ ${ERR[0]} == "leusden: interrupted by SIG$sig"* ]]; }; then
        why="stderr is not one line 'leusden: interrupted by SIG$sig ...'"
    elif [ "$state" != old ]; then
        why="interrupted, but outputs: $state"
    elif [ "${#ERR[@]}" -gt 0 ]; then
        state=interrupted
    else
        state=killed-before-the-handler # default action: nothing written
    fi
    printf '%s %s %s+%s %s %s|%s|%s\n' "$i" "$sig" "$mode" "$delay" "$rc" \
        "${state%% *}" "$why" "$ERR_TEXT"
}

signal_sweep() {
    local name b
    local -a args
    setup_entry "$sig_cmd" || return
    local c=$w/c/$name
    printf '%s ' "$b" "${args[@]}" >"$c/args"
    # One run watched: its duration, and how long it writes (from its
    # first temporary to its end).
    local d=$w/sshard t0 t1 t2 pid
    rm -rf "$d"
    cp -a "$c/old" "$d"
    echo 60000 >"$c/dur"
    now_ms
    t0=$NOW
    (cd "$d" && exec "$b" "${args[@]}" >/dev/null 2>&1) &
    pid=$!
    wait_tmp "$d" "$pid" 60000
    now_ms
    t1=$NOW
    wait "$pid"
    now_ms
    t2=$NOW
    local dur=$((t2 - t0)) wdur=$((t2 - t1)) i sig mode delay line rc state
    echo "$dur" >"$c/dur"
    echo "signal: one run takes $dur ms, of which $wdur writing the outputs"
    : >"$w/signal_results"
    for i in $(seq 1 50); do
        next_rand
        if [ "$i" -gt 40 ]; then
            sig=KILL
        elif [ $((i % 2)) -eq 0 ]; then
            sig=TERM
        else
            sig=INT
        fi
        # Trials 1-20: anywhere in the run; 21-50: while it writes (after
        # its first temporary appeared).
        if [ "$i" -le 20 ]; then
            mode=any
            delay=$((rng % (dur + dur / 10 + 1)))
        elif [ "$i" -le 40 ]; then
            mode=write
            delay=$((rng % (wdur + 10)))
        else
            mode=write # (a SIGKILL after the renames proves nothing)
            delay=$((rng % (wdur * 3 / 4 + 1)))
        fi
        signal_trial "$c" "$i" "$sig" "$mode" "$delay" "$w/sshard" >>"$w/signal_results"
    done
    while IFS= read -r line; do
        read -r i sig delay rc state <<<"${line%%|*}"
        verdict "$line" "signal $i" "signal trial $i: SIG$sig at $delay ms (exit $rc)" \
            "(cd \$(mktemp -d) && mkdir o && $(cat "$c/args")) & sleep ...; kill -$sig \$!  ($delay: ms after the start, or after the first temporary)"
    done <"$w/signal_results"
    echo "signal: $(wc -l <"$w/signal_results") trials:" \
        "$(awk -F'|' '{ split($1, f, " "); print f[2] " " f[5] }' "$w/signal_results" |
           sort | uniq -c | awk '{ printf "%s %s %s; ", $2, $3, $1 }' | sed 's/; $//')"
}

# FAULTS_PARTS (default: all three) picks parts, when working on one.
parts=${FAULTS_PARTS:-alloc write signal}
t_start=$(date +%s)
case " $parts " in *" alloc "*) alloc_sweep ;; esac
t_alloc=$(date +%s)
case " $parts " in *" write "*) write_sweep ;; esac
t_write=$(date +%s)
case " $parts " in *" signal "*) signal_sweep ;; esac
t_end=$(date +%s)
echo "times: alloc $((t_alloc - t_start)) s, write $((t_write - t_alloc)) s, signal $((t_end - t_write)) s$([ "$sanitized" -eq 1 ] && echo ' (sanitizer build: reduced samples)')"
for i in "${!KNOWN[@]}"; do
    # (signal trials depend on timing: theirs may not be met every time)
    case ${KNOWN[$i]} in "signal "*) continue ;; esac
    case " $parts " in *" ${KNOWN[$i]%% *} "*) ;; *) continue ;; esac
    [ -n "${known_seen[$i]:-}" ] ||
        echo "XPASS: known failure not met this time (fixed?): ${KNOWN[$i]}"
done
echo "$pass passed, $fail failed, $xfail known failures"
[ "$fail" -eq 0 ]
