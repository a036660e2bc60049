#!/usr/bin/env bash
# layers.sh - the project's layering and hygiene rules, checked on the sources.
# Usage: layers.sh SOURCE_ROOT
#        layers.sh --self-test      (proves the checker can fail)
#
# Layers, each including only those below it (bench/, tests/: anything):
#   base/ <- models/ <- config/ <- sim/ <- outputs/ <- cli/
# (outputs/ is optional: while the outputs live in sim/ there is none).
# Checks, each violation printed as "file:line: what is wrong":
#   (a) base/ includes (quoted) only bare "x.h" files of base/;
#   (b) models/ includes (quoted) only "../base/x.h" and "model.h";
#   (c) <libconfig.h> is included only under config/ (bench/ and tests/
#       excepted), and config/scenario.h does not see it, directly or
#       through the headers it includes;
#   (d) no layer includes a higher one: config/ nothing from sim/,
#       outputs/ or cli/; sim/ nothing from outputs/ or cli/; outputs/
#       nothing from cli/;
#   (e) no function in base/ models/ config/ sim/ outputs/ cli/ is longer than 80
#       lines ('{' at column 0 to '}' at column 0), unless the line right
#       above its signature, or the comment block ending there, says
#       "longer than 80 lines";
#   (f) no file of the repository (git ls-files, plus untracked files that
#       are not ignored) names a path outside it.
# Exits 1 if there is any violation, 0 otherwise.  Debian 12 tools only
# (bash, GNU awk/mawk, grep, sed, find, git).
set -euo pipefail

MAX_LINES=80
LAYERS="base models config sim outputs cli"

usage() { echo "usage: $0 SOURCE_ROOT | --self-test" >&2; exit 2; }

# ---------------------------------------------------------------- self-test
# A tiny fake tree that violates (a) and (e) must fail with both reported;
# the same tree with the violations fixed (or justified) must pass.
self_test() {
    local tmp out rc bad=0
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$tmp/bad/base" "$tmp/bad/sim" "$tmp/good/base" "$tmp/good/sim"

    # (a): a base/ file reaching up into sim/.  (e): a 90-line function.
    printf '#include "ok.h"\n#include "../sim/engine.h"\n' >"$tmp/bad/base/a.c"
    {
        echo 'int too_long(void);'
        echo 'int too_long(void)'
        echo '{'
        for i in $(seq 1 88); do echo "    int v$i = $i; (void)v$i;"; done
        echo '}'
    } >>"$tmp/bad/base/a.c"
    : >"$tmp/bad/base/ok.h"
    : >"$tmp/bad/sim/engine.h"

    # The same, fixed: a bare include only, and the long function justified.
    printf '#include "ok.h"\n' >"$tmp/good/base/a.c"
    {
        echo '/* Kept whole on purpose: one table of cases, so this function'
        echo ' * is longer than 80 lines. */'
        echo 'int justified(void)'
        echo '{'
        for i in $(seq 1 88); do echo "    int v$i = $i; (void)v$i;"; done
        echo '}'
    } >>"$tmp/good/base/a.c"
    : >"$tmp/good/base/ok.h"
    : >"$tmp/good/sim/engine.h"

    set +e
    out=$(bash "$0" "$tmp/bad" 2>&1)
    rc=$?
    set -e
    if [ "$rc" -ne 1 ]; then
        echo "self-test: the checker exited $rc on a bad tree, not 1"; bad=1
    fi
    if ! grep -q '^base/a\.c:2: .*\.\./sim/engine\.h' <<<"$out"; then
        echo "self-test: check (a) did not report base/a.c:2"; bad=1
    fi
    if ! grep -q '^base/a\.c:[0-9]*: function too_long is 90 lines' <<<"$out"; then
        echo "self-test: check (e) did not report too_long (90 lines)"; bad=1
    fi
    set +e
    out2=$(bash "$0" "$tmp/good" 2>&1)
    rc=$?
    set -e
    if [ "$rc" -ne 0 ]; then
        echo "self-test: the checker exited $rc on a good tree, not 0:"
        echo "$out2"; bad=1
    fi
    if [ "$bad" -ne 0 ]; then
        echo "--- output on the bad tree:"; echo "$out"
        echo "layers self-test: FAILED"
        exit 1
    fi
    echo "layers self-test: passed (bad tree fails with (a) and (e), good tree passes)"
    exit 0
}

