"""Hostile output paths (issue 12): the atomic writer behind ``sg.save``, ``write_statements``,
``import_table`` and every ``-o`` of the command line refuses a path it cannot replace safely
-- a NUL byte, a symbolic link, a FIFO, a device, a socket, a folder, a read-only file --
with a StanceGraphError naming the path, without opening it and without replacing it.

The tests run as root in CI, where the system lets any file be written: read-only means no
write bit in the mode. Device nodes are made in the test's folder (``os.mknod``), never
``/dev/null`` itself, which an old writer would have replaced.
"""

from __future__ import annotations

import os
import socket
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import stancegraph as sg
from stancegraph import cli
from stancegraph.io._files import atomic_write_bytes, atomic_write_text, check_output_path

DEBATE = """\
actors: [{id: germany, type: State, name: Germany}]
positions: [{id: weapons, type: PolicyOption, name: Weapons}]
stances: [{id: s1, holder: germany, relation: opposes, target: weapons}]
"""


@pytest.fixture
def g() -> sg.StanceGraph:
    return sg.loads(DEBATE)


def finishes(action: Callable[[], Any], seconds: float = 10) -> BaseException | None:
    """Run ``action`` in a thread (a FIFO opened for writing would block it forever); return
    what it raised. Fails the test if it has not finished in time."""
    raised: list[BaseException | None] = [None]

    def run() -> None:
        try:
            action()
        except BaseException as err:  # noqa: BLE001 -- handed to the test
            raised[0] = err

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the write blocked: it opened the path"
    return raised[0]


def only_entry(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- NUL bytes -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["a\x00b.yaml", "a\x00b.parquet", "a\x00b.csv"])
def test_saving_to_a_path_with_a_nul_byte_is_refused(tmp_path: Path, g: sg.StanceGraph,
                                                     name: str) -> None:
    # was a bare ValueError ("embedded null byte")
    with pytest.raises(sg.InvalidRecordError, match=r"a file path cannot hold a NUL "
                                                    r"character: '.*a\\x00b\.\w+'"):
        sg.save(g, str(tmp_path / name))
    assert only_entry(tmp_path) == []


def test_loading_from_a_path_with_a_nul_byte_is_refused(tmp_path: Path) -> None:
    with pytest.raises(sg.ParseError, match=r"a file path cannot hold a NUL character"):
        sg.load(str(tmp_path / "a\x00b.yaml"))
    with pytest.raises(sg.ParseError, match=r"a file path cannot hold a NUL character"):
        sg.read_statements(str(tmp_path / "a\x00b.csv"))


# -- what is at the path ---------------------------------------------------------------------------

def test_a_symlink_is_refused_and_neither_it_nor_its_target_changes(tmp_path: Path,
                                                                    g: sg.StanceGraph) -> None:
    target = tmp_path / "real.yaml"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    # was: the link replaced by a regular file
    with pytest.raises(sg.InvalidRecordError, match=r"link\.yaml: the output path is a "
                                                    r"symbolic link \(to '.*real\.yaml'\)"):
        sg.save(g, link)
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "old\n"
    assert only_entry(tmp_path) == ["link.yaml", "real.yaml"]


@pytest.mark.parametrize("points_to", ["missing.yaml", "loop.yaml"])
def test_a_dangling_or_looping_symlink_is_refused(tmp_path: Path, g: sg.StanceGraph,
                                                  points_to: str) -> None:
    link = tmp_path / "loop.yaml"
    link.symlink_to(tmp_path / points_to)
    with pytest.raises(sg.InvalidRecordError, match=r"is a symbolic link"):
        sg.save(g, link)
    assert link.is_symlink() and only_entry(tmp_path) == ["loop.yaml"]


def test_a_fifo_is_refused_without_being_opened(tmp_path: Path, g: sg.StanceGraph) -> None:
    fifo = tmp_path / "out.yaml"
    os.mkfifo(fifo)
    err = finishes(lambda: sg.save(g, fifo))  # was: the FIFO replaced by a regular file
    assert isinstance(err, sg.InvalidRecordError)
    assert "out.yaml: the output path is a FIFO (named pipe), not a regular file" in str(err)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and only_entry(tmp_path) == ["out.yaml"]


def test_a_device_node_is_refused(tmp_path: Path, g: sg.StanceGraph) -> None:
    device = tmp_path / "null.yaml"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    except PermissionError:
        pytest.skip("making a device node needs root")
    err = finishes(lambda: sg.save(g, device))
    assert isinstance(err, sg.InvalidRecordError) and "is a character device" in str(err)
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_dev_null_is_refused_by_the_check(tmp_path: Path) -> None:
    # the check alone: a writer that got past it would replace /dev/null
    with pytest.raises(sg.InvalidRecordError, match=r"^/dev/null: the output path is a "
                                                    r"character device"):
        check_output_path("/dev/null")


def test_a_folder_and_a_socket_are_refused(tmp_path: Path, g: sg.StanceGraph) -> None:
    (tmp_path / "dir.yaml").mkdir()
    with pytest.raises(sg.InvalidRecordError, match=r"dir\.yaml: the output path is a folder"):
        sg.save(g, tmp_path / "dir.yaml")
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(tmp_path / "sock.yaml"))
        with pytest.raises(sg.InvalidRecordError, match=r"sock\.yaml: the output path is a "
                                                        r"socket"):
            sg.save(g, tmp_path / "sock.yaml")
    assert only_entry(tmp_path) == ["dir.yaml", "sock.yaml"]


