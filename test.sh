#!/usr/bin/env bash
# Runs every test: domain, persistence, identity, components (bunit) and the browser tests in
# headless Chromium. Installs Debian's Chromium when it is missing (needs root or sudo), and PostgreSQL's server,
# of which a throwaway cluster runs for the PostgreSQL tests (.ci/postgres.sh; HANDOFF_TEST_POSTGRES).
# Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
    echo "Chromium is missing: installing Debian's chromium for the browser tests" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "PostgreSQL is missing: installing Debian's postgresql for the PostgreSQL tests" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
# shellcheck source=.ci/postgres.sh
source .ci/postgres.sh
trap stop_test_postgres EXIT
start_test_postgres

results="$(pwd)/TestResults"
rm -rf "$results"
dotnet test Alltkn.Handoff.sln --configuration Release \
    --logger "trx;LogFilePrefix=results" --logger "console;verbosity=normal" \
    --results-directory "$results" "$@"
status=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
# Name every failed test (and the first lines of its message) last, where a CI log's tail shows it.
if [ "$failed" -gt 0 ]; then
    echo "Failed tests:"
    for trx in "$results"/*.trx; do
        [ -f "$trx" ] || continue
        python3 - "$trx" <<'PY' 2>/dev/null || grep -o 'testName="[^"]*"[^>]*outcome="Failed"' "$trx" | sed 's/testName="\([^"]*\)".*/  \1/'
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult[@outcome='Failed']", ns):
    print("  " + r.get("testName"))
    message = r.find(".//t:Message", ns)
    for line in ((message.text if message is not None else "") or "").strip().splitlines()[:6]:
        print("      " + line[:300])
PY
    done
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "dotnet test failed before any test result was written" >&2; fi
echo "$passed passed, $failed failed"
exit "$status"
