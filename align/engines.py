"""Engines that run corpus pairs: a local process pool, or Ray (optional extra).

Both call :func:`align.pipeline.run_pair_job` for each pair, so their outputs are
the same files; each worker (process or Ray actor) loads the model once.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from typing import Any

from .errors import InputError

log = logging.getLogger("align")


def _threads_per_worker(workers: int) -> int:
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def _init_worker(threads: int, log_level: int) -> None:
    os.environ["OMP_NUM_THREADS"] = str(threads)
    logging.getLogger("align").setLevel(log_level)
    if not logging.getLogger("align").handlers:
        h = logging.StreamHandler()
        h.setFormatter(logging.Formatter("align: %(levelname)s: %(message)s"))
        logging.getLogger("align").addHandler(h)
    import torch

    torch.set_num_threads(threads)


def _run_job(job: Any, out: str, opts: Any) -> dict[str, Any]:
    from .pipeline import run_pair_job

    return run_pair_job(job, out, opts)


def run_local(jobs: Sequence[Any], out: str, opts: Any, on_done: Callable[[dict], None],
              workers: int | None = None) -> None:
    """Run ``jobs`` here: in this process when one worker suffices, else in a pool of processes."""
    if not jobs:
        return
    workers = workers or (os.cpu_count() or 1)
    workers = max(1, min(workers, len(jobs)))
    if workers == 1:
        for job in jobs:
            on_done(_run_job(job, out, opts))
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    ctx = mp.get_context("spawn")
    level = logging.getLogger("align").getEffectiveLevel()
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                             initargs=(_threads_per_worker(workers), level)) as pool:
        futures = {pool.submit(_run_job, job, out, opts): job for job in jobs}
        for fut in as_completed(futures):
            job = futures[fut]
            try:
                on_done(fut.result())
            except BrokenProcessPool:
                on_done({"id": job.pid, "status": "failed", "error": "worker process died"})
            except Exception as exc:  # a bug in one pair must not stop the others
                on_done({"id": job.pid, "status": "failed", "error": f"{type(exc).__name__}: {exc}"})


def run_ray(jobs: Sequence[Any], out: str, opts: Any, on_done: Callable[[dict], None], address: str | None = None,
            num_cpus: int | None = None, num_gpus: int | None = None) -> None:
    """Run ``jobs`` on Ray: a pool of long-lived actors, each holding the model once.

    Connects to ``address`` (or ``RAY_ADDRESS``) when given, else starts a local Ray. The output
    directory must be reachable by every worker (a shared file system on a cluster).
    """
    try:
        import ray
    except ImportError:
        raise InputError("--engine ray needs Ray: pip install 'align[ray]'") from None
    if not jobs:
        return
    address = address or os.environ.get("RAY_ADDRESS") or None
    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=num_cpus, num_gpus=num_gpus, include_dashboard=False, log_to_driver=False,
                     _node_ip_address="127.0.0.1")
    res = ray.available_resources()
    cpus = int(num_cpus or res.get("CPU", 1))
    gpus = float(num_gpus or res.get("GPU", 0))
    n_actors = max(1, min(len(jobs), cpus))
    gpu_each = (gpus / n_actors) if gpus else 0
    threads = max(1, cpus // n_actors)
    level = logging.getLogger("align").getEffectiveLevel()

    @ray.remote(num_cpus=1, num_gpus=gpu_each)
    class PairWorker:
        def __init__(self) -> None:
            _init_worker(threads, level)

        def run(self, job: Any) -> dict[str, Any]:
            return _run_job(job, out, opts)

    idle = [PairWorker.remote() for _ in range(n_actors)]  # type: ignore[attr-defined]
    queue = list(jobs)
    running: dict[Any, tuple[Any, Any]] = {}
    while queue or running:
        while queue and idle:
            job, actor = queue.pop(0), idle.pop()
            running[actor.run.remote(job)] = (job, actor)
        ready, _ = ray.wait(list(running), num_returns=1)
        for ref in ready:
            job, actor = running.pop(ref)
            try:
                on_done(ray.get(ref))
                idle.append(actor)
            except Exception as exc:  # the actor died (out of memory, node lost): report the pair, replace it
                on_done({"id": job.pid, "status": "failed", "error": f"worker failed: {type(exc).__name__}: {exc}"})
                idle.append(PairWorker.remote())  # type: ignore[attr-defined]
