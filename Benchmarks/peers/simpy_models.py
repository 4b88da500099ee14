"""Benchmarks B1, B2, B3 (shared/bench/MODELS.md) written for SimPy.

All three models are expressed exactly: B2 uses PriorityResource for every
queue after triage and holds the cubicle request while waiting for a ward
bed.  See common.py for the reporting conventions.
"""

import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402
import simpy  # noqa: E402

LIBRARY = "simpy-" + simpy.__version__


def mmc(servers, patients, seed, watch=None):
    """M/M/c: `patients` Poisson arrivals at 0.09*c per minute, exp(10) service.
    Returns (completed, mean wait in queue); watch(progress) is told how to
    read partial results."""
    env = simpy.Environment()
    rng = random.Random(seed)
    expo = rng.expovariate
    rate = C.B1_ARRIVAL_RATE * servers / C.B1_SERVERS
    mu = 1.0 / C.SERVICE_MEAN
    clinicians = simpy.Resource(env, capacity=servers)
    timeout = env.timeout
    stats = [0, 0.0, 0]  # completed, total wait, started service
    if watch:
        watch(lambda: (stats[0], stats[1] / max(stats[2], 1)))

    def patient():
        arrived = env.now
        with clinicians.request() as req:
            yield req
            stats[1] += env.now - arrived
            stats[2] += 1
            yield timeout(expo(mu))
        stats[0] += 1

    def arrivals():
        process = env.process
        for _ in range(patients):
            yield timeout(expo(rate))
            process(patient())

    env.process(arrivals())
    env.run()
    return stats[0], stats[1] / patients


def b2_replication(seed, warmup, measured):
    """One replication of B2. Returns (completed, ed_los_mean, boarding_mean, occupancy)."""
    env = simpy.Environment()
    rng = random.Random(seed)
    end = warmup + measured
    triage = simpy.Resource(env, C.TRIAGE_NURSES)
    cubicles = simpy.PriorityResource(env, C.CUBICLES)
    physicians = simpy.PriorityResource(env, C.PHYSICIANS)
    xray = simpy.PriorityResource(env, 1)
    ct = simpy.PriorityResource(env, 1)
    beds = simpy.PriorityResource(env, C.WARD_BEDS)
    occupancy = C.TimeAverage(warmup, end)
    los = [0, 0.0]  # patients leaving the ED in the measured period, total LOS
    board = [0, 0.0]  # admitted patients getting a bed in the measured period
    timeout = env.timeout
    lognorm = rng.lognormvariate
    uniform = rng.random

    def leave_ed(arrived):
        if env.now >= warmup:
            los[0] += 1
            los[1] += env.now - arrived

    def patient():
        arrived = env.now
        with triage.request() as req:
            yield req
            yield timeout(lognorm(*C.TRIAGE_LN))
        prio = C.draw_priority(uniform())
        cubicle = cubicles.request(priority=prio)
        yield cubicle
        with physicians.request(priority=prio) as req:
            yield req
            yield timeout(lognorm(*C.ASSESS_LN))
        if uniform() < C.P_IMAGING:
            if uniform() < C.P_XRAY:
                room, (lo, mode, hi) = xray, C.XRAY_TRI
            else:
                room, (lo, mode, hi) = ct, C.CT_TRI
            with room.request(priority=prio) as req:
                yield req
                yield timeout(rng.triangular(lo, hi, mode))
            with physicians.request(priority=prio) as req:
                yield req
                yield timeout(lognorm(*C.REVIEW_LN))
        if uniform() < C.P_ADMIT:
            waiting_since = env.now
            with beds.request(priority=prio) as bed:
                yield bed  # boarding: the cubicle is still held
                cubicles.release(cubicle)
                leave_ed(arrived)
                if env.now >= warmup:
                    board[0] += 1
                    board[1] += env.now - waiting_since
                occupancy.change(env.now, +1)
                yield timeout(lognorm(*C.WARD_LN))
                occupancy.change(env.now, -1)
        else:
            cubicles.release(cubicle)
            leave_ed(arrived)

    def arrivals():
        process = env.process
        expo = rng.expovariate
        while True:
            yield timeout(expo(C.B2_ARRIVAL_RATE))
            process(patient())

    env.process(arrivals())
    env.run(until=end)
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
