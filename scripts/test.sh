#!/usr/bin/env bash
# Runs every test of the built tree and ends with the line CI reads: "N passed, N failed[, N skipped]",
# counted from the test results (trx). Fails on any failure, and when no test ran.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
configuration="${1:-Release}"
results="$root/artifacts/test-results"
rm -rf "$results"

dotnet test "$root/tests/Unit/SwanShell.UnitTests.csproj" -c "$configuration" --no-build \
    --logger "trx;LogFileName=unit.trx" --logger "console;verbosity=normal" --results-directory "$results"
status=$?

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx")
    count() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
    passed=$((passed + $(count passed)))
    failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
    skipped=$((skipped + $(count notExecuted)))
done

((failed)) && "$root/scripts/failed-tests.py" "$results"/*.trx
((passed + failed)) || echo "no test ran"
if ((skipped)); then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
((status == 0 && failed == 0 && passed > 0))
