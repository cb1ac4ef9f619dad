"""The ``stancegraph`` command line: a thin layer over the library's public functions.

Every command reads a data file, prints text for people or JSON for scripts (``--format json``,
a documented interface: see ``docs/cli.md``), and exits 0 on success and 1 on bad input, with
the error on one line of stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import textwrap
import warnings
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from . import __version__
from .errors import (
    BadRowsError,
    StanceGraphError,
    StanceGraphWarning,
    UnknownFormatError,
)
from .graph import StanceGraph
from .io import dumps, load, save, to_records
from .io._files import atomic_write_bytes
from .io.formats import FORMATS
from .model import ACTOR_TYPES, POSITION_TYPES, data_file_schema
from .options import ACTOR_TARGETS, BROADER, ENGINES, LEVELS, METHODS
from .progress import show_progress
from .queries import EffectiveStance, as_of, effective_stances, stance_date

# The analysis (scipy), the drawings (matplotlib) and the SPARQL store and SHACL (rdflib) are
# imported by the commands that use them: `stancegraph validate` on a YAML file needs none.
if TYPE_CHECKING:
    from .analysis import CoalitionResult, Divide, Stand
    from .io import SparqlStore, StatementTables

__all__ = ["main", "terminal_safe"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    Exit codes: 0 success, 1 invalid input (one line on stderr), 2 wrong usage, 70 a bug in
    stancegraph (one line on stderr; ``STANCEGRAPH_TRACEBACK=1`` shows the traceback), 130
    interrupted (Ctrl-C). No traceback is printed otherwise.
    """
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("stancegraph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (stancegraph show FILE | head)
        _quiet_stdout()
        return 1
    except Exception as err:
        if os.environ.get("STANCEGRAPH_TRACEBACK"):
            raise
        print(f"stancegraph: internal error (please report it): {type(err).__name__}: "
              f"{terminal_safe(_without_userinfo(_one_line(err)))}", file=sys.stderr)
        return 70


# ``scheme://user:password@`` in any text: the part a message must never show.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)\S*@")


def _without_userinfo(text: str) -> str:
    """``text`` with the credentials of any URL in it removed (a last line of defence: the
    store's own messages never carry them)."""
    return _USERINFO.sub(r"\1", text)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    # progress bars on standard error, for people at a terminal; never in pipes or logs
    show_progress(not args.quiet and sys.stderr.isatty())
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", StanceGraphWarning)
            output = args.run(args)
        for warning in caught:  # what an import skipped: one line each, on stderr
            if issubclass(warning.category, StanceGraphWarning):
                print(f"stancegraph: warning: {terminal_safe(_one_line(str(warning.message)))}",
                      file=sys.stderr)
            else:
                warnings.showwarning(warning.message, warning.category, warning.filename,
                                     warning.lineno)
    except _Usage as err:
        print(f"stancegraph {args.command}: error: {terminal_safe(str(err))}\n"
              f"(see: stancegraph {args.command} --help)", file=sys.stderr)
        return 2
    except _Failed as failed:  # a full report of what is wrong, on stdout
        sys.stdout.write(terminal_safe(failed.output))
        return 1
    except BadRowsError as err:  # every bad row, one per line
        print(f"stancegraph: error: {terminal_safe(str(err))}", file=sys.stderr)
        return 1
    except (StanceGraphError, OSError) as err:
        print(f"stancegraph: error: {terminal_safe(_one_line(err))}", file=sys.stderr)
        return 1
    # Text for people is made safe for a terminal; JSON escapes what it must, and data written
    # to stdout (export, pull) is written as it is.
    sys.stdout.write(terminal_safe(output) if getattr(args, "format", None) == "text"
                     else output)
    return 0


# Characters a terminal acts on rather than shows: C0 and C1 controls (escape sequences can
# rewrite the screen, the title or the clipboard), and the bidirectional overrides that make
# text read differently from what it holds. Tabs and line ends stay.
_UNSHOWABLE = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7f, 0xa0))
               if chr(c) not in "\t\n"}
_UNSHOWABLE.update({c: f"\\u{c:04x}" for c in (0x061c, 0x200e, 0x200f, *range(0x202a, 0x202f),
                                                *range(0x2066, 0x206a))})


def terminal_safe(text: str) -> str:
    """``text`` with the characters a terminal would act on written as escapes.

    >>> terminal_safe("Quote \x1b]0;pwned\x07 ends")
    'Quote \\\\x1b]0;pwned\\\\x07 ends'
    """
    return text.translate(_UNSHOWABLE)


class _Usage(Exception):
    """Wrong usage found after parsing (options that do not go together): exit 2, as argparse
    does for the usage it checks itself."""


class _Failed(Exception):
    """A command that ran but found the input wanting (SHACL violations): exit 1."""

    def __init__(self, output: str) -> None:
        super().__init__(output)
        self.output = output


def _one_line(err: BaseException | str) -> str:
    """The error on one line; one with others (every bad record of a file) one line each."""
    if isinstance(err, OSError) and err.filename is not None:
        return f"{err.filename}: {err.strerror}"
    if isinstance(err, StanceGraphError) and err.others:
        return "\n  ".join(" ".join(line.split()) for line in err.lines())
    return " ".join(str(err).split())


