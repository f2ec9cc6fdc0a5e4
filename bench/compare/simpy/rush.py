"""The morning-rush crowd (scenarios/morning-rush.json, one machine, one chef) written for
SimPy 3, the discrete-event tool people reach for: the peer hotdog's simulator is compared
with. Prints "crowd_us_per_customer N"."""
import random
import sys
import time

import simpy

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
PRICE = 3


def machine(env, payments, hopper, stats):
    while True:
        amount, reply = yield payments.get()
        if amount < PRICE:
            stats["refunds"] += amount
            yield reply.put(("refund", amount))
            continue
        yield hopper.get()
        stats["sold"] += 1
        yield reply.put(("hot dog", amount - PRICE))


def chef(env, hopper):
    while True:
        yield env.timeout(50_000)
        for _ in range(10):
            yield hopper.put("hot dog")


def customer(env, payments, rng, stats):
    amount = rng.choice([2, 3, 4])
    reply = simpy.Store(env, capacity=1)
    put = payments.put((amount, reply))
    patience = env.timeout(60_000)
    result = yield put | patience
    if put not in result:
        put.cancel()
        stats["hungry"] += 1
        return
    yield reply.get()


def crowd(env, payments, rng, stats):
    for _ in range(COUNT):
        env.process(customer(env, payments, rng, stats))
        yield env.timeout(rng.expovariate(1 / 5_000))


def main():
    env = simpy.Environment()
    rng = random.Random(1)
    stats = {"sold": 0, "refunds": 0, "hungry": 0}
    payments = simpy.Store(env, capacity=1)
    hopper = simpy.Store(env, capacity=100)
    hopper.items.extend(["hot dog"] * 100)
    env.process(machine(env, payments, hopper, stats))
    env.process(chef(env, hopper))
    env.process(crowd(env, payments, rng, stats))
    start = time.perf_counter()
    env.run(until=COUNT * 5_000 + 600_000)
    elapsed = time.perf_counter() - start
    print(f"crowd_us_per_customer {elapsed / COUNT * 1e6:.2f}")
    # SimPy records nothing either way: the same figure is its peer for hotdog's no-trace row.
    print(f"crowd_summary_only {elapsed / COUNT * 1e6:.2f}")


main()
