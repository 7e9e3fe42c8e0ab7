#!/usr/bin/env bash
# Load benchmark of JWT authentication: a public route, cached (warm) tokens, never-seen
# (cold) tokens and junk tokens through the same Vigil, interleaved rounds, plus the raw
# signature rates JMH measures on this machine. See bench/README.md. Exit 0 whatever the
# numbers are; non-zero when something failed to run (1) or a run was invalid (3).
set -Eeuo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"

ROUNDS="${BENCH_ROUNDS:-3}"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-50}"
THREADS="${BENCH_THREADS:-2}"
WARMUP="${BENCH_WARMUP:-60}"
COLD_ES256="${BENCH_COLD_TOKENS_ES256:-450000}"
COLD_RS256="${BENCH_COLD_TOKENS_RS256:-600000}"
WARM_TOKENS=1000
TOKEN_MIN_LIFE="${BENCH_TOKEN_MIN_LIFE:-7200}"   # seconds a reused token set must still be valid
NEW_TOKENS="${BENCH_NEW_TOKENS:-0}"
RUN_JMH="${BENCH_JMH:-1}"
JMH_RESULTS="${BENCH_JMH_RESULTS:-}"             # with BENCH_JMH=0: the JMH JSON to take raw rates from
JMH_REFERENCE="${BENCH_JMH_REFERENCE:-}"         # more JMH JSONs (comma-separated), shown for comparison
SKIP_BUILD="${BENCH_SKIP_BUILD:-0}"
VIGIL_JAVA_OPTS="${VIGIL_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}"
VIGIL_CONFIG="$BENCH_DIR/vigil-auth-bench.yaml"
VIGIL_HEALTH_URL="http://127.0.0.1:19090/healthz"
VIGIL_METRICS_URL="http://127.0.0.1:19090/metrics"
VIGIL_START_TIMEOUT="${BENCH_VIGIL_TIMEOUT:-60}"
QUIET_WAIT="${BENCH_QUIET_WAIT:-300}"            # seconds to wait for other load to stop, per gate
QUIET_CORES="${BENCH_QUIET_CORES:-0.25}"         # "quiet": less than this many cores busy
NOISY_RETRIES="${BENCH_NOISY_RETRIES:-2}"        # redo a run that shared the machine, at most this often
RESULTS_DIR="${BENCH_RESULTS_DIR:-$BENCH_DIR/results}"
RUN_DIR=/tmp/vigil-auth-bench                          # fixed: bench/vigil-auth-bench.yaml points here
TOKEN_DIR="${BENCH_TOKEN_DIR:-/tmp/vigil-auth-bench-tokens}"  # kept between runs (see README)
LUA="$BENCH_DIR/lua/auth.lua"

PORT_UPSTREAM=18081
PORT_VIGIL=18080
PORT_VIGIL_ADMIN=19090

SCENARIOS=(public jwt-warm-es256 jwt-warm-rs256 jwt-cold-es256 jwt-cold-rs256 apikey malformed jwt-policy-limit)
# BENCH_SCENARIOS="public jwt-policy-limit" runs a subset (public is always kept: it is the baseline).
if [[ -n "${BENCH_SCENARIOS:-}" ]]; then
  read -r -a SCENARIOS <<< "$BENCH_SCENARIOS"
  [[ " ${SCENARIOS[*]} " == *" public "* ]] || SCENARIOS=(public "${SCENARIOS[@]}")
fi

