"""Refresh the JavaScript libraries the explorer page inlines (issue 17).

Run from the repository root with Node.js's ``npm`` on the PATH::

    python tools/refresh_explorer_assets.py            # the pinned versions below
    python tools/refresh_explorer_assets.py --check    # verify the shipped files, download nothing

Each library is fetched from the npm registry at its pinned version (``npm pack``), the
tarball's sha512 is checked against the registry's ``dist.integrity``, and its minified UMD
build and its licence are written to ``stancegraph/draw/assets/`` with ``assets.json``, which
records name, version, integrity and the sha256 of each file shipped. ``--check`` recomputes
those sha256 sums, so a hand edit of a vendored file is caught (the test suite runs it).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[1] / "stancegraph" / "draw" / "assets"
MANIFEST = ASSETS / "assets.json"

#: name -> (version, the build inside the package, the licence file inside the package)
PINNED = {
    "graphology": ("0.26.0", "package/dist/graphology.umd.min.js", "package/LICENSE.txt"),
    "sigma": ("3.0.2", "package/dist/sigma.min.js", "package/LICENSE.txt"),
}


def _npm(*args: str, cwd: Path) -> str:
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("refresh_explorer_assets: npm is not on the PATH (Node.js's package manager)")
    done = subprocess.run([npm, *args], cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"refresh_explorer_assets: npm {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout.strip()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refresh() -> dict[str, dict[str, str]]:
    ASSETS.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, (version, build, licence) in sorted(PINNED.items()):
            spec = f"{name}@{version}"
            integrity = _npm("view", spec, "dist.integrity", cwd=work)
            tarball = work / _npm("pack", spec, "--silent", cwd=work).splitlines()[-1]
            algorithm, _, expected = integrity.partition("-")
            digest = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest())
            if algorithm != "sha512" or digest.decode() != expected:
                sys.exit(f"refresh_explorer_assets: {spec}: the tarball does not match the "
                         f"registry's integrity {integrity}")
            with tarfile.open(tarball) as archive:
                files = {}
                for member, suffix in ((build, ".min.js"), (licence, ".LICENSE.txt")):
                    try:
                        extracted = archive.extractfile(member)
                    except KeyError:
                        extracted = None
                    if extracted is None:
                        sys.exit(f"refresh_explorer_assets: {spec} has no {member}")
                    out = ASSETS / f"{name}{suffix}"
                    partial = out.with_suffix(out.suffix + ".part")
                    partial.write_bytes(extracted.read())
                    partial.replace(out)  # atomic
                    files[suffix] = out.name
            manifest[name] = {"version": version, "integrity": integrity,
                              "script": files[".min.js"], "licence": files[".LICENSE.txt"],
                              "sha256": _sha256(ASSETS / files[".min.js"]),
                              "licence_sha256": _sha256(ASSETS / files[".LICENSE.txt"])}
    partial = MANIFEST.with_suffix(".json.part")
    partial.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    partial.replace(MANIFEST)
    return manifest


def check() -> list[str]:
    """What is wrong with the shipped assets (nothing: an empty list)."""
    if not MANIFEST.exists():
        return [f"{MANIFEST} is missing: run python tools/refresh_explorer_assets.py"]
    manifest = json.loads(MANIFEST.read_text())
    problems = []
    for name, (version, _, _) in sorted(PINNED.items()):
        entry = manifest.get(name)
        if entry is None or entry["version"] != version:
            problems.append(f"{name}: assets.json has {entry and entry['version']}, the pin is "
                            f"{version}")
            continue
        for key, digest in (("script", "sha256"), ("licence", "licence_sha256")):
            path = ASSETS / entry[key]
            if not path.exists() or _sha256(path) != entry[digest]:
                problems.append(f"{name}: {path.name} differs from what npm shipped")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="verify the shipped files against assets.json; download nothing")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    for name, entry in refresh().items():
        print(f"{name} {entry['version']}: {entry['script']}, {entry['licence']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
