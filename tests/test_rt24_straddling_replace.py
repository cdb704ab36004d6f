"""Red team 23 (report 11b), f10: a ``.replace`` fill whose search text straddles GraphQL tokens.

``CREATE.replace('"etl", type', f'"{label}", type')`` or ``CREATE.replace(': "2.3.4-11"', f': "{version}"')`` on a
document holding ``airflowVersion: "2.3.4-11"``: the search text became one hole, the document no longer parsed,
so rewrite said nothing and ``check --houston-version 1.0.1`` only "template-not-parsed" (exit 0).  Such a text is
no hole: the document is read as written (check reports the AC argument), and an edit that changes the text the
fill looks for is withdrawn with ``review-template-fill``; one that leaves it alone migrates.
"""

from trust_cli import run_cli

HEAD = '''import requests

HOUSTON = "https://houston.example.com/v1"
CREATE = """mutation { createDeployment(workspaceUuid: "WS", label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id } }"""


def houston(query):
    r = requests.post(HOUSTON, json={"query": query}, headers={"authorization": "tok"})
    return r.json()["data"]

'''

LABEL = HEAD + '''
def create(ws, label):
    return houston(CREATE.replace('"etl", type', f'"{label}", type'))
'''

VERSION = HEAD + '''
def create(ws, version):
    return houston(CREATE.replace(': "2.3.4-11"', f': "{version}"'))
'''


def _output(done):
    return done.stdout + done.stderr


def test_check_reads_the_document_a_straddling_replace_fills(tmp_path):
    for name, source in (("label.py", LABEL), ("version.py", VERSION)):
        (tmp_path / name).write_text(source)
    done = run_cli("check", "--houston-version", "1.0.1", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 1, _output(done)
    assert "template-not-parsed" not in _output(done), _output(done)
    errors = [line for line in _output(done).splitlines() if " error known-argument-names " in line and "airflowVersion" in line]
    assert sorted(line.split(":")[0] for line in errors) == ["label.py", "version.py"], _output(done)


def test_rewrite_migrates_around_a_straddling_text_and_holds_an_edit_of_it(tmp_path):
    (tmp_path / "label.py").write_text(LABEL)
    (tmp_path / "version.py").write_text(VERSION)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    label = (tmp_path / "label.py").read_text()
    assert 'runtimeVersion: "5.5.0"' in label and "airflowVersion" not in label, label
    assert "replace('\"etl\", type', f'\"{label}\", type')" in label  # the fill still finds its text
    assert (tmp_path / "version.py").read_text() == VERSION, _output(done)  # the fill looks for the AC text
    held = [line for line in _output(done).splitlines() if " review-template-fill " in line]
    assert len(held) == 1 and held[0].startswith("version.py:"), _output(done)
