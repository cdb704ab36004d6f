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
    directory = (start or Path.cwd()).resolve()
    for candidate in [directory, *directory.parents]:
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text("utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"{pyproject}: cannot read configuration: {' '.join(str(exc).split())}") from None
            table = data.get("tool", {}).get(TABLE)
            if table is not None:
                return _from_table(table, candidate, pyproject)
    return Config()


def _from_table(table: dict, root: Path, pyproject: Path) -> Config:
    unknown = set(table) - KEYS
    if unknown:
        raise ConfigError(f"{pyproject}: unknown key(s) in [tool.{TABLE}]: {', '.join(sorted(unknown))}")

    def relative(value: str) -> str:
        return os.path.relpath(root / value) if not os.path.isabs(value) else value

    jobs = table.get("jobs")
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise ConfigError(f"{pyproject}: [tool.{TABLE}] jobs must be a positive integer")
    schema = table.get("schema")
    return Config(
        root=root,
        include=[relative(p) for p in table.get("include", [])],
        exclude=list(table.get("exclude", [])),
        schema=relative(schema) if schema and "://" not in schema else schema,
        format=table.get("format"),
        jobs=jobs,
        houston_version=table.get("houston-version"),
    )
