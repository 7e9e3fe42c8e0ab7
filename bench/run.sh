#!/usr/bin/env bash
# Load benchmark: Vigil vs nginx as a reverse proxy, interleaved rounds.
# See bench/README.md. Exit 0 whatever the numbers are; non-zero only when
# something failed to run.
set -Eeuo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"

ROUNDS="${BENCH_ROUNDS:-5}"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-50}"
THREADS="${BENCH_THREADS:-2}"
WARMUP="${BENCH_WARMUP:-20}"
NGINX_WARMUP="${BENCH_NGINX_WARMUP:-3}"
REQ_PATH="${BENCH_PATH:-/bench}"
SKIP_VIGIL="${BENCH_SKIP_VIGIL:-0}"
VIGIL_CMD="${BENCH_VIGIL_CMD:-}"
VIGIL_JAVA_OPTS="${VIGIL_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}"
VIGIL_CONFIG="${BENCH_VIGIL_CONFIG:-$BENCH_DIR/vigil-bench.yaml}"
VIGIL_HEALTH_URL="${BENCH_VIGIL_HEALTH_URL:-http://127.0.0.1:19090/healthz}"
# A second gateway config measured in the same rounds (case vigil-b), for A/B comparisons whose
# difference is smaller than the noise between two separate runs. It must listen on 18084
# with its admin on 19094 (see bench/vigil-bench-nodiscovery.yaml).
VIGIL_B_CONFIG="${BENCH_VIGIL_B_CONFIG:-}"
VIGIL_START_TIMEOUT="${BENCH_VIGIL_TIMEOUT:-60}"
RESULTS_DIR="${BENCH_RESULTS_DIR:-$BENCH_DIR/results}"
RUN_DIR=/tmp/vigil-bench   # fixed: bench/vigil-bench.yaml points here

PORT_UPSTREAM=18081
PORT_NGINX1=18082
PORT_NGINX2=18083
PORT_VIGIL=18080
PORT_VIGIL_ADMIN=19090
PORT_VIGIL_B=18084
PORT_VIGIL_B_ADMIN=19094

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for v in ROUNDS SECONDS_PER_RUN CONNECTIONS THREADS WARMUP NGINX_WARMUP VIGIL_START_TIMEOUT; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a non-negative integer (got '${!v}')"
done
(( ROUNDS >= 1 && SECONDS_PER_RUN >= 1 && CONNECTIONS >= 1 && THREADS >= 1 )) \
  || die "rounds, seconds, connections and threads must be >= 1"
(( THREADS <= CONNECTIONS )) || die "BENCH_THREADS must not exceed BENCH_CONNECTIONS"

# ---------------------------------------------------------------- cleanup
PIDS=()   # every long-running process we start; each leads its own process group

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
  if [[ -n "${WRK_PID:-}" ]]; then
    kill -TERM "$WRK_PID" 2>/dev/null || true   # timeout passes it on to wrk
    wait "$WRK_PID" 2>/dev/null || true
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
    # apt-cache needs fresh lists to answer; update first.
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
command -v curl >/dev/null || apt_install curl
command -v ps >/dev/null || apt_install procps
CLK_TCK="$(getconf CLK_TCK)"

# ------------------------------------------------------------ the gateway
if [[ "$SKIP_VIGIL" != 1 && -z "$VIGIL_CMD" ]]; then
  if [[ -z "${VIGIL_JAR:-}" ]]; then
    log "building Vigil (./mvnw -q -DskipTests package)"
    (cd "$REPO_ROOT" && ./mvnw -q -DskipTests package) || die "build failed"
    VIGIL_JAR="$REPO_ROOT/target/vigil.jar"
  fi
  [[ -f "$VIGIL_JAR" ]] || die "Vigil jar not found: $VIGIL_JAR"
  VIGIL_JAR="$(cd "$(dirname "$VIGIL_JAR")" && pwd)/$(basename "$VIGIL_JAR")"
  command -v java >/dev/null || die "java not found"
  [[ -f "$VIGIL_CONFIG" ]] || die "Vigil config not found: $VIGIL_CONFIG"
  [[ -z "$VIGIL_B_CONFIG" || -f "$VIGIL_B_CONFIG" ]] || die "Vigil config B not found: $VIGIL_B_CONFIG"
fi

