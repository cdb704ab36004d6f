"""Diffs of large files in linear work (red team 17, report 11a, F1).

``rewrite --diff`` and the HTML report printed difflib's unified diff, quadratic in the file when
lines repeat: a 777 KB script did not finish within 60 s.  ``codemods.unified_diff`` matches lines
by unique anchors first.  Checked here: difflib's output unchanged for small files; a correct patch
(``git apply``) for large ones; lines of our own code run for N and 2N lines about doubling (counted,
never timed); and the installed command on a large script.
"""

import difflib
import random
import shutil
import subprocess
import sys
from pathlib import Path

from work_count import traced_lines, under

from codemods import unified_diff

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))


def _files(lines: int, seed: int = 7):
    random.seed(seed)
    before = [(b"    x = 1\n" if i % 3 else b"q = '{ workspaces { id } }'\n") for i in range(lines)]
    after = list(before)
    for at in range(0, lines, 97):
        after[at] = b"changed %d\n" % at
    for at in range(5, lines, 301):
        after.insert(at, b"inserted\n")
    return before, after


def test_small_files_get_difflibs_own_diff():
    random.seed(3)
    for _ in range(50):
        before = [f"l{random.randrange(6)}\n" for _ in range(random.randrange(1, 80))]
        after = [line if random.random() > 0.2 else "x\n" for line in before]
        ours = list(unified_diff.unified(before, after, "a/f", "b/f", "\n"))
        assert ours == list(difflib.unified_diff(before, after, "a/f", "b/f", lineterm="\n"))


def test_a_large_diff_applies_with_git(tmp_path):
    before, after = _files(30_000)
    patch = b"".join(unified_diff.unified(before, after, b"a/f", b"b/f", b"\n"))
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "f").write_bytes(b"".join(before))
    (tmp_path / "p.diff").write_bytes(patch)
    subprocess.run(["git", "apply", "p.diff"], cwd=tmp_path, check=True)
    assert (tmp_path / "f").read_bytes() == b"".join(after)


def test_diff_work_is_linear_in_the_file():
    counted = frozenset({under("unified_diff.py")})

    def work(lines):
        before, after = _files(lines)
        count, _ = traced_lines(lambda: list(unified_diff.unified(before, after, b"a", b"b", b"\n")), counted)
        return count

    small, large = work(20_000), work(40_000)
    assert small > 0
    assert large <= 2.3 * small, (small, large)


def test_rewrite_diff_of_a_large_script_is_a_patch_git_applies(tmp_path):
    body = ["import requests", 'URL = "https://houston.example.com/v1"']
    for i in range(700):  # 2,102 lines: past unified_diff.SMALL
        body.append(f'Q{i} = "mutation {{ updateDeploymentAirflow(deploymentUuid: \\"d\\", desiredAirflowVersion: \\"2.3.0\\") {{ id }} }}"')
        body.append(f'requests.post(URL, json={{"query": Q{i}}})')
        body.append("x = 1")
    text = ("\n".join(body) + "\n").encode()
    patched, rewritten = tmp_path / "patched", tmp_path / "rewritten"
    for folder in (patched, rewritten):
        folder.mkdir()
        (folder / "deploy.py").write_bytes(text)
    diff = subprocess.run([CLI, "rewrite", "--diff", "--no-cache", "deploy.py"], capture_output=True, cwd=patched, timeout=300)
    assert diff.returncode == 1, diff.stderr[-2000:]
    subprocess.run(["git", "init", "-q", str(patched)], check=True)
    (patched / "p.diff").write_bytes(diff.stdout)
    subprocess.run(["git", "apply", "p.diff"], cwd=patched, check=True)
    subprocess.run([CLI, "rewrite", "--no-cache", "deploy.py"], capture_output=True, cwd=rewritten, timeout=300)
    after = (rewritten / "deploy.py").read_bytes()
    assert after != text and b"updateDeploymentRuntime" in after
    assert (patched / "deploy.py").read_bytes() == after
