"""Red team 23, report 12 ("Houston or not", recall), f10: a helper ``houston(query, **variables)`` wrapping an
in-house GraphQL library (``execute_graphql(HOUSTON_URL, query, ...)``).  The document bound to a constant first,
``houston(WS)``, was Houston's ("sent by helper houston()", the file's HOUSTON_URL as context) and its typo
reported; the very same document written in the call, ``houston("query { ... }")``, was "not Houston" with none of
that evidence.  ``PythonDocumentFinder._add_helper_call_sites`` now takes a document written in a call as it takes
one passed by name: both get the same verdict (also for ``session.query(...)`` on an in-house session object).

Controls: the same inline document handed to a helper named for another API is not Houston's, and a GraphQL-looking
literal handed to a string method (``q.startswith("query {")``) in a Houston file is no document sent.
One ``check --format json`` run of the installed CLI per tree (``TRUST_CLI_UNDER_TEST`` points it at another install).
"""

from pathlib import Path

from trust_cli import check_by_file

_DOC = "query { workspaces { id label deploymentz { id } } }"
_HELPER = '''import os
from acme_platform.graphql import execute_graphql

HOUSTON_URL = os.environ["HOUSTON_URL"]


def houston(query, **variables):
    return execute_graphql(HOUSTON_URL, query, variables,
                           headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})

'''
_SESSION = '''import os
from acme_platform.graphql import GraphQLSession

HOUSTON_URL = os.environ["HOUSTON_URL"]
session = GraphQLSession(HOUSTON_URL, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})

'''


def test_f10_a_document_written_in_a_helper_call_is_judged_as_one_passed_by_name(tmp_path):
    (tmp_path / "const.py").write_text(_HELPER + f'\nWS = "{_DOC}"\n\n\ndef main():\n    return houston(WS)\n')
    (tmp_path / "inline.py").write_text(_HELPER + f'\ndef main():\n    return houston("{_DOC}")\n')
    (tmp_path / "inline_vars.py").write_text(_HELPER + f'\ndef main(ws):\n    return houston("{_DOC}", ws=ws)\n')
    (tmp_path / "session_const.py").write_text(_SESSION + f'WS = "{_DOC}"\n\n\ndef main():\n    return session.query(WS)\n')
    (tmp_path / "session_inline.py").write_text(_SESSION + f'\ndef main():\n    return session.query("{_DOC}")\n')
    verdicts, errors, _ = check_by_file(tmp_path)
    for path in ("const.py", "inline.py", "inline_vars.py", "session_const.py", "session_inline.py"):
        assert verdicts[path]["houston"] is True, (path, verdicts[path]["evidence"])
        assert any("deploymentz" in message for message in errors.get(path, ())), (path, errors)
    assert "sent by helper houston() (line 13)" in verdicts["inline.py"]["evidence"], verdicts["inline.py"]


def test_an_inline_document_to_another_apis_helper_or_a_string_method_is_not_houstons(tmp_path):
    (tmp_path / "github.py").write_text(
        "import os\nimport requests\n\nGITHUB_URL = \"https://api.github.com/graphql\"\n\n\n"
        "def github(query):\n    return requests.post(GITHUB_URL, json={\"query\": query}).json()\n\n\n"
        "def main():\n    return github(\"query { viewer { login deploymentz } }\")\n")
    (tmp_path / "checks.py").write_text(_HELPER + '\ndef is_listing(q):\n    return q.strip().startswith("query { workspaces { id labell } }")\n')
    verdicts, errors, _ = check_by_file(tmp_path)
    assert verdicts.get("github.py", {}).get("houston") is not True, verdicts  # GitHub's: not even listed
    assert verdicts.get("checks.py", {}).get("houston") is not True, verdicts
    assert not errors, errors
