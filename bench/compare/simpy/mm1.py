"""scenarios/mm1.json for SimPy 3, run RUNS times in one process, as a modeller sweeps seeds:
customers arrive with exponential gaps (mean 1 s) at one server with exponential service
(mean 0.8 s) and wait as long as it takes. Each run counts what hotdog's summary does for
it (served, mean time in the system, busy time). Prints "mm1_sweep_seconds N" (the whole loop's wall time), its CPU time,
and the mean wait over all runs, as a check that the model is M/M/1 at rho 0.8."""
import random
import sys
import time

import simpy

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
CUSTOMERS = int(sys.argv[2]) if len(sys.argv) > 2 else 1000


def customer(env, server, rng, stats):
    arrived = env.now
    with server.request() as req:
        yield req
        service = rng.expovariate(1 / 800)
        stats["busy"] += service
        yield env.timeout(service)
    stats["wait"] += env.now - arrived  # time in the system, as hotdog's wait_mean
    stats["served"] += 1


def arrivals(env, server, rng, stats):
    for _ in range(CUSTOMERS):
        env.process(customer(env, server, rng, stats))
        yield env.timeout(rng.expovariate(1 / 1000))


def one_run(seed):
    env = simpy.Environment()
    rng = random.Random(seed)
    stats = {"served": 0, "wait": 0.0, "busy": 0.0}
    server = simpy.Resource(env, capacity=1)
    env.process(arrivals(env, server, rng, stats))
    env.run()
    return stats


def main():
    start, cpu = time.perf_counter(), time.process_time()
    waits = [one_run(seed) for seed in range(1, RUNS + 1)]
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"mm1_sweep_seconds {elapsed:.3f}")
    print(f"mm1_sweep_cpu_seconds {cpu:.3f}")
    print(f"mm1_wait_mean_ms {sum(s['wait'] / s['served'] for s in waits) / len(waits):.1f}")


main()