def test_a_read_only_file_is_not_overwritten(tmp_path: Path, g: sg.StanceGraph) -> None:
    path = tmp_path / "kept.yaml"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o444)
    # was overwritten (by root, whom the system lets write anything)
    with pytest.raises(sg.InvalidRecordError, match=r"kept\.yaml: the output file is read-only "
                                                    r"\(mode 0444\)"):
        sg.save(g, path)
    assert path.read_text(encoding="utf-8") == "old\n" and only_entry(tmp_path) == ["kept.yaml"]


def test_every_writer_goes_through_the_checks(tmp_path: Path, g: sg.StanceGraph) -> None:
    os.mkfifo(tmp_path / "fifo")
    for suffix in ("yaml", "json", "ttl", "csv", "tsv", "jsonl", "parquet", "gexf", "graphml"):
        link = tmp_path / f"out.{suffix}"
        link.symlink_to(tmp_path / "fifo")
        err = finishes(lambda link=link: sg.save(g, link))
        assert isinstance(err, sg.InvalidRecordError), (suffix, err)
    err = finishes(lambda: sg.write_statements(g, tmp_path / "out.csv"))
    assert isinstance(err, sg.InvalidRecordError)


def test_import_table_refuses_the_output_before_reading(tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    os.mkfifo(out)
    with pytest.raises(sg.InvalidRecordError, match=r"is a FIFO"):
        sg.import_table(tmp_path / "no-such-table.csv", out)  # not FileNotFoundError


@pytest.mark.parametrize("command", [["export", "{debate}", "-o", "{out}"],
                                     ["import", "{table}", "-o", "{out}"]])
def test_the_command_line_refuses_a_fifo_or_a_link_as_output(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    debate = tmp_path / "debate.yaml"
    debate.write_text(DEBATE, encoding="utf-8")
    table = tmp_path / "table.csv"
    table.write_text("holder,relation,target\ngermany,opposes,weapons\n", encoding="utf-8")
    os.mkfifo(tmp_path / "out.ttl")
    (tmp_path / "link.yaml").symlink_to(debate)
    for out in ("out.ttl", "link.yaml"):
        argv = [part.format(debate=debate, table=table, out=tmp_path / out) for part in command]
        codes: list[int] = []
        assert finishes(lambda codes=codes, argv=argv: codes.append(cli.main(argv))) is None
        assert codes == [1]
        err = capsys.readouterr().err
        assert err.startswith("stancegraph: error: ") and "Traceback" not in err
        assert out in err
    assert debate.read_text(encoding="utf-8") == DEBATE


# -- what the writer keeps and cleans up -----------------------------------------------------------

def test_a_new_file_gets_the_umask_and_an_old_one_keeps_its_mode(tmp_path: Path,
                                                                 g: sg.StanceGraph) -> None:
    umask = os.umask(0o027)
    try:
        sg.save(g, tmp_path / "new.yaml")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(os.stat(tmp_path / "new.yaml").st_mode) == 0o640
    old = tmp_path / "old.yaml"
    old.write_text("old\n", encoding="utf-8")
    old.chmod(0o4604)  # setuid: not carried over to a file with new contents
    sg.save(g, old)
    assert stat.S_IMODE(os.stat(old).st_mode) == 0o604
    assert sg.load(old) == g


def test_a_write_failing_halfway_keeps_the_old_file_and_no_temporary(
        tmp_path: Path, g: sg.StanceGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "debate.yaml"
    path.write_text("old\n", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left on device"):
        sg.save(g, path)
    assert only_entry(tmp_path) == ["debate.yaml"]
    assert path.read_text(encoding="utf-8") == "old\n"


def test_text_that_cannot_be_utf8_is_refused_before_any_file_is_made(tmp_path: Path) -> None:
    with pytest.raises(sg.InvalidRecordError, match=r"out\.txt: cannot write the text as UTF-8: "
                                                    r"line 2 holds a lone surrogate"):
        atomic_write_text(tmp_path / "out.txt", "fine\nnot \ud800 fine\n")
    assert only_entry(tmp_path) == []


def test_a_missing_folder_is_named_as_the_file_being_written(tmp_path: Path,
                                                             g: sg.StanceGraph) -> None:
    target = tmp_path / "missing" / "debate.yaml"
    with pytest.raises(FileNotFoundError, match="No such file or directory") as caught:
        sg.save(g, target)
    assert caught.value.filename == str(target)  # was the temporary file's name


def test_the_longest_file_name_can_be_written(tmp_path: Path) -> None:
    # the temporary file's name must fit where the target's just fits (was ENAMETOOLONG)
    path = tmp_path / ("é" * 125 + ".yaml")  # 255 bytes
    atomic_write_bytes(path, b"x")
    assert path.read_bytes() == b"x" and only_entry(tmp_path) == [path.name]


def test_reading_a_device_is_refused(tmp_path: Path) -> None:
    device = tmp_path / "zero.yaml"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    # /dev/zero under a data file's name would be read until memory ran out
    with pytest.raises(sg.ParseError, match=r"zero\.yaml: not a file but a character device"):
        sg.load(device)
