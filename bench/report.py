#!/usr/bin/env python3
"""Parsing and reporting helper for bench/run.sh.

Subcommands:
  record   parse one wrk --latency output plus CPU ticks into a JSON line
  round    print the markdown table for one round
  summary  print the summary table and targets, write the results JSON
"""
import argparse
import json
import re
import statistics
import sys

REFERENCE = "nginx-2w"
TARGETS = {  # Vigil vs nginx-2w, medians of same-round ratios
    "rps_ratio": (">=", 0.9),
    "p99_ratio": ("<=", 2.0),
    "cpu_ratio": ("<=", 1.5),
}
UNIT_US = {"us": 1.0, "ms": 1000.0, "s": 1_000_000.0, "m": 60_000_000.0, "h": 3_600_000_000.0}


def parse_latency(text):
    m = re.fullmatch(r"([0-9.]+)(us|ms|s|m|h)", text.strip())
    if not m:
        raise ValueError(f"cannot parse latency {text!r}")
    return float(m.group(1)) * UNIT_US[m.group(2)]


def parse_wrk(out):
    res = {}
    m = re.search(r"^\s*(\d+) requests in ([0-9.]+)(us|ms|s|m)", out, re.M)
    if not m:
        raise ValueError("no 'N requests in' line in wrk output")
    res["requests"] = int(m.group(1))
    res["duration_s"] = float(m.group(2)) * UNIT_US[m.group(3)] / 1e6
    m = re.search(r"^Requests/sec:\s*([0-9.]+)", out, re.M)
    if not m:
        raise ValueError("no 'Requests/sec' line in wrk output")
    res["rps"] = float(m.group(1))
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"^\s*{pct}%\s+(\S+)", out, re.M)
        if not m:
            raise ValueError(f"no {pct}% latency line (was --latency given?)")
        res[f"p{pct}_us"] = parse_latency(m.group(1))
    m = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", out)
    res["non_2xx_3xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    res["socket_errors"] = (
        dict(zip(("connect", "read", "write", "timeout"), map(int, m.groups()))) if m else
        {"connect": 0, "read": 0, "write": 0, "timeout": 0})
    return res


def cmd_record(a):
    with open(a.wrk_output) as f:
        out = f.read()
    try:
        rec = parse_wrk(out)
    except ValueError as e:
        sys.stderr.write(f"report.py: {e}\n--- wrk output ---\n{out}\n")
        return 1
    if rec["requests"] <= 0:
        sys.stderr.write(f"report.py: wrk reported 0 requests\n{out}\n")
        return 1
    rec = {"round": a.round, "case": a.case, **rec}
    if a.cpu_ticks is not None and a.cpu_ticks >= 0:
        cpu_us = a.cpu_ticks * 1e6 / a.clk_tck
        rec["cpu_ticks"] = a.cpu_ticks
        rec["cpu_us_per_req"] = cpu_us / rec["requests"]
    else:
        rec["cpu_ticks"] = None
        rec["cpu_us_per_req"] = None
    print(json.dumps(rec))
    return 0


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def ratio(x, ref):
    if x is None or ref is None or ref == 0:
        return None
    return x / ref


def add_ratios(runs):
    """Attach ratios against the nginx-2w run of the same round."""
    refs = {r["round"]: r for r in runs if r["case"] == REFERENCE}
    for r in runs:
        ref = refs.get(r["round"])
        r["rps_ratio"] = ratio(r["rps"], ref and ref["rps"])
        r["p99_ratio"] = ratio(r["p99_us"], ref and ref["p99_us"])
        r["cpu_ratio"] = ratio(r.get("cpu_us_per_req"), ref and ref.get("cpu_us_per_req"))
    return runs


def fnum(v, fmt):
    return "-" if v is None else format(v, fmt)


def flat(v):
    return "-" if v is None else f"{v / 1000:.2f}"


def table(rows, title, order):
    lines = [f"### {title}", "",
             "| case | RPS | p50 ms | p99 ms | RPS / nginx-2w | p99 / nginx-2w | CPU µs/req | CPU / nginx-2w | errors |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    rows = sorted(rows, key=lambda r: order.index(r["case"]) if r["case"] in order else 99)
    for r in rows:
        lines.append("| {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
            r["case"], fnum(r["rps"], ".0f"), flat(r["p50_us"]), flat(r["p99_us"]),
            fnum(r["rps_ratio"], ".3f"), fnum(r["p99_ratio"], ".3f"),
            fnum(r.get("cpu_us_per_req"), ".1f"), fnum(r["cpu_ratio"], ".3f"),
            r.get("errors", errors_of(r))))
    return "\n".join(lines)


def errors_of(r):
    se = r.get("socket_errors") or {}
    return r.get("non_2xx_3xx", 0) + sum(se.values())