# ---------------------------------------------------------------- helpers
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_bg NAME LOGFILE CMD... : start CMD in its own process group.
LAST_PID=
start_bg() {
  local name="$1" logfile="$2"; shift 2
  setsid "$@" >"$logfile" 2>&1 </dev/null 9>&- &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
  log "started $name (pid $LAST_PID)"
}

wait_port() {  # wait_port PORT PID NAME
  local i
  for (( i=0; i<100; i++ )); do
    port_in_use "$1" && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

declare -A CASE_PORT CASE_PID
start_nginx() {  # start_nginx CASE CONF PORT
  local name="$1" conf="$2" port="$3" prefix="$RUN_DIR/$1"
  mkdir -p "$prefix/logs" "$prefix/tmp"
  start_bg "nginx $name" "$prefix/logs/console.log" \
    "$NGINX_BIN" -p "$prefix/" -c "$BENCH_DIR/nginx/$conf" -e "$prefix/logs/error.log"
  if ! wait_port "$port" "$LAST_PID"; then
    cat "$prefix/logs/console.log" "$prefix/logs/error.log" >&2 2>/dev/null || true
    die "nginx $name did not start listening on 127.0.0.1:$port"
  fi
  CASE_PORT[$name]="$port"
  CASE_PID[$name]="$LAST_PID"
}

# Process ids of PID and all its descendants.
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
    s="${s##*) }"              # drop "pid (comm) " - comm may contain spaces
    read -r -a f <<<"$s"      # f[0] is field 3 (state); utime=14, stime=15
    total=$(( total + f[11] + f[12] ))
  done
  echo "$total"
}

# wrk runs in the background and we wait for it, so that a signal to this
# script is handled at once (the trap then stops wrk as well).
WRK_PID=
case_log_tail() {  # show what a failing case logged
  local f
  case "$1" in
    vigil|vigil-b) f="$RUN_DIR/$1.log" ;;
    direct) f="$RUN_DIR/upstream/logs/error.log" ;;
    *) f="$RUN_DIR/$1/logs/error.log" ;;
  esac
  [[ -s "$f" ]] || return 0
  log "last lines of $f:"
  grep -v '^[[:space:]]*at ' "$f" | tail -n 20 >&2 || true
}

run_wrk() {  # run_wrk PORT SECONDS OUTFILE
  local rc=0
  timeout $(( $2 + 60 )) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2s" --latency \
    "http://127.0.0.1:$1$REQ_PATH" >"$3" 2>&1 </dev/null 9>&- &
  WRK_PID=$!
  wait "$WRK_PID" || rc=$?
  WRK_PID=
  return "$rc"
}

# ------------------------------------------------------------------ setup
exec 9>/tmp/vigil-bench.lock
flock -n 9 || die "another bench/run.sh is running (lock /tmp/vigil-bench.lock)"

CASES=(direct nginx-1w nginx-2w)
[[ "$SKIP_VIGIL" == 1 ]] || CASES+=(vigil)
ports=("$PORT_UPSTREAM" "$PORT_NGINX1" "$PORT_NGINX2")
[[ "$SKIP_VIGIL" == 1 ]] || ports+=("$PORT_VIGIL" "$PORT_VIGIL_ADMIN")
if [[ -n "$VIGIL_B_CONFIG" && "$SKIP_VIGIL" != 1 && -z "$VIGIL_CMD" ]]; then
  CASES+=(vigil-b)
  ports+=("$PORT_VIGIL_B" "$PORT_VIGIL_B_ADMIN")
fi
for p in "${ports[@]}"; do
  port_in_use "$p" && die "127.0.0.1:$p is already in use; stop whatever listens there"
done

rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR" "$RESULTS_DIR"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RUNS="$RUN_DIR/runs.jsonl"
: >"$RUNS"

log "cases: ${CASES[*]}; $ROUNDS round(s) x ${SECONDS_PER_RUN}s, -c$CONNECTIONS -t$THREADS, path $REQ_PATH"

start_nginx upstream upstream.conf "$PORT_UPSTREAM"
CASE_PORT[direct]="$PORT_UPSTREAM"
CASE_PID[direct]=""          # no proxy process: CPU not measured
start_nginx nginx-1w proxy-1w.conf "$PORT_NGINX1"
start_nginx nginx-2w proxy-2w.conf "$PORT_NGINX2"

