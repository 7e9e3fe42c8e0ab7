#!/usr/bin/env python3
"""Parsing and reporting helper for bench/auth.sh (JWT authentication load benchmark).

Subcommands:
  record   one wrk --latency output + the Lua stats (status counts, reused tokens) + CPU
           ticks into a JSON line, with the run's validity
  round    print the markdown table for one round
  jmh      the raw single-thread signature rates from JMH result files, as JSON
  summary  print the summary table, the ratios against their targets, write the results JSON

The wrk output is parsed by bench/report.py's parse_wrk, the same as bench/run.sh's.
"""
import argparse
import json
import os
import statistics
import sys

sys.dont_write_bytecode = True  # no __pycache__ in bench/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import parse_wrk  # noqa: E402  (same directory)

BASELINE = "public"
# What a valid run answers: good tokens 2xx only, junk 401 only.
EXPECT = {"public": "2xx", "jwt-warm-es256": "2xx", "jwt-warm-rs256": "2xx",
          "jwt-cold-es256": "2xx", "jwt-cold-rs256": "2xx", "apikey": "2xx", "malformed": "401",
          "jwt-policy-limit": "2xx"}
COLD = {"jwt-cold-es256": "BC-ES256", "jwt-cold-rs256": "JDK-RS256"}
JMH_BENCHMARK = "io.vigil.auth.jwt.TokenVerificationBenchmark.rawSignature"
JMH_IMPLS = ("BC-ES256", "JDK-RS256")
CPU_KEYS = ("vigil", "nginx", "wrk", "other", "idle")
NOISY_CORES = 0.25


def unexpected(scenario, statuses):
    """Responses whose status the scenario must not see."""
    want = EXPECT[scenario]
    bad = 0
    for code, n in statuses.items():
        ok = code.startswith("2") if want == "2xx" else code == want
        if not ok:
            bad += n
    return bad


def cmd_record(a):
    with open(a.wrk_output) as f:
        out = f.read()
    try:
        rec = parse_wrk(out)
    except ValueError as e:
        sys.stderr.write(f"auth_report.py: {e}\n--- wrk output ---\n{out}\n")
        return 1
    try:
        with open(a.stats) as f:
            stats = json.load(f)
    except (OSError, ValueError) as e:
        sys.stderr.write(f"auth_report.py: no usable Lua stats in {a.stats}: {e}\n--- wrk output ---\n{out}\n")
        return 1
    if rec["requests"] <= 0:
        sys.stderr.write(f"auth_report.py: wrk reported 0 requests\n{out}\n")
        return 1
    statuses = stats.get("statuses", {})
    counted = sum(statuses.values())
    socket_errors = sum(rec["socket_errors"].values())
    bad = unexpected(a.scenario, statuses)
    problems = []
    if bad:
        problems.append(f"{bad} response(s) not {EXPECT[a.scenario]}")
    if socket_errors:
        problems.append(f"{socket_errors} socket error(s)")
    if stats.get("reused", 0):
        problems.append(f"{stats['reused']} request(s) reused a token (token file exhausted)")
    if counted < rec["requests"]:
        problems.append(f"statuses counted for {counted} of {rec['requests']} responses")
    rec = {"round": a.round, "scenario": a.scenario, **rec,
           "expect": EXPECT[a.scenario], "statuses": statuses, "unexpected": bad,
           "reused_tokens": stats.get("reused", 0), "wrk_threads": stats.get("threads", []),
           "valid": not problems, "problems": problems}
    if a.cpu_ticks is not None and a.cpu_ticks >= 0:
        rec["cpu_ticks"] = a.cpu_ticks
        rec["cpu_us_per_req"] = a.cpu_ticks * 1e6 / a.clk_tck / rec["requests"]
    else:
        rec["cpu_ticks"] = None
        rec["cpu_us_per_req"] = None
    # Where the machine's CPU went during the run, in CPU seconds: the gateway, the upstream
    # nginx, wrk (this script's children), and everything else (other = busy - the three).
    if a.machine:
        busy, idle, ngx = (int(x) for x in a.machine.split(","))
        vigil_s = (a.cpu_ticks or 0) / a.clk_tck
        ngx_s, wrk_s = ngx / a.clk_tck, a.wrk_cpu or 0.0
        other = busy / a.clk_tck - vigil_s - ngx_s - wrk_s
        rec["cpu_s"] = {"vigil": round(vigil_s, 2), "nginx": round(ngx_s, 2), "wrk": round(wrk_s, 2),
                        "other": round(other, 2), "idle": round(idle / a.clk_tck, 2)}
        # Cores used by processes outside the benchmark (and kernel time no process is charged
        # for) during the run: above NOISY_CORES the run shared the machine with something else.
        rec["other_cores"] = round(other / rec["duration_s"], 3)
        rec["noisy"] = rec["other_cores"] > NOISY_CORES
    # The gateway's CPU by thread kind; loop_cpu_s has each event loop, busiest first.
    if a.threads_before and a.threads_after:
        groups, loops = vigil_threads(a.threads_before, a.threads_after, a.clk_tck)
        rec["vigil_threads_cpu_s"] = groups
        rec["loop_cpu_s"] = loops
    else:
        rec["vigil_threads_cpu_s"] = None
        rec["loop_cpu_s"] = []
    print(json.dumps(rec))
    return 0


