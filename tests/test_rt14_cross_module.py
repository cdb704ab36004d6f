"""Red team 13 (report 11: F2, F5, F11, F12, F15): a document another file (or code) of the run reaches is never edited alone.

Each scenario builds a small tree, runs the installed ``houston-codemod rewrite`` once over it and
reads back what is on disk and what was reported.  The definer's document holds
``airflowVersion: "2.3.4-11"``; the code that reaches it fills that text with
``.replace("2.3.4-11", version)``, so an edit on the definer's side alone makes every call send
the migrated value whatever ``version`` is.  Controls (a module nobody reaches) are still migrated.
"""

import json
import re
import subprocess

URL = 'URL = "https://houston.example.com/v1"\n'
UPSERT = 'UPSERT = \'mutation Up($id: Uuid!) { upsertDeployment(deploymentUuid: $id, airflowVersion: "2.3.4-11") { id } }\'\n'
SEND = '    return requests.post(URL, json={{"query": {doc}.replace("2.3.4-11", version), "variables": {{"id": i}}}})\n'
FINDING = re.compile(r"^(\S+?):(\d+):\d+: (\w+) (\S+) ", re.MULTILINE)


def run(*args, cwd):
    return subprocess.run(["houston-codemod", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def _write(root, files):
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def _rules(stdout):
    """path -> the rules reported on it."""
    found = {}
    for path, _line, _severity, rule in FINDING.findall(stdout):
        found.setdefault(path, []).append(rule)
    return found


def _importer(imports, doc):
    return "import sys, requests\n" + imports + URL + "\n\ndef up(i, version):\n" + SEND.format(doc=doc)


def test_f2_same_module_name_in_two_folders_is_held_on_every_side(tmp_path):
    """``b/main.py`` puts ``../a`` on ``sys.path`` and imports ``frags``; ``a/frags.py`` and ``c/frags.py``
    both exist.  Which one Python loads is decided at run time: both are held (no edit, reviewed), and
    the importer is reviewed too.  A module beside its importer is certain (Python's first path entry):
    a same-named module elsewhere that nobody imports is still migrated."""
    frags = "import requests\n" + URL + UPSERT
    other = frags.replace("{ id }", "{ id label }")
    files = {
        "same/a/fr_same.py": frags,
        "same/c/fr_same.py": frags,
        "same/b/main.py": _importer('sys.path.insert(0, "../a")\nfrom fr_same import UPSERT\n', "UPSERT"),
        "differ/a/fr_differ.py": frags,
        "differ/c/fr_differ.py": other,
        "differ/b/main.py": _importer('sys.path.insert(0, "../a")\nfrom fr_differ import UPSERT\n', "UPSERT"),
        "own/x/fr_own.py": frags,
        "own/x/main.py": _importer("from fr_own import UPSERT\n", "UPSERT"),
        "own/y/fr_own.py": frags,
    }
    _write(tmp_path, files)
    result = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rules = _rules(result.stderr)
    for path in ("same/a/fr_same.py", "same/c/fr_same.py", "differ/a/fr_differ.py", "differ/c/fr_differ.py", "own/x/fr_own.py"):
        assert (tmp_path / path).read_text() == files[path], path  # held: not edited
        assert "review-imported-constant" in rules.get(path, []), (path, result.stderr)
    for path in ("same/b/main.py", "differ/b/main.py", "own/x/main.py"):
        assert (tmp_path / path).read_text() == files[path], path
        assert "review-imported-constant" in rules.get(path, []), (path, result.stderr)
    # the two same-named modules disagree: the importer's review names both
    assert "names of differ/a/fr_differ.py (UPSERT)" in result.stderr and "names of differ/c/fr_differ.py (UPSERT)" in result.stderr
    # nobody imports own/y/fr_own.py (own/x/main.py loads the one beside it): migrated
    assert 'runtimeVersion: "' in (tmp_path / "own/y/fr_own.py").read_text()
    assert "own/y/fr_own.py" not in rules