# -- commands ---------------------------------------------------------------------------------
def _validate(args: argparse.Namespace) -> str:
    g = load(args.file)
    report = None
    if args.shacl:  # rdflib and pyshacl only when asked
        from .io import validate_rdf

        report = validate_rdf(args.file)
    if args.format == "json":
        data: dict[str, Any] = {"file": args.file, "valid": True, "counts": g.counts()}
        if report is not None:
            data["valid"] = report.conforms
            data["shacl"] = {"conforms": report.conforms,
                             "violations": [vars(v) for v in report.violations]}
        output = _json(data)
    else:
        counts = ", ".join(f"{n} {kind}" for kind, n in g.counts().items())
        output = f"{args.file}: valid ({counts})\n"
        if report is not None:
            output = f"{args.file}: {report}\n" if not report.conforms else \
                output.rstrip("\n") + "; conforms to the SHACL shapes\n"
    if report is not None and not report.conforms:
        raise _Failed(output)
    return output


#: ``-f`` takes every format the library writes, by its name or its usual suffix.
_EXPORT_ALIASES = {"ttl": "turtle", "nt": "ntriples", "xml": "rdfxml", "rdf": "rdfxml",
                   "nq": "nquads", "yml": "yaml", "ndjson": "jsonl", "tab": "tsv"}


def _export(args: argparse.Namespace) -> str:
    from .io import format_for

    name = _EXPORT_ALIASES.get(args.to, args.to) if args.to else None
    if args.output is not None:
        # the name says the format, or -f does; a suffix that names another format is refused
        fmt = format_for(args.output, name)
        if name is not None:
            _check_suffix(args.output, name)
    else:
        fmt = format_for(format=name or "turtle")
    for given, flag in ((args.base, "--base"), (args.derived, "--derived")):
        if given and fmt.family != "rdf":
            raise _Usage(f"{flag} applies to RDF formats, not to {fmt.name}")
    g = load(args.file)
    options: dict[str, Any] = {"base": args.base} if args.base else {}
    if args.derived:
        options["derived"] = True
    if args.output is None:
        if fmt.binary:
            raise _Usage(f"{fmt.name} is binary: write it to a file with -o OUT")
        return dumps(g, format=fmt.name, **options)
    save(g, args.output, format=fmt.name, **options)
    done = f"{args.output}: {fmt.name}, {g.counts()['stances']} stances\n"
    if fmt.family == "table":
        from .io.tables.convert import companions, table_losses

        if table_losses(g):  # what the table cannot hold was written beside it
            graph, mapping = companions(args.output)
            done += (f"  and beside it {graph.name} (what a table cannot hold) and "
                     f"{mapping.name}: read it back with --mapping {mapping}\n")
    return done


def _check_suffix(output: str, name: str) -> None:
    """Refuse ``-o x.csv -f turtle``: a file whose suffix names another format than ``-f``."""
    from .io import format_for

    try:
        by_suffix = format_for(output)
    except UnknownFormatError:  # a suffix of no format (.txt, none): -f decides
        return
    if by_suffix.name != name:
        raise _Usage(f"-f {name} disagrees with the file name {output!r}, which is "
                     f"{by_suffix.name}: drop -f, or name the file {Path(output).stem}"
                     f"{format_for(format=name).suffixes[0]}")


def _import(args: argparse.Namespace) -> str:
    from .io.tables import import_table

    if args.mapping is None:
        from .io.tables.convert import companion_mapping

        beside = companion_mapping(args.table)
        if beside is not None:  # never read unless named: a table may come with any file
            print(f"stancegraph: note: {beside} was written beside {args.table} by stancegraph: "
                  f"add --mapping {beside} to read back what the table cannot hold",
                  file=sys.stderr)
    report = import_table(args.table, args.output, mapping=args.mapping,
                          on_error=args.on_error, format=args.table_format)
    return _json(report.to_dict()) if args.format == "json" else str(report).rstrip() + "\n"