THREAD_GROUPS = (  # (group, prefix of the 15-character Linux thread name)
    ("event_loops", "vert.x-eventloo"), ("gc", "GC Thread"), ("gc", "VM Thread"),
    ("jit", "C1 CompilerThre"), ("jit", "C2 CompilerThre"), ("decision_log", "vigil-decision-"),
    ("forkjoin_common", "ForkJoinPool.co"), ("acceptor", "vert.x-acceptor"))


def vigil_threads(before, after, clk_tck):
    """CPU seconds per thread group between two thread_ticks snapshots, and per event loop."""
    def snap(path):
        out = {}
        with open(path) as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) == 3:
                    out[parts[0]] = (int(parts[1]), parts[2])
        return out
    b, a = snap(before), snap(after)
    groups, loops = {}, []
    for tid, (ticks, name) in a.items():
        d = ticks - b.get(tid, (0, name))[0]
        group = next((g for g, prefix in THREAD_GROUPS if name.startswith(prefix)), "other")
        groups[group] = groups.get(group, 0) + d
        if group == "event_loops":
            loops.append(d)
    return ({g: round(v / clk_tck, 2) for g, v in sorted(groups.items())},
            [round(d / clk_tck, 2) for d in sorted(loops, reverse=True)])


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def fnum(v, fmt):
    return "-" if v is None else format(v, fmt)


def fms(v):
    return "-" if v is None else f"{v / 1000:.2f}"


def add_ratios(runs):
    """RPS of each run over the public run of the same round."""
    base = {r["round"]: r for r in runs if r["scenario"] == BASELINE}
    for r in runs:
        b = base.get(r["round"])
        r["rps_vs_public"] = r["rps"] / b["rps"] if b and b["rps"] else None
    return runs


def status_text(statuses):
    return " ".join(f"{k}:{v}" for k, v in sorted(statuses.items())) or "-"


def table(rows, title, order, summary=False):
    lines = [f"### {title}", "",
             "| scenario | RPS | p50 ms | p99 ms | RPS / public | CPU µs/req | event-loop CPU s | "
             "CPU s vigil/nginx/wrk/other/idle | statuses | "
             + ("bad | reused | valid |" if not summary else "bad | reused | valid runs |"),
             "|---|---:|---:|---:|---:|---:|---|---|---|---:|---:|---|"]
    rows = sorted(rows, key=lambda r: order.index(r["scenario"]) if r["scenario"] in order else 99)
    for r in rows:
        valid = r["valid"] if not summary else f"{r['valid_runs']}/{r['rounds']}"
        if valid is True:
            valid = "yes"
        elif valid is False:
            valid = "NO: " + "; ".join(r["problems"])
        loops = "/".join(f"{x:.1f}" for x in r.get("loop_cpu_s") or []) or "-"
        c = r.get("cpu_s")
        split = "/".join(fnum(c.get(k), ".1f") for k in CPU_KEYS) if c else "-"
        lines.append("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
            r["scenario"], fnum(r["rps"], ".0f"), fms(r["p50_us"]), fms(r["p99_us"]),
            fnum(r["rps_vs_public"], ".3f"), fnum(r.get("cpu_us_per_req"), ".1f"), loops, split,
            status_text(r["statuses"]), r["unexpected"] + sum(r["socket_errors"].values()),
            r["reused_tokens"], valid))
    return "\n".join(lines)


