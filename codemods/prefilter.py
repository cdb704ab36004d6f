"""Can these bytes hold a Houston document, or an AC image?  Decided before any parsing.

A Python file is parsed only if it has both
* a GraphQL marker: an operation keyword, ``gql`` or ``execute`` (every way we
  find a document needs one of them written out), and
* a Houston marker: the word Houston (its host ``houston.<domain>`` or an
  endpoint setting), or a word that every Houston root field contains
  (``eployment``, ``orkspace``, ...).  Root fields named like everyday words
  (``self``, ``users``, ``email``) count only right after a ``{``, where a
  document's selection starts.

Checks are plain substring searches, which run at memory speed; a regular
expression runs only on the few files that pass them.  The words come from
the schema's root fields; a test keeps them complete for every platform
version, and another runs the whole pipeline with and without the prefilter.
"""

from __future__ import annotations

import re

GRAPHQL_MARKERS = (b"query", b"mutation", b"subscription", b"fragment", b"gql", b"execute")
HOUSTON_MARKERS = (
    b"ouston", b"OUSTON",
    b"eployment", b"orkspace", b"untimeRelease", b"untimeUpdate", b"irflowRelease", b"doptedAirflow",
    b"ppConfig", b"uthConfig", b"vailableNamespaces", b"erviceAccount", b"aginated", b"oleBinding",
    b"reateToken", b"nviteToken", b"ddCard", b"pdateCard", b"ustomerId", b"onfirmEmail", b"erifyEmail",
    b"reateUser", b"nviteUser", b"emoveUser", b"pdateUser", b"orgotPassword", b"esetPassword",
    b"esendConfirmation", b"egisterCluster", b"ebserverReboot", b"pdateSelf", b"eamUsers",
    b"doptionCandidates", b"itSyncCredentials",
)
# Root fields named like everyday words.  They are all object-typed, so in a document
# they come right after a selection's "{" and before their own "(" or "{".
GENERIC_ROOT_FIELDS = ("self", "users", "email", "card", "team", "logs", "log", "metrics", "invites", "updateAvailable")
_GAP = rb"(?:\s|\\[nrt]|[\"'+])*"
_GENERIC_ROOT = re.compile(
    rb"\{" + _GAP + rb"(?:\w+\s*:\s*)?(?:" + b"|".join(f.encode() for f in GENERIC_ROOT_FIELDS) + rb")" + _GAP + rb"[({]"
)
AC_IMAGE_MARKER = b"ap-airflow"


def may_hold_houston(data: bytes) -> bool:
    if not any(marker in data for marker in GRAPHQL_MARKERS):
        return False
    if any(marker in data for marker in HOUSTON_MARKERS):
        return True
    return _GENERIC_ROOT.search(data) is not None


def may_hold_ac_image(data: bytes) -> bool:
    return AC_IMAGE_MARKER in data


PREFILTERS = {"python": may_hold_houston, "notebook": may_hold_houston, "dockerfile": may_hold_ac_image}


def covers(root_field: str) -> bool:
    """Would a file whose only Houston evidence is this root field pass?"""
    encoded = root_field.encode()
    return root_field in GENERIC_ROOT_FIELDS or any(marker in encoded for marker in HOUSTON_MARKERS)
