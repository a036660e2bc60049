#!/usr/bin/env bash
# install.sh - `cmake --install` puts the program, the man page, the
# scenarios and the docs where they belong, and they work from there
# (issue 14).
# Usage: install.sh BUILD_DIR SOURCE_DIR
set -u
build=$1
src=$(cd "$2" && pwd)
. "$(dirname "$0")/lib.sh"

prefix="$tmp/prefix"
cmake --install "$build" --prefix "$prefix" >"$tmp/log" 2>&1 && ok || ko "cmake --install failed: $(tail -3 "$tmp/log")"
for f in bin/leusden share/man/man1/leusden.1 share/leusden/scenarios/leusden.cfg \
         share/leusden/scenarios/res-amersfoort.cfg share/leusden/scenarios/keuze-wind.cfg \
         share/doc/leusden/README.md share/doc/leusden/models.md share/doc/leusden/sources.md \
         share/doc/leusden/result.schema.json; do
    [ -f "$prefix/$f" ] && ok || ko "not installed: $f"
done
n_src=$(ls "$src"/scenarios/*.cfg | wc -l)
n_inst=$(ls "$prefix"/share/leusden/scenarios/*.cfg | wc -l)
[ "$n_src" -eq "$n_inst" ] && ok || ko "installed $n_inst of $n_src scenarios"
[ ! -e "$prefix/share/doc/leusden/leusden.1" ] && ok || ko "the man page is also among the docs"
# The installed program runs an installed keuze (which inherits the base).
"$prefix/bin/leusden" run "$prefix/share/leusden/scenarios/keuze-wind.cfg" -n 300 -q >"$tmp/out" 2>"$tmp/err" && ok || ko "installed run: $(head -c 300 "$tmp/err")"
grep -q '^energy-neutral-2040 ' "$tmp/out" && ok || ko "installed run lacks the targets"
# The man page renders without a warning, and names every command and
# every option of --help.
groff -man -Tutf8 -ww -z "$prefix/share/man/man1/leusden.1" 2>"$tmp/warn" && [ ! -s "$tmp/warn" ] && ok || ko "man page warnings: $(head -3 "$tmp/warn")"
# (man where it is installed; plain groff on a minimal system, without the
# overstrikes its terminal driver adds when not run by man)
if command -v man >/dev/null; then
    MANWIDTH=80 man -l "$prefix/share/man/man1/leusden.1" >"$tmp/man" 2>/dev/null
else
    groff -man -Tutf8 -P-cbou "$prefix/share/man/man1/leusden.1" >"$tmp/man"
fi
for c in run check compare sweep batch help; do
    grep -q "^       $c " "$tmp/man" && ok || ko "man page lacks the command $c"
done
# Options in the source, where no line break can hyphenate them.
sed 's/\\-/-/g' "$prefix/share/man/man1/leusden.1" >"$tmp/man-src"
for opt in $("$prefix/bin/leusden" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    grep -q -- "$opt" "$tmp/man-src" && ok || ko "man page lacks $opt"
done
summary install
