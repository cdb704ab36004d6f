"""Any binding in a function makes the name local to it (red team 28, report 12, f2).

A local reusing the name of the module's Houston URL (``URL, TOKEN = os.environ[...]``, ``for URL in MIRRORS``,
``with ... as URL``, ``(URL := ...)``) was read as the module's URL: another service's query got false errors and
rewrite edited it. Commit 483e7c1 did it for a parameter; every binding form now does it.
"""

from trust_cli import check_by_operation, run_cli

HEAD = '''import os

import requests

URL = "https://houston.astro.acme-corp.com/v1"
MIRRORS = ["https://cmdb-a.acme-corp.com/graphql"]


def houston(q):
    return requests.post(URL, json={"query": q}).json()


'''
FORMS = {
    "tuple": 'def cmdb():\n    URL, TOKEN = os.environ["CMDB_GRAPHQL_URL"], os.environ["CMDB_TOKEN"]\n    return requests.post(URL, json={"query": Q}).json()\n',
    "loop": 'def cmdb():\n    for URL in MIRRORS:\n        requests.post(URL, json={"query": Q})\n',
    "walrus": 'def cmdb():\n    if (URL := os.environ.get("CMDB_GRAPHQL_URL")):\n        requests.post(URL, json={"query": Q})\n',
    "with": 'def cmdb():\n    with open("cmdb.url") as URL:\n        requests.post(URL.read(), json={"query": Q})\n',
}
Q = 'Q = """query Owners { deployments { id releaseName airflowVersion owner } }"""\n\n'


def test_a_local_of_any_binding_form_is_not_the_module_url(tmp_path):
    for form, body in FORMS.items():
        (tmp_path / f"{form}.py").write_text(HEAD + Q + body + '\nhouston("query Ws { workspaces { id label } }")\n')
    originals = {form: (tmp_path / f"{form}.py").read_text() for form in FORMS}
    verdicts, errors, completed = check_by_operation(tmp_path)
    for form in FORMS:
        assert verdicts[f"{form}.py"]["Owners"]["houston"] is not True, (form, verdicts[f"{form}.py"]["Owners"])
        assert verdicts[f"{form}.py"]["Ws"]["houston"] is True, (form, verdicts[f"{form}.py"]["Ws"])
        assert f"{form}.py" not in errors, (form, errors)
    rewritten = run_cli("rewrite", "--no-cache", "-j1", ".", cwd=tmp_path)
    assert "Traceback" not in rewritten.stderr, rewritten.stderr
    for form, text in originals.items():
        assert (tmp_path / f"{form}.py").read_text() == text, form