log() { printf '[auth-bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for v in ROUNDS SECONDS_PER_RUN CONNECTIONS THREADS WARMUP COLD_ES256 COLD_RS256 TOKEN_MIN_LIFE VIGIL_START_TIMEOUT QUIET_WAIT NOISY_RETRIES; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a non-negative integer (got '${!v}')"
done
(( ROUNDS >= 1 && SECONDS_PER_RUN >= 1 && CONNECTIONS >= 1 && THREADS >= 1 )) \
  || die "rounds, seconds, connections and threads must be >= 1"
(( THREADS <= CONNECTIONS )) || die "BENCH_THREADS must not exceed BENCH_CONNECTIONS"
(( COLD_ES256 >= THREADS && COLD_RS256 >= THREADS )) || die "need at least one cold token per wrk thread"
[[ "$RUN_JMH" == 1 || -n "$JMH_RESULTS" ]] || die "BENCH_JMH=0 needs BENCH_JMH_RESULTS=<a jmh-*.json with rawSignature BC-ES256 and JDK-RS256>"
[[ -f "$LUA" ]] || die "missing $LUA"
[[ "$QUIET_CORES" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "BENCH_QUIET_CORES must be a number (got '$QUIET_CORES')"

# ---------------------------------------------------------------- cleanup
PIDS=()    # long-running servers we start; each leads its own process group
FG_PID=    # the foreground job we are waiting for (wrk, JMH, token generation)

stop_all() {
  local i pid waited
  for (( i=${#PIDS[@]}-1; i>=0; i-- )); do
    pid="${PIDS[i]}"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    waited=0
    while kill -0 "$pid" 2>/dev/null && (( waited < 100 )); do sleep 0.1; waited=$((waited + 1)); done
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid did not stop after SIGTERM, sending SIGKILL"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}

on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "${FG_PID:-}" ]]; then
    kill -TERM -- "-$FG_PID" 2>/dev/null || kill -TERM "$FG_PID" 2>/dev/null || true
    wait "$FG_PID" 2>/dev/null || true
  fi
  if (( ${#PIDS[@]} > 0 )); then
    log "stopping ${#PIDS[@]} process(es) started by this run"
    stop_all
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

# run_fg LOGFILE CMD... : run CMD in its own process group and wait for it, so a signal to
# this script is handled at once (the trap then stops the job as well).
run_fg() {
  local logfile="$1" rc=0; shift
  setsid "$@" >"$logfile" 2>&1 </dev/null 9>&- &
  FG_PID=$!
  wait "$FG_PID" || rc=$?
  FG_PID=
  return "$rc"
}

# Busy and idle ticks of the whole machine (all CPUs) from /proc/stat.
machine_ticks() {
  local cpu user nice system idle iowait irq softirq steal rest
  read -r cpu user nice system idle iowait irq softirq steal rest </proc/stat
  echo "$(( user + nice + system + irq + softirq + steal )) $(( idle + iowait ))"
}

# The machine is shared: wait (up to QUIET_WAIT seconds) until less than QUIET_CORES cores are
# busy over 2 s while we send no load. Carries on with a warning if it never gets quiet; each
# run also records the CPU nobody in the benchmark used ("other") so a noisy run shows.
QUIET_WAITED=0
NOT_QUIET=()
quiet_gate() {  # quiet_gate WHAT
  local start b0 i0 b1 i1 cores top
  start=$(date +%s)
  while :; do
    read -r b0 i0 < <(machine_ticks); sleep 2; read -r b1 i1 < <(machine_ticks)
    cores="$(awk -v b=$(( b1 - b0 )) -v t="$CLK_TCK" 'BEGIN { printf "%.2f", b / t / 2 }')"
    if awk -v c="$cores" -v q="$QUIET_CORES" 'BEGIN { exit !(c < q) }'; then
      return 0
    fi
    if (( $(date +%s) - start >= QUIET_WAIT )); then
      log "WARNING: machine still busy ($cores cores) after ${QUIET_WAIT}s; going on with $1 anyway"
      NOT_QUIET+=("$1")
      return 0
    fi
    top="$(ps -eo pcpu=,comm= --sort=-pcpu | head -n 3 | awk '{printf "%s(%s%%) ", $2, $1}')"
    log "machine busy ($cores cores; top: $top) before $1; waiting for it to calm down"
    QUIET_WAITED=$(( QUIET_WAITED + 1 ))
    sleep 8
  done
}

# ------------------------------------------------------ tools and install
APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null || die "missing $* and no apt-get to install it"
  [[ $(id -u) -eq 0 ]] || die "missing $*; run as root or install it yourself"
  if (( APT_UPDATED == 0 )); then
    log "apt-get update"
    apt-get update -qq >/dev/null || die "apt-get update failed"
    APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  # Keep the package's own nginx service from starting on port 80.
  local made_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  local rc=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || rc=$?
  if (( made_policy )); then rm -f /usr/sbin/policy-rc.d; fi
  (( rc == 0 )) || die "apt-get install $* failed"
}

apt_has_candidate() {
  local c
  c="$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')"
  [[ -n "$c" && "$c" != "(none)" ]]
}

find_nginx() { command -v nginx 2>/dev/null || { [[ -x /usr/sbin/nginx ]] && echo /usr/sbin/nginx; } || true; }

NGINX_BIN="${NGINX_BIN:-$(find_nginx)}"
if [[ -z "$NGINX_BIN" ]] || ! command -v wrk >/dev/null; then
  pkgs=()
  command -v wrk >/dev/null || pkgs+=(wrk)
  if [[ -z "$NGINX_BIN" ]]; then
    if (( APT_UPDATED == 0 )) && command -v apt-get >/dev/null && [[ $(id -u) -eq 0 ]]; then
      log "apt-get update"; apt-get update -qq >/dev/null || die "apt-get update failed"; APT_UPDATED=1
    fi
    if apt_has_candidate nginx-light; then pkgs+=(nginx-light); else pkgs+=(nginx); fi
  fi
  apt_install "${pkgs[@]}"
  NGINX_BIN="$(find_nginx)"
fi
[[ -n "$NGINX_BIN" ]] || die "nginx not found after install"
command -v wrk >/dev/null || die "wrk not found after install"
command -v python3 >/dev/null || die "python3 is required"
command -v java >/dev/null || die "java is required"
command -v curl >/dev/null || apt_install curl
command -v ps >/dev/null || apt_install procps
CLK_TCK="$(getconf CLK_TCK)"
NPROC="$(nproc)"
LOOPS="${BENCH_EVENT_LOOPS:-$NPROC}"   # Vigil starts one event loop per available processor

# ------------------------------------------------------------------ lock
# The same lock as bench/run.sh: both use ports 18080/18081/19090.
exec 9>/tmp/vigil-bench.lock
flock -n 9 || die "another bench/run.sh or bench/auth.sh is running (lock /tmp/vigil-bench.lock)"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$PORT_UPSTREAM" "$PORT_VIGIL" "$PORT_VIGIL_ADMIN"; do
  port_in_use "$p" && die "127.0.0.1:$p is already in use; stop whatever listens there"
done

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RESULTS_DIR"

# ---------------------------------------------------------------- build
VIGIL_JAR="${VIGIL_JAR:-$REPO_ROOT/target/vigil.jar}"   # another jar: set VIGIL_JAR (the build still runs unless skipped)
BENCH_JAR="$BENCH_DIR/jmh/target/benchmarks.jar"
if [[ "$SKIP_BUILD" != 1 ]]; then
  log "building Vigil (./mvnw -q -DskipTests install) and bench/jmh (package)"
  (cd "$REPO_ROOT" && ./mvnw -q -DskipTests install) || die "Vigil build failed"
  (cd "$REPO_ROOT" && ./mvnw -q -f bench/jmh/pom.xml package) || die "bench/jmh build failed"
fi
[[ -f "$VIGIL_JAR" ]] || die "Vigil jar not found: $VIGIL_JAR (unset BENCH_SKIP_BUILD to build it)"
VIGIL_JAR="$(cd "$(dirname "$VIGIL_JAR")" && pwd)/$(basename "$VIGIL_JAR")"
[[ -f "$BENCH_JAR" ]] || die "benchmark jar not found: $BENCH_JAR (unset BENCH_SKIP_BUILD to build it)"

# ---------------------------------------------------------------- tokens
# A token set is reused when it is complete, big enough and valid for TOKEN_MIN_LIFE more
# seconds: every run starts a new gateway with an empty cache, so a token one run sent is still
# "never seen" by the next. BENCH_NEW_TOKENS=1 always makes a new set.
tokens_usable() {
  [[ -f "$TOKEN_DIR/tokens.json" ]] || return 1
  TOKEN_DIR="$TOKEN_DIR" NEED_ES="$COLD_ES256" NEED_RS="$COLD_RS256" WARM="$WARM_TOKENS" MIN_LIFE="$TOKEN_MIN_LIFE" \
  python3 - <<'EOF'
import json, os, sys, time
e = os.environ
d = e["TOKEN_DIR"]
try:
    t = json.load(open(os.path.join(d, "tokens.json")))
except (OSError, ValueError):
    sys.exit(1)
if t.get("exp", 0) - time.time() < int(e["MIN_LIFE"]) or t.get("warm") != int(e["WARM"]):
    sys.exit(1)
if t.get("cold_es256", 0) < int(e["NEED_ES"]) or t.get("cold_rs256", 0) < int(e["NEED_RS"]):
    sys.exit(1)
want = {"warm-es256.txt": t["warm"], "warm-rs256.txt": t["warm"],
        "cold-es256.txt": t["cold_es256"], "cold-rs256.txt": t["cold_rs256"]}
for name, n in want.items():
    try:
        with open(os.path.join(d, name), "rb") as f:
            if sum(1 for _ in f) != n:
                sys.exit(1)
    except OSError:
        sys.exit(1)
if not os.path.isfile(os.path.join(d, "jwks.json")):
    sys.exit(1)
EOF
}

TOKENS_REUSED=0
if [[ "$NEW_TOKENS" != 1 ]] && tokens_usable; then
  TOKENS_REUSED=1
  log "reusing the token set in $TOKEN_DIR ($(cat "$TOKEN_DIR/tokens.json" | tr -d '\n'))"
else
  log "generating keys and tokens in $TOKEN_DIR: $WARM_TOKENS warm per algorithm, $COLD_ES256 cold ES256, $COLD_RS256 cold RS256 (RSA signing takes a few minutes)"
  rm -rf "$TOKEN_DIR"
  mkdir -p "$TOKEN_DIR"
  run_fg "$TOKEN_DIR/generate.log" java -cp "$BENCH_JAR" io.vigil.bench.BenchTokens \
      "$TOKEN_DIR" "$COLD_ES256" "$COLD_RS256" "$WARM_TOKENS" \
    || { cat "$TOKEN_DIR/generate.log" >&2; die "token generation failed"; }
  tokens_usable || { cat "$TOKEN_DIR/generate.log" >&2; die "token generation left an incomplete set in $TOKEN_DIR"; }
  grep -v '^$' "$TOKEN_DIR/generate.log" | sed 's/^/  /' >&2 || true
fi
TOKENS_META="$(tr -d '\n' < "$TOKEN_DIR/tokens.json")"

# ---------------------------------------------------------------- JMH raw rates
JMH_CMD=""
if [[ "$RUN_JMH" == 1 ]]; then
  JMH_RESULTS="$RESULTS_DIR/jmh-$STAMP.json"
  jmh_args=(TokenVerificationBenchmark.rawSignature -p impl=BC-ES256,JDK-RS256 -f 1 -wi 2 -w 2s -i 3 -r 3s
            -rf json -rff "$JMH_RESULTS")
  JMH_CMD="java -jar bench/jmh/target/benchmarks.jar ${jmh_args[*]}"
  quiet_gate "the JMH run"
  log "JMH raw signature rates on an idle machine: $JMH_CMD"
  JMH_LOG="${TMPDIR:-/tmp}/vigil-auth-bench-jmh.log"
  run_fg "$JMH_LOG" java -jar "$BENCH_JAR" "${jmh_args[@]}" \
    || { tail -n 40 "$JMH_LOG" >&2; rm -f "$JMH_RESULTS"; die "JMH run failed (log: $JMH_LOG)"; }
  grep -q '"rawSignature"\|rawSignature' "$JMH_RESULTS" 2>/dev/null \
    || { tail -n 40 "$JMH_LOG" >&2; rm -f "$JMH_RESULTS"; die "JMH measured nothing (log: $JMH_LOG)"; }
fi
[[ -f "$JMH_RESULTS" ]] || die "JMH results not found: $JMH_RESULTS"
JMH_JSON="$(python3 "$BENCH_DIR/auth_report.py" jmh --file "$JMH_RESULTS")" || die "no usable raw rates in $JMH_RESULTS"
JMH_REF_ARGS=()
if [[ -n "$JMH_REFERENCE" ]]; then
  IFS=, read -r -a refs <<<"$JMH_REFERENCE"
  for f in "${refs[@]}"; do
    j="$(python3 "$BENCH_DIR/auth_report.py" jmh --file "$f")" || die "no usable raw rates in $f"
    JMH_REF_ARGS+=(--jmh-ref "$j")
  done
fi
log "raw rates (1 thread): $(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(", ".join("%s %.0f ops/s" % (k, v["ops_s"]) for k, v in d["rates"].items()))' "$JMH_JSON")"

# ---------------------------------------------------------------- run dir
rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR"
RUNS="$RUN_DIR/runs.jsonl"
: >"$RUNS"
cp "$TOKEN_DIR/jwks.json" "$RUN_DIR/jwks.json"
# Each wrk thread gets a cold file of its own (every THREADS-th line), read from an offset
# that moves on by what the thread sent: no cold token is ever sent twice in this run.
declare -A COLD_FILE LINES OFFSET MAX_RPS
for alg in es256 rs256; do
  COLD_FILE[$alg]="$RUN_DIR/cold-$alg.txt"
  awk -v n="$THREADS" -v base="${COLD_FILE[$alg]}" '{ print > (base ".t" ((NR - 1) % n)) }' "$TOKEN_DIR/cold-$alg.txt"
  for (( t=0; t<THREADS; t++ )); do
    LINES[$alg:$t]="$(wc -l < "${COLD_FILE[$alg]}.t$t")"
    OFFSET[$alg:$t]=0
  done
  MAX_RPS[$alg]=0
done
MALFORMED="$(printf 'this is not json' | base64 -w0 | tr '+/' '-_' | tr -d '=').$(printf '{"sub":"x"}' | base64 -w0 | tr '+/' '-_' | tr -d '=').$(printf 'signature' | base64 -w0 | tr '+/' '-_' | tr -d '=')"

# ---------------------------------------------------------------- servers
LAST_PID=
start_bg() {  # start_bg NAME LOGFILE CMD... : start CMD in its own process group
  local name="$1" logfile="$2"; shift 2
  setsid "$@" >"$logfile" 2>&1 </dev/null 9>&- &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
  log "started $name (pid $LAST_PID)"
}

wait_port() {  # wait_port PORT PID
  local i
  for (( i=0; i<100; i++ )); do
    port_in_use "$1" && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

mkdir -p "$RUN_DIR/upstream/logs" "$RUN_DIR/upstream/tmp"
start_bg "nginx upstream" "$RUN_DIR/upstream/logs/console.log" \
  "$NGINX_BIN" -p "$RUN_DIR/upstream/" -c "$BENCH_DIR/nginx/upstream.conf" -e "$RUN_DIR/upstream/logs/error.log"
NGINX_PID="$LAST_PID"
if ! wait_port "$PORT_UPSTREAM" "$LAST_PID"; then
  cat "$RUN_DIR/upstream/logs/console.log" "$RUN_DIR/upstream/logs/error.log" >&2 2>/dev/null || true
  die "nginx upstream did not start listening on 127.0.0.1:$PORT_UPSTREAM"
fi

VIGIL_DESC="java $VIGIL_JAVA_OPTS -jar $VIGIL_JAR serve -c $VIGIL_CONFIG"
# shellcheck disable=SC2086  # word splitting of the JVM options is intended
start_bg "vigil" "$RUN_DIR/vigil.log" java $VIGIL_JAVA_OPTS -jar "$VIGIL_JAR" serve -c "$VIGIL_CONFIG"
VPID="$LAST_PID"
deadline=$(( $(date +%s) + VIGIL_START_TIMEOUT ))
until curl -fsS -o /dev/null --max-time 2 "$VIGIL_HEALTH_URL" 2>/dev/null; do
  if ! kill -0 "$VPID" 2>/dev/null; then
    tail -n 40 "$RUN_DIR/vigil.log" >&2 || true
    die "Vigil exited before $VIGIL_HEALTH_URL answered"
  fi
  if (( $(date +%s) >= deadline )); then
    tail -n 40 "$RUN_DIR/vigil.log" >&2 || true
    die "Vigil did not answer $VIGIL_HEALTH_URL within ${VIGIL_START_TIMEOUT}s"
  fi
  sleep 0.5
done

vigil_log_tail() {
  [[ -s "$RUN_DIR/vigil.log" ]] || return 0
  log "last lines of $RUN_DIR/vigil.log:"
  grep -v '^[[:space:]]*at ' "$RUN_DIR/vigil.log" | tail -n 20 >&2 || true
}

expect_status() {  # expect_status WANT DESCRIPTION PATH [TOKEN]
  local want="$1" what="$2" path="$3" token="${4:-}" code
  local args=(-s -o "$RUN_DIR/check.out" -w '%{http_code}' --max-time 5)
  [[ -n "$token" ]] && args+=(-H "Authorization: Bearer $token")
  code="$(curl "${args[@]}" "http://127.0.0.1:$PORT_VIGIL$path")" || true
  if [[ "$code" != "$want" ]]; then
    cat "$RUN_DIR/check.out" >&2 2>/dev/null || true; echo >&2
    vigil_log_tail
    die "$what: GET $path returned '$code', expected $want"
  fi
}
expect_status 200 "public route" /public/bench
expect_status 200 "warm ES256 token" /jwt/bench "$(head -n1 "$TOKEN_DIR/warm-es256.txt")"
expect_status 200 "warm RS256 token" /jwt/bench "$(head -n1 "$TOKEN_DIR/warm-rs256.txt")"
expect_status 401 "junk token" /jwt/bench "$MALFORMED"
grep -q token_malformed "$RUN_DIR/check.out" || die "junk token: 401 but not token_malformed: $(cat "$RUN_DIR/check.out")"
expect_status 401 "no token" /jwt/bench
# 1,000 API keys through the admin API, as an operator would create them; the keys file feeds wrk.
# Only when the apikey scenario runs: each key is a store commit (about 2.5 minutes in all).
if [[ " ${SCENARIOS[*]} " == *" apikey "* ]]; then
  : >"$RUN_DIR/apikeys.txt"
  for (( k=0; k<1000; k++ )); do
    curl -s --max-time 5 -X POST -H 'content-type: application/json' \
      -d "{\"name\":\"bench-$k\",\"scopes\":[\"bench:read\"]}" "http://127.0.0.1:$PORT_VIGIL_ADMIN/admin/api/keys" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])' >>"$RUN_DIR/apikeys.txt" \
      || die "could not create API key $k through the admin API"
  done
  code="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: ApiKey $(head -n1 "$RUN_DIR/apikeys.txt")" \
    "http://127.0.0.1:$PORT_VIGIL/key/bench")"
  [[ "$code" == 200 ]] || die "API key route: expected 200, got $code"
fi
log "Vigil is up: public 200, good tokens and keys 200, junk and missing tokens 401"

# ---------------------------------------------------------------- helpers
tree_pids() {
  local p="$1" c
  echo "$p"
  for c in $(ps -o pid= --ppid "$p" 2>/dev/null); do tree_pids "$c"; done
}

# utime+stime (clock ticks) summed over PID and its descendants.
tree_ticks() {
  local total=0 p s f
  for p in $(tree_pids "$1"); do
    s="$(cat "/proc/$p/stat" 2>/dev/null)" || continue
    s="${s##*) }"
    read -r -a f <<<"$s"
    total=$(( total + f[11] + f[12] ))
  done
  echo "$total"
}

# "tid<TAB>ticks<TAB>name" for each thread of PID (Linux cuts names to 15 characters):
# auth_report.py sorts them into event loops, GC, JIT, decision log and the rest.
thread_ticks() {
  local t s f
  for t in /proc/"$1"/task/*; do
    s="$(cat "$t/stat" 2>/dev/null)" || continue
    s="${s##*) }"
    read -r -a f <<<"$s"
    printf '%s\t%s\t%s\n' "${t##*/}" "$(( f[11] + f[12] ))" "$(cat "$t/comm" 2>/dev/null)"
  done
}

# CPU seconds used by this shell's waited-for children so far, from bash's `times` (second
# line). It must run in this shell, not in $(...): read around one wrk run, the difference is
# wrk's own CPU time.
children_cpu_s() {  # children_cpu_s FILE
  times >"$1"
  python3 -c 'import re, sys
tot = 0.0
for m, s in re.findall(r"(\d+)m([0-9.]+)s", open(sys.argv[1]).read().splitlines()[-1]):
    tot += int(m) * 60 + float(s)
print(f"{tot:.3f}")' "$1"
}

scenario_env() {  # scenario_env SCENARIO : the wrk environment for one scenario, one VAR=value a line
  local sc="$1" alg t
  echo "AUTH_THREADS=$THREADS"
  case "$sc" in
    public) echo "AUTH_PATH=/public/bench" ;;
    jwt-warm-es256|jwt-warm-rs256)
      echo "AUTH_PATH=/jwt/bench"; echo "AUTH_MODE=cycle"
      echo "AUTH_TOKEN_FILE=$TOKEN_DIR/warm-${sc##*-}.txt" ;;
    jwt-cold-es256|jwt-cold-rs256)
      alg="${sc##*-}"
      echo "AUTH_PATH=/jwt/bench"; echo "AUTH_MODE=once"
      echo "AUTH_TOKEN_FILE=${COLD_FILE[$alg]}"
      for (( t=0; t<THREADS; t++ )); do echo "AUTH_FIRST_$t=${OFFSET[$alg:$t]}"; done
      echo "AUTH_LIMIT=${COLD_LIMIT:-}" ;;
    apikey)
      echo "AUTH_PATH=/key/bench"; echo "AUTH_MODE=cycle"; echo "AUTH_SCHEME=ApiKey"
      echo "AUTH_TOKEN_FILE=$RUN_DIR/apikeys.txt" ;;
    malformed) echo "AUTH_PATH=/jwt/bench"; echo "AUTH_TOKEN_FIXED=$MALFORMED" ;;
    jwt-policy-limit)
      echo "AUTH_PATH=/guarded/bench"; echo "AUTH_MODE=cycle"
      echo "AUTH_TOKEN_FILE=$TOKEN_DIR/warm-es256.txt" ;;
    *) die "unknown scenario $sc" ;;
  esac
}

