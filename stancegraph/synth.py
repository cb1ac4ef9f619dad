"""Seeded synthetic debates with planted camps, for benchmarks and tests at any size.

``actors`` states fall into ``camps`` camps; every camp leans for or against every target.
Each stance is a random actor's stance on a target drawn with Zipf-like popularity (or
uniformly, ``popularity="uniform"``), in its camp's direction except with probability ``noise``; a stance against is skeptical rather than
opposed with probability ``skeptical``; each has a confidence in [0.5, 1], a date in 2023 and
one of ``sources`` documents. The same arguments give the same debate.

>>> g = synthetic_debate(200, actors=30, targets=10, camps=2, seed=1)
>>> len(g.stances), len(g.actors), len(g.positions)
(200, 30, 10)
>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "debate.csv"
>>> write_synthetic_debate(path, 200, actors=30, targets=10, camps=2, seed=1)
>>> list(sg.load(path).stances) == list(g.stances)
True
>>> camps = planted_camps(actors=30, camps=2, seed=1)
>>> sorted(set(camps.values())), len(camps)
([0, 1], 30)
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Literal

import numpy as np
import numpy.typing as npt

from ._stance_rows import StanceRows
from .graph import StanceGraph
from .model import STANCE_RELATIONS, PolicyOption, Source, State

__all__ = ["Popularity", "planted_camps", "synthetic_debate", "write_synthetic_debate"]

#: How targets are drawn: Zipf-like (target ``t{i}`` with weight ``1 / (i + 1) ** 0.8``), or
#: uniformly.
Popularity = Literal["zipf", "uniform"]


def _camp_of_each_actor(rng: np.random.Generator, actors: int,
                        camps: int) -> npt.NDArray[np.int64]:
    return rng.integers(0, camps, size=actors)


def planted_camps(*, actors: int, camps: int = 3, seed: int = 0) -> dict[str, int]:
    """Actor id -> the camp :func:`synthetic_debate` planted it in (same arguments)."""
    camp = _camp_of_each_actor(np.random.default_rng(seed), actors, camps)
    return {f"a{i}": int(c) for i, c in enumerate(camp)}


def synthetic_debate(stances: int, *, actors: int, targets: int, sources: int = 1000,
                     camps: int = 3, noise: float = 0.2, skeptical: float = 0.2,
                     seed: int = 0, popularity: Popularity = "zipf") -> StanceGraph:
    """A seeded synthetic debate: actors ``a0``…, targets ``t0``…, documents ``doc0``…,
    stances ``s0``… (see the module docstring).

    ``popularity="zipf"`` (default) draws targets with Zipf-like popularity, so a few
    targets draw most stances; ``"uniform"`` draws every target equally often.
    """
    if popularity not in ("zipf", "uniform"):
        raise ValueError(f"unknown popularity {popularity!r} (expected 'zipf' or 'uniform')")
    if min(stances, actors, targets, sources, camps) < 1 or actors < 2:
        raise ValueError("a synthetic debate needs at least one stance, target, source and "
                         "camp, and two actors")
    rng = np.random.default_rng(seed)
    camp = _camp_of_each_actor(rng, actors, camps)
    leaning = rng.choice([-1, 1], size=(camps, targets))
    holder = rng.integers(0, actors, size=stances)
    if popularity == "zipf":
        weight = 1.0 / np.arange(1, targets + 1) ** 0.8
        target = rng.choice(targets, size=stances, p=weight / weight.sum())
    else:
        target = rng.integers(0, targets, size=stances)
    sign = leaning[camp[holder], target] * np.where(rng.random(stances) < 1 - noise, 1, -1)
    relation = np.where(sign > 0, 0, np.where(rng.random(stances) < skeptical, 2, 1))
    confidence = np.round(rng.uniform(0.5, 1.0, size=stances), 2)
    source = rng.integers(0, sources, size=stances)
    day = rng.integers(0, 365, size=stances)

    days = [dt.date(2023, 1, 1) + dt.timedelta(days=d) for d in range(365)]
    actor_ids = [f"a{i}" for i in range(actors)]
    target_ids = [f"t{i}" for i in range(targets)]
    source_ids = [f"doc{i}" for i in range(sources)]
    g = StanceGraph()
    g.add_all(sources=[Source(id=id, title=f"Document {id[3:]}") for id in source_ids],
              actors=[State(id=id, name=f"Actor {id[1:]}") for id in actor_ids],
              positions=[PolicyOption(id=id, name=f"Target {id[1:]}") for id in target_ids])
    nothing: list[str | None] = [None] * stances
    rows = StanceRows(
        id=[f"s{i}" for i in range(stances)],
        holder=[actor_ids[h] for h in holder.tolist()],
        relation=[STANCE_RELATIONS[r] for r in relation.tolist()],
        target=[target_ids[t] for t in target.tolist()],
        date=[days[d] for d in day.tolist()],
        confidence=confidence.tolist(),
        source=[source_ids[s] for s in source.tolist()],
        speaker=nothing, quote=nothing, attribution=nothing)
    g.add_stance_rows(rows)  # every synthetic stance is valid: an error here is a bug
    return g


def write_synthetic_debate(path: str | os.PathLike[str], stances: int, *, actors: int,
                           targets: int, sources: int = 1000, camps: int = 3,
                           noise: float = 0.2, skeptical: float = 0.2, seed: int = 0,
                           popularity: Popularity = "zipf", format: str | None = None) -> None:
    """Write :func:`synthetic_debate` (same arguments) as a statement table, atomically.

    The format (``csv``, ``tsv``, ``jsonl`` or ``parquet``) comes from ``format`` or the
    file name's suffix. ``sg.load(path)`` reads back the generated graph's stances, actors and
    targets; of its sources, only those some stance cites (a table has no row for the rest).
    """
    from .io.tables import write_statements  # io sits above the graph layer

    g = synthetic_debate(stances, actors=actors, targets=targets, sources=sources, camps=camps,
                         noise=noise, skeptical=skeptical, seed=seed, popularity=popularity)
    write_statements(g, path, format=format)
