"""A parameter named like the module's helper, or an imported one, is the parameter (red team 29, report 12, f4).

``def fetch(houston, q): return houston(q)`` called as ``fetch(github, REPOS)`` was read as a call of the module's
``houston()`` helper: GitHub's ``viewer`` query got "Cannot query field 'viewer'", exit 1. So with a default
(``def sync(houston=github)``) and with ``from client import gql; def main(gql): gql(REPOS)``.
Controls: the helper called directly still counts.
"""

from trust_cli import check_by_operation

HEAD = '''import os
import requests

HOUSTON_URL = "https://houston.acme.com/v1"
GITHUB_URL = "https://api.github.com/graphql"

REPOS = """query Repos { viewer { repositories(first: 5) { nodes { name } } } }"""


def houston(q):
    return requests.post(HOUSTON_URL, json={"query": q}, headers={"Authorization": os.environ["HOUSTON_API_TOKEN"]}).json()


def github(q):
    return requests.post(GITHUB_URL, json={"query": q}).json()


'''
FORMS = {
    "parameter": 'def fetch(houston, q):\n    return houston(q)\n\nfetch(github, REPOS)\n',
    "default": 'def sync(houston=github):\n    return houston(REPOS)\n\nsync()\n',
    "lambda": 'SEND = (lambda houston: houston(REPOS))(github)\n',
}
WS = '\nhouston("query Ws { workspaces { id label } }")\n'


def test_a_parameter_named_like_a_helper_is_not_the_helper(tmp_path):
    for form, body in FORMS.items():
        (tmp_path / f"{form}.py").write_text(HEAD + body + WS)
    (tmp_path / "settings.py").write_text('import os\nHOUSTON_URL = os.environ.get("HOUSTON_URL", "https://houston.acme.io/v1")\n')
    (tmp_path / "client.py").write_text(
        'import requests\nfrom settings import HOUSTON_URL\n\n\ndef gql(query, variables=None):\n'
        '    return requests.post(HOUSTON_URL, json={"query": query, "variables": variables or {}}).json()\n')
    (tmp_path / "imported.py").write_text(
        'import requests\nfrom client import gql\n\nREPOS = """query Repos { viewer { repositories(first: 5) { nodes { name } } } }"""\n\n\n'
        'def main(gql):\n    return gql(REPOS)\n\n\ndef github(q):\n    return requests.post("https://api.github.com/graphql", json={"query": q}).json()\n\n\n'
        'main(github)\ngql("query Ws { workspaces { id label } }")\n')
    verdicts, errors, completed = check_by_operation(tmp_path)
    for form in list(FORMS) + ["imported"]:
        assert verdicts[f"{form}.py"]["Repos"]["houston"] is not True, (form, verdicts[f"{form}.py"]["Repos"])
        assert verdicts[f"{form}.py"]["Ws"]["houston"] is True, (form, verdicts[f"{form}.py"]["Ws"])
        assert f"{form}.py" not in errors, (form, errors)
    assert completed.returncode == 0, completed.stdout[-2000:]
