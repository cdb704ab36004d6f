"""Astronomer Certified version -> equivalent Astro Runtime version, and which AC versions can be mapped.

One notion of "an AC version the table can map", shared by every rule that
maps one: a GraphQL argument or variable (``airflowVersion: "2.3.4-11"``) and
an image tag (``ap-airflow:2.3.4-11-onbuild``) are read by the same grammar
(``AC_VERSION``) and the same policy (``VersionTable.mapping``), so a build
that goes to review as an image tag goes to review as an argument too, with
the same true reason.  Mapped: released AC builds, ``X.Y.Z`` with an optional
hotfix number, and the image variants of the same release (``-buster``,
``-bullseye``, ``-onbuild``; see ``rules.ac_images`` for the evidence).  Not
mapped, each with its reason: anything the grammar does not read exactly
(``" 2.3.4"``, ``v2.3.4``, ``2.3``, ``2.3.4+astro.1``, ``02.3.4``, and a zero-padded hotfix
``2.3.4-011``: AC's hotfix numbers were never padded), Airflow 1,
development and nightly builds, Alpine builds, unofficial ``-pythonX.Y``
builds, and Airflow versions the table has no Runtime for.
"""

from __future__ import annotations

import re
from typing import Callable, Dict, NamedTuple, Optional

TABLE_FILE = "ac-runtime-equivalence.json"

# An AC version or image tag.  ASCII digits only (``\d`` also reads other scripts' digits),
# no leading zeros, each repeat bounded and followed by a literal it cannot consume: linear.
_NUMBER = r"(?:0|[1-9][0-9]{0,3})"
AC_VERSION = re.compile(
    rf"(?P<airflow>(?P<major>{_NUMBER})\.{_NUMBER}\.{_NUMBER})(?:-(?P<hotfix>0|[1-9][0-9]{{0,5}}))?"
    r"(?P<dev>\.dev|-dev|-nightly-[0-9]{1,14})?"
    r"(?:-(?P<distro>buster|bullseye|alpine[0-9.]{0,12}))?"
    r"(?:-python(?P<python>[0-9]{1,2}\.[0-9]{1,3}))?"
    r"(?P<onbuild>-onbuild)?"
)
AIRFLOW_1 = (
    "no Astro Runtime exists for Airflow 1.x: upgrade to an AC 2.x release that has a Runtime equivalent "
    "first (the docs' path: AC 2.2.3 > AC 2.3.0 > Astro Runtime 5.0.4)"
)


class Mapping(NamedTuple):
    """What one AC version maps to: the Runtime version, or None with the reason and its kind."""

    runtime: Optional[str]
    reason: str = ""
    # "" (mapped), "form" (not an AC version), "airflow-1", "dev", "alpine", "no-equivalent", "python"
    kind: str = ""
    parsed: Optional["re.Match[str]"] = None


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
        """``"2.3.4-11"`` -> ``"5.5.0"``; None when it cannot be mapped (``mapping`` says why)."""
        return self.mapping(ac_version).runtime

    def runtime_for_airflow(self, airflow: str) -> Optional[str]:
        """The Runtime version for an Airflow version (``"2.3.4"``), from the table."""
        return self.equivalent.get(airflow)

    def mapping(self, ac_version: str) -> Mapping:
        """The one policy: read ``ac_version`` exactly (no trimming), then decide, with the true reason."""
        parsed = AC_VERSION.fullmatch(ac_version) if isinstance(ac_version, str) else None
        if parsed is None:
            return Mapping(
                None,
                f"{ac_version!r} is not an AC version (X.Y.Z, X.Y.Z-N with a hotfix number, or an AC image tag; "
                "no part zero-padded)",
                "form",
            )
        airflow, distro, python = parsed.group("airflow"), parsed.group("distro") or "", parsed.group("python")
        if parsed.group("major") == "1":
            return Mapping(None, f"AC {airflow} is Airflow 1.x: {AIRFLOW_1}", "airflow-1", parsed)
        if parsed.group("dev"):
            return Mapping(None, f"a development build of AC {airflow}: pin a released AC version, then migrate", "dev", parsed)
        if distro.startswith("alpine"):
            return Mapping(None, "Astro Runtime publishes no Alpine images: choose an Astro Runtime image by hand", "alpine", parsed)
        runtime = self.runtime_for_airflow(airflow)
        if runtime is None:
            return Mapping(None, self._unmapped_reason(airflow), "no-equivalent", parsed)
        if python:
            return Mapping(
                None,
                f"an unofficial local build on Python {python} (ap-airflow's build-alt-py-version.sh); Runtime "
                f"{runtime} is published for one Python only (per-Python Runtime images start at Runtime 9): "
                "choose by hand",
                "python",
                parsed,
            )
        return Mapping(runtime, "", "", parsed)

    def _unmapped_reason(self, airflow: str) -> str:
        """Why an Airflow version the table lacks has no Runtime, true to where it falls.

        Below the table's first version (AC 2.0, 2.1): Runtime on Software starts at Airflow 2.2, so
        upgrading AC first is the way.  Anywhere else (``2.3.9``, ``2.5.0``): the table, which lists
        every AC release with a Runtime equivalent, does not know that version; upgrading to 2.2.0
        would be a downgrade, so the reason says so instead (red team 7, cosmetic).
        """
        known = sorted(self.equivalent, key=numeric_version)
        if not known and numeric_version(airflow) >= (2, 2):
            # Red team 20 (report 13), F8: a table read from a server (--versions-from) lists only the
            # releases it serves; "upgrade to AC 2.2.0 or later" was untrue for AC 2.2.5.
            return (
                f"AC {airflow} has no Astro Runtime equivalent in the AC-to-Runtime table in use: none of the Runtime "
                f"releases it lists ships Airflow {airflow}; choose an Astro Runtime image by hand"
            )
        if numeric_version(airflow) < (2, 2) or not known:
            return (
                f"AC {airflow} has no Astro Runtime equivalent (Runtime on Astronomer Software starts at Airflow "
                "2.2): upgrade to AC 2.2.0 or later first (the docs' path: AC 2.2.3 > AC 2.3.0 > Astro Runtime 5.0.4)"
            )
        if numeric_version(airflow) < numeric_version(known[0]):
            # The same when the table starts above 2.2: the first release it lists is named instead.
            return (
                f"AC {airflow} has no Astro Runtime equivalent in the AC-to-Runtime table in use (its releases "
                f"start at {known[0]}): none of the Runtime releases it lists ships Airflow {airflow}; upgrade to "
                f"an AC version it lists ({known[0]} to {known[-1]}), or choose an Astro Runtime image by hand"
            )
        return (
            f"AC {airflow} has no Astro Runtime equivalent in the AC-to-Runtime table (it lists the AC releases "
            f"{known[0]} to {known[-1]} that have one, and not {airflow}: an unknown or unreleased AC version): "
            "check the version, then choose an Astro Runtime image by hand"
        )

    def is_runtime(self, version: str) -> bool:
        """A version that already names a Runtime release (majors 3 and up; AC is 1.x/2.x)."""
        head = version.strip().split(".", 1)[0]
        return head.isdigit() and int(head) >= 3


def numeric_version(version: str):
    """``"2.10.1"`` -> ``(2, 10, 1)``: table keys compare as numbers (a key that is not, last)."""
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return (10**9,)


def _read_bundled_table() -> Dict[str, str]:
    import json

    from .package_data import read_text

    data = json.loads(read_text(TABLE_FILE))
    return dict(data["equivalent_runtime"])