# Before a cold run: enough unsent tokens for every thread at the best rate seen so far
# (with a margin for uneven threads), and how many each thread should load.
COLD_LIMIT=
cold_left() {  # cold_left SCENARIO SECONDS : succeeds if every thread has enough unsent tokens for one more run
  local alg="${1##*-}" secs="$2" t left need
  need=$(( (MAX_RPS[$alg] * secs * 13 / 10 + THREADS - 1) / THREADS ))
  for (( t=0; t<THREADS; t++ )); do
    left=$(( LINES[$alg:$t] - OFFSET[$alg:$t] ))
    (( left >= need )) || return 1
  done
}

cold_check() {  # cold_check SCENARIO SECONDS
  local alg="${1##*-}" secs="$2" t left need=0 min_left=-1
  if (( MAX_RPS[$alg] > 0 )); then
    need=$(( (MAX_RPS[$alg] * secs * 13 / 10 + THREADS - 1) / THREADS ))
  fi
  for (( t=0; t<THREADS; t++ )); do
    left=$(( LINES[$alg:$t] - OFFSET[$alg:$t] ))
    (( min_left < 0 || left < min_left )) && min_left=$left
  done
  if (( need > 0 && min_left < need )); then
    die "$1: $min_left unsent tokens left for some wrk thread; a ${secs}s run at up to ${MAX_RPS[$alg]} RPS needs about $need per thread. Set BENCH_COLD_TOKENS_${alg^^} higher (it is $([[ $alg == es256 ]] && echo "$COLD_ES256" || echo "$COLD_RS256")) and run again"
  fi
  # Load what the run can use with a wide margin (at least 10,000 a second per thread), not
  # the whole rest: wrk starts thread 0 while thread 1 is still reading its file.
  COLD_LIMIT=$(( need * 2 > secs * 10000 ? need * 2 : secs * 10000 ))
}

