"""Run the pipeline over many paths; collect results and one-line errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List

from .files import discover, read_bytes
from .pipeline import FileResult, Options, process


@dataclass
class Run:
    results: List[FileResult] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)  # one line each
    files: int = 0


def run(paths: List[str], options: Options) -> Run:
    outcome = Run()
    for found in discover(paths):
        if found.error:
            outcome.errors.append(f"{found.path}: {found.error}")
            continue
        try:
            data = read_bytes(found.path)
        except OSError as exc:
            outcome.errors.append(f"{found.path}: cannot read: {exc.strerror or exc}")
            continue
        outcome.files += 1
        result = process(found.path, data, options)
        if result.error:
            outcome.errors.append(result.error)
        outcome.results.append(result)
    return outcome
