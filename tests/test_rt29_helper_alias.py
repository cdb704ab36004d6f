"""A name bound once to the module's Houston helper is that helper (red team 28, report 12, f10).

``query = houston_query`` then ``query("query Ws { workspaces { id labell } }")`` left the document undecided
("this document's send was not traced") and its typo missed, while ``houston_query(...)`` was traced. A name bound
twice (to the Houston helper and to another API's) is not taken for either.
"""

from trust_cli import check_by_operation

HEAD = '''import os

import requests

URL = "https://houston.astro.acme-corp.com/v1"
GH = "https://api.github.com/graphql"


def _post(url, q, v=None):
    return requests.post(url, json={"query": q, "variables": v}, headers={"authorization": os.environ["TOKEN"]}).json()


def houston_query(q, v=None):
    return _post(URL, q, v)


def github_query(q, v=None):
    return _post(GH, q, v)


'''


def test_alias_of_the_houston_helper_is_followed(tmp_path):
    (tmp_path / "alias.py").write_text(HEAD + 'query = houston_query\n\nquery("query Ws { workspaces { id labell } }")\n_post(GH, "query { viewer { login } }")\n')
    (tmp_path / "inner.py").write_text(HEAD + 'def main():\n    run = houston_query\n    return run("query Ws { workspaces { id labell } }")\n')
    (tmp_path / "twice.py").write_text(
        HEAD + 'import sys\n\nquery = houston_query\nif sys.argv[1:]:\n    query = github_query\n\nquery("query Ws { workspaces { id labell } }")\n'
    )
    verdicts, errors, completed = check_by_operation(tmp_path)
    assert verdicts["alias.py"]["Ws"]["houston"] is True, verdicts["alias.py"]
    assert any("labell" in message for message in errors.get("alias.py", [])), completed.stdout
    assert verdicts["inner.py"]["Ws"]["houston"] is True, verdicts["inner.py"]
    assert any("labell" in message for message in errors.get("inner.py", [])), completed.stdout
    assert verdicts["twice.py"]["Ws"]["houston"] is not True, verdicts["twice.py"]
    assert "twice.py" not in errors, errors