cold_advance() {  # cold_advance SCENARIO STATSFILE RPS : move each thread's offset past what it sent
  local alg="${1##*-}" t sent rps="${3%.*}"
  for (( t=0; t<THREADS; t++ )); do
    sent="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(next(x["sent"] for x in d["threads"] if x["tid"]==int(sys.argv[2])))' "$2" "$t")" \
      || die "cannot read thread $t's count from $2"
    OFFSET[$alg:$t]=$(( OFFSET[$alg:$t] + sent ))
  done
  (( rps > MAX_RPS[$alg] )) && MAX_RPS[$alg]=$rps
  return 0
}

WRK_URL_BASE="http://127.0.0.1:$PORT_VIGIL"
# run_scenario SCENARIO SECONDS OUTPREFIX ROUND : one wrk run, its record in OUTPREFIX.record.json;
# the warm-up (ROUND 0) must answer as expected. Sets LAST_RPS.
LAST_RPS=0
run_scenario() {
  local sc="$1" secs="$2" out="$3" round="$4" before after lb la ticks rc=0 envs=()
  kill -0 "$VPID" 2>/dev/null || { vigil_log_tail; die "Vigil (pid $VPID) is gone"; }
  case "$sc" in jwt-cold-*) cold_check "$sc" "$secs" ;; esac
  mapfile -t envs < <(scenario_env "$sc")
  envs+=("AUTH_STATS_FILE=$out.stats.json")
  rm -f "$out.stats.json"
  before="$(tree_ticks "$VPID")"
  ngx0="$(tree_ticks "$NGINX_PID")"
  thread_ticks "$VPID" >"$out.threads0"
  read -r busy0 idle0 < <(machine_ticks)
  children_cpu_s "$out.times" >"$out.wrkcpu0"
  setsid env "${envs[@]}" timeout $(( secs + 60 )) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --latency \
    -s "$LUA" "$WRK_URL_BASE/" >"$out.txt" 2>&1 </dev/null 9>&- &
  FG_PID=$!
  wait "$FG_PID" || rc=$?
  FG_PID=
  children_cpu_s "$out.times" >"$out.wrkcpu1"
  read -r busy1 idle1 < <(machine_ticks)
  (( rc == 0 )) || { cat "$out.txt" >&2; vigil_log_tail; die "wrk ($sc) failed with exit code $rc"; }
  kill -0 "$VPID" 2>/dev/null || { vigil_log_tail; die "Vigil died during $sc"; }
  after="$(tree_ticks "$VPID")"
  ngx1="$(tree_ticks "$NGINX_PID")"
  thread_ticks "$VPID" >"$out.threads1"
  ticks=$(( after - before ))
  python3 "$BENCH_DIR/auth_report.py" record --round "$round" --scenario "$sc" --wrk-output "$out.txt" \
    --stats "$out.stats.json" --cpu-ticks "$ticks" --clk-tck "$CLK_TCK" \
    --threads-before "$out.threads0" --threads-after "$out.threads1" \
    --machine "$(( busy1 - busy0 )),$(( idle1 - idle0 )),$(( ngx1 - ngx0 ))" \
    --wrk-cpu "$(python3 -c 'import sys; print(float(open(sys.argv[2]).read()) - float(open(sys.argv[1]).read()))' "$out.wrkcpu0" "$out.wrkcpu1")" \
    >"$out.record.json" \
    || { vigil_log_tail; die "no usable result for $sc (see above)"; }
  LAST_RPS="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rps"])' "$out.record.json")"
  case "$sc" in jwt-cold-*) cold_advance "$sc" "$out.stats.json" "$LAST_RPS" ;; esac
  if (( round == 0 )) && ! python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["valid"] else 1)' "$out.record.json"; then
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("statuses", r["statuses"], "problems", r["problems"])' "$out.record.json" >&2
    vigil_log_tail
    die "warm-up of $sc did not answer as expected; the setup is broken"
  fi
}

