"""``[tool.houston-codemod]`` in pyproject.toml, found by walking up from the working directory.

Keys: ``include`` (paths to run on when none are given), ``exclude`` (glob
patterns), ``schema``, ``format``, ``jobs``, ``houston-version``.  Paths are
relative to the pyproject.toml that holds them.  Command-line flags win.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional

from .files import read_bytes

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on older Pythons only
    import tomli as tomllib

TABLE = "houston-codemod"
KEYS = {"include", "exclude", "schema", "format", "jobs", "houston-version"}


class ConfigError(Exception):
    pass


@dataclass
class Config:
    root: Optional[Path] = None  # the directory of the pyproject.toml, if one was found
    path: Optional[Path] = None  # that pyproject.toml, named in messages about its values
    include: List[str] = field(default_factory=list)
    exclude: List[str] = field(default_factory=list)
    schema: Optional[str] = None
    format: Optional[str] = None
    jobs: Optional[int] = None
    houston_version: Optional[str] = None

    def excluded(self, path: str) -> bool:
        if not self.exclude:
            return False
        absolute = Path(path).resolve()
        base = self.root or Path.cwd()
        try:
            relative = absolute.relative_to(base.resolve()).as_posix()
        except ValueError:
            return False
        return any(
            fnmatch.fnmatch(relative, pattern) or relative.startswith(pattern.rstrip("/") + "/")
            for pattern in self.exclude
        )


def load(start: Optional[Path] = None) -> Config:
    """The nearest ``pyproject.toml`` with a ``[tool.houston-codemod]`` table, at or above ``start``.

    Red team 22, report 11a, f4: a ``pyproject.toml`` in a shared folder above a repository (``/tmp``,
    a CI workspace), left there by another user, configured the run silently (``exclude = ["*"]``: a
    clean check of a broken script).  Inside a git work tree the search stops at its top, as the
    project is that tree; outside one, a file owned by another user (neither the person running the
    tool nor root) is not taken.  f6: one that exists but is not a regular file (a FIFO, a link to
    ``/dev/zero``) is one line, exit 2, never passed over for a parent's.
    """
    from .files import git_work_tree

    directory = (start or Path.cwd()).resolve()
    top = git_work_tree(str(directory))
    candidates = [directory, *directory.parents]
    if top is not None:
        candidates = candidates[: candidates.index(Path(top)) + 1] if Path(top) in candidates else candidates[:1]
    for candidate in candidates:
        pyproject = candidate / "pyproject.toml"
        if os.path.lexists(pyproject) and not pyproject.is_file():
            raise ConfigError(f"{pyproject}: not a regular file; configuration not read")
        if pyproject.is_file():
            if top is None and not _owned_here(pyproject):
                continue
            try:
                data = tomllib.loads(read_bytes(str(pyproject)).decode("utf-8"))  # a regular file only: no FIFO hang
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"{pyproject}: cannot read configuration: {' '.join(str(exc).split())}") from None
            except RecursionError:  # arrays or tables nested thousands deep (red team 24, report 11a): one line naming it
                raise ConfigError(f"{pyproject}: cannot read configuration: nested too deeply") from None
            tool = data.get("tool", {})
            table = tool.get(TABLE) if isinstance(tool, dict) else None
            if table is not None:
                return _from_table(table, candidate, pyproject)
    return Config()


def _owned_here(path: Path) -> bool:
    """Owned by the person running the tool, or by root (a system-wide file)."""
    try:
        owner = path.stat().st_uid
    except OSError:
        return False
    return not hasattr(os, "geteuid") or owner in (os.geteuid(), 0)


def _from_table(table, root: Path, pyproject: Path) -> Config:
    if not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: [tool.{TABLE}] must be a table")
    unknown = set(table) - KEYS
    if unknown:
        raise ConfigError(f"{pyproject}: unknown key(s) in [tool.{TABLE}]: {', '.join(sorted(unknown))}")

    def wrong(key: str, expected: str) -> ConfigError:
        value = table[key]
        shown = repr(value) if len(repr(value)) <= 40 else type(value).__name__
        hint = " (write it in quotes)" if key == "houston-version" and isinstance(value, (int, float)) else ""
        return ConfigError(f"{pyproject}: [tool.{TABLE}] {key} must be {expected}, not {shown}{hint}")

    def text(key: str) -> Optional[str]:
        value = table.get(key)
        if value is not None and not (isinstance(value, str) and value.strip() and "\0" not in value):
            raise wrong(key, "a non-empty string")
        return value

    def texts(key: str) -> List[str]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v and "\0" not in v for v in value):
            raise wrong(key, "a list of non-empty strings")
        return value

    def included() -> List[str]:
        # Red team 27, report 11a, minor note (c): `include = []` ran on the whole tree, as if the key
        # were missing; a list naming no path is a configuration gone wrong (emptied by a script, a
        # merge), so it is one line, exit 2, never the widest run.
        paths = texts("include")
        if "include" in table and not paths:
            raise ConfigError(
                f"{pyproject}: [tool.{TABLE}] include is empty: name the paths to run on, "
                "or leave the key out to run on the whole tree"
            )
        return paths

    def relative(value: str, key: str) -> str:
        # A repository's file names paths in that repository: in a pull-request bot its
        # author writes this file, and "/" or "../../home" would be read and reported.
        inside = root.resolve()
        target = (root / value).resolve()
        if target != inside and inside not in target.parents:
            raise ConfigError(f"{pyproject}: [tool.{TABLE}] {key} must name a path inside {root}, not {value!r}")
        return os.path.relpath(root / value)

    jobs = table.get("jobs")
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise wrong("jobs", "a positive integer")
    schema = text("schema")
    return Config(
        root=root,
        path=pyproject,
        include=[relative(p, "include") for p in included()],
        exclude=texts("exclude"),
        schema=relative(schema, "schema") if schema and "://" not in schema else schema,
        format=text("format"),
        jobs=jobs,
        houston_version=text("houston-version"),
    )
