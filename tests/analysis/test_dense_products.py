"""Dense networks take their products with a dense copy of the tie matrix (signed._operator):
the same products, the same camps."""

from __future__ import annotations

import numpy as np
import pytest

import stancegraph.analysis.signed as signed
from stancegraph.analysis import SignedNetwork, frustration, spectral_partition
from stancegraph.analysis.spectral import sponge_embedding


def _dense_network(n: int, seed: int) -> SignedNetwork:
    rng = np.random.default_rng(seed)
    camp = rng.integers(0, 3, size=n)
    w = np.where(camp[:, None] == camp[None, :], 1.0, -1.0) * rng.uniform(0.5, 2, (n, n))
    w = np.triu(np.where(rng.random((n, n)) < 0.15, -w, w), 1)
    w = w + w.T
    return SignedNetwork([f"a{i}" for i in range(n)], np.clip(w, 0, None), np.clip(-w, 0, None))


@pytest.mark.parametrize("n", [40, 450])
def test_dense_and_sparse_products_agree(n: int, monkeypatch: pytest.MonkeyPatch) -> None:
    net = _dense_network(n, seed=n)
    m = np.random.default_rng(0).standard_normal((n, 3))
    dense_net, dense_tie = net.net_product(m), net.tie_product(m)
    assert isinstance(net._net_operator, np.ndarray)  # dense: all pairs tied
    monkeypatch.setattr(signed, "DENSE_SHARE", 2.0)  # never dense
    sparse = _dense_network(n, seed=n)
    assert np.allclose(sparse.net_product(m), dense_net)
    assert np.allclose(sparse.tie_product(m), dense_tie)
    assert not isinstance(sparse._net_operator, np.ndarray)


def test_a_dense_network_partitions_as_well_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    net = _dense_network(450, seed=3)
    dense = spectral_partition(net, 3)
    assert sponge_embedding(net, 2).shape == (450, 2)
    monkeypatch.setattr(signed, "DENSE_SHARE", 2.0)
    sparse_net = _dense_network(450, seed=3)
    sparse = spectral_partition(sparse_net, 3)
    assert frustration(net, dense) == pytest.approx(frustration(sparse_net, sparse), rel=0.02)
