#!/usr/bin/env python3
"""prim.py - scenario discovery on a leusden experiments table.

Usage: prim.py EXPERIMENTS.csv TARGET [--min-support 0.05] [--alpha 0.05]

Reads the per-path table that `leusden run ... --experiments FILE` writes
(docs/statistics.md) with pandas, and looks for a box in the uncertain
parameters inside which TARGET is hit far more often than overall: the
peeling phase of PRIM (Friedman and Fisher 1999, the method behind EMA
Workbench's scenario discovery).  Each step cuts the alpha-quantile off
one side of one parameter, the cut that raises the hit rate inside the box
most, until the box holds fewer than min-support of the paths.  From that
trajectory it keeps the box with the best density whose coverage is at
least half, and prints it:

  density   share of the paths in the box that hit TARGET
  coverage  share of all hitting paths that are in the box
  support   share of all paths in the box

Written for this project; it uses only pandas and numpy.
"""
import argparse
import sys

import numpy as np
import pandas as pd


def parameters(df, target):
    """The parameter columns: those with a ':u' partner, not targets."""
    return [c for c in df.columns
            if c + ":u" in df.columns and c != target]


def peel(df, hit, params, alpha, min_support):
    """The peeling trajectory: a list of (box, density, coverage, support)."""
    n, total = len(df), hit.sum()
    inside = np.ones(n, dtype=bool)
    box = {p: (df[p].min(), df[p].max()) for p in params}
    values = {p: df[p].to_numpy() for p in params}
    trajectory = [(dict(box), hit.mean(), 1.0, 1.0)]
    while inside.mean() > min_support:
        best = None
        for p in params:
            v = values[p][inside]
            if np.ptp(v) == 0:
                continue
            for side, q in (("low", alpha), ("high", 1 - alpha)):
                cut = np.quantile(v, q)
                keep = inside & (values[p] >= cut if side == "low"
                                 else values[p] <= cut)
                if keep.sum() == inside.sum() or keep.sum() == 0:
                    continue
                density = hit[keep].mean()
                if best is None or density > best[0]:
                    best = (density, p, side, cut, keep)
        if best is None:
            break
        density, p, side, cut, inside = best
        lo, hi = box[p]
        box[p] = (cut, hi) if side == "low" else (lo, cut)
        trajectory.append((dict(box), density, hit[inside].sum() / total,
                           inside.mean()))
    return trajectory


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("table")
    ap.add_argument("target")
    ap.add_argument("--min-support", type=float, default=0.05)
    ap.add_argument("--alpha", type=float, default=0.05)
    a = ap.parse_args()
    df = pd.read_csv(a.table)
    if a.target not in df.columns:
        sys.exit("prim.py: no column %r in %s" % (a.target, a.table))
    hit = df[a.target].to_numpy().astype(bool)
    if hit.sum() == 0:
        sys.exit("prim.py: %s is hit on no path" % a.target)
    params = parameters(df, a.target)
    trajectory = peel(df, hit, params, a.alpha, a.min_support)
    start = {p: trajectory[0][0][p] for p in params}
    box, density, coverage, support = max(
        (t for t in trajectory if t[2] >= 0.5), key=lambda t: t[1])
    print("%s: %d paths, %d parameters, hit on %.1f %% of the paths"
          % (a.target, len(df), len(params), 100 * hit.mean()))
    print("box: density %.3f, coverage %.3f, support %.3f"
          % (density, coverage, support))
    for p in params:
        if box[p] != start[p]:
            print("  %-40s [%.6g, %.6g]  (all paths: [%.6g, %.6g])"
                  % (p, box[p][0], box[p][1], start[p][0], start[p][1]))


if __name__ == "__main__":
    main()
