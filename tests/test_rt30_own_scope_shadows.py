"""A match capture, a lambda's parameter and a comprehension's variable are their own bindings
(red team 29, report 12, f1 f2 f8).

``case {"url": URL}:``, ``lambda URL: requests.post(URL, ...)`` and ``[requests.post(URL, ...) for URL in MIRRORS]``
(in a function or at module level) were read as the module's Houston ``URL``: another service's query got false
errors and rewrite edited a document sent only to an audit mirror. Commit 0ebd64a did the other binding forms.
Controls: the module-level URL used directly still counts.
"""

from trust_cli import check_by_operation, run_cli

HEAD = '''import os

import requests

URL = "https://houston.astro.acme-corp.com/v1"
MIRRORS = ["https://cmdb-a.acme-corp.com/graphql", "https://cmdb-b.acme-corp.com/graphql"]
TARGET = {"kind": "cmdb", "url": "https://cmdb-a.acme-corp.com/graphql"}


def houston(q):
    return requests.post(URL, json={"query": q}).json()


'''
Q = 'Q = """mutation Rec($id: Uuid!) { updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: "2.4.3-6") { id } }"""\n\n'
FORMS = {
    "match": 'def cmdb(target):\n    match target:\n        case {"kind": "cmdb", "url": URL}:\n            return requests.post(URL, json={"query": Q}).json()\n\ncmdb(TARGET)\n',
    "match_star": 'def cmdb(target):\n    match target:\n        case [*URL]:\n            return requests.post(URL[0], json={"query": Q}).json()\n\ncmdb(MIRRORS)\n',
    "lambda": 'def cmdb():\n    return list(map(lambda URL: requests.post(URL, json={"query": Q}), MIRRORS))\n\ncmdb()\n',
    "module_lambda": 'SENT = list(map(lambda URL: requests.post(URL, json={"query": Q}), MIRRORS))\n',
    "comprehension": 'def cmdb():\n    return [requests.post(URL, json={"query": Q}) for URL in MIRRORS]\n\ncmdb()\n',
    "module_comprehension": 'SENT = [requests.post(URL, json={"query": Q}) for URL in MIRRORS]\n',
    "generator": 'def cmdb():\n    return list(requests.post(URL, json={"query": Q}) for URL in MIRRORS)\n\ncmdb()\n',
    "dict_comprehension": 'def cmdb():\n    return {URL: requests.post(URL, json={"query": Q}) for URL in MIRRORS}\n\ncmdb()\n',
}
WS = '\nhouston("query Ws { workspaces { id label } }")\n'


def test_own_bindings_of_match_lambda_and_comprehension_are_not_the_module_url(tmp_path):
    for form, body in FORMS.items():
        (tmp_path / f"{form}.py").write_text(HEAD + Q + body + WS)
    originals = {form: (tmp_path / f"{form}.py").read_text() for form in FORMS}
    verdicts, errors, completed = check_by_operation(tmp_path)
    for form in FORMS:
        assert verdicts[f"{form}.py"]["Rec"]["houston"] is not True, (form, verdicts[f"{form}.py"]["Rec"])
        assert verdicts[f"{form}.py"]["Ws"]["houston"] is True, (form, verdicts[f"{form}.py"]["Ws"])
        assert f"{form}.py" not in errors, (form, errors)
    rewritten = run_cli("rewrite", "--no-cache", "-j1", ".", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    assert "Traceback" not in rewritten.stderr, rewritten.stderr
    for form, text in originals.items():
        assert (tmp_path / f"{form}.py").read_text() == text, form


def test_module_url_read_in_a_lambda_or_comprehension_still_counts(tmp_path):
    # Control: the lambda's parameter and the comprehension's variable are other names; URL is the module's.
    (tmp_path / "lam.py").write_text(HEAD + Q + 'SENT = list(map(lambda q: requests.post(URL, json={"query": q}), [Q]))\n')
    (tmp_path / "comp.py").write_text(HEAD + Q + 'def run():\n    return [requests.post(URL, json={"query": q}) for q in [Q]]\n\nrun()\n')
    (tmp_path / "first_iter.py").write_text(HEAD + Q + 'def run():\n    return [requests.post(u, json={"query": Q}) for u in [URL]]\n\nrun()\n')
    verdicts, errors, completed = check_by_operation(tmp_path)
    for name in ("lam.py", "comp.py"):
        assert verdicts[name]["Rec"]["houston"] is True, (name, verdicts[name])