def _sparql(args: argparse.Namespace) -> str:
    from .errors import ParseError
    from .io.rdf.sparql import MAX_QUERY_CHARS

    g = load(args.file)
    name = "<stdin>" if args.query == "-" else args.query
    if args.query == "-":
        stream = getattr(sys.stdin, "buffer", None)
        raw: bytes | str = (stream.read(4 * MAX_QUERY_CHARS + 1) if stream is not None
                            else sys.stdin.read(MAX_QUERY_CHARS + 1))
    else:
        with open(args.query, "rb") as file:
            raw = file.read(4 * MAX_QUERY_CHARS + 1)
    if len(raw) > 4 * MAX_QUERY_CHARS:
        raise ParseError(f"the query is longer than {MAX_QUERY_CHARS:,} characters", file=name,
                         expected="a shorter query")
    try:
        query = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as err:
        raise ParseError(f"the query is not UTF-8 text (byte {err.start + 1})", file=name,
                         expected="a SPARQL query in UTF-8") from None
    try:
        result = g.sparql(query, timeout=args.timeout or None, derived=args.derived)
    except StanceGraphError as err:
        raise err.located(file=name) from None
    if args.format == "json":
        return _json({"kind": result.kind, "variables": list(result.variables),
                      "boolean": result.boolean, "rows": [
                          {k: (v.isoformat() if isinstance(v, dt.date) else v)
                           for k, v in row.items()} for row in result.rows]})
    if result.kind == "ask":
        return f"{'yes' if result.boolean else 'no'}\n"
    if not result.rows:
        return "no results\n"
    columns = list(result.variables)
    table = [[_cell(row.get(c)) for c in columns] for row in result.rows]
    widths = [max(len(c), *(len(r[i]) for r in table)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip()
              for r in table]
    return "\n".join(lines) + "\n"


_SHORT = (("https://w3id.org/stancegraph/data/", "data:"),
          ("https://w3id.org/stancegraph/ns#", "sg:"))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    for long, short in _SHORT:  # the text table abbreviates; --format json keeps full IRIs
        if text.startswith(long):
            return short + text[len(long):]
    return text


def _show(args: argparse.Namespace) -> str:
    g = load(args.file)
    if args.as_of is not None:
        g = as_of(g, args.as_of)
    if args.format == "json":
        return _json(to_records(g, full=True, json=True))
    name = args.file + (f" as of {args.as_of.isoformat()}" if args.as_of else "")
    return _summary(name, g)


def _stances(args: argparse.Namespace) -> str:
    if args.engine is not None:
        with _tables(args) as tables:  # only the rows that can count for the actor
            g = tables.stances(holders=None if args.actor is None else [args.actor])
    else:
        g = _store(args).pull() if args.store else _load_file(args)
    gone: dict[str, str] = {}  # stance id -> why it no longer counts (--all)
    if args.all:
        shown = g if args.as_of is None else _said_by(g, args.as_of)
        current = as_of(shown, args.as_of) if args.as_of is not None else None
        for s in shown.stances:
            if current is not None and s.id in current:
                continue  # retracted or superseded only later: it counted on that day
            if s.retracted:
                gone[s.id or ""] = "retracted" + (f" on {s.retracted_on}" if s.retracted_on else "")
            elif s.superseded_by:
                gone[s.id or ""] = f"superseded by {s.superseded_by}"
        g = shown
    elif args.as_of is not None:
        g = as_of(g, args.as_of)
    found = effective_stances(g, holder=args.actor, target=args.target,
                              include_retracted=args.all)
    if args.relation is not None:
        found = [e for e in found if e.relation == args.relation]
    if args.stated:
        found = [e for e in found if not e.derived]

    def order(e: EffectiveStance) -> tuple[Any, ...]:
        date = stance_date(g, e.stance)
        return (date is None, date or dt.date.min, e.holder, e.target, e.stance.id, e.path)

    found.sort(key=order)
    if args.format == "json":
        return _json([_stance_record(e, gone if args.all else None) for e in found])
    return "".join(_stance_line(g, e, gone.get(e.stance.id or "")) for e in found) or \
        "no stances match\n"


def _said_by(g: StanceGraph, day: dt.date) -> StanceGraph:
    """The stances of ``g`` said on or before ``day`` (undated ones too), retracted or not,
    with the relations that hold that day."""
    from .queries import relation_holds

    rows = [i for i, s in enumerate(g.stances)
            if (date := stance_date(g, s)) is None or date <= day]
    relations = [r for r in g.relations.values() if relation_holds(r, day)]
    return g.restricted(rows, relations=relations)


def _coalitions(args: argparse.Namespace) -> str:
    from .analysis import coalitions

    options = {"level": args.level, "method": args.method, "k": args.k, "as_of": args.as_of,
               "seed": args.seed, "broader": args.broader, "actor_targets": args.actor_targets}
    if args.engine is not None:  # summed by the engine: the rows never reach Python
        with _tables(args) as tables:
            result = tables.coalitions(**options)
            g, name = tables.vocabulary().skeleton, args.file
    elif args.store:  # summed inside the store: the statements never leave it
        store = _store(args)
        result = store.coalitions(**options)
        g, name = StanceGraph(), store.describe()  # no names: actors are shown by id
    else:
        g, name = _load_file(args), args.file
        result = coalitions(g, **options)
    if args.format == "json":
        return _json(result.to_dict())
    return _coalitions_text(name, g, result)


def _network(args: argparse.Namespace) -> str:
    from .io.dna import dna_network, write_dna_network

    excluded: dict[str, list[str]] = {}
    for pair in args.exclude or ():
        variable, _, value = pair.partition("=")
        excluded.setdefault(variable, []).append(value)
    # a .dna file is read as DNA holds it; any other data file as a graph's stances
    source = args.file if str(args.file).lower().endswith(".dna") else load(args.file)
    network = dna_network(
        source, statement_type=args.statement_type, network_type=args.network_type,
        variable1=args.variable1, variable1_document=args.variable1_document,
        variable2=args.variable2, variable2_document=args.variable2_document,
        qualifier=None if args.qualifier == "none" else args.qualifier,
        qualifier_document=args.qualifier_document,
        qualifier_aggregation=args.qualifier_aggregation, normalization=args.normalization,
        isolates=args.isolates, duplicates=args.duplicates, weeks=args.weeks,
        start=args.start, stop=args.stop, exclude_values=excluded,
        invert_values=args.invert_values,
        **{f"{kind}_{field}": getattr(args, f"{kind}_{field}")
           for kind in ("exclude", "invert")
           for field in ("authors", "sources", "sections", "types")})
    if args.output:
        write_dna_network(network, args.output)
    if args.format == "json":
        return _json(network.to_dict())
    rows, columns = network.matrix.shape
    head = (f"{args.file}: {network.network_type} network of {network.num_statements} "
            f"statements, {rows} x {columns}"
            + (f" -> {args.output}" if args.output else "") + "\n")
    if args.output:
        return head
    from .io.dna.export import dna_network_text

    return head + dna_network_text(network, "csv") + "\n"


def _push(args: argparse.Namespace) -> str:
    g = load(args.file)
    store = _store(args)
    triples = store.push(g, derived=args.derived)
    return f"{args.file} -> {store.describe()} graph <{store.graph}>: {triples:,} triples\n"


def _pull(args: argparse.Namespace) -> str:
    store = _store(args)
    g = store.pull()
    save(g, args.output)
    return (f"{store.describe()} graph <{store.graph}> -> {args.output}: "
            f"{g.counts()['stances']} stances\n")


def _store(args: argparse.Namespace) -> SparqlStore:
    """The store the --store, --update and --graph options name (credentials from the
    environment: docs/store.md). It is shown only as ``store.describe()``: without them."""
    from .io import SparqlStore

    return SparqlStore(args.store, update_url=args.update, graph=args.graph)


def _tables(args: argparse.Namespace) -> StatementTables:
    """The dataset FILE names (a file, a glob or a directory), on the engine --engine names,
    read with --mapping."""
    from .io import StatementTables

    if args.store:
        raise _Usage("--engine reads FILE (a statement dataset), not a --store")
    return StatementTables(_file(args), engine=args.engine, mapping=args.mapping)


def _load_file(args: argparse.Namespace) -> StanceGraph:
    """FILE, read with --mapping when it is a statement table."""
    if getattr(args, "mapping", None) is None:
        return load(_file(args))
    from .io import read_statements

    return read_statements(_file(args), mapping=args.mapping)


def _file(args: argparse.Namespace) -> str:
    if args.file is None:
        raise _Usage("no data file given: expected FILE, or --store QUERY_URL")
    return str(args.file)


Picture = Literal["png", "svg", "pdf"]
_PICTURES: tuple[Picture, ...] = ("png", "svg", "pdf")
_KINDS = ("coalitions", "stances", "matrix", "timeline", "explore")


def _draw(args: argparse.Namespace) -> str:
    suffix = Path(args.output).suffix.lower().lstrip(".")
    if suffix in ("html", "htm") or args.kind == "explore":
        return _explore(args, suffix)
    if suffix not in _PICTURES:
        raise UnknownFormatError("cannot draw to this file type", id=args.output,
                                 expected="a file name ending in " + ", ".join(
                                     f".{p}" for p in (*_PICTURES, "html")))
    if args.days is not None:
        raise _Usage("--days applies to the explorer page: name the file OUT.html")
    if args.kind != "timeline" and (args.actor or args.target):
        raise _Usage(f"--actor and --target apply to timelines, not to --kind {args.kind}")
    if args.kind != "timeline" and (args.rows != 30 or args.page != 1):
        raise _Usage(f"--rows and --page apply to timelines, not to --kind {args.kind}")
    if args.kind == "timeline" and args.as_of is not None:
        raise _Usage("--as-of does not apply to a timeline, which shows every day "
                     "(--kind coalitions, stances or matrix take it)")
    if args.kind == "timeline" and (args.k is not None or args.method != "auto"):
        raise _Usage("--k and --method do not apply to a timeline, which has no camps "
                     "(--kind coalitions, stances or matrix take them)")
    from .draw import coalition_graph, render, stance_map, stance_matrix, timeline

    g = load(args.file)
    if args.kind == "coalitions":
        ax = coalition_graph(g, level=args.level, seed=args.seed, as_of=args.as_of, k=args.k,
                                 method=args.method)
    elif args.kind == "stances":
        ax = stance_map(g, level=args.level, seed=args.seed, as_of=args.as_of, k=args.k,
                            method=args.method)
    elif args.kind == "matrix":
        ax = stance_matrix(g, level=args.level, seed=args.seed, as_of=args.as_of, k=args.k,
                               method=args.method)
    else:
        ax = timeline(g, actors=args.actor, targets=args.target, max_rows=args.rows or None,
                      page=args.page)
    atomic_write_bytes(args.output, render(ax, suffix))
    return f"{args.output}: {args.kind}, {suffix}\n"


def _explore(args: argparse.Namespace, suffix: str) -> str:
    """``draw -o debate.html`` (or ``--kind explore``): the explorer page."""
    if suffix not in ("html", "htm"):
        raise _Usage(f"--kind explore writes a web page: name the file "
                     f"{Path(args.output).stem}.html")
    if args.kind not in ("coalitions", "explore"):
        raise _Usage(f"an .html file is the explorer page, not --kind {args.kind}")
    if args.actor or args.target or args.rows != 30 or args.page != 1:
        raise _Usage("--actor, --target, --rows and --page apply to timelines, not to the "
                     "explorer page")
    from .draw import explore
    from .draw.explore import MAX_DAYS

    page = explore(load(args.file), level=args.level, seed=args.seed, as_of=args.as_of,
                   k=args.k, method=args.method,
                   days=MAX_DAYS if args.days is None else args.days)
    page.save(args.output)
    return f"{args.output}: explore, html\n"


def _schema(args: argparse.Namespace) -> str:
    return _json(data_file_schema())


# -- output -----------------------------------------------------------------------------------
def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _stance_record(e: EffectiveStance, gone: dict[str, str] | None = None) -> dict[str, Any]:
    """One stance as ``stances --format json`` gives it; with ``--all`` (``gone`` given) also
    ``counts``: whether it still counts (on the ``--as-of`` day), and ``why_not``."""
    record: dict[str, Any] = e.stance.model_dump(mode="json", by_alias=True)
    record["holder"] = e.holder
    record["conditions"] = list(record["conditions"])
    record["except"] = list(record["except"])
    record["derived_from"] = None if not e.derived else {
        "stance": e.stance.id,
        "holder": e.stance.holder,
        "path": list(e.path),
        "via": list(e.via),
    }
    if gone is not None:
        why = gone.get(e.stance.id or "")
        record["counts"] = why is None
        record["why_not"] = why
    return record


def _stance_line(g: StanceGraph, e: EffectiveStance, gone: str | None = None) -> str:
    date = stance_date(g, e.stance)
    s = e.stance
    flags = [gone] if gone else []
    parts = [
        f"{date.isoformat() if date else '----------'}  {e.holder} {e.relation} {e.target}",
    ]
    if e.derived:
        steps = " ".join(f"-{via}-> {actor}" for via, actor in zip(e.via, e.path[1:], strict=True))
        parts.append(f"    via {e.path[0]} {steps}")
    details = [f"{k}: {v}" for k, v in (("speaker", s.speaker), ("attribution", s.attribution),
                                        ("confidence", s.confidence), ("source", s.source))
               if v is not None]
    if s.conditions:
        details.append(f"if: {'; '.join(s.conditions)}")
    if s.except_:
        details.append(f"except: {', '.join(s.except_)}")
    details += flags
    if details:
        parts.append(f"    {' · '.join(details)}")
    if s.quote:
        parts.append(f"    “{_shorten(s.quote, 160)}”")
    return "\n".join(parts) + "\n"


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


#: The text output of ``coalitions`` shows each camp's most distinctive stands: this many, and
#: those as distinctive as the last of them, up to ``_MOST_STANDS`` (the JSON lists them all).
_STANDS = 8
_MOST_STANDS = 12


def _shown_stands(stands: tuple[Stand, ...]) -> tuple[Stand, ...]:
    shown = stands[:_STANDS]
    for stand in stands[_STANDS:_MOST_STANDS]:
        if stand.distinctiveness < shown[-1].distinctiveness:
            break
        shown += (stand,)
    return shown


def _stand_text(stand: Stand, target: str, size: int, via: tuple[str, ...] = ()) -> str:
    """``skeptical of X (5 of 7)``; a mix of opposition and skepticism says how many doubt
    only, a stand held only through narrower positions names them (``via``, their names),
    and a stand every camp shares says so."""
    count = round(stand.share * size)  # members lists at most 50
    mix = ""
    if stand.skeptical and stand.relation == "opposes":
        mix = f", {stand.skeptical} of them only skeptical"
    elif stand.skeptical is not None and stand.relation == "skeptical-of" \
            and stand.skeptical < count:
        mix = f", {count - stand.skeptical} of them opposed"
    shared = " (all camps)" if stand.shared else ""
    through = f" (via {', '.join(via)})" if via else ""
    return f"{stand.phrase} {target}{through} ({count} of {size}{mix}){shared}"


def _divide_text(divide: Divide, target: str) -> str:
    """``skeptical of X vs supports X (score 0.36)``: each camp's relation as stated, indented
    and wrapped for the list of divides."""
    a, b = divide.phrases
    return textwrap.fill(f"{a} {target} vs {b} {target} (score {divide.score:.2f})", width=100,
                         initial_indent="    ", subsequent_indent="      ")


def _coalitions_text(file: str, g: StanceGraph, result: CoalitionResult) -> str:
    def name(id: str) -> str:
        node = g.nodes.get(id)
        return getattr(node, "name", id) if node is not None else id

    status = result.method
    if result.optimal is not None:
        status += ", optimal" if result.optimal else f", gap {result.gap:.1%}"
    lines = [f"{file}: {len(result.coalitions)} coalitions at {result.level} level "
             f"({status}); frustration {result.frustration:g}, "
             f"polarisation {result.polarisation:.2f}", ""]
    for i, camp in enumerate(result.coalitions, start=1):
        cohesion = "" if camp.cohesion is None else f", cohesion {camp.cohesion:.2f}"
        lines.append(textwrap.fill(
            f"Coalition {i} ({len(camp.members)}{cohesion}): "
            + "; ".join(name(m) for m in camp.members),
            width=100, subsequent_indent="    "))
        if camp.unites:
            lines.append("  united in:" if len(camp.members) > 1 else "  stands for:")
        for stand in _shown_stands(camp.unites):
            text = _stand_text(stand, name(stand.target), len(camp.members),
                               tuple(name(v) for v in stand.via))
            lines.append(textwrap.fill(text, width=100, initial_indent="    ",
                                       subsequent_indent="      "))
            if stand.evidence and stand.evidence[0]["quote"]:
                lines.append(f"      “{_shorten(stand.evidence[0]['quote'], 110)}”")
        lines.append("")
    if result.divides:
        lines.append("What divides them:")
        for a, b, divides in result.divides:
            lines.append(f"  coalition {a + 1} vs {b + 1}:")
            for d in divides[:6]:
                lines.append(_divide_text(d, name(d.target)))
        lines.append("")
    if result.unaligned:
        lines.append(textwrap.fill("Unaligned (no signed ties): "
                                   + "; ".join(name(a) for a in result.unaligned),
                                   width=100, subsequent_indent="    "))
    return "\n".join(lines).rstrip() + "\n"


def _summary(file: str, g: StanceGraph) -> str:
    counts = g.counts()
    lines = [file, "  " + " · ".join(f"{n} {kind}" for kind, n in counts.items()), ""]
    for title, kinds, nodes in (("Actors", ACTOR_TYPES, g.actors),
                                ("Positions", POSITION_TYPES, g.positions)):
        lines.append(title)
        for kind in kinds:
            names = sorted(getattr(n, "name", n.id) for n in nodes.values() if n.type == kind)
            if names:
                lines.append(textwrap.fill(f"{kind} ({len(names)}): {'; '.join(names)}",
                                           width=100, initial_indent="  ",
                                           subsequent_indent="      "))
    stances = list(g.stances)
    relations = Counter(s.relation for s in stances)
    retracted = sum(1 for s in stances if s.retracted or s.superseded_by)
    lines += ["", "Stances: " + ", ".join(f"{n} {r}" for r, n in relations.most_common())
              + (f" ({retracted} retracted or superseded)" if retracted else "")]
    per_target: dict[str, Counter[str]] = {}
    for s in stances:
        per_target.setdefault(s.target, Counter())[s.relation] += 1
    contested = sorted(per_target.items(),
                       key=lambda item: (-min(item[1]["supports"],
                                              item[1]["opposes"] + item[1]["skeptical-of"]),
                                         -sum(item[1].values()), item[0]))
    lines.append("Most contested targets (supports / opposes / skeptical-of):")
    for target, c in contested[:8]:
        lines.append(f"  {target}: {c['supports']} / {c['opposes']} / {c['skeptical-of']}")
    return "\n".join(lines) + "\n"


# -- parser -----------------------------------------------------------------------------------
_DERIVED = ("RDF: also the stances rolled up to the actors they count for (sg:DerivedStance, "
            "with prov:wasDerivedFrom the statement; docs/rdf.md), so that a query for the "
            "states that oppose X finds their leaders' and blocs' statements")

def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stancegraph",
        description="Who stands where in a political debate: read, check and query stance graphs.",
        epilog="example: stancegraph show examples/nato_2022.yaml",
    )
    parser.add_argument("--version", action="version", version=f"stancegraph {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str, example: str, run: Any,
                aliases: Sequence[str] = ()) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help, aliases=list(aliases),
                                  epilog=f"example: {example}",
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
        sub.set_defaults(run=run)
        sub.add_argument("-q", "--quiet", action="store_true",
                         help="no progress bars (shown on a terminal only, for steps that "
                              "take over a second)")
        return sub

    def with_store(sub: argparse.ArgumentParser, *, required: bool = False) -> None:
        sub.add_argument("--store", metavar="QUERY_URL", required=required,
                         help="a SPARQL 1.1 query endpoint (Oxigraph: http://HOST:PORT/query)"
                              + ("" if required else ", read instead of FILE"))
        sub.add_argument("--update", metavar="UPDATE_URL",
                         help="its update endpoint where it differs (Oxigraph: /update)")
        sub.add_argument("--graph", metavar="IRI", help="the named graph (default: "
                         "https://w3id.org/stancegraph/graph/default)")

    def with_engine(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--engine", choices=ENGINES,
                         help="aggregate FILE -- a statement table, a glob such as "
                              "'statements/*.parquet' or a directory of them -- in DuckDB or "
                              "Spark, for datasets larger than memory (docs/scale.md)")
        sub.add_argument("--mapping", metavar="MAPPING",
                         help="the mapping file of a statement table (docs/tables.md)")

    def with_file(sub: argparse.ArgumentParser, *, optional: bool = False) -> None:
        sub.add_argument("file", metavar="FILE", nargs="?" if optional else None,
                         help="a data file (.yaml, .json, RDF: .ttl, .nt, ..., a statement "
                              "table: .csv, .parquet, ..., or a DNA database: .dna)")
        sub.add_argument("--format", choices=("text", "json"), default="text",
                         help="text for people (default) or json for scripts")

    validate = command("validate", "Check a data file; report the first error with its line.",
                       "stancegraph validate examples/nato_2022.yaml --shacl", _validate)
    with_file(validate)
    validate.add_argument("--shacl", action="store_true",
                          help="also check the RDF against the stancegraph SHACL shapes")
    export = command(
        "export", "Convert a data file to any format stancegraph writes: a data file, RDF, a "
        "statement table or a network file (by the output's suffix, or -f).",
        "stancegraph export examples/nato_2022.yaml -o nato.csv", _export, aliases=["convert"])
    export.add_argument("file", metavar="FILE", help="a data file (any format sg.load reads)")
    writable = sorted({*(n for n, f in FORMATS.items() if f.dumps), *_EXPORT_ALIASES})
    export.add_argument("-f", "--to", choices=writable, metavar="FORMAT",
                        help="the format, when OUT's suffix does not say it (one of: "
                             + ", ".join(writable) + "; default: OUT's suffix, or turtle "
                             "on standard output); a suffix naming another format is refused")
    export.add_argument("-o", "--output", metavar="OUT",
                        help="file to write, atomically (default: standard output)")
    export.add_argument("--base", metavar="IRI", help="RDF: base IRI of the data's IRIs")
    export.add_argument("--derived", action="store_true", help=_DERIVED)
    table = command(
        "import", "Convert a statement table (CSV, TSV, JSON Lines, Parquet) to a data file.",
        "stancegraph import examples/statements.csv --mapping "
        "examples/statements-mapping.yaml -o debate.yaml", _import)
    table.add_argument("table", metavar="TABLE",
                       help="a statement table: .csv, .tsv, .jsonl or .parquet")
    table.add_argument("--mapping", metavar="MAP",
                       help="a YAML or JSON file naming the table's columns and relation values "
                            "(docs/tables.md); not needed when the columns are holder, relation, "
                            "target, date, source, speaker, quote, attribution, confidence")
    table.add_argument("--on-error", choices=("fail", "skip"), default="fail",
                       help="fail: write nothing if a row is bad (default); skip: leave bad "
                            "rows out and list them")
    table.add_argument("--table-format", metavar="NAME",
                       help="the table's format when its suffix does not say (csv, tsv, jsonl, "
                            "parquet)")
    table.add_argument("-o", "--output", metavar="OUT", required=True,
                       help="file to write, atomically, in any format stancegraph writes "
                            "(by suffix: .yaml, .json, .ttl, .csv, ...)")
    table.add_argument("--format", choices=("text", "json"), default="text",
                       help="text for people (default) or json for scripts")
    query = command("sparql", "Run a SPARQL query (a .rq file, or - for stdin) over a data file.",
                    "stancegraph sparql examples/nato_2022.yaml examples/queries/opponents.rq",
                    _sparql)
    with_file(query)
    query.add_argument("query", metavar="QUERY", help="a file holding the query, or -")
    query.add_argument("--derived", action="store_true", help=_DERIVED)
    query.add_argument("--timeout", metavar="SECONDS", type=_timeout, default=60.0,
                       help="stop the query after this many seconds (default: 60; 0: no limit)")
    show = command("show", "Summarise a data file: its actors, positions and stances.",
                   "stancegraph show examples/nato_2022.yaml --as-of 2022-03-26", _show)
    with_file(show)
    show.add_argument("--as-of", metavar="DATE", type=_date,
                      help="the debate as it stood on this day (YYYY-MM-DD)")
    stances = command(
        "stances",
        "List stances, as stated and as they count for the actors they speak for.",
        "stancegraph stances examples/nato_2022.yaml --actor germany --as-of 2022-03-28",
        _stances)
    with_file(stances, optional=True)
    with_store(stances)
    with_engine(stances)
    stances.add_argument("--actor", metavar="ID", help="only stances that count for this actor")
    stances.add_argument("--target", metavar="ID", help="only stances on this position or actor")
    stances.add_argument("--relation", choices=("supports", "opposes", "skeptical-of"))
    stances.add_argument("--as-of", metavar="DATE", type=_date,
                         help="the debate as it stood on this day (YYYY-MM-DD)")
    stances.add_argument("--stated", action="store_true",
                         help="only stances as stated, not rolled up to principals and members")
    stances.add_argument("--all", action="store_true",
                         help="the history too: also retracted and superseded stances, marked "
                              "(with --as-of: those said by that day, marked if withdrawn by "
                              "then)")
    found = command(
        "coalitions",
        "Find the camps of a debate: who is in which, what unites and what divides them.",
        "stancegraph coalitions examples/nato_2022.yaml --level state --format json",
        _coalitions)
    with_file(found, optional=True)
    with_store(found)
    with_engine(found)
    found.add_argument("--level", choices=LEVELS, default="state",
                       help="state: roll statements up to states (default); stated: as made")
    found.add_argument("--method", choices=METHODS, default="auto",
                       help="exact (MILP, small debates), spectral (large), auto (default)")
    found.add_argument("--k", type=_camp_number, metavar="N|count",
                       help="number of camps: exactly N; default (or count): as many as "
                            "sg.count_camps finds")
    found.add_argument("--broader", choices=BROADER, default="supports",
                       help="which stances on a narrower position also count for its broader "
                            "ones: supports (default), all or none")
    found.add_argument("--actor-targets", choices=ACTOR_TARGETS, default="direct",
                       help="stances on actors: direct signed ties only (default), or both "
                            "ties and shared targets")
    found.add_argument("--as-of", metavar="DATE", type=_date,
                       help="the debate as it stood on this day (YYYY-MM-DD)")
    found.add_argument("--seed", type=int, default=0, help="seed of the spectral method")
    network = command(
        "network",
        "Compute Discourse Network Analyzer's network of a .dna file, as rDNA's dna_network().",
        "stancegraph network sample.dna --network-type onemode --qualifier-aggregation "
        "congruence --normalization average -o congruence.csv", _network)
    network.add_argument("file", metavar="FILE",
                         help="a DNA 3 database (.dna), or any data file (its stances: "
                              "organization, concept, person and agreement)")
    network.add_argument("--format", choices=("text", "json"), default="text",
                         help="text for people (default: the matrix as DNA's CSV) or json")
    network.add_argument("-o", "--output", metavar="OUT",
                         help="write the matrix, atomically, as DNA does: OUT.csv, OUT.dl "
                              "(UCINET) or OUT.graphml")
    network.add_argument("--network-type", choices=("twomode", "onemode"), default="twomode")
    network.add_argument("--statement-type", default="DNA Statement", metavar="LABEL")
    for n, default in (("1", "organization"), ("2", "concept")):
        network.add_argument(f"--variable{n}", default=default, metavar="NAME")
        network.add_argument(f"--variable{n}-document", action="store_true",
                             help=f"variable {n} is a document field (author, source, section,"
                                  " type, id, title)")
    network.add_argument("--qualifier", default="agreement", metavar="NAME|none")
    network.add_argument("--qualifier-document", action="store_true")
    network.add_argument("--qualifier-aggregation", default="ignore",
                         choices=("ignore", "congruence", "conflict", "subtract", "combine"))
    network.add_argument("--normalization", default="no", choices=(
        "no", "average", "jaccard", "cosine", "activity", "prominence"))
    network.add_argument("--isolates", action="store_true",
                         help="keep every node of the loaded statements")
    network.add_argument("--duplicates", default="include", choices=(
        "include", "document", "week", "month", "year", "acrossrange"))
    network.add_argument("--weeks", default="dna-iso", choices=("dna-iso", "dna-us", "calendar"),
                         help="how weeks and months compare: as DNA with a UK/European locale "
                              "(default) or a US one (both without the year), or by calendar")
    network.add_argument("--start", metavar="DATE[THH:MM:SS]", help="first day (inclusive)")
    network.add_argument("--stop", metavar="DATE[THH:MM:SS]", help="last day (inclusive)")
    network.add_argument("--exclude", metavar="VARIABLE=VALUE", action="append",
                         help="leave out statements with this value (repeatable)")
    network.add_argument("--invert-values", action="store_true",
                         help="keep only statements with the --exclude values")
    for field in ("authors", "sources", "sections", "types"):
        network.add_argument(f"--exclude-{field}", metavar="VALUE", nargs="+", default=[],
                             help=f"leave out statements of documents with these {field}")
        network.add_argument(f"--invert-{field}", action="store_true",
                             help=f"keep only documents with the --exclude-{field} values")
    push = command("push", "Write a data file into a SPARQL store, replacing its named graph.",
                   "stancegraph push examples/nato_2022.yaml --store "
                   "http://127.0.0.1:7878/query --update http://127.0.0.1:7878/update", _push)
    push.add_argument("file", metavar="FILE", help="a data file (any format sg.load reads)")
    with_store(push, required=True)
    push.add_argument("--derived", action="store_true", help=_DERIVED)
    pull = command("pull", "Read a named graph of a SPARQL store back into a data file.",
                   "stancegraph pull --store http://127.0.0.1:7878/query -o debate.yaml", _pull)
    with_store(pull, required=True)
    pull.add_argument("-o", "--output", metavar="OUT", required=True,
                      help="file to write, atomically, in any format stancegraph writes")
    picture = command(
        "draw",
        "Draw the debate to a PNG, SVG or PDF file: its camps, stances, matrix or timeline; "
        "or to an HTML file: the explorer page (hover, click, a date slider, the matrix).",
        "stancegraph draw examples/nato_2022.yaml -o camps.png --kind coalitions",
        _draw)
    picture.add_argument("file", metavar="FILE", help="a data file (any format sg.load reads)")
    picture.add_argument("-o", "--output", metavar="OUT", required=True,
                         help="the picture to write, atomically: OUT.png, OUT.svg or OUT.pdf; "
                              "OUT.html: the explorer page")
    picture.add_argument("--kind", choices=_KINDS, default="coalitions",
                         help="coalitions: the signed actor network by camp (default); "
                              "stances: actors and the targets of their stances; matrix: "
                              "actors x targets; timeline: stances over time; explore: the "
                              "explorer page (the default for an .html file)")
    picture.add_argument("--level", choices=LEVELS, default="state",
                         help="state: roll statements up to states (default); stated: as made")
    picture.add_argument("--actor", metavar="ID", nargs="+", action="extend",
                         help="timeline: only stances held by these actors (as stated)")
    picture.add_argument("--target", metavar="ID", nargs="+", action="extend",
                         help="timeline: only stances on these targets")
    picture.add_argument("--rows", type=_count, default=30, metavar="N",
                         help="timeline: holder-target pairs on a page (default 30; 0: all); "
                              "pairs with retractions and changes come first")
    picture.add_argument("--page", type=_count, default=1, metavar="N",
                         help="timeline: which page of pairs to draw (default 1); the picture "
                              "says how many there are")
    picture.add_argument("--days", type=_count, default=None, metavar="N",
                         help="explorer page: the date slider's days, the last N the debate "
                              "changed on (default 60; 0: no slider)")
    picture.add_argument("--seed", type=int, default=0,
                         help="seed of the coalitions and the layout")
    picture.add_argument("--k", type=_camp_number, metavar="N|count",
                         help="the number of camps (default: counted, as for coalitions)")
    picture.add_argument("--method", choices=METHODS, default="auto",
                         help="how the camps are found, as for coalitions")
    picture.add_argument("--as-of", metavar="DATE", type=_date,
                         help="the debate as it stood on this day, with the camps found from it "
                              "(as coalitions --as-of; not for timelines)")
    command("schema", "Print the JSON Schema of the data file format.",
            "stancegraph schema > stancegraph.schema.json", _schema)
    return parser


def _timeout(text: str) -> float:
    import math

    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not seconds >= 0:  # also NaN
        raise argparse.ArgumentTypeError(f"not a number of seconds (0: no limit): {text!r}")
    return 0.0 if math.isinf(seconds) else seconds


def _count(text: str) -> int:
    """A whole number, 0 or more."""
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"not a whole number (0 or more): {text!r}")
    return n


def _camp_number(text: str) -> int | None:
    """``--k N``, or ``--k count`` (None: the library counts the camps, as by default)."""
    if text == "count":
        return None
    try:
        k = int(text)
    except ValueError:
        k = 0
    if k < 1:
        raise argparse.ArgumentTypeError(f"not a number of camps (1 or more) or 'count': {text!r}")
    return k


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date as YYYY-MM-DD: {text!r}") from None
