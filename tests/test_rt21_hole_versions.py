"""Red team 20 (report 11b), F7 and F6: a template hole reading a name bound to an AC version.

F7: ``version = "2.3.4-11"`` in a function, spliced into its document (``+`` or an f-string) and read
nowhere else.  ``rewrite`` renamed the argument and left the literal, so the script sent
``runtimeVersion: "2.3.4-11"`` (the ``check`` right after said Houston rejects it) while it worked
before.  Now a name private to the document has its literal migrated with the argument; a name
that is not (module-level, read elsewhere) keeps the argument as it is, with a review.
F6: the "also read on lines" note counted another function's own local of the same name.

One ``rewrite`` and one ``check`` of a folder of cases, through the installed command.
"""

import json

from trust_cli import run_cli

HEAD = '''import os
import requests

URL = "https://houston.example.com/v1"
H = {"authorization": os.environ.get("HOUSTON_API_TOKEN", "")}
'''
SEND = '    return requests.post(URL, json={"query": doc}, headers=H).json()\n'
CONCAT = "    doc = 'mutation { createDeployment(workspaceUuid: \"' + ws + '\", label: \"a\", type: \"airflow\", airflowVersion: \"' + version + '\") { id } }'\n"
FSTRING = "    doc = f'mutation {{ createDeployment(workspaceUuid: \"{ws}\", label: \"b\", type: \"airflow\", airflowVersion: \"{version}\") {{ id }} }}'\n"

CASES = {
    "private_concat.py": HEAD + '\n\ndef create(ws):\n    version = "2.3.4-11"\n' + CONCAT + SEND,
    "private_fstring.py": HEAD + '\n\ndef create(ws):\n    version = "2.3.4-11"\n' + FSTRING + SEND,
    # module-level: other modules may import it
    "module_level.py": HEAD + 'version = "2.3.4-11"\n\n\ndef create(ws):\n' + CONCAT + SEND,
    # read elsewhere too (a pip pin)
    "read_twice.py": HEAD + '\n\ndef create(ws):\n    version = "2.3.4-11"\n    print("pip install apache-airflow==" + version)\n' + FSTRING + SEND,
    # a parameter: unknown value, renamed with the warning as before; another function's local
    # ``version`` is not one of its reads (F6)
    "parameter.py": HEAD + '\n\ndef create(ws, version):\n' + CONCAT + SEND
    + '\n\ndef report(rows):\n    version = rows[0]["v"]\n    print(version)\n    return version\n',
}


def _write(root):
    for name, text in CASES.items():
        (root / name).write_text(text)


def test_private_names_migrate_with_the_argument_and_shared_ones_stay(tmp_path):
    _write(tmp_path)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    for name in ("private_concat.py", "private_fstring.py"):
        text = (tmp_path / name).read_text()
        assert 'version = "5.5.0"' in text and "runtimeVersion" in text and "airflowVersion" not in text, text
        expected = CASES[name].replace('"2.3.4-11"', '"5.5.0"').replace("airflowVersion", "runtimeVersion")
        assert text == expected  # only those bytes
    for name in ("module_level.py", "read_twice.py"):
        assert (tmp_path / name).read_text() == CASES[name], name  # held: nothing sends an AC version as Runtime
    parameter = (tmp_path / "parameter.py").read_text()
    assert "runtimeVersion" in parameter  # an unknown value: migrated with a warning, as before
    again = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert again.returncode == 0 and "0 rewritten" in again.stderr, again.stderr  # idempotent
    checked = run_cli("check", "--no-cache", "--houston-version", "1.0.1", "--format", "json", ".", cwd=tmp_path)
    findings = json.loads(checked.stdout)["findings"] if checked.stdout.startswith("{") else []
    rejected = [f for f in findings if "Houston rejects" in f.get("message", "")]
    assert not rejected, rejected


def test_reviews_name_the_binding_and_only_its_own_reads(tmp_path):
    _write(tmp_path)
    done = run_cli("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    report = json.loads(done.stdout)
    by_file = {}
    for finding in report["findings"]:
        by_file.setdefault(finding["path"].rsplit("/", 1)[-1], []).append(finding)
    for name in ("module_level.py", "read_twice.py"):
        shared = [f["message"] for f in by_file.get(name, []) if f["code"] == "review-shared-constant"]
        assert shared, by_file.get(name)
    shared = [f["message"] for f in by_file["read_twice.py"] if f["code"] == "review-shared-constant"]
    assert any("bound on line 9 to the AC version '2.3.4-11'" in m and "'5.5.0'" in m for m in shared), shared
    notes = [f["message"] for f in by_file.get("parameter.py", []) if f["code"] == "review-template-version"]
    assert notes and all("also read on" not in note for note in notes), notes
