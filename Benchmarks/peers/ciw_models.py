"""Benchmarks B1, B2, B3 (shared/bench/MODELS.md) written for Ciw.

B1 and B3 are exact: one node with c servers; the arrival distribution
yields exactly N inter-arrival times and then infinity, and the run ends when
all N customers have left (simulate_until_max_customers, method "Finish").

B2 IS AN APPROXIMATION.  Ciw is a queueing-network library: a customer is
at exactly one node at a time and cannot hold a server of one node (a
cubicle) while queueing at another (physicians, X-ray, CT).  The closest
faithful network is:

  node 1  Triage   2 servers, FIFO (one customer class "U" before triage),
                   lognormal(5, 2); on leaving, class changes to P1..P5 with
                   probabilities 5/20/40/30/5 % (class_change_matrices).
  node 2  ED       30 servers = cubicles, priority classes P1 < ... < P5.
                   Service = the whole cubicle stay: assessment
                   lognormal(25, 15), with prob. 0.35 imaging (X-ray
                   tri(5,10,20) 70% or CT tri(10,15,30) 30%) plus review
                   lognormal(10, 5).  Routed to node 3 with prob. 0.25.
  node 3  Ward     120 servers, queue capacity 0, lognormal(4320, 2880).
                   Because the ward has no waiting room, an admitted patient
                   who finds all beds busy stays *blocked in its cubicle*
                   (Ciw type-I blocking) until a bed frees: this is exactly
                   "boarding while holding the cubicle".

Differences from the reference model:
  * No contention for physicians (6), the X-ray room or the CT scanner:
    the assessment/imaging/review times are served without queueing inside
    the cubicle (the real pools are ~49%, ~30% and ~20% busy, so the
    reference model adds a few minutes of queueing here; Ciw's ED length of
    stay is expected to be slightly shorter).
  * Blocked (boarding) patients get ward beds in order of blocking (FIFO),
    not by triage priority.
Boarding time = Ciw's time_blocked at node 2; ED length of stay = arrival at
triage to exit from node 2; ward occupancy from node-3 service intervals.
See common.py for the reporting conventions.
"""

import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402
import ciw  # noqa: E402

LIBRARY = "ciw-" + ciw.__version__
INF = float("inf")


class CappedExponential(ciw.dists.Distribution):
    """Exponential inter-arrival times for exactly `count` arrivals, then none."""

    def __init__(self, rate, count):
        self.rate = rate
        self.left = count

    def sample(self, t=None, ind=None):
        if self.left <= 0:
            return INF
        self.left -= 1
        return random.expovariate(self.rate)


class EDStay(ciw.dists.Distribution):
    """Time in the cubicle before disposition: assessment [+ imaging + review]."""

    def sample(self, t=None, ind=None):
        s = random.lognormvariate(*C.ASSESS_LN)
        if random.random() < C.P_IMAGING:
            lo, mode, hi = C.XRAY_TRI if random.random() < C.P_XRAY else C.CT_TRI
            s += random.triangular(lo, hi, mode)
            s += random.lognormvariate(*C.REVIEW_LN)
        return s


def mmc(servers, patients, seed, watch=None):
    """M/M/c: `patients` Poisson arrivals at 0.09*c per minute, exp(10) service.
    Returns (completed, mean wait in queue); watch(progress) is told how to
    read partial results."""
    ciw.seed(seed)
    rate = C.B1_ARRIVAL_RATE * servers / C.B1_SERVERS
    network = ciw.create_network(
        arrival_distributions=[CappedExponential(rate, patients)],
        service_distributions=[ciw.dists.Exponential(1.0 / C.SERVICE_MEAN)],
        number_of_servers=[servers],
    )
    simulation = ciw.Simulation(network)
    if watch:
        def progress():
            done = simulation.nodes[-1].all_individuals
            waits = [ind.data_records[0].waiting_time for ind in done]
            return len(waits), sum(waits) / max(len(waits), 1)
        watch(progress)
    simulation.simulate_until_max_customers(patients, method="Finish")
    records = simulation.get_all_records()
    return len(records), sum(r.waiting_time for r in records) / len(records)


def b2_replication(seed, warmup, measured):
    """One replication of B2 (approximation, see module docstring).
    Returns (completed, ed_los_mean, boarding_mean, occupancy)."""
    ciw.seed(seed)
    end = warmup + measured
    prios = [f"P{i}" for i in range(1, len(C.PRIORITY_PROBS) + 1)]
    classes = ["U"] + prios
    triage = ciw.dists.Lognormal(*C.TRIAGE_LN)
    ward = ciw.dists.Lognormal(*C.WARD_LN)
    ed = EDStay()
    routing = [[0.0, 1.0, 0.0], [0.0, 0.0, C.P_ADMIT], [0.0, 0.0, 0.0]]

    def row(probs):  # a full class-change row over all classes
        return {k: probs.get(k, 0.0) for k in classes}

    keep = {k: row({k: 1.0}) for k in classes}
    network = ciw.create_network(
        arrival_distributions={
            k: [ciw.dists.Exponential(C.B2_ARRIVAL_RATE) if k == "U" else None, None, None]
            for k in classes},
        service_distributions={k: [triage, ed, ward] for k in classes},
        number_of_servers=[C.TRIAGE_NURSES, C.CUBICLES, C.WARD_BEDS],
        queue_capacities=[INF, INF, 0],
        routing={k: routing for k in classes},
        priority_classes={k: i for i, k in enumerate(classes)},
        class_change_matrices=[
            {**keep, "U": row(dict(zip(prios, C.PRIORITY_PROBS)))},
            keep,
            keep,
        ],
    )
    simulation = ciw.Simulation(network)
    simulation.simulate_until_max_time(end)

    records = simulation.get_all_records()
    arrived = {r.id_number: r.arrival_date for r in records if r.node == 1}
    los_n, los_sum, board_n, board_sum = 0, 0.0, 0, 0.0
    occupancy = C.TimeAverage(warmup, end)
    beds = []  # (start, end) of every ward stay
    for r in records:
        if r.node == 2 and r.exit_date >= warmup:
            los_n += 1
            los_sum += r.exit_date - arrived[r.id_number]
            if r.destination == 3:
                board_n += 1
                board_sum += r.time_blocked
        elif r.node == 3:
            beds.append((r.service_start_date, r.service_end_date))
    for ind in simulation.nodes[3].all_individuals:  # still in a bed at the end
        beds.append((ind.service_start_date, end))
    events = sorted([(s, +1) for s, _ in beds] + [(e, -1) for _, e in beds])
    for t, d in events:
        occupancy.change(t, d)
    return los_n, los_sum / max(los_n, 1), board_sum / max(board_n, 1), \
        occupancy.mean() / C.WARD_BEDS


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
