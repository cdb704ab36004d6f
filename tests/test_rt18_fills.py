"""Fills the project index did not follow (issue 11, red team 17, report 11b: F22, F4, F3, F18, F7, F19, F5).

Through the installed CLI, one ``rewrite`` per tree of many small cases (the tree afterwards tells what
was edited; a case with no fill in each tree proves the run still migrates what nobody fills):

* F22: a ``.graphql`` file read through the project-root idiom (``ROOT = Path(__file__).resolve().parents[1]``,
  ``.parent.parent``, nested ``os.path.dirname``, ``Path.cwd()``, ``.absolute()``, a folder name bound to
  one) and filled by the script is held, ``review-template-fill``, as with ``/ ".."``.
"""

import os

from trust_cli import run_cli

QUERY = 'mutation Up($id: Uuid!) {\n  upsertDeployment(deploymentUuid: $id, airflowVersion: "2.3.4-11") { id }\n}\n'
HEAD = 'import os\nfrom pathlib import Path\n\nimport requests\n\nHOUSTON = "https://houston.example.com/v1"\n'
SEND = (
    '    return requests.post(HOUSTON, json={"query": doc, "variables": {"id": dep}},\n'
    '                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()\n'
)


def _write(root, files):
    for name, text in files.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)


def _read(root, name):
    with open(os.path.join(root, name), encoding="utf-8") as fh:
        return fh.read()


def _rewrite(cwd):
    """Plain ``rewrite`` (it writes), one run for the whole tree."""
    proc = run_cli("rewrite", "--no-cache", "-j1", ".", cwd=cwd)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1), proc.stderr
    return proc


def _script(setup, read):
    return HEAD + setup + "\n\ndef up(dep, version):\n    doc = " + read + "\n" + SEND


# -- F22: the project-root idiom ------------------------------------------------------------------

ROOTED = {  # tools/NAME.py reads queries/NAME.graphql (or services/a/queries/...) and fills it
    "parents1": ("ROOT = Path(__file__).resolve().parents[1]", '(ROOT / "queries" / "parents1.graphql").read_text()'),
    "parentparent": ("", '(Path(__file__).resolve().parent.parent / "queries" / "parentparent.graphql").read_text()'),
    "bareparents": ("", '(Path(__file__).parents[1] / "queries" / "bareparents.graphql").read_text()'),
    "dirnames": (
        "",
        'open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "queries", "dirnames.graphql")).read()',
    ),
    "cwd": ("", '(Path.cwd() / "queries" / "cwd.graphql").read_text()'),
    "absolute": ("", '(Path(__file__).absolute().parent.parent / "queries" / "absolute.graphql").read_text()'),
    "folder": ('QUERIES = Path(__file__).resolve().parents[1] / "queries"', '(QUERIES / "folder.graphql").read_text()'),
    "monorepo": (
        "ROOT = Path(__file__).resolve().parents[1]",
        '(ROOT / "services" / "a" / "queries" / "monorepo.graphql").read_text()',
    ),
}


def test_f22_project_root_reads_hold_the_file_they_fill(tmp_path):
    files = {}
    for name, (setup, read) in ROOTED.items():
        folder = "services/a/queries" if name == "monorepo" else "queries"
        files[f"{folder}/{name}.graphql"] = QUERY
        files[f"tools/{name}.py"] = _script(setup, read + '.replace("2.3.4-11", version)')
    # control: the same root read with no fill is migrated
    files["queries/plain.graphql"] = QUERY
    files["tools/plain.py"] = _script("ROOT = Path(__file__).resolve().parents[1]", '(ROOT / "queries" / "plain.graphql").read_text()')
    _write(tmp_path, files)
    proc = _rewrite(tmp_path)
    for name in ROOTED:
        folder = "services/a/queries" if name == "monorepo" else "queries"
        assert _read(tmp_path, f"{folder}/{name}.graphql") == QUERY, (name, proc.stderr)
        assert f"tools/{name}.py (line 10) reads this file and edits its text" in proc.stderr, (name, proc.stderr)
    assert "runtimeVersion" in _read(tmp_path, "queries/plain.graphql"), proc.stderr