[ $# -eq 1 ] || usage
[ "$1" = "--self-test" ] && self_test
root=${1%/}
[ -d "$root" ] || { echo "$0: $root: not a directory" >&2; exit 2; }
cd "$root"

fails=0
violation() { echo "$1"; fails=$((fails + 1)); }

# rank_of DIR: the layer's place from the bottom (0: base), "" if DIR is
# not a layer.
rank_of() {
    local i=0 d
    for d in $LAYERS; do
        [ "$d" = "$1" ] && { echo $i; return; }
        i=$((i + 1))
    done
    echo ""
}

# The C sources of the layers, relative to the root, sorted; and every
# other C file (but bench/, tests/ and build trees), for check (c).
sources=()
for d in $LAYERS; do
    [ -d "$d" ] || continue
    while IFS= read -r f; do sources+=("$f"); done \
        < <(find "$d" -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort)
done
others=()
while IFS= read -r f; do
    f=${f#./}
    [ -n "$(rank_of "${f%%/*}")" ] || others+=("$f")
done < <(find . \( -path ./.git -o -path './build*' -o -path ./bench -o -path ./tests \) -prune \
              -o -type f \( -name '*.c' -o -name '*.h' \) -print | LC_ALL=C sort)

# Every #include of the C sources outside block comments, one per
# line: FILE<TAB>LINE<TAB>q|a<TAB>NAME (q: "NAME", a: <NAME>).
incs=$(mktemp)
trap 'rm -f "$incs"' EXIT
if [ $((${#sources[@]} + ${#others[@]})) -gt 0 ]; then
    awk '
    FNR == 1 { incomment = 0 }
    {
        line = $0
        sub(/\r$/, "", line)
        start_in_comment = incomment
        # Track /* ... */ (string and char literals and // comments removed).
        s = line
        gsub(/"([^"\\]|\\.)*"/, "\"\"", s)
        gsub(/'"'"'([^'"'"'\\]|\\.)*'"'"'/, "x", s)
        while (s != "") {
            if (incomment) {
                p = index(s, "*/")
                if (p == 0) break
                s = substr(s, p + 2); incomment = 0
            } else {
                p = index(s, "/*"); q = index(s, "//")
                if (p == 0 || (q > 0 && q < p)) break
                s = substr(s, p + 2); incomment = 1
            }
        }
        if (start_in_comment) next
        if (line ~ /^[ \t]*#[ \t]*include[ \t]*"/) {
            name = line
            sub(/^[ \t]*#[ \t]*include[ \t]*"/, "", name)
            sub(/".*$/, "", name)
            printf "%s\t%d\tq\t%s\n", FILENAME, FNR, name
        } else if (line ~ /^[ \t]*#[ \t]*include[ \t]*</) {
            name = line
            sub(/^[ \t]*#[ \t]*include[ \t]*</, "", name)
            sub(/>.*$/, "", name)
            printf "%s\t%d\ta\t%s\n", FILENAME, FNR, name
        }
    }' "${sources[@]}" ${others[@]+"${others[@]}"} >"$incs"
fi

# normalize PATH: PATH with "." and ".." folded ("" if it climbs above the
# root, so it can be recognised as outside).
normalize() {
    local IFS=/ part out=()
    local -a parts
    read -r -a parts <<<"$1"
    for part in "${parts[@]}"; do
        case $part in
            ''|.) ;;
            ..) if [ ${#out[@]} -eq 0 ]; then echo "../"; return; fi
                unset 'out[${#out[@]}-1]' ;;
            *) out+=("$part") ;;
        esac
    done
    echo "${out[*]}"
}

# resolve FILE KIND NAME: the project file an include names, relative to
# the root: a quoted name relative to the including file's directory, then
# to the root (the build's -I); an angle name only if it is a project file
# under one of the layers (e.g. <sim/engine.h>).  "" if none.
resolve() {
    local file=$1 kind=$2 name=$3 dir cand
    case $name in /*) echo ""; return ;; esac
    dir=$(dirname "$file")
    if [ "$kind" = q ]; then
        cand=$(normalize "$dir/$name")
        if [ "$cand" != "../" ] && [ -f "$cand" ]; then echo "$cand"; return; fi
    fi
    cand=$(normalize "$name")
    if [ "$cand" != "../" ] && [ -f "$cand" ]; then
        [ -n "$(rank_of "${cand%%/*}")" ] && { echo "$cand"; return; }
    fi
    echo ""
}

layer_of() { echo "${1%%/*}"; }

# (a) (b) (d): the includes of each layer; (c): <libconfig.h> outside config/.
while IFS=$'\t' read -r file line kind name; do
    layer=$(layer_of "$file")
    where="$file:$line"
    if [ "$name" = libconfig.h ]; then
        if [ "$layer" != config ]; then
            violation "$where: includes libconfig.h; only config/ may (the engine must not see libconfig)"
        fi
        continue
    fi
    target=$(resolve "$file" "$kind" "$name")
    # Angle includes of system headers are none of these checks' business.
    [ "$kind" = a ] && [ -z "$target" ] && continue
    tlayer=$(layer_of "$target")
    case $layer in
    base)
        if [ "$kind" = a ]; then
            violation "$where: includes project header <$name> with <>; base/ includes only \"x.h\" of base/"
        elif [[ $name == */* ]]; then
            violation "$where: includes \"$name\"; base/ includes only bare \"x.h\" names of base/ (no paths, no ../)"
        elif [ ! -f "$(dirname "$file")/$name" ]; then
            violation "$where: includes \"$name\", which is not a file of base/"
        fi
        ;;
    models)
        if [ "$kind" = q ] && [ "$name" = model.h ] && [ "$target" = models/model.h ]; then
            :
        elif [ "$kind" = q ] && [[ $name =~ ^\.\./base/[^/]+$ ]] && [ "$tlayer" = base ]; then
            :
        elif [ "$kind" = q ] && [[ $name =~ ^\.\./base/[^/]+$ ]]; then
            violation "$where: includes \"$name\", which is not a file of base/"
        else
            if [ "$kind" = q ]; then shown="\"$name\""; else shown="<$name>"; fi
            violation "$where: includes $shown; models/ may include only \"../base/x.h\" and \"model.h\""
        fi
        ;;
    config|sim|outputs)
        r=$(rank_of "$layer"); tr_=$(rank_of "$tlayer")
        if [ -n "$tr_" ] && [ "$tr_" -gt "$r" ]; then
            violation "$where: includes \"$name\" ($target); $layer/ may not include $tlayer/, a higher layer"
        fi
        ;;
    esac
