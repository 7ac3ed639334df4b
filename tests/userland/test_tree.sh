#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The repository stands on its own: a user who clones it has nothing else,
# so no file may point outside it (the founding contract once lived in a
# directory beside the checkout), and every document the README and the
# man pages send a reader to must exist. Output is TAP.
#
# Usage: test_tree.sh [TOP]

top=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=tests/userland/tap-lib.sh
. "$(dirname "$0")/tap-lib.sh"
cd "$top" || exit 1
# Each check below fails with what it found: its status is their number.

# The tracked files (the checkout may be a tarball without .git: then all).
if git rev-parse --git-dir >/dev/null 2>&1; then
	mapfile -t files < <(git ls-files)
else
	mapfile -t files < <(find . -type f -not -path './.git/*' | sed 's|^\./||')
fi
self=tests/userland/test_tree.sh

mapfile -t hits < <(for f in "${files[@]}"; do
	[[ $f == "$self" || ! -f $f ]] && continue
	grep -InH -e '\.\./shared' -e 'shared/SPEC' -e 'shared/ENVIRONMENT' \
		-e 'shared/STYLE' -e 'SPEC\.md' "$f" 2>/dev/null
done)
check "no file refers to a directory outside the repository" "${#hits[@]}" "${hits[@]}"

# Every Documentation/*.md and man page the README, the docs or the man
# pages name exists.
mapfile -t missing < <(for f in "${files[@]}"; do
	case $f in README | Documentation/*) ;; *) continue ;; esac
	[[ -f $f ]] || continue
	grep -oE 'Documentation/[A-Za-z0-9_./-]+\.(md|8|yaml)' "$f" |
		sort -u | while read -r ref; do
			[[ -e $ref ]] || echo "$f names $ref, which does not exist"
		done
done | sort -u)
check "every document named in README and Documentation/ exists" "${#missing[@]}" \
	"${missing[@]}"

# The VM subset that runs on every kernel (tests/vm/kernels-subset) names
# only tests that exist, and exercises every source file of the module.
subset=tests/vm/kernels-subset
mapfile -t bad < <(
	sed 's/#.*//' "$subset" | awk 'NF { print $1 }' | while read -r t; do
		compgen -G "tests/vm/$t.sh" >/dev/null || echo "$subset names $t: no tests/vm/$t.sh"
	done
	claimed=" $(sed 's/#.*//; s/([^)]*)//g' "$subset" | awk 'NF { $1 = ""; print }' | tr '\n' ' ') "
	for f in kmod/*.c; do
		[[ $f == *.mod.c ]] && continue
		[[ $claimed == *" $(basename "$f") "* ]] || echo "$subset: no test exercises $f"
	done
)
check "the kernel subset exists and covers every file of kmod/" "${#bad[@]}" "${bad[@]}"

done_testing
