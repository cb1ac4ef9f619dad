"""Names of a package imported from its submodules on first use (PEP 562).

``import stancegraph`` then costs pydantic, numpy and networkx, not scipy, rdflib, pyoxigraph,
pandas, pyarrow, sqlite3 or matplotlib: each of those is imported by the first call that needs
it. Type checkers see the names through the package's ``if TYPE_CHECKING:`` imports.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def attach(package: str, names: Mapping[str, Iterable[str]], *, eager: Iterable[str] = (),
           modules: Iterable[str] = ()) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``: each name of ``names[submodule]`` is taken
    from ``package.submodule`` when first asked for (and then kept in the package), and each
    of ``modules`` is the submodule itself. ``eager`` lists the names already defined."""
    where = {name: module for module, found in names.items() for name in found}
    lazy_modules = set(modules)
    listed = sorted({*where, *lazy_modules, *eager})

    def __getattr__(name: str) -> Any:
        if name in where:
            value = getattr(importlib.import_module(f"{package}.{where[name]}"), name)
        elif name in lazy_modules:
            value = importlib.import_module(f"{package}.{name}")
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        importlib.import_module(package).__dict__[name] = value
        return value

    def __dir__() -> list[str]:
        return listed

    return __getattr__, __dir__