# ---------------------------------------------------------------- warm-up
# JIT-compile every path before round 1 (and fill the cache with the warm tokens): a sixth of
# BENCH_WARMUP per scenario, at least 1s each, the rest on the public route.
quiet_gate "the warm-up"
if (( WARMUP > 0 )); then
  per=$(( WARMUP / ${#SCENARIOS[@]} )); (( per >= 1 )) || per=1
  first=$(( WARMUP - per * (${#SCENARIOS[@]} - 1) )); (( first >= 1 )) || first=1
  log "warm-up: public ${first}s, then ${per}s of each other scenario"
  for sc in "${SCENARIOS[@]}"; do
    secs=$per; [[ "$sc" == public ]] && secs=$first
    run_scenario "$sc" "$secs" "$RUN_DIR/warmup-$sc" 0
    log "  warm-up $sc: $(printf '%.0f' "$LAST_RPS") RPS"
  done
fi

# ------------------------------------------------------------ measurement
n=${#SCENARIOS[@]}
for (( r=1; r<=ROUNDS; r++ )); do
  order=()
  for (( i=0; i<n; i++ )); do order+=("${SCENARIOS[(( (r - 1 + i) % n ))]}"); done
  quiet_gate "round $r"
  log "round $r/$ROUNDS: ${order[*]}"
  for sc in "${order[@]}"; do
    attempt=0
    while :; do
      out="$RUN_DIR/r$r-$sc"; (( attempt == 0 )) || out="$out-retry$attempt"
      run_scenario "$sc" "$SECONDS_PER_RUN" "$out" "$r"
      other="$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["other_cores"] if r.get("noisy") else "")' "$out.record.json")"
      [[ -n "$other" ]] || break
      if (( attempt >= NOISY_RETRIES )); then
        log "  $sc: $other cores of other work during the run; kept, marked noisy"
        break
      fi
      case "$sc" in
        jwt-cold-*) if ! cold_left "$sc" "$SECONDS_PER_RUN"; then
                      log "  $sc: $other cores of other work during the run; not enough cold tokens to redo it, kept, marked noisy"
                      break
                    fi ;;
      esac
      log "  $sc: $other cores of other work during the run; redoing it"
      python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r["discarded"]="noisy"; print(json.dumps(r))' \
        "$out.record.json" >>"$RUN_DIR/discarded.jsonl"
      attempt=$(( attempt + 1 ))
      quiet_gate "a redo of $sc"
    done
    cat "$out.record.json" >>"$RUNS"
  done
  echo
  python3 "$BENCH_DIR/auth_report.py" round --runs "$RUNS" --round "$r" --scenarios "$(IFS=,; echo "${SCENARIOS[*]}")"
done

# ---------------------------------------------------------------- summary
DROPPED="$(curl -fsS --max-time 5 "$VIGIL_METRICS_URL" 2>/dev/null | awk '/^vigil_decision_log_dropped/ {print $2}' | head -n1)" || true
COLD_USED="$(for alg in es256 rs256; do for (( t=0; t<THREADS; t++ )); do printf '%s:%s:%s/%s ' "$alg" "$t" "${OFFSET[$alg:$t]}" "${LINES[$alg:$t]}"; done; done)"
OUT="$RESULTS_DIR/auth-$STAMP.json"
META="$(
  STAMP="$STAMP" ROUNDS="$ROUNDS" SECS="$SECONDS_PER_RUN" CONNS="$CONNECTIONS" THREADS="$THREADS" \
  WARMUP="$WARMUP" CLK_TCK="$CLK_TCK" VIGIL_DESC="$VIGIL_DESC" LOOPS="$LOOPS" \
  NGINX_VER="$("$NGINX_BIN" -v 2>&1 | head -n1)" WRK_VER="$(wrk -v 2>&1 | head -n1 || true)" \
  JAVA_VER="$(java -version 2>&1 | head -n1 || true)" \
  GIT_REV="$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo none)" \
  GIT_DIRTY="$(git -C "$REPO_ROOT" status --porcelain 2>/dev/null | grep -v '^??' | head -c 1 | wc -c)" \
  NPROC="$NPROC" LOADAVG="$(cut -d' ' -f1-3 /proc/loadavg)" TOKENS_META="$TOKENS_META" \
  TOKENS_REUSED="$TOKENS_REUSED" COLD_USED="$COLD_USED" MALFORMED="$MALFORMED" \
  JMH_CMD="$JMH_CMD" DROPPED="${DROPPED:-}" QUIET_WAITED="$QUIET_WAITED" REDONE="$( [[ -f "$RUN_DIR/discarded.jsonl" ]] && wc -l < "$RUN_DIR/discarded.jsonl" || echo 0)" NOT_QUIET="$(IFS=,; echo "${NOT_QUIET[*]:-}")" \
  python3 -c 'import json, os
e = os.environ
used = {}
for item in e["COLD_USED"].split():
    alg, t, frac = item.split(":")
    sent, lines = frac.split("/")
    used.setdefault(alg, []).append({"thread": int(t), "sent": int(sent), "available": int(lines)})
print(json.dumps({
  "timestamp_utc": e["STAMP"], "rounds": int(e["ROUNDS"]), "seconds_per_run": int(e["SECS"]),
  "connections": int(e["CONNS"]), "threads": int(e["THREADS"]), "warmup_s": int(e["WARMUP"]),
  "clk_tck": int(e["CLK_TCK"]), "vigil": e["VIGIL_DESC"], "event_loops_assumed": int(e["LOOPS"]),
  "nginx": e["NGINX_VER"], "wrk": e["WRK_VER"], "java": e["JAVA_VER"], "git_rev": e["GIT_REV"],
  "git_tracked_changes": e["GIT_DIRTY"] != "0", "nproc": int(e["NPROC"]), "loadavg_at_end": e["LOADAVG"],
  "tokens": json.loads(e["TOKENS_META"]), "tokens_reused_from_earlier_run": e["TOKENS_REUSED"] == "1",
  "cold_tokens_sent": used, "malformed_token": e["MALFORMED"], "jmh_command": e["JMH_CMD"] or None,
  "decision_log_dropped": float(e["DROPPED"]) if e["DROPPED"] else None,
  "quiet_gate_waits": int(e["QUIET_WAITED"]), "noisy_runs_redone": int(e["REDONE"]), "started_while_busy": [x for x in e["NOT_QUIET"].split(",") if x]}))'
)"
rc=0
python3 "$BENCH_DIR/auth_report.py" summary --runs "$RUNS" --scenarios "$(IFS=,; echo "${SCENARIOS[*]}")" \
  --jmh "$JMH_JSON" "${JMH_REF_ARGS[@]}" --loops "$LOOPS" --discarded "$RUN_DIR/discarded.jsonl" \
  --meta "$META" --out "$OUT" || rc=$?
[[ -f "$OUT" ]] && log "results written to $OUT"
if (( rc == 3 )); then
  log "ERROR: some runs were invalid (wrong statuses, socket errors or reused tokens); see the INVALID lines"
  exit 3
elif (( rc != 0 )); then
  die "report failed"
fi
exit 0
