#!/usr/bin/env bash
# JMH micro-benchmarks: path normalisation, route matching, API key checks (ApiKeyBenchmark), and JWT verification
# (TokenVerificationBenchmark: first-sight verify per algorithm, raw JDK/BouncyCastle
# signature checks, the verified-token cache path, junk-token refusal).
# Usage: bench/jmh.sh [JMH options, e.g. RouteTable -f 1 -wi 2 -i 3,
#        or TokenVerification -f 1 -wi 2 -w 2s -i 3 -r 3s]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./mvnw -q -DskipTests install
./mvnw -q -f bench/jmh/pom.xml package
mkdir -p bench/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
java -jar bench/jmh/target/benchmarks.jar -rf json -rff "bench/results/jmh-$stamp.json" "$@"
echo "JMH results: bench/results/jmh-$stamp.json"
