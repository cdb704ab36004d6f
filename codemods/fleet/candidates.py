"""Which of all-repos' clones could need a migration: two ``git grep`` passes through all-repos.

A file that ``rewrite`` changes always holds both:

* an Astronomer Certified marker: ``airflowVersion`` / ``desiredAirflowVersion``
  (found as ``irflowVersion``, which also catches ``\\x61irflowVersion`` and the
  ``AirflowVersion`` spellings), ``updateDeploymentAirflow``, or an ``ap-airflow``
  image;
* one of the markers the prefilter relies on before it parses anything
  (``codemods.prefilter``): a Houston root field name, the name Houston, a
  fragment definition, sgqlc, or an ``ap-airflow`` image.  (The everyday-word
  root fields such as ``self`` are left out: a document that migrates also
  names a root field that takes AC arguments, and ``self`` would match
  every Python class.)

``git grep`` works line by line, so the two conditions are two passes over
every clone, and a file is a candidate when both list it and it is of a kind
the tool reads (``codemods.files.file_kind``: the same test the walk uses, so
a new kind needs no change here).  Both lists are fixed strings (``-F``): no
regular expression, linear time.  This is only the
first cut: each candidate is then migrated in memory, and a repository is
committed to only if that changes a file.
"""

from __future__ import annotations

import os
from typing import Dict, List, Sequence

from ..prefilter import AC_IMAGE_MARKER, HOUSTON_NAME, ROOT_FIELDS

AC_MARKERS = ("irflowVersion", "updateDeploymentAirflow", AC_IMAGE_MARKER.decode())
PREFILTER_MARKERS = (
    *ROOT_FIELDS,
    *(name.decode() for name in HOUSTON_NAME),
    "fragment",
    "sgqlc",
    AC_IMAGE_MARKER.decode(),
)


def grep_args(markers: Sequence[str]) -> List[str]:
    """``git grep`` arguments listing (NUL-separated, unquoted) the text files holding any of ``markers``."""
    args = ["-l", "-z", "-I", "-F"]
    for marker in markers:
        args += ["-e", marker]
    return args


def candidate_files(ac_listing: bytes, prefilter_listing: bytes) -> List[str]:
    """Files both greps list that are of a kind the tool reads (``codemods.files.file_kind``)."""
    from ..files import file_kind

    names = set(ac_listing.split(b"\0")) & set(prefilter_listing.split(b"\0"))
    return sorted(name for name in map(os.fsdecode, names) if name and file_kind(name) is not None)


def find_repos(config) -> List[str]:
    """all-repos' ``find_repos`` for the fleet: clone paths with at least one candidate file."""
    from all_repos.grep import grep

    ac: Dict[str, bytes] = grep(config, grep_args(AC_MARKERS))
    houston: Dict[str, bytes] = grep(config, grep_args(PREFILTER_MARKERS))
    return sorted(repo for repo, listing in ac.items() if candidate_files(listing, houston.get(repo, b"")))
