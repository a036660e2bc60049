#!/usr/bin/env python3
"""outputs.py - end-to-end tests of leusden's machine-readable output.

Usage: outputs.py LEUSDEN_BINARY SOURCE_DIR

- --json validates against docs/result.schema.json, and is byte-identical
  for 1 and 2 threads once the "run" object is removed;
- --csv tables parse (RFC 4180) with the expected headers and row counts;
- --precision stops with both arms of every interval at most EPS,
  after the same number of paths for 1 and 3 threads;
- a failed write (/dev/full, a directory that cannot be made, a file that
  cannot be replaced) exits 1 with one line on stderr and leaves no
  partial or temporary file.
Prints "N passed, M failed".
"""
import csv
import glob
import io
import json
import os
import re
import subprocess
import sys
import tempfile

import jsonschema

BIN, SRC = sys.argv[1], sys.argv[2]
BASE = os.path.join(SRC, "scenarios", "leusden.cfg")
# The base scenario's targets, counted in its file (one per line).
N_TARGETS = sum(1 for line in open(BASE, encoding="utf-8")
                if re.match(r'\s*\{ name = "[^"]+"; (label = "[^"]*"; )?year = ', line))
TESTBED = os.path.join(SRC, "scenarios", "testbed.cfg")
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def run(*args):
    p = subprocess.run([BIN, "run", *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


tmp = tempfile.mkdtemp(prefix="leusden-outputs-")
schema = json.load(open(os.path.join(SRC, "docs", "result.schema.json")))
jsonschema.Draft202012Validator.check_schema(schema)

# JSON: valid, complete, thread-independent outside "run".
docs = []
for t in (1, 2):
    path = os.path.join(tmp, "r%d.json" % t)
    rc, out, err = run(BASE, "--paths", "3000", "--threads", str(t), "--json",
                       path, "--quiet")
    check(rc == 0, "run --json exit %d: %s" % (rc, err))
    doc = json.load(open(path))
    try:
        jsonschema.validate(doc, schema,
                            cls=jsonschema.Draft202012Validator)
        check(True, "")
    except jsonschema.ValidationError as e:
        check(False, "schema: %s" % e.message)
    check(doc["run"]["threads"] == t, "run.threads")
    del doc["run"]
    docs.append(json.dumps(doc, sort_keys=False))
check(docs[0] == docs[1], "JSON differs between 1 and 2 threads outside run")
doc = json.loads(docs[0])
check(doc["paths"] == 3000, "paths")
check(len(doc["targets"]) == N_TARGETS, "targets: %d of %d" % (len(doc["targets"]), N_TARGETS))
for t in doc["targets"]:
    check(abs(t["hits"] / t["paths"] - t["p_hit"]) <= 1e-14,
          "p_hit = hits/paths")
    check(t["ci_low"] <= t["p_hit"] <= t["ci_high"], "p inside CI")
names = [m["name"] for m in doc["metrics"]]
check("balance.share" in names and "homes.nom" in names, "metric names")
check(all(len(m["years"]) == 23 for m in doc["metrics"]), "23 years each")
for m in doc["metrics"]:
    for y in m["years"]:
        # The standard error of the mean: sd / sqrt(paths) (issue 15).
        if y["sd"] is not None:
            check(abs(y["mean_se"] - y["sd"] / doc["paths"] ** 0.5)
                  <= 1e-12 * (1 + y["sd"]), "mean_se of " + m["name"])
        qs = [y[k] for k in ("q05", "q25", "q50", "q75", "q95")]
        if None not in qs:
            check(qs == sorted(qs), "quantiles ordered for " + m["name"])
            check(y["min"] <= qs[0] and qs[-1] <= y["max"],
                  "quantiles within [min, max] for " + m["name"])
        # Counts (homes, farms, turbines) have whole-number quantiles.
        if m["unit"] in ("homes", "farms", "turbines", "fields"):
            check(all(q == int(q) for q in qs if q is not None),
                  "fractional quantile of a count: %s %s" % (m["name"], qs))
models = [m["name"] for m in doc["models"]]
check(models[-1] == "balance", "balance last in models")
kinds = {p["kind"] for m in doc["models"] for p in m["parameters"]}
check(kinds == {"fixed", "distribution", "schedule"}, "parameter kinds")
# Discrete weights are reported as written in the scenario file.
turb = [p for m in doc["models"] if m["name"] == "regional"
        for p in m["parameters"] if p["name"] == "turbines"][0]
check(turb["distribution"]["weights"] ==
      [0.6, 0.15, 0.15, 0.025, 0.025, 0.025, 0.025],
      "discrete weights as written: %s" % turb["distribution"]["weights"])

# CSV: headers, row counts, RFC 4180.
d = os.path.join(tmp, "csv")
rc, out, err = run(BASE, "--paths", "2000", "--csv", d, "--quiet")
check(rc == 0, "run --csv exit %d: %s" % (rc, err))
nm, ny, nt = len(doc["metrics"]), 23, len(doc["targets"])
nsens = len({s["parameter"] for s in doc["sensitivity"]})
# A spread is significant exactly when its interval excludes 0, and the
# interval contains the spread.
for s in doc["sensitivity"]:
    lo, hi = s["spread_ci_low"], s["spread_ci_high"]
    if lo is None:
        check(s["significant"] is False, "no interval but significant")
        continue
    check(lo <= s["spread"] <= hi, "spread outside its interval: %s" % s)
    check(s["significant"] == (lo > 0 or hi < 0),
          "significant flag disagrees with the interval: %s" % s)
expect = {
    "targets.csv": (["scenario", "target", "year", "metric", "op",
                     "threshold", "p_hit", "ci_low", "ci_high", "hits",
                     "paths", "source", "run_id"], nt),
    "bands.csv": (["scenario", "metric", "year", "quantile", "value",
                   "ci_low", "ci_high", "run_id"],
                  nm * ny * 5),
    "metrics.csv": (["scenario", "metric", "unit", "year", "mean", "sd",
                     "mean_se", "min", "max", "run_id"], nm * ny),
    "sensitivity.csv": (["scenario", "target", "parameter", "rank", "p_low",
                         "p_low_ci_low", "p_low_ci_high", "p_high",
                         "p_high_ci_low", "p_high_ci_high", "spread",
                         "spread_ci_low", "spread_ci_high", "significant",
                         "run_id"],
                        nt * nsens),
}
for name, (header, rows) in expect.items():
    raw = open(os.path.join(d, name), newline="", encoding="utf-8").read()
    table = list(csv.reader(io.StringIO(raw, newline="")))
    check(table[0] == header, name + " header: %s" % table[0])
    check(len(table) - 1 == rows,
          "%s: %d rows, expected %d" % (name, len(table) - 1, rows))
    check(all(len(r) == len(header) for r in table), name + " ragged rows")
    check(raw.endswith("\r\n") and "\r\n" in raw, name + " CRLF lines")
t = list(csv.DictReader(open(os.path.join(d, "targets.csv"), newline="")))
check(t[0]["source"] == "Routekaart, energiebesparing 12%",
      "quoted field with a comma: %r" % t[0]["source"])
check(float(t[-1]["threshold"]) == 1.0, "numbers parse")

# --precision: every interval narrow enough, same stop for 1 and 3 threads.
outs = []
for th in (1, 3):
    path = os.path.join(tmp, "p%d.json" % th)
    rc, out, err = run(TESTBED, "--precision", "0.01", "--threads", str(th),
                       "--json", path, "--quiet")
    check(rc == 0, "precision run exit %d: %s" % (rc, err))
    pdoc = json.load(open(path))
    outs.append((out, pdoc["paths"]))
    check(pdoc["stopping"]["reached"] is True, "precision reached")
    # Both arms of every interval, not half its width (issue 15: an
    # asymmetric Clopper-Pearson interval near 0 has the longer upper arm).
    widest = max(max(t["p_hit"] - t["ci_low"], t["ci_high"] - t["p_hit"])
                 for t in pdoc["targets"])
    check(widest <= 0.01, "longest arm %g > 0.01" % widest)
    check("precision 0.01 reached after %d paths" % pdoc["paths"] in err,
          "stderr reports the paths used: %s" % err)
check(outs[0] == outs[1], "precision run differs between 1 and 3 threads")
rc, out, err = run(TESTBED, "--precision", "0.001", "--max-paths", "20000",
                   "--quiet")
check(rc == 0 and "NOT reached" in err and "20000 paths" in err,
      "capped precision run: %s" % err)
for bad in (["--precision", "0"], ["--precision", "x"],
            ["--precision", "0.01", "--paths", "10"],
            ["--max-paths", "100"]):
    rc, out, err = run(TESTBED, *bad)
    check(rc == 2 and err.count("\n") == 1, "bad %s: %d %s" % (bad, rc, err))

# --no-sensitivity: no counters, so no sensitivity rows at all (not rows of
# zeros that would read as "no effect"); CSV into a nested new directory.
nsj = os.path.join(tmp, "nosens.json")
nsd = os.path.join(tmp, "nested", "a", "b")
rc, out, err = run(BASE, "--paths", "1000", "--no-sensitivity", "--json",
                   nsj, "--csv", nsd, "--quiet")
check(rc == 0, "--no-sensitivity run: %s" % err)
check(json.load(open(nsj))["sensitivity"] == [], "--no-sensitivity JSON rows")
rows = open(os.path.join(nsd, "sensitivity.csv"), newline="").read()
check(rows.count("\r\n") == 1, "--no-sensitivity CSV has only the header")
check("Sensitivity" not in out, "--no-sensitivity stdout has no sensitivity")

# HTML report: one self-contained file with the charts and every target.
rep = os.path.join(tmp, "report.html")
rc, out, err = run(BASE, "--paths", "2000", "--report", rep, "--quiet")
check(rc == 0, "run --report exit %d: %s" % (rc, err))
html = open(rep, encoding="utf-8").read()
check(html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>"),
      "report is a complete HTML document")
check(html.count("<svg") >= 10, "report has the charts: %d" % html.count("<svg"))
check("<script" not in html and "http://" not in html.replace(
      "http://www.w3.org", ""), "report fetches nothing")
for t in doc["targets"]:
    check(t["name"] in html, "report lists target " + t["name"])
check(re.search(r"\bnan\b|\binf\b", html, re.I) is None,
      "no NaN or infinity in the report")
check("LD §2 households gas 520.3 TJ" in html, "assumption sources in report")
check("<pre class=hdr>leusden.cfg - the Leusden base scenario" in html and
      "MEMO = the college memo" in html,
      "report shows the scenario file's head (the source abbreviations)")
# No probability is rounded to a misleading "0,000" or "0,0 %": an exact 0
# is "0", anything else has enough decimals to be non-zero.
check(re.search(r">0[.,]0+(\u2013|<|%|\u00a0%)", html) is None,
      "a probability printed as 0,000")
check("\u2265 12\u00a0%" in html and "\u2265 511\u00a0TJ" in html,
      "thresholds in percent and with units")

# compare: X against X is exactly zero; a keuze against the base is a
# valid document whose differences agree with the two P(hit).
cschema = json.load(open(os.path.join(SRC, "docs", "compare.schema.json")))
jsonschema.Draft202012Validator.check_schema(cschema)
cpath = os.path.join(tmp, "cmp.json")
p = subprocess.run([BIN, "compare", BASE, BASE, "--paths", "2000", "--json",
                    cpath], capture_output=True, text=True)
check(p.returncode == 0, "compare X X exit %d: %s" % (p.returncode, p.stderr))
cdoc = json.load(open(cpath))
jsonschema.validate(cdoc, cschema, cls=jsonschema.Draft202012Validator)
check(len(cdoc["differences"]) == N_TARGETS, "compare: one difference per target")
check(all(d["delta"] == 0 and d["ci_low"] == 0 and d["ci_high"] == 0 and
          d["reference_only"] == 0 and d["scenario_only"] == 0
          for d in cdoc["differences"]), "compare X X is exactly zero")
wind = os.path.join(SRC, "scenarios", "keuze-wind.cfg")
p = subprocess.run([BIN, "compare", BASE, wind, "--paths", "3000", "--json",
                    cpath, "--threads", "2"], capture_output=True, text=True)
check(p.returncode == 0, "compare base wind: %s" % p.stderr)
cdoc = json.load(open(cpath))
jsonschema.validate(cdoc, cschema, cls=jsonschema.Draft202012Validator)
ps = [{t["name"]: t for t in s_["targets"]} for s_ in cdoc["scenarios"]]
for d in cdoc["differences"]:
    n = d["both"] + d["reference_only"] + d["scenario_only"] + d["neither"]
    check(n == 3000, "compare: pairs add up")
    dp = ps[1][d["target"]]["p_hit"] - ps[0][d["target"]]["p_hit"]
    check(abs(d["delta"] - dp) < 1e-12, "delta = P(b) - P(a)")
    check(d["ci_low"] <= d["delta"] <= d["ci_high"], "delta inside its CI")
p1 = subprocess.run([BIN, "compare", BASE, wind, "--paths", "3000",
                     "--threads", "1"], capture_output=True, text=True)
p3 = subprocess.run([BIN, "compare", BASE, wind, "--paths", "3000",
                     "--threads", "3"], capture_output=True, text=True)
check(p1.stdout == p3.stdout and p1.stdout != "",
      "compare output differs between 1 and 3 threads")
p = subprocess.run([BIN, "compare", BASE], capture_output=True, text=True)
check(p.returncode == 2 and "at least two" in p.stderr, "compare needs two")

# --rare (issue 15): the closed-form rare target (P = 1e-6) of
# testbed-rare.cfg, by importance sampling in run and compare: valid JSON
# (both schemas), rare.csv, estimates within 4 se of the closed forms, the
# same for 1 and 2 threads; the common target is left alone.
RARE = os.path.join(SRC, "scenarios", "testbed-rare.cfg")
SHIFT = os.path.join(SRC, "scenarios", "testbed-rare-shift.cfg")
rdocs = []
for t in (1, 2):
    path = os.path.join(tmp, "rare%d.json" % t)
    rc, out, err = run(RARE, "--rare", "8000", "--threads", str(t), "--json",
                       path, "--csv", os.path.join(tmp, "rare%d" % t), "-q")
    check(rc == 0 and "Rare targets by importance sampling" in out,
          "run --rare: %d %s" % (rc, err))
    rdoc = json.load(open(path))
    jsonschema.validate(rdoc, schema, cls=jsonschema.Draft202012Validator)
    rdoc.pop("run", None)
    rdocs.append(rdoc)
check(rdocs[0] == rdocs[1], "--rare differs between 1 and 2 threads")
rt = {t["name"]: t for t in rdocs[0]["targets"]}
est = rt["sum-1e-6"].get("rare", {})
check(est.get("trusted") and abs(est["p"] - 1e-6) <= 4 * est["se"],
      "rare estimate of P = 1e-6: %s" % est)
check("rare" not in rt["sum-low"], "a common target is not importance-sampled")
rows = list(csv.reader(open(os.path.join(tmp, "rare1", "rare.csv"))))
check(len(rows) == 2 and rows[1][1] == "sum-1e-6" and rows[1][-2] == "ok",
      "rare.csv: %s" % rows)
rows = list(csv.reader(open(os.path.join(tmp, "rare1", "targets.csv"))))
check(len(rows) == 3, "targets.csv beside rare.csv")
rc, out, err = run(BASE, "--paths", "1000", "--csv", os.path.join(tmp, "rare1"),
                   "-q")
rows = list(csv.reader(open(os.path.join(tmp, "rare1", "rare.csv"))))
check(rc == 0 and len(rows) == 1, "rare.csv of a run without --rare: header only")
p = subprocess.run([BIN, "compare", RARE, SHIFT, "--rare", "8000", "--json",
                    cpath, "-q"], capture_output=True, text=True)
check(p.returncode == 0, "compare --rare: %s" % p.stderr)
cdoc = json.load(open(cpath))
jsonschema.validate(cdoc, cschema, cls=jsonschema.Draft202012Validator)
d = [x for x in cdoc["differences"] if x["target"] == "sum-1e-6"][0]["rare"]
exact = 1.0186661035413438e-05 - 1e-6  # Q((t - 1.5) / sd) - 1e-6
check(d["trusted"] and abs(d["delta"] - exact) <= 4 * d["se"] and
      d["ci_low"] > 0, "compare --rare dP: %s vs %g" % (d, exact))
# SIGINT during the importance sampling stops it after the current
# target, with nothing written.
import signal
import time
jp = os.path.join(tmp, "stopped.json")
pr = subprocess.Popen([BIN, "run", BASE, "--paths", "2000", "--rare", "4000",
                       "--json", jp, "-q"], stdout=subprocess.PIPE,
                      stderr=subprocess.PIPE, text=True)
time.sleep(3)
pr.send_signal(signal.SIGINT)
t0 = time.time()
out, err = pr.communicate()
check(pr.returncode == 130 and not os.path.exists(jp) and
      time.time() - t0 < 20, "--rare SIGINT: %d after %.1f s, %s"
      % (pr.returncode, time.time() - t0, err))
for bad in ("10", "x", "0"):
    rc, out, err = run(RARE, "--rare", bad)
    check(rc == 2 and "--rare" in err, "--rare %s: %d %s" % (bad, rc, err))

# --experiments (issue 15): one row per path, the same for 1 and 2 threads,
# read by pandas; its hit columns give the run's P(hit); memory does not
# grow with the paths; the PRIM example of docs/statistics.md finds a box.
import pandas
exps = []
for t in (1, 2):
    path = os.path.join(tmp, "exp%d.csv" % t)
    rc, out, err = run(BASE, "--paths", "2500", "--threads", str(t),
                       "--experiments", path, "--probe", "homes.nom@2030",
                       "--json", os.path.join(tmp, "exp%d.json" % t), "-q")
    check(rc == 0, "run --experiments: %s" % err)
    exps.append(open(path, "rb").read())
check(exps[0] == exps[1], "--experiments differs between 1 and 2 threads")
df = pandas.read_csv(os.path.join(tmp, "exp1.csv"))
edoc = json.load(open(os.path.join(tmp, "exp1.json")))
n_sens = len([c for c in df.columns if c.endswith(":u")])
check(len(df) == 2500 and list(df["path"]) == list(range(2500)),
      "experiments: one row per path, in order")
check(len(df.columns) == 1 + 2 * n_sens + 2 * N_TARGETS + 1 and
      "homes.nom@2030" in df.columns, "experiments: columns")
for t in edoc["targets"]:
    check(abs(df[t["name"]].mean() - t["p_hit"]) < 1e-12,
          "experiments: mean of %s is its P(hit)" % t["name"])
u = df[[c for c in df.columns if c.endswith(":u")]].to_numpy()
check(((u > 0) & (u < 1)).all(), "experiments: uniforms in (0, 1)")
rss = []
for n in ("4096", "65536"):
    rc, out, err = run(RARE, "--paths", n, "--experiments",
                       os.path.join(tmp, "big.csv"), "-q")
    m = re.search(r"peak RSS ([0-9.]+) MB", err)
    rss.append(float(m.group(1)) if m else 1e9)
check(rss[1] - rss[0] < 4, "experiments: memory flat in N (%s MB)" % rss)
p = subprocess.run([sys.executable, os.path.join(SRC, "docs", "examples",
                                                 "prim.py"),
                    os.path.join(tmp, "exp1.csv"), "nom-200-2020"],
                   capture_output=True, text=True)
m = re.search(r"density ([0-9.]+), coverage ([0-9.]+)", p.stdout)
base_rate = df["nom-200-2020"].mean()
check(p.returncode == 0 and m and float(m.group(1)) > 1.5 * base_rate and
      float(m.group(2)) >= 0.5, "prim.py: %s %s" % (p.stdout, p.stderr))
for args, code, words in (
        (["--probe", "homes.nom@2030"], 2, "needs --experiments"),
        (["--experiments", os.path.join(tmp, "e.csv"), "--probe",
          "homes.nope@2030"], 2, "not a metric"),
        (["--experiments", os.path.join(tmp, "e.csv"), "--probe",
          "homes.nom@1990"], 2, "not a year"),
        (["--experiments", os.path.join(tmp, "e.csv"), "--probe",
          "homes.nom"], 2, "METRIC@YEAR")):
    rc, out, err = run(BASE, "--paths", "100", *args)
    check(rc == code and words in err, "%s: %d %s" % (args, rc, err))
check(not os.path.exists(os.path.join(tmp, "e.csv")),
      "a refused --experiments leaves no file")
if os.access("/dev/full", os.W_OK):
    rc, out, err = run(BASE, "--paths", "3000", "--experiments", "/dev/full",
                       "-q")
    check(rc == 1 and err.count("\n") == 1, "--experiments /dev/full: %d %s"
          % (rc, err))

# --sobol (issue 15): valid JSON and sobol.csv (a row per output and
# parameter, and the within-path share), the same for 1 and 3 threads;
# the closed forms are test_sobol's.
sdocs = []
for t in (1, 3):
    path = os.path.join(tmp, "sobol%d.json" % t)
    rc, out, err = run(BASE, "--paths", "1000", "--sobol", "120", "--threads",
                       str(t), "--json", path, "--csv",
                       os.path.join(tmp, "sobol%d" % t), "-q")
    check(rc == 0 and "Sobol' indices" in out, "run --sobol: %s" % err)
    sdoc = json.load(open(path))
    jsonschema.validate(sdoc, schema, cls=jsonschema.Draft202012Validator)
    sdoc.pop("run", None)
    sdocs.append(sdoc)
check(sdocs[0] == sdocs[1], "--sobol differs between 1 and 3 threads")
so = sdocs[0]["sobol"]
d = so["paths_per_row"] - 3
check(len(so["outputs"]) == 2 * N_TARGETS and
      all(len(o["parameters"]) == d for o in so["outputs"]),
      "sobol: an output per target hit and metric, every parameter")
rows = list(csv.reader(open(os.path.join(tmp, "sobol1", "sobol.csv"))))
check(len(rows) == 1 + 2 * N_TARGETS * (d + 1), "sobol.csv rows")
rows = list(csv.reader(open(os.path.join(tmp, "rare1", "sobol.csv"))))
check(len(rows) == 1, "sobol.csv of a run without --sobol: header only")
for bad in ("99", "x"):
    rc, out, err = run(BASE, "--sobol", bad)
    check(rc == 2 and "--sobol" in err, "--sobol %s: %d %s" % (bad, rc, err))

# batch: a bad file is reported and skipped, the rest run, exit 2.
bad = os.path.join(SRC, "tests", "bad", "dist_mode.cfg")
p = subprocess.run([BIN, "batch", BASE, bad, wind, "--paths", "1000"],
                   capture_output=True, text=True)
check(p.returncode == 2, "batch with a bad file exits 2: %d" % p.returncode)
check("dist_mode.cfg:4: balance.ef_gas.mode" in p.stderr, "batch names it")
check("[2] %s: skipped" % bad in p.stdout, "batch marks it skipped")
rows = [l for l in p.stdout.splitlines() if l.startswith("energy-neutral")]
check(len(rows) == 1 and rows[0].split()[2] == "-", "batch table: %s" % rows)
p = subprocess.run([BIN, "batch", BASE, wind, "--paths", "1000"],
                   capture_output=True, text=True)
check(p.returncode == 0, "batch of good files exits 0")
head = [l for l in p.stdout.splitlines() if l.startswith("target ")]
check(len(head) == 1 and head[0].split()[1:] == ["leusden", "keuze-wind"],
      "batch columns headed by the scenarios' names: %s" % head)

# batch and compare files (issue 14): JSON and CSV that hold the table.
bj, bd = os.path.join(tmp, "batch", "b.json"), os.path.join(tmp, "batchcsv")
p = subprocess.run([BIN, "batch", BASE, bad, wind, "--paths", "1000",
                    "--json", bj, "--csv", bd], capture_output=True, text=True)
check(p.returncode == 2, "batch with files and a bad scenario exits 2")
bdoc = json.load(open(bj))
check([x.get("name") for x in bdoc["scenarios"]] == ["leusden", None,
                                                       "keuze-wind"]
      and bdoc["scenarios"][1]["skipped"], "batch JSON scenarios")
brows = list(csv.DictReader(open(os.path.join(bd, "batch.csv"), newline="")))
check(len(brows) == 2 * N_TARGETS, "batch.csv rows: %d" % len(brows))
for x in bdoc["scenarios"][0]["targets"]:
    r = [b for b in brows if b["scenario"] == "leusden" and b["target"] == x["name"]]
    check(len(r) == 1 and abs(float(r[0]["p_hit"]) - x["p_hit"]) < 1e-12,
          "batch.csv agrees with the JSON on %s" % x["name"])
cd = os.path.join(tmp, "comparecsv")
p = subprocess.run([BIN, "compare", BASE, wind, "--paths", "2000", "--csv", cd,
                    "--csv-dialect", "excel-nl"], capture_output=True, text=True)
check(p.returncode == 0, "compare --csv: %s" % p.stderr)
craw = open(os.path.join(cd, "compare.csv"), "rb").read().decode("utf-8-sig")
crows = list(csv.DictReader(io.StringIO(craw), delimiter=";"))
check(len(crows) == N_TARGETS and all(r["scenario"] == "keuze-wind" for r in crows),
      "compare.csv rows: %d" % len(crows))
for r in crows:
    d = float(r["delta"].replace(",", "."))
    pr, ps = (float(r[k].replace(",", ".")) for k in ("p_reference", "p_scenario"))
    check(abs(d - (ps - pr)) < 1e-12, "compare.csv delta = difference (%s)" % r["target"])

# sweep: the grid, its outputs, thread independence, a bad cell.
sj = os.path.join(tmp, "sweep.json")
sd = os.path.join(tmp, "sweep")
args = [BIN, "sweep", BASE, "--vary", "models.regional.turbines=0:8:3",
        "--vary", "models.regional.solar_ha=10:200:2", "--paths", "1500"]
p1 = subprocess.run(args + ["--threads", "1", "--json", sj, "--csv", sd,
                            "--report", os.path.join(tmp, "sweep.html")],
                    capture_output=True, text=True)
p2 = subprocess.run(args + ["--threads", "2"], capture_output=True, text=True)
check(p1.returncode == 0, "sweep exit: %s" % p1.stderr)
check(p1.stdout == p2.stdout and p1.stdout != "", "sweep differs by threads")
sdoc = json.load(open(sj))
check(len(sdoc["cells"]) == 6, "sweep: 3 x 2 cells")
check([c["values"] for c in sdoc["cells"]][:2] == [[0, 10], [0, 200]],
      "sweep cell order: %s" % [c["values"] for c in sdoc["cells"]][:2])
check(all(0 <= t["hits"] <= 1500 for c in sdoc["cells"] for t in c["targets"]),
      "sweep hits within paths")
srows = list(csv.DictReader(open(os.path.join(sd, "sweep.csv"), newline="")))
check(len(srows) == 6 * N_TARGETS, "sweep.csv rows: %d" % len(srows))
swh = open(os.path.join(tmp, "sweep.html"), encoding="utf-8").read()
check(swh.count("<svg") >= 1, "sweep report has heat maps")
p = subprocess.run([BIN, "sweep", BASE, "--vary",
                    "models.homes.rate_nom=0:3:4"], capture_output=True,
                   text=True)
check(p.returncode == 2 and "2 is out of range" in p.stderr and
      "in the cell" in p.stderr, "sweep bad cell: %s" % p.stderr)
p = subprocess.run([BIN, "sweep", BASE, "--vary", "models.homes.rate_nom=1"],
                   capture_output=True, text=True)
check(p.returncode == 2 and "PATH=FROM:TO:STEPS" in p.stderr,
      "sweep bad --vary: %s" % p.stderr)
p = subprocess.run([BIN, "sweep", TESTBED, "--vary", "models.testbed.n=10:20:3",
                    "--paths", "300"], capture_output=True, text=True)
check(p.returncode == 0, "sweep of a whole-number parameter: %s" % p.stderr)
p = subprocess.run([BIN, "sweep", TESTBED, "--vary", "models.testbed.n=10:20:4"],
                   capture_output=True, text=True)
check(p.returncode == 2 and "not a whole number" in p.stderr,
      "sweep with a fractional grid of a whole number: %s" % p.stderr)
p = subprocess.run([BIN, "sweep", BASE, "--vary",
                    "models.balance.reference_demand=1000:2000:2"],
                   capture_output=True, text=True)
check(p.returncode == 2, "models.balance is not the balance: %s" % p.stderr)
p = subprocess.run([BIN, "sweep", TESTBED, "--vary",
                    "models.testbed.p=0.08:0.02:4", "--paths", "300",
                    "--report", os.path.join(tmp, "desc.html")],
                   capture_output=True, text=True)
check(p.returncode == 0, "descending sweep: %s" % p.stderr)
p = subprocess.run([BIN, "run", BASE, "--vary", "x=1:2:2"],
                   capture_output=True, text=True)
check(p.returncode == 2 and "not an option of this command" in p.stderr,
      "run rejects --vary: %s" % p.stderr)

# Failed writes: exit 1, one line, nothing partial or temporary left.
if os.access("/dev/full", os.W_OK):
    rc, out, err = run(TESTBED, "--paths", "500", "--json", "/dev/full")
    check(rc == 1 and "/dev/full" in err and err.count("\n") == 1,
          "json to /dev/full: %d %s" % (rc, err))
if os.access("/dev/full", os.W_OK):
    rc, out, err = run(TESTBED, "--paths", "500", "--report", "/dev/full")
    check(rc == 1 and "/dev/full" in err, "report to /dev/full: %s" % err)
rc, out, err = run(TESTBED, "--paths", "500", "--csv", "/proc/no/such/dir")
check(rc == 1 and "cannot create the directory" in err,
      "csv to an impossible directory: %d %s" % (rc, err))
blocked = os.path.join(tmp, "blocked")
os.makedirs(os.path.join(blocked, "targets.csv"))  # a directory in the way
rc, out, err = run(TESTBED, "--paths", "500", "--csv", blocked)
check(rc == 1 and "targets.csv" in err, "csv over a directory: %d %s" % (rc, err))
check(glob.glob(os.path.join(blocked, "*.tmp-*")) == [],
      "temporary files left behind")
keep = os.path.join(tmp, "keep.json")
open(keep, "w").write("old")
os.chmod(tmp, 0o500)  # rename into a read-only directory fails (not as root)
rc, out, err = run(TESTBED, "--paths", "500", "--json", keep)
os.chmod(tmp, 0o700)
if os.geteuid() != 0:
    check(rc == 1 and open(keep).read() == "old", "old file kept")


# --csv-dialect excel-nl (issue 14): read back as Dutch Excel would (a
# UTF-8 BOM, semicolons, decimal commas, no e-notation), every table holds
# the same cells as the default dialect's: the same text, and numbers
# equal to 14 significant digits.
NUM = re.compile(r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")
NUM_NL = re.compile(r"^-?[0-9]+(,[0-9]+)?$")
rfc, nl = os.path.join(tmp, "rfc"), os.path.join(tmp, "nl")
rc1, _, _ = run(BASE, "--paths", "2000", "--csv", rfc, "--quiet")
rc2, _, _ = run(BASE, "--paths", "2000", "--csv", nl, "--quiet",
                "--csv-dialect", "excel-nl")
check(rc1 == 0 and rc2 == 0, "excel-nl run")
for name in ("targets.csv", "bands.csv", "metrics.csv", "sensitivity.csv"):
    raw = open(os.path.join(nl, name), "rb").read()
    check(raw.startswith(b"\xef\xbb\xbf"), "excel-nl %s has a BOM" % name)
    a = list(csv.reader(io.StringIO(open(os.path.join(rfc, name),
                                         encoding="utf-8", newline="").read())))
    b = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    same = len(a) == len(b) and len(a) > 1
    bad = ""
    for ra, rb in zip(a, b):
        if len(ra) != len(rb):
            same, bad = False, "row length %r %r" % (ra, rb)
            break
        for x, y in zip(ra, rb):
            if NUM.match(x) and x not in ("", "-"):
                ok = NUM_NL.match(y) is not None and "e" not in y.lower()
                vx, vy = float(x), float(y.replace(",", ".")) if ok else None
                if not ok or abs(vx - vy) > 1e-14 * max(1.0, abs(vx)):
                    same, bad = False, "%r against %r" % (x, y)
            elif x != y:
                same, bad = False, "%r against %r" % (x, y)
            if not same:
                break
        if not same:
            break
    check(same, "excel-nl %s reads back as the default dialect: %s" % (name, bad))
p = subprocess.run([BIN, "run", TESTBED, "--csv-dialect", "excel"],
                   capture_output=True, text=True)
check(p.returncode == 2 and "--csv-dialect: 'excel' is not a dialect" in p.stderr,
      "an unknown dialect is refused: %r" % p.stderr)

# A target of a past year with its observed value (issue 14): JSON says
# met or missed (and validates), the report shows it instead of P(hit).
obs_cfg = os.path.join(tmp, "observed.cfg")
open(obs_cfg, "w").write(
    'base = "%s";\n'
    'targets = ( { name = "past"; year = 2018; metric = "testbed.count"; '
    'threshold = 3; observed = 4; observed_source = "a count"; },\n'
    ' { name = "past-missed"; year = 2018; metric = "testbed.count"; '
    'op = "<="; threshold = 3; observed = 4; observed_source = "a count"; },\n'
    ' { name = "future"; year = 2030; metric = "testbed.count"; '
    'threshold = 26; } );\n' % os.path.abspath(TESTBED))
oj, oh = os.path.join(tmp, "observed.json"), os.path.join(tmp, "observed.html")
rc, out, err = run(obs_cfg, "--paths", "500", "--json", oj, "--report", oh,
                   "--quiet")
check(rc == 0, "observed targets run: %s" % err)
odoc = json.load(open(oj))
errs = list(jsonschema.Draft202012Validator(schema).iter_errors(odoc))
check(not errs, "observed JSON validates: %s" % errs[:1])
obs = [t.get("observed") for t in odoc["targets"]]
check(obs[0] == {"value": 4, "source": "a count", "met": True} and
      obs[1]["met"] is False and obs[2] is None, "observed in JSON: %s" % obs)
ohtml = open(oh, encoding="utf-8").read()
check("gehaald (waargenomen 4)" in ohtml and "niet gehaald (waargenomen 4)" in ohtml,
      "the report shows observed targets as met or missed")
check("past: met (observed 4; a count)" in out and
      "past-missed: missed (observed 4; a count)" in out, "stdout says met/missed")

# Target labels (issue 14): the report calls every target by its label and
# shows no target's code name where the scenario gives a label (the code
# name stays in the JSON and as a tooltip).
import html as htmlmod
for scen in (BASE, os.path.join(SRC, "scenarios", "res-amersfoort.cfg")):
    lj, lh = os.path.join(tmp, "labels.json"), os.path.join(tmp, "labels.html")
    rc, _, err = run(scen, "--paths", "500", "--json", lj, "--report", lh, "--quiet")
    check(rc == 0, "labelled run: %s" % err)
    ldoc = json.load(open(lj))
    visible = htmlmod.unescape(re.sub(r"<[^>]+>", " ", open(lh, encoding="utf-8").read()))
    named = [t for t in ldoc["targets"] if t["label"] != t["name"]]
    check(len(named) == len(ldoc["targets"]), "every shipped target has a label")
    for t in named:
        check(t["label"] in visible, "the report shows the label %r" % t["label"])
        check(t["name"] not in visible, "the report hides the code name %r" % t["name"])
    # The targets' metrics, in the targets table and the fan charts, by
    # their labels too (every shipped model metric and aggregate has one).
    part = visible[visible.index("Tussendoelen: de kans"):visible.index("Welke onzekerheid")]
    for t in ldoc["targets"]:
        check(t["metric"] not in part, "the report hides the metric's code name %r" % t["metric"])

# Code names (issue 14): where a label exists, no report shows the code
# name: not a target's, a metric's, a parameter's or a keuze's.  Code names
# stay in tooltips (attributes), in <code> spans and in the quoted heads
# of the scenario files (<pre>), which are excluded.
def visible_html(text):
    text = re.sub(r"<pre[^>]*>.*?</pre>|<code>.*?</code>", " ", text, flags=re.S)
    return htmlmod.unescape(re.sub(r"<[^>]+>", " ", text))

def code_names(doc):
    """The code names of a run's JSON that have a label."""
    names = [t["name"] for t in doc["targets"] if t.get("label", t["name"]) != t["name"]]
    names += [m["name"] for m in doc["metrics"]]
    for m in doc["models"]:
        names += ["%s.%s" % (m["name"], p["name"]) for p in m["parameters"]]
        names += [p["name"] for p in m["parameters"] if "_" in p["name"]]
    names += [p["name"] for p in doc.get("shared", {}).get("parameters", [])]
    return sorted(set(names), key=len, reverse=True)

def no_code_names(text, names, what):
    found = [n for n in names if re.search(r"(?<![\w.])" + re.escape(n) + r"(?![\w])", text)]
    check(not found, "%s shows no code name where a label exists: %s" % (what, found[:5]))

try:
    import pypdf
except ImportError:  # install-deps gives Debian's python3-pypdf
    pypdf = None
check(pypdf is not None, "python3-pypdf is installed (scripts/install-deps)")

def pdf_pages(path):
    """The pages of a PDF: (width, height) in points and the text."""
    reader = pypdf.PdfReader(path)
    return [((float(p.mediabox.width), float(p.mediabox.height)), p.extract_text())
            for p in reader.pages]

def check_a4(pages, what):
    check(pages and all(abs(w - 595.28) < 0.5 and abs(h - 841.89) < 0.5
                        for (w, h), _ in pages), "%s: every page is A4 portrait" % what)

squash = lambda t: re.sub(r"\s+", "", t)
for scen in (BASE, os.path.join(SRC, "scenarios", "res-amersfoort.cfg")):
    lj = os.path.join(tmp, "names.json")
    lh, lp = os.path.join(tmp, "pdf", "names.html"), os.path.join(tmp, "pdf", "names.pdf")
    rc, _, err = run(scen, "--paths", "500", "--json", lj, "--report", lh, "--quiet")
    rc2, _, err2 = run(scen, "--paths", "500", "--report", lp, "--quiet")
    check(rc == 0 and rc2 == 0, "report as HTML and PDF: %s %s" % (err, err2))
    ldoc = json.load(open(lj))
    names = code_names(ldoc)
    check(len(names) > 50, "code names to look for: %d" % len(names))
    vis = visible_html(open(lh, encoding="utf-8").read())
    no_code_names(vis, names, "the HTML report of " + os.path.basename(scen))
    pages = pdf_pages(lp)
    check_a4(pages, "the PDF of " + os.path.basename(scen))
    text = "\n".join(t for _, t in pages)
    no_code_names(text, names, "the PDF report of " + os.path.basename(scen))
    # The same content: every target's label, the summary's headings, and
    # every section of the HTML are in the PDF too.
    for t in ldoc["targets"]:
        check(squash(t["label"]) in squash(text), "the PDF shows the target %r" % t["label"])
    for h in re.findall(r"<h[123]>(.*?)</h[123]>", open(lh, encoding="utf-8").read()):
        h = htmlmod.unescape(re.sub(r"<[^>]+>", "", h))
        check(squash(h) in squash(text), "the PDF has the heading %r" % h)
    check(re.search(r"\b1 / %d\b" % len(pages), pages[0][1]) is not None,
          "the PDF numbers its pages (1 / %d)" % len(pages))

# A scenario file name that is not UTF-8 (it comes from the command line
# as bytes) is drawn with '?' for the bad bytes, and the rest of the PDF
# is drawn too (Cairo stops drawing at a string that is not UTF-8).
badname = os.path.join(os.fsencode(tmp), b"bad\xff\xfe.cfg")
with open(badname, "wb") as f:
    f.write(open(TESTBED, "rb").read())
bp = os.path.join(tmp, "bad.pdf")
p = subprocess.run([os.fsencode(BIN), b"run", badname, b"--paths", b"200", b"-q",
                    b"--report", os.fsencode(bp)], capture_output=True)
check(p.returncode == 0, "report of a file named in bytes: %s" % p.stderr)
btext = "\n".join(t for _, t in pdf_pages(bp))
check("bad??.cfg" in btext and "Over deze berekening" in btext,
      "the PDF of a file named in bytes shows '?' and is drawn to its end")

# compare --report (issue 14): the reference's report with the keuzes
# ranked on its first page, then one forest plot per keuze; labels only.
wind_label = "Meer windturbines in Leusden"
inst_label = "Regionaal opleidingsprogramma voor installateurs"
for ext in ("html", "pdf"):
    crep = os.path.join(tmp, "compare", "c." + ext)
    p = subprocess.run([BIN, "compare", BASE, wind, os.path.join(SRC, "scenarios", "keuze-installers.cfg"),
                        "--paths", "1000", "--report", crep], capture_output=True, text=True)
    check(p.returncode == 0, "compare --report %s: %s" % (ext, p.stderr))
    if ext == "html":
        ctext = open(crep, encoding="utf-8").read()
        check("<h3>%s</h3>" % wind_label in ctext and "<h3>%s</h3>" % inst_label in ctext and
              "<h2>Keuzes vergeleken</h2>" in ctext, "compare report: a section per keuze")
        cvis = visible_html(ctext)
        summary = cvis[cvis.index("Wat de kansen verschuift"):cvis.index("Wat zo'n kans niet is")]
        check(wind_label in summary and inst_label in summary, "the summary ranks the keuzes")
        # The ranking is by the largest significant |dP|, largest first.
        check(summary.index(wind_label) != summary.index(inst_label), "two rows")
    else:
        cvis = "\n".join(t for _, t in pdf_pages(crep))
        check_a4(pdf_pages(crep), "the compare PDF")
    check("Energieneutraal (2040)" in cvis or squash("Energieneutraal (2040)") in squash(cvis),
          "compare report calls targets by their labels")
    no_code_names(cvis, names + ["keuze-wind", "keuze-installers"], "the compare report (%s)" % ext)

# sweep and batch --report as PDF: A4, labels.
sp = os.path.join(tmp, "sweep.pdf")
p = subprocess.run([BIN, "sweep", BASE, "--vary", "models.regional.turbines=0:6:3",
                    "--vary", "models.regional.solar_ha=10:80:2", "--paths", "300", "--quiet",
                    "--report", sp], capture_output=True, text=True)
check(p.returncode == 0, "sweep --report PDF: %s" % p.stderr)
check_a4(pdf_pages(sp), "the sweep PDF")
bp = os.path.join(tmp, "batch", "b.pdf")
p = subprocess.run([BIN, "batch", BASE, wind, "--paths", "300", "--quiet", "--report", bp],
                   capture_output=True, text=True)
check(p.returncode == 0, "batch --report PDF: %s" % p.stderr)
btext = "\n".join(t for _, t in pdf_pages(bp))
check_a4(pdf_pages(bp), "the batch PDF")
check(squash(wind_label) in squash(btext) and
      re.search(r"keuze-wind(?!\.cfg)", btext) is None,
      "the batch report heads its columns with the scenarios' labels")

print("outputs: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
