#!/usr/bin/env bash
# Discovery accuracy (issue 6): precision and recall of `vigil discover code` per language on the
# fixture projects (src/test/resources/discovery/code/*/expected.txt) and, separately, on a held-out
# corpus written without sight of the scanners (discovery/heldout/*/expected.txt), and of the traffic
# classifier (`vigil discover logs --spec`) per classification on a labelled access log
# (src/test/resources/discovery/traffic). Writes bench/results/discovery-<stamp>.json.
# The proxy-path overhead (discovery on vs off) is measured by bench/run.sh with
# BENCH_VIGIL_CONFIG=bench/vigil-bench-nodiscovery.yaml against the default config; see bench/README.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
jar="${VIGIL_JAR:-target/vigil.jar}"
if [[ -z "${VIGIL_JAR:-}" ]]; then
  ./mvnw -q -DskipTests package
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fixtures=src/test/resources/discovery
for corpus in code heldout; do
  for project in "$fixtures"/$corpus/*/; do
    [[ -f "$project/expected.txt" ]] || continue
    name="$(basename "$project")"
    java -jar "$jar" discover code "$project" --output json > "$work/$corpus-$name.json" 2>/dev/null
  done
done
java -jar "$jar" discover logs "$fixtures/traffic/access.log" --format nginx --spec "$fixtures/traffic/shop-api.yaml" \
  --output json > "$work/traffic.json" 2>/dev/null
mkdir -p bench/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
python3 bench/discovery/score.py "$fixtures" "$work" "bench/results/discovery-$stamp.json"
echo "JSON: bench/results/discovery-$stamp.json"
