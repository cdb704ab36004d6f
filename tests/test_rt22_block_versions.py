"""Red team 21 (report 11a), f7: a version written as a GraphQL block string migrates like a plain string.

``airflowVersion: \"\"\"2.3.4-11\"\"\"`` was reviewed as "not a string or variable".  A block string whose
characters between its quotes are its value migrates; one that is not (escapes, indentation) is reviewed
with the true reason.
"""

from trust_cli import run_cli

PLAIN = "Q = '''mutation { createDeployment(workspaceUuid: \"w\", label: \"l\", type: \"airflow\", airflowVersion: \"\"\"2.3.4-11\"\"\") { id } }'''\n"
INDENTED = "Q = '''mutation { createDeployment(workspaceUuid: \"w\", label: \"l\", type: \"airflow\", airflowVersion: \"\"\"\n    2.3.4-11\"\"\") { id } }'''\n"
SEND = 'import requests\n{doc}requests.post("https://houston.example.com/v1", json={{"query": Q}})\n'


def test_a_block_string_version_migrates_and_an_indented_one_is_reviewed(tmp_path):
    (tmp_path / "plain.py").write_text(SEND.format(doc=PLAIN))
    (tmp_path / "indented.py").write_text(SEND.format(doc=INDENTED))
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert 'runtimeVersion: """5.5.0"""' in (tmp_path / "plain.py").read_text()
    assert (tmp_path / "indented.py").read_text() == SEND.format(doc=INDENTED)
    assert "block string with escapes or indentation" in done.stdout + done.stderr
    assert "not a string or variable" not in done.stdout + done.stderr
