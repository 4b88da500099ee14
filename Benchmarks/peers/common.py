"""Shared helpers for the peer-library benchmark scripts (SimPy, Ciw, salabim).

The models are defined in shared/bench/MODELS.md (time unit: minutes).
Every script is run as

    python <script>.py b1 [--patients N] [--seed S]
    python <script>.py b2 [--replications N] [--days D] [--warmup-days W] [--seed S]
    python <script>.py b3 --servers C [--patients N] [--seed S]

and prints `key: value` lines, the same keys as CareFlow's careflow-bench.

Conventions shared by all scripts (and by reference/ref.c):
- B1/B3: exactly N patients arrive, then the simulation runs until every one
  of them has been served (no patient is cut off), so patients_completed = N
  and mean_wait_min is the mean queueing delay of all N patients.
- B2: statistics cover the measured period only (after the warm-up):
  ED length of stay and patients_completed count the patients who leave their
  ED cubicle in the measured period; boarding time counts admitted patients
  who get a ward bed in the measured period; ward_occupancy is the
  time-average number of busy beds over the measured period / 120.
  Each replication gives one mean per measure; the reported value is the mean
  over replications and *_ci_halfwidth is the 95% t-interval half-width over
  replications (0 when there is only one replication).
"""

import argparse
import math
import os
import signal
import statistics
import sys
import time

# B1 / B3
B1_ARRIVAL_RATE = 0.9
B1_SERVERS = 10
SERVICE_MEAN = 10.0
B1_DEFAULT_PATIENTS = 1_000_000
B3_DEFAULT_PATIENTS = 2_000_000

# B2
DAY = 1440.0
B2_ARRIVAL_RATE = 150.0 / DAY
TRIAGE_NURSES = 2
CUBICLES = 30
PHYSICIANS = 6
WARD_BEDS = 120
PRIORITY_PROBS = (0.05, 0.20, 0.40, 0.30, 0.05)  # P1..P5, 1 = most urgent
P_IMAGING = 0.35
P_XRAY = 0.70  # of imaging; the rest is CT
XRAY_TRI = (5.0, 10.0, 20.0)  # min, mode, max
CT_TRI = (10.0, 15.0, 30.0)
P_ADMIT = 0.25


def lognormal_params(mean, sd):
    """(mu, sigma) of the underlying normal for a lognormal of given mean/sd."""
    sigma2 = math.log(1.0 + (sd * sd) / (mean * mean))
    return math.log(mean) - sigma2 / 2.0, math.sqrt(sigma2)


TRIAGE_LN = lognormal_params(5.0, 2.0)
ASSESS_LN = lognormal_params(25.0, 15.0)
REVIEW_LN = lognormal_params(10.0, 5.0)
WARD_LN = lognormal_params(3 * DAY, 2 * DAY)


def draw_priority(u):
    """Map a uniform u in [0,1) to a priority 1..5."""
    acc = 0.0
    for i, p in enumerate(PRIORITY_PROBS):
        acc += p
        if u < acc:
            return i + 1
    return len(PRIORITY_PROBS)


class TimeAverage:
    """Time-average of a piecewise-constant level, over [start, end] only."""

    __slots__ = ("start", "end", "level", "last", "area")

    def __init__(self, start, end):
        self.start, self.end = start, end
        self.level = 0
        self.last = 0.0
        self.area = 0.0

    def change(self, now, delta):
        lo = self.last if self.last > self.start else self.start
        hi = now if now < self.end else self.end
        if hi > lo:
            self.area += self.level * (hi - lo)
        self.last = now
        self.level += delta

    def mean(self):
        self.change(self.end, 0)
        return self.area / (self.end - self.start)


# Two-sided 95% Student t quantiles, df = 1..30.
_T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
         2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
         2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042)


def mean_ci(values):
    """Mean and 95% t-interval half-width of a list of replication means."""
    n = len(values)
    m = statistics.fmean(values)
    if n < 2:
        return m, 0.0
    t = _T975[n - 2] if n - 1 <= len(_T975) else 1.96
    return m, t * statistics.stdev(values) / math.sqrt(n)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", choices=("b1", "b2", "b3"))
    p.add_argument("--patients", type=int, default=None,
                   help="arrivals (B1 default 1,000,000; B3 default 2,000,000)")
    p.add_argument("--servers", type=int, default=None, help="B3: servers c")
    p.add_argument("--replications", type=int, default=10, help="B2 replications")
    p.add_argument("--days", type=float, default=365.0, help="B2 measured days")
    p.add_argument("--warmup-days", type=float, default=30.0, help="B2 warm-up days")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args(argv)
    if a.model == "b1":
        a.servers = B1_SERVERS
        a.patients = a.patients or B1_DEFAULT_PATIENTS
    elif a.model == "b3":
        if not a.servers:
            p.error("b3 needs --servers C")
        a.patients = a.patients or B3_DEFAULT_PATIENTS
    if a.model != "b2" and a.patients < 1:
        p.error("--patients must be >= 1")
    if a.model == "b2" and (a.replications < 1 or a.days <= 0 or a.warmup_days < 0):
        p.error("bad B2 horizon")
    return a


def report(fields):
    for k, v in fields.items():
        if isinstance(v, float):
            v = f"{v:.6g}" if k != "wall_seconds" else f"{v:.3f}"
        print(f"{k}: {v}")
    sys.stdout.flush()


def mmc_report(args, library, completed, mean_wait, wall, truncated=False):
    report({
        "model": args.model,
        "library": library,
        "servers": args.servers,
        "patients_completed": completed,
        "mean_wait_min": mean_wait,
        "wall_seconds": wall,
        "patients_per_second": completed / wall if wall > 0 else 0.0,
        **({"truncated": "true"} if truncated else {}),
    })


def report_partial_on_sigterm(args, library, t0, progress):
    """B1/B3 under a time cap: when the driver's `timeout` sends SIGTERM, print
    what was done so far (progress() -> (completed, mean wait of the patients
    who started service)) with `truncated: true`, and exit."""

    def handler(signum, frame):
        completed, wait = progress()
        mmc_report(args, library, completed, wait, time.perf_counter() - t0, truncated=True)
        os._exit(0)

    signal.signal(signal.SIGTERM, handler)


def b2_report(args, library, reps, wall):
    """reps: list of (completed, ed_los_mean, boarding_mean, occupancy) per replication."""
    completed = sum(r[0] for r in reps)
    los, los_h = mean_ci([r[1] for r in reps])
    brd, brd_h = mean_ci([r[2] for r in reps])
    occ, occ_h = mean_ci([r[3] for r in reps])
    report({
        "model": "b2",
        "library": library,
        "replications": len(reps),
        "patients_completed": completed,
        "ed_los_mean_min": los,
        "ed_los_ci_halfwidth_min": los_h,
        "boarding_mean_min": brd,
        "boarding_ci_halfwidth_min": brd_h,
        "ward_occupancy": occ,
        "ward_occupancy_ci_halfwidth": occ_h,
        "wall_seconds": wall,
        "patients_per_second": completed / wall if wall > 0 else 0.0,
    })