def cmd_round(a):
    order = a.scenarios.split(",")
    runs = add_ratios(load(a.runs))
    print(table([r for r in runs if r["round"] == a.round], f"Round {a.round}", order))
    print()
    return 0


def jmh_rates(path):
    """{impl: {"ops_s": score, "error": scoreError, "threads": n}} for the rawSignature runs in one file."""
    with open(path) as f:
        doc = json.load(f)
    out = {}
    for b in doc:
        if b.get("benchmark") != JMH_BENCHMARK:
            continue
        impl = (b.get("params") or {}).get("impl")
        if impl in JMH_IMPLS:
            pm = b["primaryMetric"]
            if pm.get("scoreUnit") != "ops/s":
                raise ValueError(f"{path}: {impl} measured in {pm.get('scoreUnit')}, expected ops/s")
            out[impl] = {"ops_s": pm["score"], "error": pm.get("scoreError"), "threads": b.get("threads"),
                         "forks": b.get("forks"), "measurement_iterations": b.get("measurementIterations")}
    return out


def cmd_jmh(a):
    rates = jmh_rates(a.file)
    missing = [i for i in JMH_IMPLS if i not in rates]
    if missing:
        sys.stderr.write(f"auth_report.py: {a.file} has no rawSignature result for {', '.join(missing)}\n")
        return 1
    print(json.dumps({"file": a.file, "rates": rates}))
    return 0


def med(vals):
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else None


def verdict(value, op, bound, valid):
    if value is None:
        return "n/a"
    if not valid:
        return "INVALID"
    ok = value >= bound if op == ">=" else value <= bound
    return "PASS" if ok else "MISS"


