#!/bin/bash
# The README as a user meets it: every shell block marked runnable (an HTML comment
# `<!-- runnable -->` on the line before a ```sh block) runs, in order, in one shell, in
# a scratch copy of the source tree whose build/ holds the binaries under test. And the
# job-file reference lists exactly the keys the program declares.
# Usage: readme.sh SOURCE_DIR PHASELEARN PHASELEARN_ANALYZE
set -u
src=$1 phaselearn=$2 analyze=$3
readme=$src/README.md
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

scratch=$(mktemp -d /tmp/phaselearn-readme.XXXXXX)
trap 'rm -rf "$scratch"' EXIT

# The tree as a fresh clone has it: tracked files (and new, not ignored ones), no build/
# or runs/ of the developer.
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$src" && git ls-files -z --cached --others --exclude-standard |
     tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -C "$scratch" -xf -
else
  (cd "$src" && tar --exclude=./build --exclude=./runs -cf - .) | tar -C "$scratch" -xf -
fi
mkdir -p "$scratch/build/src/app" "$scratch/build/analysis"
ln -s "$phaselearn" "$scratch/build/src/app/phaselearn"
ln -s "$analyze" "$scratch/build/analysis/phaselearn-analyze"

# The runnable blocks, in order, as one script.
script=$scratch/readme-blocks.sh
awk -v out="$script" '
  BEGIN { print "set -euo pipefail" > out }
  /^<!-- runnable -->[[:space:]]*$/ { marked = NR; next }
  marked && NR == marked + 1 {
    if ($0 !~ /^```sh[[:space:]]*$/) { printf "line %d: runnable marker not followed by ```sh\n", marked; bad = 1 }
    else { inblock = 1; blocks++; printf "echo \"--- README block %d (line %d) at $SECONDS s\"\n", blocks, NR >> out }
    marked = 0; next
  }
  inblock && /^```[[:space:]]*$/ { inblock = 0; next }
  inblock { print >> out }
  END { if (inblock) { print "unterminated runnable block"; bad = 1 }
        print blocks " runnable block(s)" > "/dev/stderr"; exit bad }
' "$readme" || fail "the runnable markers of README.md are malformed"
[ "$(grep -c '^echo "--- README block' "$script")" -ge 4 ] ||
  fail "fewer than 4 runnable blocks found in README.md"

start=$(date +%s)
if (cd "$scratch" && bash -x "$script" </dev/null); then
  echo "ok: every runnable block of README.md ran ($(( $(date +%s) - start )) s)"
else
  fail "a runnable block of README.md failed (the trace above names the command)"
fi

# Job-file reference: every declared key in the table, and no key in the table that the
# program does not declare.
declared=$("$phaselearn" --help | sed -n 's/^  --\([a-z_]*\.[a-z_]*\) .*/\1/p' | sort -u)
[ -n "$declared" ] || fail "no parameters found in 'phaselearn --help'"
table=$(sed -n '/^## Job-file reference/,/^## /p' "$readme" |
          sed -n 's/^| `\([a-z_]*\.[a-z_]*\)` |.*/\1/p' | sort -u)
missing=$(comm -23 <(echo "$declared") <(echo "$table"))
stale=$(comm -13 <(echo "$declared") <(echo "$table"))
[ -z "$missing" ] && echo "ok: every declared key is in the job-file reference" ||
  fail "keys missing from the README's job-file reference: $(echo $missing)"
[ -z "$stale" ] && echo "ok: the job-file reference lists only declared keys" ||
  fail "keys in the README's job-file reference that the program does not declare: $(echo $stale)"

if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "all checks passed"
