"""What changes for scripts between two platform versions' schemas (graphql-core computes it)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List

from .schema_versions import bundled_sdl, derive, parse_version

# The migration's own items: the AC side and its Runtime twins.
_MIGRATION = re.compile(r"airflowVersion|AirflowVersion|airflowImages|Runtime|runtime|updateDeploymentAirflow|AirflowImage")


@dataclass
class Change:
    breaking: bool
    kind: str
    description: str

    @property
    def migration(self) -> bool:
        return bool(_MIGRATION.search(self.description))

    def as_text(self) -> str:
        return f"{'BREAKING' if self.breaking else 'DANGEROUS'} {self.kind} {self.description}"


def diff_versions(old: str, new: str) -> List[Change]:
    from graphql import find_breaking_changes, find_dangerous_changes

    parse_version(old), parse_version(new)  # one-line errors for bad versions, before any work
    sdl = bundled_sdl()
    before = derive(sdl, old, "bundled houston.graphql").schema
    after = derive(sdl, new, "bundled houston.graphql").schema
    changes = [Change(True, c.type.name, c.description) for c in find_breaking_changes(before, after)]
    changes += [Change(False, c.type.name, c.description) for c in find_dangerous_changes(before, after)]
    return sorted(changes, key=lambda c: (not c.migration, not c.breaking, c.description))
