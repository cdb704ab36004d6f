"""A run killed with SIGKILL at any moment leaves every file original or fully rewritten."""

import signal
import subprocess
import sys
import time

import pytest

BEFORE = (
    "import requests\n\n"
    'CREATE = """\nmutation {{\n  createDeployment(workspaceUuid: "w{n}", label: "l", type: "airflow", airflowVersion: "2.3.1") {{ id }}\n}}\n"""\n'
    + "\n".join(f"def helper_{i}(x):\n    return x + {i}\n" for i in range(40))
)
FILES = 100


def _make_tree(directory):
    directory.mkdir()
    originals = {}
    for n in range(FILES):
        path = directory / f"script_{n:03}.py"
        originals[path] = BEFORE.format(n=n).encode()
        path.write_bytes(originals[path])
    return originals


def _rewrite(directory):
    return subprocess.Popen(
        [sys.executable, "-m", "codemods", "rewrite", "--jobs", "1", str(directory)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_leaves_every_file_whole(tmp_path):
    _make_tree(tmp_path / "timing")
    started = time.monotonic()
    assert _rewrite(tmp_path / "timing").wait() == 0
    full_run = time.monotonic() - started

    partial_runs = 0
    for trial, fraction in enumerate((0.3, 0.5, 0.7, 0.85, 0.95)):
        originals = _make_tree(tmp_path / f"trial{trial}")
        process = _rewrite(tmp_path / f"trial{trial}")
        time.sleep(full_run * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        rewritten = 0
        for path, original in originals.items():
            data = path.read_bytes()
            expected = original.replace(b'airflowVersion: "2.3.1"', b'runtimeVersion: "5.0.2"')
            assert data in (original, expected), f"{path.name} is neither original nor rewritten"
            rewritten += data == expected
        # A leftover temporary file is never picked up as a script.
        assert {p for p in (tmp_path / f"trial{trial}").iterdir() if p.suffix == ".py"} == set(originals)
        partial_runs += 0 < rewritten < FILES
    # The kills really landed while files were being written, not before or after.
    assert partial_runs >= 1
