#!/usr/bin/env bash
# Fails, naming the file and line, when a test or the test support code reaches outside the checkout (issue 29,
# point 10): CI runs a fresh clone, and a developer's machine may have the project's shared folder beside the
# repository where CI and another person's clone do not. A test that reads `../shared/compat/...` then passes
# here and fails there, or, worse, quietly tests against files the repository does not hold. Fixtures belong
# in Tests/Fixtures.
#
# A grep, not a proof: it catches the ways this has happened — a path literal naming the shared folder or an
# absolute /work path, `appendingPathComponent("..")`, and `#filePath` followed by more
# `deletingLastPathComponent` steps than the file is deep (Tests/X/Y.swift may climb 3, to the root, no more).
# Comment lines are not code and are skipped.
set -euo pipefail
cd "$(dirname "$0")/../.."

files=()
while IFS= read -r file; do files+=("$file"); done < <(find Tests Sources/NatterTestSupport -type f \( -name '*.swift' -o -name '*.py' -o -name '*.sh' \) | sort)
status=0

if grep -nE '\.\./shared|shared/compat|"/work/|appendingPathComponent\("\.\."\)' "${files[@]}" |
    grep -vE '^[^:]+:[0-9]+:[[:space:]]*(//|#)'; then
    status=1
fi

# The file's depth is its number of path components below the checkout; one more step is above it.
if ! perl -0777 -ne '
    my $depth = 1 + (() = $ARGV =~ m{/}g);
    while (/#(?:filePath|file)\b[^.\n]*?\)?((?:\s*\.deletingLastPathComponent(?:\(\))?)+)/g) {
        my $steps = () = $1 =~ /deletingLastPathComponent/g;
        my $line = 1 + (() = substr($_, 0, $-[0]) =~ /\n/g);
        if ($steps > $depth) { print "$ARGV:$line: climbs $steps folders from #filePath; the checkout is $depth up\n"; $bad = 1 }
    }
    END { exit($bad ? 1 : 0) }' "${files[@]}"; then
    status=1
fi

if [ $status -ne 0 ]; then
    echo "scripts/test: the lines above refer to paths outside the checkout; a fresh clone (CI) does not have them." >&2
    echo "Copy what the tests need into Tests/Fixtures and find it from the test file's own folder." >&2
fi
exit $status