for c in direct nginx-1w nginx-2w; do
  code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${CASE_PORT[$c]}$REQ_PATH")" || true
  [[ "$code" == 200 ]] || die "$c: GET $REQ_PATH returned '$code', expected 200"
done

await_vigil() {  # await_vigil CASE PID HEALTH_URL PORT: wait until it answers, then check it proxies
  local name="$1" vpid="$2" health="$3" port="$4" code deadline
  deadline=$(( $(date +%s) + VIGIL_START_TIMEOUT ))
  until curl -fsS -o /dev/null --max-time 2 "$health" 2>/dev/null; do
    if ! kill -0 "$vpid" 2>/dev/null; then
      tail -n 40 "$RUN_DIR/$name.log" >&2 || true
      die "$name exited before $health answered"
    fi
    if (( $(date +%s) >= deadline )); then
      tail -n 40 "$RUN_DIR/$name.log" >&2 || true
      die "$name did not answer $health within ${VIGIL_START_TIMEOUT}s"
    fi
    sleep 0.5
  done
  code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$REQ_PATH")" || true
  if [[ "$code" != 200 ]]; then
    tail -n 40 "$RUN_DIR/$name.log" >&2 || true
    die "$name: GET $REQ_PATH via :$port returned '$code', expected 200"
  fi
  CASE_PORT[$name]="$port"
  CASE_PID[$name]="$vpid"
  log "$name is up and proxying"
}

VIGIL_DESC=""
if [[ "$SKIP_VIGIL" != 1 ]]; then
  if [[ -n "$VIGIL_CMD" ]]; then
    VIGIL_DESC="custom command: $VIGIL_CMD"
    log "case vigil uses BENCH_VIGIL_CMD (not the real gateway): $VIGIL_CMD"
    if [[ "$VIGIL_CMD" == standin ]]; then
      # Plumbing check only: a second nginx that listens where Vigil would.
      mkdir -p "$RUN_DIR/standin/logs" "$RUN_DIR/standin/tmp"
      start_bg "vigil stand-in (nginx)" "$RUN_DIR/vigil.log" "$NGINX_BIN" -p "$RUN_DIR/standin/" \
        -c "$BENCH_DIR/nginx/vigil-standin.conf" -e "$RUN_DIR/standin/logs/error.log"
    else
      start_bg "vigil (BENCH_VIGIL_CMD)" "$RUN_DIR/vigil.log" bash -c "cd \"\$1\" && $VIGIL_CMD" _ "$REPO_ROOT"
    fi
  else
    VIGIL_DESC="java $VIGIL_JAVA_OPTS -jar $VIGIL_JAR serve -c $VIGIL_CONFIG"
    # shellcheck disable=SC2086  # word splitting of the JVM options is intended
    start_bg "vigil" "$RUN_DIR/vigil.log" \
      java $VIGIL_JAVA_OPTS -jar "$VIGIL_JAR" serve -c "$VIGIL_CONFIG"
  fi
  await_vigil vigil "$LAST_PID" "$VIGIL_HEALTH_URL" "$PORT_VIGIL"
  if [[ " ${CASES[*]} " == *" vigil-b "* ]]; then
    VIGIL_DESC="$VIGIL_DESC; vigil-b: -c $VIGIL_B_CONFIG"
    # shellcheck disable=SC2086
    start_bg "vigil-b" "$RUN_DIR/vigil-b.log" \
      java $VIGIL_JAVA_OPTS -jar "$VIGIL_JAR" serve -c "$VIGIL_B_CONFIG"
    await_vigil vigil-b "$LAST_PID" "http://127.0.0.1:$PORT_VIGIL_B_ADMIN/healthz" "$PORT_VIGIL_B"
  fi
fi

# ---------------------------------------------------------------- warm-up
if [[ "$SKIP_VIGIL" != 1 ]] && (( WARMUP > 0 )); then
  for c in vigil vigil-b; do
    [[ -n "${CASE_PORT[$c]:-}" ]] || continue
    log "warm-up: $c ${WARMUP}s"
    run_wrk "${CASE_PORT[$c]}" "$WARMUP" "$RUN_DIR/warmup-$c.txt" \
      || { case_log_tail "$c"; die "wrk warm-up against $c failed"; }
  done
