#!/usr/bin/env bash
# Runs one test class N times in a row and reports how many runs passed and failed, keeping the
# surefire reports of every failed run, so that a flaky test can be counted and then chased.
#
#   scripts/repeat-test.sh <module> <TestClass> <N> [extra maven arguments...]
#   scripts/repeat-test.sh monocoque-engine JeroMqInteropTest 20 -Dmaven.repo.local=/path/to/m2
#
# The module is built once (test classes included; SKIP_BUILD=1 reuses the last build); each run
# then calls surefire alone, offline. Failed runs' reports go to target/repeat-test/<TestClass>/run-<i>/.
set -euo pipefail

if [ $# -lt 3 ]; then
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
module=$1
test=$2
runs=$3
shift 3

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out="$root/$module/target/repeat-test/$test"
rm -rf "$out"
mkdir -p "$out"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    echo "building $module (and what it needs) once..."
    mvn -B -q -o "$@" -pl "$module" -am -DskipTests install >"$out/build.log" 2>&1 || {
        echo "build failed: see $out/build.log"
        exit 1
    }
fi

pass=0
fail=0
for i in $(seq 1 "$runs"); do
    start=$(date +%s)
    if mvn -B -q -o "$@" -pl "$module" surefire:test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
            >"$out/run-$i.log" 2>&1; then
        pass=$((pass + 1))
        rm -f "$out/run-$i.log"
        result=pass
    else
        fail=$((fail + 1))
        mkdir -p "$out/run-$i"
        cp "$root/$module"/target/surefire-reports/*"$test"* "$out/run-$i/" 2>/dev/null || true
        result="FAIL (log: $out/run-$i.log)"
    fi
    echo "run $i/$runs: $result ($(( $(date +%s) - start )) s)"
done
echo "$test: $pass passed, $fail failed out of $runs runs"
[ "$fail" -eq 0 ]
