"""Can these bytes hold a Houston document, or an AC image?  Decided before any parsing.

A Houston document selects a Houston root field right after its opening
brace: ``{ deployments``, ``{\\n  createDeployment(``, ``{ d: workspace(``,
with only spaces, escaped newlines or GraphQL comments between.  So a
Python file (or notebook) is parsed only if one of these holds:

* a ``{`` is followed by one of Houston's root fields, or by one named like an
  everyday word (``self``, ``users``, ``email``) and then its own ``(`` or ``{``;
* it names Houston (``houston.<domain>``, ``HOUSTON_URL``) and a GraphQL
  keyword or client call: a document posted to Houston is Houston's whatever
  its fields;
* it defines a GraphQL fragment (``fragment Name on Type``): a fragment-only
  document may be on a Houston type;
* it uses sgqlc (operations built in Python, reviewed by their own rule).

One regular expression, anchored on ``{``, runs over each file; the other
checks are plain substring searches.  Tests keep the root-field list complete
for every platform version, and run every test input through the whole
pipeline with and without the prefilter.  A document whose opening brace and
first root field are split across literals, or written with escapes, is not
seen; nobody writes them that way.
"""

from __future__ import annotations

import re

GRAPHQL_MARKERS = (b"query", b"mutation", b"subscription", b"fragment", b"gql", b"execute")
# "Houston", "houston", "HOUSTON" (the shorter needles happen to scan faster).
HOUSTON_NAME = (b"uston", b"USTON")
# Houston's root fields across every platform version (tests/test_prefilter.py keeps the
# list complete), longest first so a name is never cut short by its prefix.
ROOT_FIELDS = tuple(sorted((
    "addCard", "addCustomerId", "adoptDeployment", "adoptedAirflowUsers",
    "adoptionCandidates", "airflowRelease", "airflowReleases", "appConfig", "authConfig",
    "availableNamespaces", "cancelRuntimeUpdate", "confirmEmail", "cordonDeployment",
    "createDeployment", "createDeploymentServiceAccount", "createServiceAccount",
    "createSystemRoleBinding", "createSystemServiceAccount", "createTeamSystemRoleBinding",
    "createToken", "createUser", "createWorkspace", "createWorkspaceServiceAccount",
    "deleteDeployment", "deleteDeploymentServiceAccount", "deleteInviteToken",
    "deleteServiceAccount", "deleteSystemRoleBinding", "deleteSystemServiceAccount",
    "deleteTeamSystemRoleBinding", "deleteWorkspace", "deleteWorkspaceServiceAccount",
    "deployment", "deploymentAddTeamRole", "deploymentAddUserRole",
    "deploymentAlertsUpdate", "deploymentConfig", "deploymentRemoveTeamRole",
    "deploymentRemoveUserRole", "deploymentServiceAccount", "deploymentServiceAccounts",
    "deploymentStatus", "deploymentTeams", "deploymentUpdateTeamRole",
    "deploymentUpdateUserRole", "deploymentUserBulkImport", "deploymentUsers",
    "deploymentVariables", "deployments", "extendWorkspaceTrial", "forgotPassword",
    "inviteUser", "paginatedClusters", "paginatedDeployments", "paginatedTeams",
    "paginatedWorkspaceUsers", "paginatedWorkspaces", "registerCluster", "removeUser",
    "resendConfirmation", "resetPassword", "runtimeReleases", "serviceAccounts",
    "suspendWorkspace", "sysWorkspaces", "teamUsers", "toggleWebserverReboot",
    "unadoptDeployment", "uncordonDeployment", "updateCard", "updateDeployment",
    "updateDeploymentAirflow", "updateDeploymentImage", "updateDeploymentKedaConfig",
    "updateDeploymentRuntime", "updateDeploymentServiceAccount",
    "updateDeploymentVariables", "updateSelf", "updateServiceAccount", "updateUser",
    "updateWorkspace", "updateWorkspaceServiceAccount", "upgradeDeployment",
    "upsertDeployment", "validateGitSyncCredentials", "verifyEmail", "workspace",
    "workspaceAddTeam", "workspaceAddUser", "workspaceDeployment", "workspaceDeployments",
    "workspaceInvites", "workspaceRemoveTeam", "workspaceRemoveUser",
    "workspaceServiceAccount", "workspaceServiceAccounts", "workspaceTeams",
    "workspaceUpdateTeamRole", "workspaceUpdateUserRole", "workspaceUpsertUserRole",
    "workspaceUser", "workspaceUsers", "workspaces",
), key=len, reverse=True))
# Root fields named like everyday words.  They are all object-typed, so in a document
# they are followed by their own "(" or "{".
GENERIC_ROOT_FIELDS = ("self", "users", "email", "card", "team", "logs", "log", "metrics", "invites", "updateAvailable")