def cmd_summary(a):
    order = a.scenarios.split(",")
    runs = add_ratios(load(a.runs))
    meta = json.loads(a.meta) if a.meta else {}
    jmh = json.loads(a.jmh) if a.jmh else None
    jmh_refs = [json.loads(x) for x in (a.jmh_ref or [])]
    summary = []
    for sc in order:
        rs = [r for r in runs if r["scenario"] == sc]
        if not rs:
            continue
        statuses = {}
        for r in rs:
            for k, v in r["statuses"].items():
                statuses[k] = statuses.get(k, 0) + v
        loops = [r.get("loop_cpu_s") or [] for r in rs]
        width = max((len(x) for x in loops), default=0)
        summary.append({
            "scenario": sc,
            "rounds": len(rs),
            "valid_runs": sum(1 for r in rs if r["valid"]),
            "rps": med([r["rps"] for r in rs]),
            "p50_us": med([r["p50_us"] for r in rs]),
            "p99_us": med([r["p99_us"] for r in rs]),
            "cpu_us_per_req": med([r.get("cpu_us_per_req") for r in rs]),
            "rps_vs_public": med([r["rps_vs_public"] for r in rs]),
            "loop_cpu_s": [med([x[i] for x in loops if len(x) > i]) for i in range(width)],
            "cpu_s": ({k: med([r["cpu_s"][k] for r in rs if r.get("cpu_s")]) for k in CPU_KEYS}
                      if any(r.get("cpu_s") for r in rs) else None),
            "vigil_threads_cpu_s": {g: med([(r.get("vigil_threads_cpu_s") or {}).get(g) for r in rs])
                                    for g in sorted({g for r in rs for g in (r.get("vigil_threads_cpu_s") or {})})},
            "requests": sum(r["requests"] for r in rs),
            "noisy_runs": sum(1 for r in rs if r.get("noisy")),
            "statuses": statuses,
            "unexpected": sum(r["unexpected"] for r in rs),
            "socket_errors": {k: sum(r["socket_errors"][k] for r in rs) for k in rs[0]["socket_errors"]},
            "reused_tokens": sum(r["reused_tokens"] for r in rs),
            "problems": sorted({p for r in rs for p in r["problems"]}),
        })
    print(table(summary, "Summary (medians; RPS / public is the median of same-round ratios)", order,
                summary=True))
    print()

    groups = sorted({g for x in summary for g in x["vigil_threads_cpu_s"]})
    if groups:
        print("### The gateway's CPU by thread (median CPU seconds per run)")
        print()
        print("| scenario | " + " | ".join(groups) + " | per event loop |")
        print("|---|" + "---:|" * len(groups) + "---|")
        for x in summary:
            print(f"| {x['scenario']} | " + " | ".join(fnum(x["vigil_threads_cpu_s"].get(g), ".2f") for g in groups)
                  + " | " + ("/".join(f"{v:.2f}" for v in x["loop_cpu_s"]) or "-") + " |")
        print()

    by = {s["scenario"]: s for s in summary}
    all_valid = lambda *names: all(n in by and by[n]["valid_runs"] == by[n]["rounds"] for n in names)  # noqa: E731
    ratios = []

    def add(name, value, op, bound, valid, what, **extra):
        v = verdict(value, op, bound, valid)
        ratios.append({"ratio": name, "value": value, "op": op, "target": bound, "verdict": v,
                       "what": what, **extra})

    for sc in ("jwt-warm-es256", "jwt-warm-rs256", "apikey"):
        if sc in by and BASELINE in by:
            add(f"{sc} / public RPS", by[sc]["rps_vs_public"], ">=", 0.9, all_valid(sc, BASELINE),
                "cached-token requests vs the same machine proxying with auth: [none], same round")
    if "jwt-policy-limit" in by and BASELINE in by:
        add("jwt-policy-limit / public RPS", by["jwt-policy-limit"]["rps_vs_public"], ">=", 0.85,
            all_valid("jwt-policy-limit", BASELINE),
            "cached ES256 token + 3-clause CEL policy + in-process rate limit vs auth: [none], same round (issue 4)")
    if "malformed" in by and BASELINE in by:
        add("malformed / public RPS", by["malformed"]["rps_vs_public"], ">=", 1.2, all_valid("malformed", BASELINE),
            "a junk token refused with 401 (no upstream call) vs a proxied public request, same round")
    for sc, impl in COLD.items():
        if sc not in by or not jmh or impl not in jmh["rates"]:
            continue
        raw = jmh["rates"][impl]["ops_s"]
        cold = by[sc]["rps"]
        add(f"{sc} / ({impl} raw x {a.loops} event loops)", cold / (raw * a.loops), ">=", 0.8, all_valid(sc),
            f"cold RPS over the single-thread JMH rawSignature rate times the gateway's {a.loops} event loops",
            raw_ops_s=raw, loops=a.loops, cold_rps=cold, jmh_file=jmh["file"])
        add(f"{sc} / ({impl} raw x 1 thread)", cold / raw, ">=", 0.8, all_valid(sc),
            "cold RPS over the single-thread JMH rawSignature rate (the ceiling if only one core verifies)",
            raw_ops_s=raw, loops=1, cold_rps=cold, jmh_file=jmh["file"])
        for ref in jmh_refs:
            if impl in ref["rates"]:
                r = ref["rates"][impl]["ops_s"]
                ratios.append({"ratio": f"{sc} / ({impl} raw x {a.loops}) [earlier JMH]", "value": cold / (r * a.loops),
                               "op": ">=", "target": 0.8, "verdict": "reference", "raw_ops_s": r, "loops": a.loops,
                               "cold_rps": cold, "jmh_file": ref["file"],
                               "what": "the same ratio against an earlier JMH measurement, for comparison"})
                ratios.append({"ratio": f"{sc} / ({impl} raw x 1) [earlier JMH]", "value": cold / r,
                               "op": ">=", "target": 0.8, "verdict": "reference", "raw_ops_s": r, "loops": 1,
                               "cold_rps": cold, "jmh_file": ref["file"],
                               "what": "the same ratio against an earlier JMH measurement, for comparison"})

    if jmh:
        print(f"### Raw signature verification (JMH rawSignature, 1 thread, {os.path.basename(jmh['file'])})")
        print()
        for impl in JMH_IMPLS:
            if impl in jmh["rates"]:
                j = jmh["rates"][impl]
                print(f"- {impl}: {j['ops_s']:.0f} ops/s (± {fnum(j['error'], '.0f')}, 99.9% CI); "
                      f"x {a.loops} event loops = {j['ops_s'] * a.loops:.0f}/s")
        for ref in jmh_refs:
            print(f"- earlier, {os.path.basename(ref['file'])}: "
                  + ", ".join(f"{i} {ref['rates'][i]['ops_s']:.0f} ops/s" for i in JMH_IMPLS if i in ref["rates"]))
        print()
    print("### Ratios (targets from the product issue)")
    print()
    for r in ratios:
        print(f"- {r['ratio']}: {fnum(r['value'], '.3f')} (target {r['op']} {r['target']}) {r['verdict']}")
    print()
    noisy = [f"{r['scenario']} (round {r['round']}: {r['other_cores']:.2f} cores)" for r in runs if r.get("noisy")]
    if noisy:
        print(f"NOISY: {len(noisy)} run(s) shared the machine with more than {NOISY_CORES} cores of other work: "
              + ", ".join(noisy))
        print()
    bad = [s for s in summary if s["valid_runs"] < s["rounds"]]
    for s in bad:
        print(f"INVALID: {s['scenario']}: {s['rounds'] - s['valid_runs']} of {s['rounds']} run(s): "
              + "; ".join(s["problems"]))

    discarded = load(a.discarded) if a.discarded and os.path.exists(a.discarded) else []
    if discarded:
        print(f"REDONE: {len(discarded)} noisy run(s) were redone; they are kept under discarded_runs: "
              + ", ".join(f"{r['scenario']} (round {r['round']}: {r['other_cores']:.2f} cores)" for r in discarded))
        print()
    doc = {"meta": meta, "scenarios": order, "baseline": BASELINE, "expect": EXPECT,
           "jmh": jmh, "jmh_reference": jmh_refs, "rounds": runs, "summary": summary, "ratios": ratios,
           "discarded_runs": discarded}
    if a.out:
        with open(a.out, "w") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")
    # Exit 3 when some run was invalid: its numbers do not measure what they claim to.
    return 3 if bad else 0


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("record")
    r.add_argument("--round", type=int, required=True)
    r.add_argument("--scenario", required=True, choices=sorted(EXPECT))
    r.add_argument("--wrk-output", required=True)
    r.add_argument("--stats", required=True)
    r.add_argument("--cpu-ticks", type=int)
    r.add_argument("--threads-before", help="thread_ticks snapshot of the gateway before the run")
    r.add_argument("--threads-after", help="and after it")
    r.add_argument("--clk-tck", type=int, default=100)
    r.add_argument("--machine", default="", help="busy,idle,nginx ticks of the run")
    r.add_argument("--wrk-cpu", type=float, help="wrk's CPU seconds")
    t = sub.add_parser("round")
    t.add_argument("--runs", required=True)
    t.add_argument("--round", type=int, required=True)
    t.add_argument("--scenarios", required=True)
    j = sub.add_parser("jmh")
    j.add_argument("--file", required=True)
    s = sub.add_parser("summary")
    s.add_argument("--runs", required=True)
    s.add_argument("--scenarios", required=True)
    s.add_argument("--jmh", help="JSON from the jmh subcommand: the raw rates the cold ratios use")
    s.add_argument("--jmh-ref", action="append", help="more jmh JSONs, shown for comparison only")
    s.add_argument("--loops", type=int, default=2, help="the gateway's event loops")
    s.add_argument("--discarded", help="JSON lines of noisy runs that were redone")
    s.add_argument("--meta")
    s.add_argument("--out")
    a = p.parse_args()
    return {"record": cmd_record, "round": cmd_round, "jmh": cmd_jmh, "summary": cmd_summary}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