done <"$incs"

# (c) config/scenario.h, transitively: a breadth-first walk of its project
# includes; any file reached that includes libconfig.h is reported with the
# chain that leads to it.
if [ -f config/scenario.h ]; then
    declare -A via=()          # file -> "parent:line" it was reached from
    queue=(config/scenario.h)
    via[config/scenario.h]=""
    while [ ${#queue[@]} -gt 0 ]; do
        cur=${queue[0]}
        queue=("${queue[@]:1}")
        while IFS=$'\t' read -r file line kind name; do
            [ "$file" = "$cur" ] || continue
            if [ "$name" = libconfig.h ]; then
                chain="$cur"; p=$cur
                while [ -n "${via[$p]}" ]; do
                    p=${via[$p]%%:*}; chain="$p -> $chain"
                done
                violation "$file:$line: includes libconfig.h, and config/scenario.h sees it ($chain)"
                continue
            fi
            t=$(resolve "$file" "$kind" "$name")
            [ -n "$t" ] || continue
            if [ -z "${via[$t]+x}" ]; then
                via[$t]="$cur:$line"
                queue+=("$t")
            fi
        done <"$incs"
    done
fi

# (e) function lengths.  A definition opens with '{' at column 0 after a
# signature ending in ')' (or with a column-0 signature ending in ') {'),
# and closes at the next '}' at column 0.
if [ ${#sources[@]} -gt 0 ]; then
    while IFS= read -r v; do violation "$v"; done < <(awk -v max="$MAX_LINES" '
    function trim_comment(s) {
        sub(/[ \t]*\/\/.*$/, "", s)
        sub(/[ \t]*\/\*.*\*\/[ \t]*$/, "", s)
        sub(/[ \t]+$/, "", s)
        return s
    }
    # The line where the signature of a function opening at line i starts.
    function sig_start(i, sameline,    j, k, t) {
        j = sameline ? i : i - 1
        if (j < 1) return 0
        if (trim_comment(L[j]) !~ /\)$/ && !sameline) return 0
        # Back over continuation lines to the line starting at column 0.
        for (k = j; k >= 1 && j - k < 12; k--) {
            t = L[k]
            if (t ~ /^[ \t]*$/) return 0
            if (k < j && trim_comment(t) ~ /[;{}]$/) return 0
            if (t ~ /^[A-Za-z_]/) break
        }
        if (k < 1 || j - k >= 12 || L[k] !~ /^[A-Za-z_]/) return 0
        t = L[k]
        if (t ~ /^(typedef|struct|union|enum)([ \t]|$)/ && t !~ /\(/) return 0
        if (t ~ /^[^(]*=/) return 0
        # A return type on a line of its own ("static int" / "foo(void)").
        while (k > 1 && L[k-1] ~ /^[A-Za-z_][A-Za-z0-9_ \t*]*$/ &&
               L[k-1] !~ /^(return|else|do)/)
            k--
        return k
    }
    function fname(k, j,    s, m) {
        s = ""
        for (m = k; m <= j; m++) s = s " " L[m]
        if (index(s, "(") == 0) return "?"
        s = substr(s, 1, index(s, "(") - 1)
        sub(/[ \t]+$/, "", s)
        if (match(s, /[A-Za-z_][A-Za-z0-9_]*$/)) return substr(s, RSTART, RLENGTH)
        return "?"
    }
    function name_line(k, j,    m) {
        for (m = k; m <= j; m++) if (index(L[m], "(")) return m
        return k
    }
    # The comment or line right above line k says "longer than 80 lines".
    function justified(k,    a, m, s) {
        a = k - 1
        if (a < 1 || L[a] ~ /^[ \t]*$/) return 0
        s = L[a]
        if (L[a] ~ /\*\/[ \t]*$/) {
            for (m = a; m >= 1 && index(L[m], "/*") == 0; m--) ;
            if (m < 1) m = a
            s = ""
            for (; m <= a; m++) s = s " " L[m]
        } else if (L[a] ~ /^[ \t]*\/\//) {
            for (m = a; m > 1 && L[m-1] ~ /^[ \t]*\/\//; m--) ;
            s = ""
            for (; m <= a; m++) s = s " " L[m]
        }
        gsub(/\/\*|\*\/|\/\/|\*/, " ", s)
        gsub(/[ \t]+/, " ", s)
        s = tolower(s)
        return index(s, "longer than " max " lines") > 0
    }
    function scan(file, n,    i, k, e, len, same) {
        open = 0
        for (i = 1; i <= n; i++) {
            if (!open) {
                same = 0
                if (L[i] ~ /^\{/) k = sig_start(i, 0)
                else if (L[i] ~ /\)[ \t]*\{[ \t]*$/ && L[i] !~ /^[ \t]*#/) {
                    k = sig_start(i, 1); same = 1
                } else k = 0
                if (k > 0) { open = i; sk = k; sj = same ? i : i - 1 }
            } else if (L[i] ~ /^\}/) {
                len = i - open + 1
                if (len > max && !justified(sk))
                    printf "%s:%d: function %s is %d lines long (more than %d; justify it with a comment saying \"longer than %d lines\" right above, or split it)\n",
                           file, name_line(sk, sj), fname(sk, sj), len, max, max
                open = 0
            }
        }
        if (open)
            printf "%s:%d: function %s is not closed by a \"}\" at column 0\n",
                   file, name_line(sk, sj), fname(sk, sj)
    }
    FNR == 1 && NR > 1 { scan(prev, nl); delete L }
    { sub(/\r$/, ""); L[FNR] = $0; nl = FNR; prev = FILENAME }
    END { if (NR > 0) scan(prev, nl) }
    ' "${sources[@]}")
fi

# (f) paths outside the repository, in every file of it but this one: the
# sibling folder "shared" of a checkout (dot-dot, slash, shared) and its
# seeds and data folders anywhere; /work/, /home/ and /root/ where they
# start a path (so a unit like "TJ/home/yr" is not one).  The patterns are
# spelt with a bracket so that this file does not match them either.
outside='\.\./shar[e]d|shar[e]d/seeds|shar[e]d/data|(^|[^A-Za-z0-9_.-])/(work|home|root)/'
files=()
if git -C . rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    while IFS= read -r -d '' f; do files+=("$f"); done \
        < <(git -C . ls-files -z --cached --others --exclude-standard)
else
    while IFS= read -r -d '' f; do files+=("${f#./}"); done \
        < <(find . -path ./.git -prune -o -path './build*' -prune -o -type f -print0)
fi
existing=()
for f in "${files[@]}"; do
    [ "$f" = tests/layers.sh ] && continue
    [ -f "$f" ] && existing+=("$f")
done
if [ ${#existing[@]} -gt 0 ]; then
    while IFS= read -r hit; do
        f=${hit%%:*}; rest=${hit#*:}; n=${rest%%:*}; text=${rest#*:}
        # The words of the line that hold such a path, as written.
        what=$(tr -s " \t\`'\"()<>[]{},;" '\n' <<<"$text" | grep -E "$outside" |
               LC_ALL=C sort -u | paste -sd' ' -) || what="(see the line)"
        violation "$f:$n: path outside the repository: $what"
    done < <(printf '%s\0' "${existing[@]}" |
             xargs -0 grep -I -n -H -E \
                 "$outside" -- 2>/dev/null || true)
fi

if [ "$fails" -gt 0 ]; then
    echo "layers: $fails violation(s)"
    exit 1
fi
echo "layers: no violations"
