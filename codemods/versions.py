"""Astronomer Certified version -> equivalent Astro Runtime version."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Dict, Optional

TABLE_FILE = "ac-runtime-equivalence.json"


@dataclass(frozen=True)
class VersionTable:
    # Airflow version (the part of an AC version before its first "-") -> Runtime version.
    equivalent: Dict[str, str]

    @classmethod
    def bundled(cls) -> "VersionTable":
        data = json.loads(resources.files("codemods.bundled").joinpath(TABLE_FILE).read_text("utf-8"))
        return cls(dict(data["equivalent_runtime"]))

    def runtime_for(self, ac_version: str) -> Optional[str]:
        """``"2.3.4-11"`` -> ``"5.5.0"``; None when AC has no Runtime equivalent."""
        airflow = ac_version.strip().split("-", 1)[0]
        return self.equivalent.get(airflow)

    def is_runtime(self, version: str) -> bool:
        """A version that already names a Runtime release (majors 3 and up; AC is 1.x/2.x)."""
        head = version.strip().split(".", 1)[0]
        return head.isdigit() and int(head) >= 3
