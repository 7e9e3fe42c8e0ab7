#!/usr/bin/env bash
# The risk simulator (issue 5's proof): a real gateway with a simulated wall clock, driven over
# HTTP by a deterministic population of benign users and services (a week to learn from) and a
# second week with injected attacks. Prints detection per attack type and the benign
# false-positive rate; writes the JSON to bench/results/risk-<stamp>.json.
# Usage: bench/risk/run.sh [--seed N] [--users N] [--services N] [--batch-jobs N]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
./mvnw -q -DskipTests install
./mvnw -q -f bench/risk/pom.xml package
mkdir -p bench/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
java -Xmx2g -jar bench/risk/target/risk-sim.jar --out "bench/results/risk-$stamp.json" "$@" 2> >(grep -v "^SLF4J" >&2)
echo "JSON: bench/results/risk-$stamp.json"
