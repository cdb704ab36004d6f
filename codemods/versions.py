"""Astronomer Certified version -> equivalent Astro Runtime version."""

from __future__ import annotations

from typing import Callable, Dict, Optional

TABLE_FILE = "ac-runtime-equivalence.json"


class VersionTable:
    """Airflow version (the part of an AC version before its first "-") -> Runtime version.

    The bundled table is read on first use: a run whose files all fail the
    prefilter never opens it.
    """

    def __init__(self, equivalent: Optional[Dict[str, str]] = None, loader: Optional[Callable[[], Dict[str, str]]] = None):
        self._equivalent = equivalent
        self._loader = loader

    @property
    def equivalent(self) -> Dict[str, str]:
        if self._equivalent is None:
            self._equivalent = self._loader() if self._loader else {}
        return self._equivalent

    @classmethod
    def bundled(cls) -> "VersionTable":
        return cls(loader=_read_bundled_table)

    def runtime_for(self, ac_version: str) -> Optional[str]:
        """``"2.3.4-11"`` -> ``"5.5.0"``; None when AC has no Runtime equivalent."""
        airflow = ac_version.strip().split("-", 1)[0]
        return self.equivalent.get(airflow)

    def is_runtime(self, version: str) -> bool:
        """A version that already names a Runtime release (majors 3 and up; AC is 1.x/2.x)."""
        head = version.strip().split(".", 1)[0]
        return head.isdigit() and int(head) >= 3


def _read_bundled_table() -> Dict[str, str]:
    import json

    from .package_data import read_text

    data = json.loads(read_text(TABLE_FILE))
    return dict(data["equivalent_runtime"])