# What may stand between "{" and a root field inside one literal: spaces, newlines
# written as escapes, GraphQL comments, and a __typename selected first.
#
# Linear time (issue 11): every character decides which of these it starts, and a
# comment runs to the first newline, real or written "\n", and nowhere else.  The old
# "#[^\n]*" could end anywhere, so n commented lines after a "{" ("#   # given")
# could be split 2**n ways, each tried.  A comment holding "{" ends the gap (the
# search goes on from that "{"), so the text scanned from different "{" never
# overlaps: the whole search is linear in the file.  The price: a document whose
# first root field follows a comment with a "{" in it, or an alias starting with "_"
# (which could trade characters with "__typename"), is not seen by the prefilter.
_COMMENT = rb"#(?:[^\n\\{]|\\(?!n))*(?:\n|\\n)"
_GAP = rb"(?:\s|\\[nrt]|__typename(?!\w)|" + _COMMENT + rb")*"
_DOCUMENT_START = re.compile(
    rb"\{" + _GAP + rb"(?:[A-Za-z]\w*\s*:\s*)?"  # an alias (not one starting "_": see _GAP)
    + rb"(?:(?:" + b"|".join(f.encode() for f in ROOT_FIELDS) + rb")\b"
    + rb"|(?:" + b"|".join(f.encode() for f in GENERIC_ROOT_FIELDS) + rb")\b" + _GAP + rb"[({])"
)
# ``HOUSTON_WS = "{``, ``HOUSTON_Q: str = """{``.  Linear: a try starts only at a "HOUSTON_" no word character
# precedes, and scans that name's word run, blanks, at most one annotation word, "=", blanks, a string prefix,
# quotes, blanks, "{": no later start lies inside what a try scans but the annotation word (scanned twice at most).
_HOUSTON_SHORTHAND = re.compile(rb"(?<!\w)HOUSTON_\w*[ \t]*(?::[ \t]*\w+[ \t]*)?=[ \t]*[rRbBuU]{0,2}['\"]+[ \t\r\n]*\{")
_FRAGMENT_DEFINITION = re.compile(rb"fragment\s+\w+\s+on\s+[A-Za-z_]")
AC_IMAGE_MARKER = b"ap-airflow"


def _spelled(word: str) -> str:
    """A pattern for ``word`` however an image file may spell it (red team 7, F9 and F11): each
    character literal or as a YAML escape (``\\x6f``, ``\\u006f``, ``\\U0000006f``), and between two
    characters a line continuation (Dockerfile ``\\`` or backtick, YAML's escaped line break) with
    the blank and comment lines BuildKit skips inside it and the next line's leading blanks.

    Linear: no repeat nests another that can consume the same character (each loop turn starts
    with "#" or a line break, which the blanks before it cannot take), and the match from any
    start spans at most the word's characters and the line breaks between them.
    """
    gap = r"(?:[\\`][ \t]*\r?\n[ \t]*(?:(?:#[^\n]*)?\r?\n[ \t]*)*)?"
    pieces = []
    for char in word:
        code = "".join(f"[{d}{d.upper()}]" if d.isalpha() else d for d in f"{ord(char):02x}")
        pieces.append(f"(?:{re.escape(char)}|\\\\(?:x|u00|U000000){code})")
    return gap.join(pieces)


# "ap-airflow" written across a continuation or with escapes: only looked for when the plain
# marker is absent, so files that name it plainly pay nothing more.
AC_IMAGE_SPELLED = re.compile(_spelled("ap-airflow").encode())
AC_IMAGE_SPELLED_TEXT = re.compile(_spelled("ap-airflow"))


def may_spell_ac_image(text: str) -> bool:
    """:func:`may_hold_ac_image` for decoded text: the rules' own first test."""
    return "ap-airflow" in text or AC_IMAGE_SPELLED_TEXT.search(text) is not None


def may_hold_houston(data: bytes) -> bool:
    if _DOCUMENT_START.search(data):
        return True
    if any(name in data for name in HOUSTON_NAME):
        if any(marker in data for marker in GRAPHQL_MARKERS):
            return True
        # HOUSTON_WS = "{ workspacz { id } }": a shorthand document bound to a HOUSTON_* name (red team 12, F8)
        return b"HOUSTON_" in data and _HOUSTON_SHORTHAND.search(data) is not None
    if b"fragment" in data and _FRAGMENT_DEFINITION.search(data):
        return True
    return b"sgqlc" in data


def may_hold_ac_image(data: bytes) -> bool:
    return AC_IMAGE_MARKER in data or AC_IMAGE_SPELLED.search(data) is not None


def notebook_may_hold_houston(data: bytes) -> bool:
    """The Python test on the code cells' own text (JSON quoting would hide the layout)."""
    if not any(marker in data for marker in GRAPHQL_MARKERS + (b"sgqlc",)):
        return False
    import json

    try:
        cells = json.loads(data)["cells"]
        code = "\n".join(
            "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for cell in cells
            if cell.get("cell_type") == "code"
        )
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):  # AttributeError: a cell not an object
        return True  # not a notebook we can read: let the pipeline say so
    return may_hold_houston(code.encode("utf-8", "surrogatepass"))


def compose_may_hold_ac_image(data: bytes) -> bool:
    """A compose file that interpolates may take its AC image whole from ``.env`` (``image: ${IMG}``,
    red team 9 F6): the rule then reads the ``.env`` beside it, so any ``$`` lets it through."""
    return may_hold_ac_image(data) or b"$" in data


def python_may_need_reading(data: bytes) -> bool:
    """A Python file the rules read: a Houston document may be in it, or an AC image its code names
    (``rules.python_images``, red team 19 report 19, F1: a build script's ``AC_REPO`` constant)."""
    return may_hold_houston(data) or (
        AC_IMAGE_MARKER in data and b"import" in data and (b"docker" in data or b"FROM" in data)
    )  # (a script: it imports what runs docker or writes the file; a Dockerfile backup named alone is no Python)


PREFILTERS = {
    "python": python_may_need_reading,
    "notebook": notebook_may_hold_houston,
    "dockerfile": may_hold_ac_image,
    "compose": compose_may_hold_ac_image,  # docker-compose*.yml, compose*.yaml
    "ci": may_hold_ac_image,  # .github/workflows/*.yml, .gitlab-ci.yml
}


def covers(root_field: str) -> bool:
    """Would ``{ <root_field> (`` pass the prefilter?"""
    return _DOCUMENT_START.search(b"{ " + root_field.encode() + b" (") is not None
