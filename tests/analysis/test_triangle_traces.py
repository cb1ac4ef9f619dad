"""Triangle counts of the balance ratio: the dense and sparse products agree with the traces
of the sign matrix's cube, on sparse and dense networks alike."""

from __future__ import annotations

import numpy as np
import pytest

from stancegraph.analysis import signed
from stancegraph.analysis.signed import SignedNetwork, triangle_traces


def _random(n: int, density: float, seed: int) -> SignedNetwork:
    rng = np.random.default_rng(seed)
    ids = [f"a{i}" for i in range(n)]
    edges = [(ids[i], ids[j], float(rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 2)))
             for i in range(n) for j in range(i + 1, n) if rng.random() < density]
    return SignedNetwork.from_edges(ids, edges)


def _traces(network: SignedNetwork) -> tuple[float, float]:
    m = np.sign(network.difference.toarray())
    return float(np.trace(m @ m @ m)), float(np.trace(np.abs(m) @ np.abs(m) @ np.abs(m)))


@pytest.mark.parametrize("density", [0.02, 0.2, 0.9])
@pytest.mark.parametrize("seed", [0, 1])
def test_the_traces_are_those_of_the_cube(density: float, seed: int) -> None:
    network = _random(120, density, seed)
    assert triangle_traces(network) == _traces(network)


def test_the_dense_and_sparse_products_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    network = _random(150, 0.5, 3)
    dense = triangle_traces(network)
    monkeypatch.setattr(signed, "DENSE_TRIANGLES_MAX", 0)  # the sparse product only
    assert triangle_traces(network) == dense == _traces(network)
