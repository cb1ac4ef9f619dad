"""DNA's networks (``sg.dna_network``) next to the plain numpy computation of the same matrix.

Run from the repository root::

    python benchmarks/dna_network.py                 # 100,000 and 1,000,000 statements
    python benchmarks/dna_network.py --sizes 10000 --out /tmp/dna_network.md

On seeded synthetic statements (500 organizations, 50 concepts, boolean agreement, dates over a
year in 365 documents), each computation is timed as the fastest of ``--repeat`` runs in one
process, from statements already read (:class:`stancegraph.DnaStatements`, as after
``sg.read_dna_statements``):

* ``dna_network(..., network_type="onemode", qualifier_aggregation="congruence")`` and the
  two-mode ``ignore`` network, with duplicates included and per document;
* the plain numpy computation of the same matrices: the labels coded with ``np.unique``, the
  organization x concept x agreement count array with ``np.add.at``, the one-mode congruence
  as ``einsum`` over it (no selection rules, no duplicates: the floor the rules add to).

Each result is checked equal to the baseline's (duplicates included). The report (machine,
table) is printed and written atomically to ``--out``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
from report import best, machine_section, write_atomically  # noqa: E402

from stancegraph.analysis import DnaStatements, dna_network  # noqa: E402

DEFAULT_OUT = HERE / "results" / "dna_network.md"
ORGANIZATIONS, CONCEPTS = 500, 50


def statements(n: int, seed: int = 0) -> DnaStatements:
    """``n`` seeded synthetic statements in DNA's shape."""
    rng = np.random.default_rng(seed)
    org = rng.integers(0, ORGANIZATIONS, n).tolist()
    concept = rng.integers(0, CONCEPTS, n).tolist()
    agreement = rng.integers(0, 2, n).tolist()
    day = rng.integers(0, 365, n).tolist()
    days = [dt.datetime(2020, 1, 1) + dt.timedelta(days=d) for d in range(365)]
    orgs = [f"Organization {i}" for i in range(ORGANIZATIONS)]
    concepts = [f"Concept {i}" for i in range(CONCEPTS)]
    empty = [""] * n
    return DnaStatements(
        ids=list(range(1, n + 1)), documents=[d + 1 for d in day], times=[days[d] for d in day],
        variables={"organization": [orgs[o] for o in org],
                   "concept": [concepts[c] for c in concept], "agreement": agreement},
        kinds={"organization": "short text", "concept": "short text", "agreement": "boolean"},
        document_fields={"author": empty, "source": empty, "section": empty, "type": empty,
                         "title": empty, "id": [str(d + 1) for d in day]},
        starts=[0] * n, stops=[1] * n, date_range=(days[0], days[-1]))


def baseline(table: DnaStatements) -> tuple[Any, Any, Any, Any]:
    """The plain numpy count array and its one-mode congruence and two-mode sums."""
    orgs, o = np.unique(np.asarray(table.variables["organization"], dtype=object),
                        return_inverse=True)
    concepts, c = np.unique(np.asarray(table.variables["concept"], dtype=object),
                            return_inverse=True)
    a = np.asarray(table.variables["agreement"], dtype=np.intp)
    counts = np.zeros((len(orgs), len(concepts), 2))
    np.add.at(counts, (o, c, a), 1.0)
    congruence = np.einsum("ijk,ljk->il", counts, counts)
    np.fill_diagonal(congruence, 0.0)
    return orgs, concepts, congruence, counts.sum(axis=2)


def run(n: int, repeat: int) -> dict[str, Any]:
    table = statements(n)
    (orgs, concepts, congruence, two_mode), s_base = best(repeat, lambda: baseline(
        statements_fresh(table)))
    one, s_one = best(repeat, lambda: dna_network(
        statements_fresh(table), network_type="onemode", qualifier_aggregation="congruence"))
    two, s_two = best(repeat, lambda: dna_network(statements_fresh(table)))
    _, s_doc = best(repeat, lambda: dna_network(
        statements_fresh(table), network_type="onemode", qualifier_aggregation="congruence",
        duplicates="document"))
    order = [one.row_labels.index(label) for label in orgs.tolist()]
    columns = [two.column_labels.index(label) for label in concepts.tolist()]
    same = bool(np.array_equal(one.matrix[np.ix_(order, order)], congruence)
                and np.array_equal(two.matrix[np.ix_(order, columns)], two_mode))
    row = {"n": n, "baseline": s_base, "onemode": s_one, "twomode": s_two, "document": s_doc,
           "same": same}
    print(f"dna_network {n}: {row}", file=sys.stderr, flush=True)
    return row


def statements_fresh(table: DnaStatements) -> DnaStatements:
    """The same statements without the codes a previous run cached on them."""
    return DnaStatements(table.ids, table.documents, table.times, table.variables, table.kinds,
                         table.document_fields, table.statement_type, table.starts,
                         table.stops, table.date_range)


def render(rows: Sequence[dict[str, Any]], command: str, seconds: float) -> str:
    lines = ["# DNA networks", "",
             f"Written by `{command}`; see its docstring for what is measured.", "",
             *machine_section(seconds),
             "## Seconds (fastest of the runs)", "",
             "| statements | numpy baseline | one-mode congruence | ratio | two-mode | "
             "one-mode, duplicates per document | equal to the baseline |",
             "|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        lines.append(f"| {r['n']:,} | {r['baseline']:.3f} | {r['onemode']:.3f} | "
                     f"{r['onemode'] / r['baseline']:.1f} | {r['twomode']:.3f} | "
                     f"{r['document']:.3f} | {'yes' if r['same'] else 'NO'} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    rows = [run(n, args.repeat) for n in args.sizes]
    command = "python benchmarks/dna_network.py" + (
        "" if args.sizes == [100_000, 1_000_000] else
        f" --sizes {' '.join(map(str, args.sizes))}")
    text = render(rows, command, time.perf_counter() - start)
    print(text)
    write_atomically(args.out, text)
    return 0 if all(r["same"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
