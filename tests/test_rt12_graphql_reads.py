""".graphql files read by a script: judged as the same document inline would be (issue 12, red team 11, F5, F6, F9).

Through the installed CLI (``check --format json``):

* F5: a file read and posted to ``os.environ["PLATFORM_API"]`` with the Houston token header, and no
  other send of the script posting to Houston, is Houston's (the typo is reported at the .graphql
  file's line:col, exit 1); with another send of the script posting to Houston and no token, it is not;
* F6: a file read and sent to an imported Houston URL setting (``from config import API_URL``) is Houston's;
* F9: a path built by an f-string (``f"{DIR}/deps.graphql"``, ``f"{name}.graphql"`` with a literal name at
  the only call) is followed when it names one file of the run; an unresolved name is not guessed.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))

TYPO_DOC = 'query {\n  workspaceDeployments(workspaceUuid: "x") { id releaseNam }\n}\n'
TYPO_MESSAGE = "Cannot query field 'releaseNam' on type 'Deployment'. Did you mean 'releaseName'?"


def _check(root: Path):
    run = subprocess.run([CLI, "check", ".", "--format", "json"], cwd=root, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in run.stderr
    return run.returncode, json.loads(run.stdout)


def _tree(root: Path, files: dict) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _document(report, path):
    return next(d for d in report["documents"] if d["path"] == path)


def _assert_houston_typo(root: Path, path: str, evidence_part: str):
    code, report = _check(root)
    doc = _document(report, path)
    assert doc["houston"] is True, doc
    assert any(evidence_part in item for item in doc["evidence"]), doc["evidence"]
    typo = [f for f in report["findings"] if f["message"] == TYPO_MESSAGE]
    assert [(f["path"], f["line"], f["column"]) for f in typo] == [(path, 2, 49)], report["findings"]
    assert code == 1


F5_RUN = '''import os, json, requests
URL = os.environ["PLATFORM_API"]
def go():
    with open("ops/deps.graphql") as fh:
        q = fh.read()
    return requests.post(URL, {body}, headers={{"authorization": os.environ["HOUSTON_API_TOKEN"]}})
'''


def test_f5_file_sent_with_the_houston_token_is_houston(tmp_path):
    _tree(tmp_path, {"run.py": F5_RUN.format(body='json={"query": q}'), "ops/deps.graphql": TYPO_DOC})
    _assert_houston_typo(tmp_path, "ops/deps.graphql", 'with {"authorization": os.environ["HOUSTON_API_TOKEN"]} (line 6)')


def test_f5_file_sent_with_data_dumps_and_the_token_is_houston(tmp_path):
    _tree(tmp_path, {"run.py": F5_RUN.format(body='data=json.dumps({"query": q})'), "ops/deps.graphql": TYPO_DOC})
    _assert_houston_typo(tmp_path, "ops/deps.graphql", "HOUSTON_API_TOKEN")


def test_f5_environ_url_is_against_when_another_send_posts_to_houston(tmp_path):
    run = '''import os, requests
HOUSTON_URL = os.environ["HOUSTON_URL"]
URL = os.environ["PLATFORM_API"]
def ws():
    return requests.post(HOUSTON_URL, json={"query": "query { workspaces { id } }"})
def go():
    with open("ops/deps.graphql") as fh:
        q = fh.read()
    return requests.post(URL, json={"query": q})
'''
    _tree(tmp_path, {"run.py": run, "ops/deps.graphql": TYPO_DOC})
    code, report = _check(tmp_path)
    doc = _document(report, "ops/deps.graphql")
    assert doc["houston"] is False, doc
    assert any("which names no Houston" in item for item in doc["evidence"]), doc["evidence"]
    assert not [f for f in report["findings"] if f["path"] == "ops/deps.graphql"]


F6_RUN = '''import json, requests
from config import API_URL
def go():
    with open("ops/deps.graphql") as fh:
        q = fh.read()
    return requests.post(API_URL, {body})
'''


def test_f6_file_sent_to_an_imported_houston_setting_is_houston(tmp_path):
    _tree(tmp_path, {
        "config.py": 'API_URL = "https://houston.acme.com/v1"\n',
        "run.py": F6_RUN.format(body='json={"query": q}'),
        "ops/deps.graphql": TYPO_DOC,
    })
    _assert_houston_typo(tmp_path, "ops/deps.graphql", "sent to API_URL = 'https://houston.acme.com/v1' (imported from config.py) (line 6)")


def test_f6_data_dumps_to_an_imported_houston_setting_is_houston(tmp_path):
    _tree(tmp_path, {
        "config.py": 'API_URL = "https://houston.acme.com/v1"\n',
        "run.py": F6_RUN.format(body='data=json.dumps({"query": q})'),
        "ops/deps.graphql": TYPO_DOC,
    })
    _assert_houston_typo(tmp_path, "ops/deps.graphql", "imported from config.py")


def test_f6_an_imported_setting_naming_another_api_does_not_make_it_houston(tmp_path):
    _tree(tmp_path, {
        "config.py": 'API_URL = "https://catalog.example.com/graphql"\n',
        "run.py": F6_RUN.format(body='json={"query": q}'),
        "ops/deps.graphql": TYPO_DOC,
    })
    code, report = _check(tmp_path)
    doc = _document(report, "ops/deps.graphql")
    assert doc["houston"] is not True, doc
    assert not any("read by" in item for item in doc["evidence"]), doc["evidence"]
    assert code == 0


def test_f9_fstring_name_given_one_literal_at_its_only_call_is_followed(tmp_path):
    run = '''import os
from pathlib import Path
import requests
HOUSTON_URL = os.environ["HOUSTON_URL"]
QDIR = Path(__file__).parent / "queries"
def go(name):
    q = (QDIR / f"{name}.graphql").read_text()
    return requests.post(HOUSTON_URL, json={"query": q})
go("deps")
'''
    _tree(tmp_path, {"run.py": run, "queries/deps.graphql": TYPO_DOC, "queries/other.graphql": "query { workspaces { id } }\n"})
    _assert_houston_typo(tmp_path, "queries/deps.graphql", "read by ../run.py (line 7), sent to HOUSTON_URL")
    code, report = _check(tmp_path)
    other = _document(report, "queries/other.graphql")
    assert not any("read by" in item for item in other["evidence"]), other


def test_f9_fstring_folder_constant_and_literal_name_are_followed(tmp_path):
    run = '''import os, requests
from pathlib import Path
HOUSTON_URL = os.environ["HOUSTON_URL"]
DIR = "ops"
def go(name):
    with open(f"queries/{name}.graphql") as fh:
        q = fh.read()
    requests.post(HOUSTON_URL, json={"query": q})
    return requests.post(HOUSTON_URL, json={"query": Path(f"{DIR}/deps.graphql").read_text()})
go(name="deps")
'''
    _tree(tmp_path, {"run.py": run, "ops/deps.graphql": TYPO_DOC, "queries/deps.graphql": TYPO_DOC.replace("releaseNam", "releaseNme")})
    _assert_houston_typo(tmp_path, "ops/deps.graphql", "read by ../run.py (line 9)")
    code, report = _check(tmp_path)
    queries = _document(report, "queries/deps.graphql")
    assert queries["houston"] is True and any("read by ../run.py (line 6)" in item for item in queries["evidence"]), queries


def test_f9_fstring_name_that_cannot_be_resolved_reads_every_file_of_its_folder(tmp_path):
    """Not guessed as one file: every file the pattern queries/*.graphql matches is read (red team 14,
    report 12, F3/F8: a computed name is linked to each file its folder and suffix can match)."""
    run = '''import os, requests
HOUSTON_URL = os.environ["HOUSTON_URL"]
def go(name):
    with open(f"queries/{name}.graphql") as fh:
        return requests.post(HOUSTON_URL, json={"query": fh.read()})
go("deps")
go("other")
'''
    _tree(tmp_path, {"run.py": run, "queries/deps.graphql": TYPO_DOC})
    _assert_houston_typo(tmp_path, "queries/deps.graphql", "read by ../run.py (line 4)")


def test_module_attribute_of_an_imported_settings_module_is_the_url(tmp_path):
    run = '''import requests
from pkg import settings
def go():
    with open("ops/deps.graphql") as fh:
        q = fh.read()
    return requests.post(settings.API_URL, json={"query": q})
'''
    _tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/settings.py": 'API_URL = "https://houston.acme.com/v1"\n',
        "run.py": run,
        "ops/deps.graphql": TYPO_DOC,
    })
    _assert_houston_typo(tmp_path, "ops/deps.graphql", "sent to settings.API_URL = 'https://houston.acme.com/v1' (imported from pkg/settings.py) (line 6)")


def test_module_attribute_setting_with_an_inline_document_is_houston(tmp_path):
    run = '''import requests
from pkg import settings
Q = """
query {
  workspaceDeployments(workspaceUuid: "x") { id releaseNam }
}
"""
def go():
    return requests.post(settings.API_URL, json={"query": Q})
'''
    _tree(tmp_path, {"pkg/__init__.py": "", "pkg/settings.py": 'API_URL = "https://houston.acme.com/v1"\n', "run.py": run})
    code, report = _check(tmp_path)
    doc = _document(report, "run.py")
    assert doc["houston"] is True, doc
    assert [(f["line"], f["column"]) for f in report["findings"] if f["message"] == TYPO_MESSAGE] == [(5, 49)]
    assert code == 1


GH_RUN = '''import os, requests
HOUSTON_URL = os.environ["HOUSTON_URL"]
GH = {
    "q": """
query {
  workspaceDeployments(workspaceUuid: "x") { id releaseNam }
}
""",
    "repo": 'query { repository(owner: "a", name: "b") { id } }',
}
def go():
    return requests.post(HOUSTON_URL, json={"query": GH["q"]})
def gh():
    return requests.post("https://api.github.com/graphql", json={"query": GH["repo"]})
'''


def test_document_held_in_a_dict_of_documents_is_sent_where_its_entry_is(tmp_path):
    _tree(tmp_path, {"run.py": GH_RUN})
    code, report = _check(tmp_path)
    houston = next(d for d in report["documents"] if d["line"] == 4)
    assert houston["houston"] is True and any(e.startswith("posted to HOUSTON_URL") and "(call at line 12)" in e for e in houston["evidence"]), houston
    github = next(d for d in report["documents"] if d["line"] == 9)
    assert github["houston"] is False, github
    assert [(f["line"], f["column"]) for f in report["findings"] if f["message"] == TYPO_MESSAGE] == [(6, 49)]
    assert code == 1
