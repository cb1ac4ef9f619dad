"""The package type-checks under mypy --strict (configured in pyproject.toml)."""

from __future__ import annotations

from pathlib import Path

import pytest
from mypy import api

ROOT = Path(__file__).parents[1]


def test_mypy_strict_is_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out, err, code = api.run(["--no-incremental", "--config-file", str(ROOT / "pyproject.toml")])
    assert code == 0, out + err
