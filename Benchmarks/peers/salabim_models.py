"""Benchmarks B1, B2, B3 (shared/bench/MODELS.md) written for salabim.

All three models are expressed exactly: every queue after triage is a
priority queue (request priority = triage priority, lower first, FIFO within
a priority) and an admitted patient keeps its cubicle claimed while it
requests a ward bed.  See common.py for the reporting conventions.

Run mode: no animation (env.animate() is never called, so no window or
display is needed; blind_animation stays off), classic "yield" processes
(sim.yieldless(False)), which were faster here than yieldless/greenlet mode
and need no extra package; resource monitors are switched off.
"""

import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402

os.environ.pop("DISPLAY", None)  # never try to reach a display
import salabim as sim  # noqa: E402

sim.yieldless(False)
LIBRARY = "salabim-" + sim.__version__


def mmc(servers, patients, seed, watch=None):
    """M/M/c: `patients` Poisson arrivals at 0.09*c per minute, exp(10) service.
    Returns (completed, mean wait in queue); watch(progress) is told how to
    read partial results."""
    env = sim.Environment(trace=False, random_seed="", yieldless=False)
    rng = random.Random(seed)
    expo = rng.expovariate
    rate = C.B1_ARRIVAL_RATE * servers / C.B1_SERVERS
    mu = 1.0 / C.SERVICE_MEAN
    clinicians = sim.Resource("clinicians", capacity=servers, monitor=False)
    now = env.now
    stats = [0, 0.0, 0]  # completed, total wait, started service
    if watch:
        watch(lambda: (stats[0], stats[1] / max(stats[2], 1)))

    class Patient(sim.Component):
        def process(self):
            arrived = now()
            yield self.request(clinicians)
            stats[1] += now() - arrived
            stats[2] += 1
            yield self.hold(expo(mu))
            self.release(clinicians)
            stats[0] += 1

    class Arrivals(sim.Component):
        def process(self):
            for _ in range(patients):
                yield self.hold(expo(rate))
                Patient(name="patient")

    Arrivals(name="arrivals")
    env.run()  # until the event list is empty: every patient served
    return stats[0], stats[1] / patients


def b2_replication(seed, warmup, measured):
    """One replication of B2. Returns (completed, ed_los_mean, boarding_mean, occupancy)."""
    env = sim.Environment(trace=False, random_seed="", yieldless=False)
    rng = random.Random(seed)
    end = warmup + measured
    now = env.now
    lognorm = rng.lognormvariate
    uniform = rng.random
    triage = sim.Resource("triage", capacity=C.TRIAGE_NURSES, monitor=False)
    cubicles = sim.Resource("cubicles", capacity=C.CUBICLES, monitor=False)
    physicians = sim.Resource("physicians", capacity=C.PHYSICIANS, monitor=False)
    xray = sim.Resource("xray", capacity=1, monitor=False)
    ct = sim.Resource("ct", capacity=1, monitor=False)
    beds = sim.Resource("beds", capacity=C.WARD_BEDS, monitor=False)
    occupancy = C.TimeAverage(warmup, end)
    los = [0, 0.0]  # patients leaving the ED in the measured period, total LOS
    board = [0, 0.0]  # admitted patients getting a bed in the measured period

    def leave_ed(arrived):
        t = now()
        if t >= warmup:
            los[0] += 1
            los[1] += t - arrived

    class Patient(sim.Component):
        def process(self):
            arrived = now()
            yield self.request(triage)
            yield self.hold(lognorm(*C.TRIAGE_LN))
            self.release(triage)
            prio = C.draw_priority(uniform())
            yield self.request((cubicles, 1, prio))
            yield self.request((physicians, 1, prio))
            yield self.hold(lognorm(*C.ASSESS_LN))
            self.release(physicians)
            if uniform() < C.P_IMAGING:
                if uniform() < C.P_XRAY:
                    room, (lo, mode, hi) = xray, C.XRAY_TRI
                else:
                    room, (lo, mode, hi) = ct, C.CT_TRI
                yield self.request((room, 1, prio))
                yield self.hold(rng.triangular(lo, hi, mode))
                self.release(room)
                yield self.request((physicians, 1, prio))
                yield self.hold(lognorm(*C.REVIEW_LN))
                self.release(physicians)
            if uniform() < C.P_ADMIT:
                waiting_since = now()
                yield self.request((beds, 1, prio))  # boarding: cubicle still held
                self.release(cubicles)
                leave_ed(arrived)
                t = now()
                if t >= warmup:
                    board[0] += 1
                    board[1] += t - waiting_since
                occupancy.change(t, +1)
                yield self.hold(lognorm(*C.WARD_LN))
                occupancy.change(now(), -1)
                self.release(beds)
            else:
                self.release(cubicles)
                leave_ed(arrived)

    class Arrivals(sim.Component):
        def process(self):
            expo = rng.expovariate
            while True:
                yield self.hold(expo(C.B2_ARRIVAL_RATE))
                Patient(name="patient")

    Arrivals(name="arrivals")
    env.run(till=end)
    return (los[0], los[1] / max(los[0], 1), board[1] / max(board[0], 1),
            occupancy.mean() / C.WARD_BEDS)


def main():
    args = C.parse_args()
    t0 = time.perf_counter()
    if args.model == "b2":
        reps = [b2_replication(args.seed * 1000 + r, args.warmup_days * C.DAY, args.days * C.DAY)
                for r in range(args.replications)]
        C.b2_report(args, LIBRARY, reps, time.perf_counter() - t0)
    else:
        watch = lambda progress: C.report_partial_on_sigterm(args, LIBRARY, t0, progress)
        completed, wait = mmc(args.servers, args.patients, args.seed, watch)
        C.mmc_report(args, LIBRARY, completed, wait, time.perf_counter() - t0)


if __name__ == "__main__":
    main()
