"""Fuzz the installed command with directory trees a stranger could hand it (issue 11).

Hypothesis builds trees around a real Houston document: good scripts, read-only and
hard-linked ones, FIFOs under script names, links (inside the tree, dangling, to a
FIFO), names that are not UTF-8 or hold line breaks, broken notebooks and GraphQL
files.  Whatever the tree, ``rewrite`` must end without a traceback and with the
exit code the contract gives; every file is either original or fully migrated;
exactly the files it may write are migrated; a second run changes nothing.
"""

import os
import shutil
import stat
import subprocess
import sys
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CLI = os.path.join(os.path.dirname(sys.executable), "houston-codemod")
if not os.path.exists(CLI):
    CLI = shutil.which("houston-codemod")

LINE = b'Q = """mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.1") { id } }"""\n'
MIGRATED = LINE.replace(b'airflowVersion: "2.3.1"', b'runtimeVersion: "5.0.2"')

# Each kind: what to create, and whether the run must report it (exit 2).
KINDS = {
    "good": False,  # a migratable script: must be rewritten
    "plain": False,  # Python without Houston: left alone
    "read-only": True,  # migratable but 0444: one line, not written
    "hard-linked": True,  # migratable, with a second name outside the tree: one line, not written
    "fifo": True,  # a FIFO named like a script: one line, no hang
    "link-inside": False,  # a link to a good script in the tree: that file once, no error
    "dangling": True,  # a link to nothing: cannot read
    "null-cells": True,  # a notebook whose cells are null
    "bad-graphql": True,  # a .graphql file that does not parse
}
NAMES = st.sampled_from([b"a", b"b c", b"bad\xff", b"line\nbreak", "ünï".encode(), b"-dash", b"x" * 40, b"dep"])


@st.composite
def trees(draw):
    entries = draw(st.lists(st.tuples(NAMES, st.sampled_from(sorted(KINDS))), min_size=1, max_size=8, unique_by=lambda e: e[0]))
    nested = draw(st.booleans())
    jobs = draw(st.sampled_from(["1", "2"]))
    return entries, nested, jobs


def _build(root: bytes, entries, nested: bool):
    """Create the tree; return {path: (kind, original bytes)} for the regular files to check."""
    tree = os.path.join(root, b"tree")
    os.mkdir(tree)
    target_dir = os.path.join(tree, b"sub") if nested else tree
    if nested:
        os.mkdir(target_dir)
    outside = os.path.join(root, b"outside")
    os.mkdir(outside)
    files = {}
    anchor = os.path.join(tree, b"zz_anchor.py")  # a good script that links can point at
    with open(anchor, "wb") as handle:
        handle.write(LINE)
    files[anchor] = ("good", LINE)
    for name, kind in entries:
        suffix = b".graphql" if kind == "bad-graphql" else b".ipynb" if kind == "null-cells" else b".py"
        path = os.path.join(target_dir, name + suffix)
        if kind in ("good", "read-only", "hard-linked"):
            with open(path, "wb") as handle:
                handle.write(LINE)
            if kind == "read-only":
                os.chmod(path, 0o444)
            if kind == "hard-linked":
                os.link(path, os.path.join(outside, name + b".py"))
            files[path] = (kind, LINE)
        elif kind == "plain":
            with open(path, "wb") as handle:
                handle.write(b"x = {'airflowVersion': '2.3.1'}\n")
            files[path] = (kind, b"x = {'airflowVersion': '2.3.1'}\n")
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "link-inside":
            os.symlink(anchor, path)
        elif kind == "dangling":
            os.symlink(os.path.join(tree, b"nothing-here.py"), path)
        elif kind == "null-cells":
            with open(path, "wb") as handle:
                handle.write(b'{"cells": [null], "metadata": {"q": "query"}, "nbformat": 4}')
        elif kind == "bad-graphql":
            with open(path, "wb") as handle:
                handle.write(b"mutation { createDeployment(\n")
    return tree, files


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@settings(max_examples=int(os.environ.get("TRUST_TREE_EXAMPLES", "10")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(trees())
def test_rewrite_survives_any_tree(case):
    entries, nested, jobs = case
    root = tempfile.mkdtemp().encode()
    try:
        tree, files = _build(root, entries, nested)
        result = subprocess.run([CLI, "rewrite", "--jobs", jobs, tree], capture_output=True, timeout=120)
        stderr = result.stderr.decode("utf-8")  # strict: printable whatever the names
        assert "Traceback" not in stderr and result.stdout == b""
        trouble = any(KINDS[kind] for _, kind in entries)
        assert result.returncode == (2 if trouble else 0), stderr
        assert stderr.splitlines()[-1].startswith("houston-codemod: ")
        for path, (kind, original) in files.items():
            with open(path, "rb") as handle:
                data = handle.read()
            expected = MIGRATED if kind == "good" else original
            assert data == expected, (path, kind, stderr)
        for path, (kind, _) in files.items():
            if kind == "read-only":
                assert stat.S_IMODE(os.stat(path).st_mode) == 0o444
        assert [n for n in os.listdir(tree) if n.startswith(b".houston-codemod-")] == []
        again = subprocess.run([CLI, "rewrite", "--check", "--jobs", jobs, tree], capture_output=True, timeout=120)
        assert "Traceback" not in again.stderr.decode("utf-8")
        refused = sum(kind in ("read-only", "hard-linked") for _, kind in entries)
        assert len(again.stdout.decode("utf-8").splitlines()) == refused  # only what it refused to write
    finally:
        for directory, _, names in os.walk(root):
            os.chmod(directory, 0o755)
        shutil.rmtree(root)
