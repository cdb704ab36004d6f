"""Red team 27 (report 11a, a note): a Houston document built step by step (``Q = '...'`` then ``Q += " "`` or
``Q = Q + " "``) whose first piece holds ``airflowVersion`` got only the info ``template-not-parsed``, so
``check --houston-version 1.0.1`` passed a script Houston 1.0.1 rejects with 0 reviews.  Such a piece, bound for
Houston and holding an AC name, is now ``review-document-not-read`` (still neither checked nor edited).
Controls: the same piece with no AC name, and one posted to another service, stay an info.
"""

from trust_cli import project_tree, run_cli

HOUSTON = "https://houston.example.com/v1"
PIECE = 'mutation { createDeployment(workspaceUuid: "w", label: "x", type: "airflow", FIELD) { id } }'


def _script(url, field, step):
    return (
        "import requests\n"
        f'URL = "{url}"\n'
        f"Q = '{PIECE.replace('FIELD', field)}'\n"
        + (step + "\n") * 3
        + 'requests.post(URL, json={"query": Q}, headers={"authorization": "t"})\n'
    )


def _check(tmp_path, text):
    project_tree(tmp_path, {"deploy.py": text})
    done = run_cli("check", "--no-cache", "-j", "1", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    return [line for line in done.stdout.splitlines() if line.startswith("deploy.py:3:")]


def test_an_ac_name_in_a_piece_bound_for_houston_is_a_review(tmp_path):
    for number, step in enumerate(('Q += " "', 'Q = Q + " "')):
        folder = tmp_path / str(number)
        folder.mkdir()
        lines = _check(folder, _script(HOUSTON, 'airflowVersion: "2.3.4-11"', step))
        assert any("review-document-not-read" in line and "'airflowVersion'" in line for line in lines), lines
        assert "airflowVersion" in (folder / "deploy.py").read_text()


def test_controls_stay_an_info(tmp_path):
    plain = tmp_path / "plain"
    plain.mkdir()
    lines = _check(plain, _script(HOUSTON, 'runtimeVersion: "5.5.0"', 'Q += " "'))
    assert lines and all("review-document-not-read" not in line for line in lines), lines
    assert any("template-not-parsed" in line for line in lines), lines
    other = tmp_path / "other"
    other.mkdir()
    lines = _check(other, _script("https://api.cmdb.example.com/graphql", 'airflowVersion: "2.3.4-11"', 'Q += " "'))
    assert all("review-document-not-read" not in line for line in lines), lines