fi
if (( NGINX_WARMUP > 0 )); then
  for c in direct nginx-1w nginx-2w; do
    log "warm-up: $c ${NGINX_WARMUP}s"
    run_wrk "${CASE_PORT[$c]}" "$NGINX_WARMUP" "$RUN_DIR/warmup-$c.txt" || die "wrk warm-up against $c failed"
  done
fi

# ------------------------------------------------------------ measurement
n=${#CASES[@]}
for (( r=1; r<=ROUNDS; r++ )); do
  # Rotate the starting case each round so no case always runs first.
  order=()
  for (( i=0; i<n; i++ )); do order+=("${CASES[(( (r - 1 + i) % n ))]}"); done
  log "round $r/$ROUNDS: ${order[*]}"
  for c in "${order[@]}"; do
    pid="${CASE_PID[$c]}"
    if [[ -n "$pid" ]]; then
      kill -0 "$pid" 2>/dev/null || die "$c process (pid $pid) is gone"
      before="$(tree_ticks "$pid")"
    fi
    out="$RUN_DIR/r$r-$c.txt"
    run_wrk "${CASE_PORT[$c]}" "$SECONDS_PER_RUN" "$out" \
      || { cat "$out" >&2; case_log_tail "$c"; die "wrk against $c failed"; }
    ticks=-1
    if [[ -n "$pid" ]]; then
      kill -0 "$pid" 2>/dev/null || { case_log_tail "$c"; die "$c process (pid $pid) died during the run"; }
      ticks=$(( $(tree_ticks "$pid") - before ))
    fi
    python3 "$BENCH_DIR/report.py" record --round "$r" --case "$c" --wrk-output "$out" \
      --cpu-ticks "$ticks" --clk-tck "$CLK_TCK" >>"$RUNS" \
      || { case_log_tail "$c"; die "no usable wrk result for $c (see above)"; }
  done
  echo
  python3 "$BENCH_DIR/report.py" round --runs "$RUNS" --round "$r" --cases "$(IFS=,; echo "${CASES[*]}")"
done

# ---------------------------------------------------------------- summary
OUT="$RESULTS_DIR/$STAMP.json"
META="$(
  STAMP="$STAMP" ROUNDS="$ROUNDS" SECS="$SECONDS_PER_RUN" CONNS="$CONNECTIONS" THREADS="$THREADS" \
  WARMUP="$([[ "$SKIP_VIGIL" == 1 ]] && echo 0 || echo "$WARMUP")" NGINX_WARMUP="$NGINX_WARMUP" REQ_PATH="$REQ_PATH" CLK_TCK="$CLK_TCK" \
  VIGIL_DESC="$VIGIL_DESC" NGINX_VER="$("$NGINX_BIN" -v 2>&1 | head -n1)" \
  WRK_VER="$(wrk -v 2>&1 | head -n1 || true)" \
  JAVA_VER="$(java -version 2>&1 | head -n1 || true)" \
  GIT_REV="$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo none)" \
  NPROC="$(nproc)" LOADAVG="$(cut -d' ' -f1-3 /proc/loadavg)" \
  python3 -c 'import json, os
e = os.environ
print(json.dumps({
  "timestamp_utc": e["STAMP"], "rounds": int(e["ROUNDS"]), "seconds_per_run": int(e["SECS"]),
  "connections": int(e["CONNS"]), "threads": int(e["THREADS"]), "warmup_s": int(e["WARMUP"]),
  "nginx_warmup_s": int(e["NGINX_WARMUP"]), "path": e["REQ_PATH"], "clk_tck": int(e["CLK_TCK"]),
  "vigil": e["VIGIL_DESC"] or None, "nginx": e["NGINX_VER"], "wrk": e["WRK_VER"],
  "java": e["JAVA_VER"], "git_rev": e["GIT_REV"], "nproc": int(e["NPROC"]),
  "loadavg_at_end": e["LOADAVG"]}))'
)"
rc=0
python3 "$BENCH_DIR/report.py" summary --runs "$RUNS" --cases "$(IFS=,; echo "${CASES[*]}")" \
  --meta "$META" --out "$OUT" || rc=$?
[[ -f "$OUT" ]] && log "results written to $OUT"
if (( rc == 3 )); then
  die "some case answered with errors for more than 1% of requests; see the WARNING lines"
elif (( rc != 0 )); then
  die "report failed"
fi
exit 0