def cmd_round(a):
    order = a.cases.split(",")
    runs = add_ratios(load(a.runs))
    rows = [r for r in runs if r["round"] == a.round]
    print(table(rows, f"Round {a.round}", order))
    print()
    return 0


def med(vals):
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else None


def cmd_summary(a):
    order = a.cases.split(",")
    runs = add_ratios(load(a.runs))
    meta = json.loads(a.meta) if a.meta else {}
    summary = []
    for case in order:
        rs = [r for r in runs if r["case"] == case]
        if not rs:
            continue
        summary.append({
            "case": case,
            "rounds": len(rs),
            "rps": med([r["rps"] for r in rs]),
            "p50_us": med([r["p50_us"] for r in rs]),
            "p99_us": med([r["p99_us"] for r in rs]),
            "cpu_us_per_req": med([r.get("cpu_us_per_req") for r in rs]),
            "rps_ratio": med([r["rps_ratio"] for r in rs]),
            "p99_ratio": med([r["p99_ratio"] for r in rs]),
            "cpu_ratio": med([r["cpu_ratio"] for r in rs]),
            "requests": sum(r["requests"] for r in rs),
            "errors": sum(errors_of(r) for r in rs),
        })
    print(table(summary, "Summary (medians; ratios are medians of same-round ratios)", order))
    print()

    targets = []
    vigil = next((s for s in summary if s["case"] == "vigil"), None)
    if vigil:
        print("### Targets (Vigil vs nginx-2w)")
        print()
        for key, (op, bound) in TARGETS.items():
            v = vigil[key]
            if v is None:
                verdict = "n/a"
            elif op == ">=":
                verdict = "PASS" if v >= bound else "MISS"
            else:
                verdict = "PASS" if v <= bound else "MISS"
            label = {"rps_ratio": "RPS", "p99_ratio": "p99", "cpu_ratio": "CPU/request"}[key]
            print(f"- {label}: {fnum(v, '.3f')}x (target {op} {bound}x) {verdict}")
            targets.append({"metric": key, "op": op, "bound": bound, "value": v, "verdict": verdict})
        print()

    ab = {}
    if vigil and any(s["case"] == "vigil-b" for s in summary):
        # Same-round ratios of the two gateways: the machine's drift between rounds cancels out.
        def per_round(key):
            out = []
            for r in sorted({x["round"] for x in runs}):
                a = next((x for x in runs if x["round"] == r and x["case"] == "vigil"), None)
                b = next((x for x in runs if x["round"] == r and x["case"] == "vigil-b"), None)
                if a and b and a.get(key) and b.get(key):
                    out.append(a[key] / b[key])
            return out
        ab = {"rps": med(per_round("rps")), "p99": med(per_round("p99_us")),
              "cpu_per_request": med(per_round("cpu_us_per_req")), "rps_rounds": per_round("rps")}
        print("### vigil / vigil-b (medians of same-round ratios)")
        print()
        print(f"- RPS: {fnum(ab['rps'], '.3f')}x (rounds: {', '.join(fnum(v, '.3f') for v in ab['rps_rounds'])})")
        print(f"- p99: {fnum(ab['p99'], '.3f')}x")
        print(f"- CPU/request: {fnum(ab['cpu_per_request'], '.3f')}x")
        print()

    bad = [s for s in summary if s["errors"] > 0]
    for s in bad:
        print(f"WARNING: {s['case']}: {s['errors']} error responses/socket errors "
              f"out of {s['requests']} requests")

    doc = {"meta": meta, "cases": order, "reference": REFERENCE, "rounds": runs,
           "summary": summary, "targets": targets, "vigil_vs_vigil_b": ab or None}
    if a.out:
        with open(a.out, "w") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")
    # Exit 3 when some case answered with errors for more than 1% of requests:
    # its numbers do not measure what they claim to.
    if any(s["errors"] > 0.01 * s["requests"] for s in summary):
        return 3
    return 0


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("record")
    r.add_argument("--round", type=int, required=True)
    r.add_argument("--case", required=True)
    r.add_argument("--wrk-output", required=True)
    r.add_argument("--cpu-ticks", type=int)
    r.add_argument("--clk-tck", type=int, default=100)
    t = sub.add_parser("round")
    t.add_argument("--runs", required=True)
    t.add_argument("--round", type=int, required=True)
    t.add_argument("--cases", required=True)
    s = sub.add_parser("summary")
    s.add_argument("--runs", required=True)
    s.add_argument("--cases", required=True)
    s.add_argument("--meta")
    s.add_argument("--out")
    a = p.parse_args()
    return {"record": cmd_record, "round": cmd_round, "summary": cmd_summary}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
