"""How fast a tuning study runs on this machine's cores, and what Dask costs per trial.

    python benchmarks/tuning_speed.py [--trials 200] [--steps 300]

Prints, for 1 and 2 local worker processes (and more with --workers), the trials per second of
a random search of Adam's lr on digits (a 64-32-10 relu network, batches of 64), one seed a
trial; the same trials run one after another in this process, with no Dask at all; and from
the two, Dask's overhead per trial. Start-up (spawning the workers, numba loading its cached
kernels in each) is timed apart: a study pays it once.

Dask's workers run numpy's BLAS on one thread (distributed sets OMP_NUM_THREADS=1 and the like
in each worker), so this process does too before numpy loads, or the baseline would use every
core for a trial and the comparison would not be of like with like.
"""

from __future__ import annotations

import argparse
import os
import time

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")  # before numpy loads (it loads in main(), below)


def main() -> None:
    from optstudio.tuning.space import parse_space
    from optstudio.tuning.study import TuningPlan, dask_client, run_study
    from optstudio.tuning.trials import run_trial, trial_config

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    base = {"dataset": "digits", "hidden": (32,), "activation": "relu", "steps": args.steps,
            "batch_size": 64, "data_params": {"test_fraction": 0.2}}  # fmt: skip
    space = parse_space("lr=1e-4:1e-1:log", ("lr",))
    plan = TuningPlan(base, {"adam": space}, trials=args.trials, seeds=1, sampler="random",
                      with_defaults=False)  # fmt: skip
    print(f"load {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; "
          f"{args.trials} digits trials of {args.steps} steps")  # fmt: skip

    # the trials alone, in this process: what a trial costs with no Dask
    run_trial(trial_config({**base, "optimizer": "adam"}, {"lr": 1e-3}, 0))  # kernels loaded
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=0))
    began = time.perf_counter()
    for _ in range(args.trials):
        trial = study.ask()
        values = {"lr": trial.suggest_float("lr", 1e-4, 1e-1, log=True)}
        metrics = run_trial(trial_config({**base, "optimizer": "adam"}, values, 0))
        study.tell(trial, metrics["final_test_loss"])
    alone = time.perf_counter() - began
    print(f"{'in this process, no Dask':>28}: {args.trials / alone:6.1f} trials/s "
          f"({alone / args.trials * 1000:.1f} ms a trial)")  # fmt: skip

    rates = {}
    for workers in (int(w) for w in args.workers.split(",")):
        began = time.perf_counter()
        with dask_client(workers=workers) as client:
            client.run(lambda: run_trial(trial_config({**base, "optimizer": "adam"},
                                                      {"lr": 1e-3}, 0)))  # fmt: skip
            ready = time.perf_counter()
            result = run_study(plan, client)
            done = time.perf_counter()
        assert len(result.trials) == args.trials
        rates[workers] = args.trials / (done - ready)
        per_trial = (done - ready) / args.trials
        extra = f", Dask per trial {(per_trial - alone / args.trials) * 1000:+.1f} ms"
        print(f"{f'{workers} local worker(s)':>28}: {rates[workers]:6.1f} trials/s, start-up "
              f"{ready - began:.1f} s" + (extra if workers == 1 else ""))  # fmt: skip
    if 1 in rates and 2 in rates:
        print(f"{'from 1 to 2 workers':>28}: {rates[2] / rates[1]:.2f}x")
    # Dask's own cost, apart from the trials' noise: empty tasks through the same pattern
    # (submit as workers free up, results as they complete), on one worker
    from distributed import as_completed

    with dask_client(workers=1) as client:
        count = 1000
        began = time.perf_counter()
        pending = as_completed([client.submit(_empty, i, pure=False) for i in range(4)])
        submitted = 4
        for future in pending:
            future.result()
            if submitted < count:
                pending.add(client.submit(_empty, submitted, pure=False))
                submitted += 1
        empty = (time.perf_counter() - began) / count
    print(f"{'an empty task':>28}: {empty * 1000:.2f} ms (Dask's own cost of a task)")


def _empty(number: int) -> int:
    return number


if __name__ == "__main__":
    main()
