"""Issue 11, files/runner/CLI: what the installed command does with hostile files and runs.

Every test runs the installed ``houston-codemod`` console script in a subprocess,
as a person would: read-only and hard-linked files, owners, FIFOs and devices,
files too big to read, files that crash the prefilter, non-UTF-8 names, Ctrl-C,
a worker killed from outside, stdin modes, duplicate names and ``-o``.
"""

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time

import pytest

CLI = os.path.join(os.path.dirname(sys.executable), "houston-codemod")
if not os.path.exists(CLI):
    CLI = shutil.which("houston-codemod")

DOC = 'mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.1") { id } }'
LINE = 'Q = """' + DOC + '"""\n'
MIGRATED = LINE.replace('airflowVersion: "2.3.1"', 'runtimeVersion: "5.0.2"')
# On stdin a module-level document is held (its importers are unseen: red team 17, 11b, F21): the
# stdin tests send one built inside a function, which both runs migrate.
STDIN_LINE = "def f():\n    " + LINE + "    send(Q)\n"
STDIN_MIGRATED = STDIN_LINE.replace('airflowVersion: "2.3.1"', 'runtimeVersion: "5.0.2"')
# A document with a validation error, so that every report format has a finding to place.
INVALID = 'Q = """query { deployments { nosuchfield } }"""\n\nimport requests\nrequests.post("https://houston.example.com/v1", json={"query": Q})\n'  # sent to a Houston URL: a field Houston's types lack makes a words-only document undecided (red team 6, F1c)


def cli(*args, cwd=None, input=None, timeout=120):
    """The installed console script; stdout and stderr as bytes, to check their encoding too."""
    return subprocess.run([CLI, *map(str, args)], capture_output=True, cwd=cwd, input=input, timeout=timeout)


def lines(output: bytes):
    text = output.decode("utf-8")  # strict: everything we print is valid UTF-8
    assert "Traceback" not in text
    return text.splitlines()


def errors(result):
    return [line for line in lines(result.stderr) if not line.startswith("houston-codemod: ") or "files scanned" not in line]


def summary(result):
    return lines(result.stderr)[-1]


# --- 6. Writes --------------------------------------------------------------------------


def test_read_only_file_is_not_written_and_failed_writes_are_not_counted(tmp_path):
    (tmp_path / "locked.py").write_text(LINE)
    (tmp_path / "locked.py").chmod(0o444)
    (tmp_path / "open.py").write_text(LINE)
    result = cli("rewrite", tmp_path)
    assert result.returncode == 2
    assert errors(result) == [f"houston-codemod: {tmp_path / 'locked.py'}: read-only; not written"]
    assert (tmp_path / "locked.py").read_text() == LINE  # even for root, who could write it
    assert stat.S_IMODE((tmp_path / "locked.py").stat().st_mode) == 0o444
    assert (tmp_path / "open.py").read_text() == MIGRATED
    assert ", 1 rewritten," in summary(result)


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_owner_and_group_are_kept(tmp_path):
    path = tmp_path / "theirs.py"
    path.write_text(LINE)
    os.chown(path, 12345, 23456)
    path.chmod(0o664)
    result = cli("rewrite", tmp_path)
    assert result.returncode == 0, result.stderr
    assert path.read_text() == MIGRATED
    status = path.stat()
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (12345, 23456, 0o664)


def test_extended_attributes_are_kept(tmp_path):
    """Red team pass 3: the rename dropped extended attributes (user attributes, and with them
    the way POSIX ACLs and SELinux labels are stored)."""
    script = tmp_path / "a.py"
    script.write_text(LINE)
    try:
        os.setxattr(script, "user.origin", b"kept")
    except OSError:
        pytest.skip("this file system keeps no user extended attributes")
    result = cli("rewrite", script)
    assert result.returncode == 0, result.stderr
    assert script.read_text() == MIGRATED
    assert os.getxattr(script, "user.origin") == b"kept"


def test_hard_linked_file_is_refused_and_stays_linked(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "a.py").write_text(LINE)
    os.link(tree / "a.py", tmp_path / "other-name.py")
    (tree / "b.py").write_text(LINE)
    result = cli("rewrite", tree)
    assert result.returncode == 2
    assert errors(result) == [f"houston-codemod: {tree / 'a.py'}: has 1 other hard link(s); not written"]
    assert (tree / "a.py").read_text() == LINE
    assert os.path.samefile(tree / "a.py", tmp_path / "other-name.py")
    assert (tree / "b.py").read_text() == MIGRATED


# --- 10. Only regular files are read ---------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("command", [["check"], ["rewrite"]])
def test_fifos_named_like_scripts_do_not_hang(tmp_path, command):
    os.mkfifo(tmp_path / "x.py")
    os.mkfifo(tmp_path / "Dockerfile")
    (tmp_path / "good.py").write_text(LINE)
    result = cli(*command, "--jobs", "1", tmp_path, timeout=60)  # a hang is a TimeoutExpired
    assert result.returncode == 2
    assert errors(result) == [
        f"houston-codemod: {tmp_path / 'Dockerfile'}: cannot read: not a regular file (a FIFO)",
        f"houston-codemod: {tmp_path / 'x.py'}: cannot read: not a regular file (a FIFO)",
    ]
    # Given by name, it is refused the same way.
    named = cli(*command, tmp_path / "x.py", timeout=60)
    assert named.returncode == 2
    assert errors(named) == [f"houston-codemod: {tmp_path / 'x.py'}: cannot read: not a regular file (a FIFO)"]
    if command == ["rewrite"]:
        assert (tmp_path / "good.py").read_text() == MIGRATED


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_as_a_path_or_a_schema_is_one_line(tmp_path):
    (tmp_path / "good.py").write_text(LINE)
    as_path = cli("check", "/dev/zero", timeout=60)
    assert as_path.returncode == 2
    assert errors(as_path) == ["houston-codemod: /dev/zero: cannot read: not a regular file (a character device)"]
    as_schema = cli("check", "--schema", "/dev/zero", tmp_path, timeout=60)
    assert as_schema.returncode == 2
    assert lines(as_schema.stderr) == [
        "houston-codemod: /dev/zero: cannot read schema: not a regular file (a character device)"
    ]
    stdin = subprocess.run([CLI, "rewrite", "-"], stdin=open("/dev/zero", "rb"), capture_output=True, timeout=60)
    assert stdin.returncode == 2
    assert lines(stdin.stderr) == ["houston-codemod: -: cannot read: larger than 16 MiB; not read"]


def test_files_over_the_size_cap_are_one_line(tmp_path):
    big = tmp_path / "big.py"
    with open(big, "wb") as handle:  # sparse: costs no disk
        handle.truncate(16 * 1024 * 1024 + 1)
    (tmp_path / "good.py").write_text(LINE)
    result = cli("rewrite", tmp_path)
    assert result.returncode == 2
    assert errors(result) == [f"houston-codemod: {big}: cannot read: larger than 16 MiB; not read"]
    assert (tmp_path / "good.py").read_text() == MIGRATED


# --- 12. An exception in one file is that file's one line ----------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_notebooks_that_break_the_prefilter_are_one_line_each(tmp_path, jobs):
    # Both mention "query", so the notebook prefilter (in the parent process) reads their JSON.
    (tmp_path / "null_cell.ipynb").write_text('{"cells": [null], "metadata": {"note": "query"}, "nbformat": 4}')
    depth = 100_000
    (tmp_path / "deep.ipynb").write_text('{"cells": [], "note": "query", "x": ' + "[" * depth + "]" * depth + "}")
    for n in range(10):  # enough for a pool with --jobs 2
        (tmp_path / f"good{n}.py").write_text(LINE)
    result = cli("rewrite", "--jobs", jobs, tmp_path)
    assert result.returncode == 2
    reported = errors(result)
    assert len(reported) == 2
    assert reported[0].startswith(f"houston-codemod: {tmp_path / 'deep.ipynb'}: ")
    assert reported[1].startswith(f"houston-codemod: {tmp_path / 'null_cell.ipynb'}: ")
    assert all((tmp_path / f"good{n}.py").read_text() == MIGRATED for n in range(10))


# --- 16. Modes, exit codes, each real file once -------------------------------------------------


def test_stdin_honours_check_diff_and_fail_on_change():
    changed, same = STDIN_LINE.encode(), b"x = 1\n"
    check = cli("rewrite", "--check", "-", input=changed)
    assert (check.returncode, check.stdout) == (1, b"-\n")
    unchanged = cli("rewrite", "--check", "-", input=same)
    assert (unchanged.returncode, unchanged.stdout) == (0, b"")
    diff = cli("rewrite", "--diff", "-", input=changed)
    assert diff.returncode == 1
    assert diff.stdout.startswith(b"--- a/-\n+++ b/-\n@@ ")
    assert b'-    Q = """mutation' in diff.stdout and b'+    Q = """mutation' in diff.stdout
    assert cli("rewrite", "--diff", "-", input=same).stdout == b""
    fail = cli("rewrite", "--fail-on-change", "-", input=changed)
    assert (fail.returncode, fail.stdout) == (1, STDIN_MIGRATED.encode())
    assert cli("rewrite", "--fail-on-change", "-", input=same).returncode == 0
    plain = cli("rewrite", "-", input=changed)
    assert (plain.returncode, plain.stdout) == (0, STDIN_MIGRATED.encode())


@pytest.mark.parametrize("mode", [[], ["--check"], ["--diff"], ["--fail-on-change"]])
def test_stdin_runs_end_with_the_summary_line_too(mode):
    """Red team: the README promises a closing summary for every run; ``rewrite -`` printed none."""
    result = cli("rewrite", *mode, "-", input=STDIN_LINE.encode())
    assert summary(result).startswith("houston-codemod: 1 files scanned, 1 documents found (1 for Houston), 1 ")
    broken = cli("rewrite", *mode, "-", input=b'Q = """query { deployments { id } }"""\nx = (\n')
    assert broken.returncode == 2
    assert summary(broken).startswith("houston-codemod: 1 files scanned") and "1 errors" in summary(broken)


@pytest.mark.parametrize("opening", ["[", "(", "{"])
def test_brackets_too_deep_for_cpython_are_one_line_not_a_crash(tmp_path, opening):
    """Red team: 2,000 nested brackets in a file that passes the prefilter crashed the whole run
    (SIGSEGV, exit 139, nothing else rewritten): after CPython refused the file, LibCST's
    native parser was asked whether it was newer Python, and it has no depth bound."""
    closing = {"[": "]", "(": ")", "{": "}"}[opening]
    deep = 'Q = "{ deployment(id: 1) { id } }"\nclass Edge[T]:\n    pass\nx = ' + opening * 3000 + closing * 3000 + "\n"
    (tmp_path / "deep.py").write_text(deep)
    (tmp_path / "good.py").write_text(LINE)
    result = cli("rewrite", tmp_path)
    assert result.returncode == 2
    assert f"houston-codemod: {tmp_path / 'deep.py'}: cannot parse Python: line 4: too many nested parentheses" in lines(
        result.stderr
    )
    assert (tmp_path / "good.py").read_text() == MIGRATED and (tmp_path / "deep.py").read_text() == deep


def test_rewrite_of_an_unparsable_graphql_file_exits_2(tmp_path):
    (tmp_path / "broken.graphql").write_text("mutation { createDeployment(\n")
    (tmp_path / "good.py").write_text(LINE)
    result = cli("rewrite", tmp_path)
    assert result.returncode == 2
    assert any("broken.graphql" in line and "graphql-syntax" in line for line in lines(result.stderr))
    assert (tmp_path / "good.py").read_text() == MIGRATED


def test_check_does_not_refuse_a_notebook_only_rewrite_cannot_write(tmp_path):
    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": [LINE]}
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "odd_layout.ipynb"
    path.write_text(json.dumps(notebook, indent=3))  # a layout Jupyter does not write
    check = cli("check", tmp_path)
    assert check.returncode == 0, check.stderr
    rewrite = cli("rewrite", tmp_path)
    assert rewrite.returncode == 2
    assert "not rewritten" in rewrite.stderr.decode()
    assert path.read_text() == json.dumps(notebook, indent=3)


def test_each_real_file_is_processed_once(tmp_path):
    (tmp_path / "a.py").write_text(LINE)
    (tmp_path / "z_link.py").symlink_to("a.py")
    result = cli("rewrite", tmp_path, tmp_path / "a.py", f"{tmp_path}/./a.py")
    assert result.returncode == 0, result.stderr
    (only,) = lines(result.stderr)
    assert only.startswith("houston-codemod: 1 files scanned, 1 documents found (1 for Houston), 1 rewritten, ")
    assert (tmp_path / "a.py").read_text() == MIGRATED and (tmp_path / "z_link.py").is_symlink()


# --- 17. Diffs git applies, -o --------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n", "\x0c\n"])
def test_diff_is_a_patch_git_applies(tmp_path, ending):
    before = ("import os" + ending + LINE.rstrip("\n") + ending + "x = 1" + ending).encode()
    (tmp_path / "a.py").write_bytes(before)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = cli("rewrite", "--diff", "a.py", cwd=tmp_path)
    assert result.returncode == 1
    (tmp_path / "fix.patch").write_bytes(result.stdout)
    subprocess.run(["git", "apply", "--check", "fix.patch"], cwd=tmp_path, check=True, capture_output=True)
    subprocess.run(["git", "apply", "fix.patch"], cwd=tmp_path, check=True, capture_output=True)
    assert (tmp_path / "a.py").read_bytes() == before.replace(b'airflowVersion: "2.3.1"', b'runtimeVersion: "5.0.2"')


def test_diff_of_names_with_tabs_newlines_quotes_and_backslashes_applies(tmp_path):
    """Red team: a tab in a name ended the name in the patch header, a newline split the header.
    git quotes such names C-style; our patches must too, so ``git apply`` takes them."""
    names = ["tab\tx.py", "nl\nx.py", 'q"x.py', "b\\x.py", "c\x01x.py", "sp ace.py", "\u00fc.py"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for name in names:
        (tmp_path / name).write_text(LINE)
    patches = []
    for name in names:
        result = cli("rewrite", "--diff", name, cwd=tmp_path)
        assert result.returncode == 1
        patches.append(result.stdout)
    (tmp_path / "fix.patch").write_bytes(b"".join(patches))
    subprocess.run(["git", "apply", "fix.patch"], cwd=tmp_path, check=True, capture_output=True)
    for name in names:
        assert (tmp_path / name).read_text() == MIGRATED, name


def test_rewrite_output_without_a_report_is_refused(tmp_path):
    (tmp_path / "a.py").write_text(LINE)
    for args in (["-o", tmp_path / "r.txt"], ["--check", "-o", tmp_path / "r.txt"], ["--diff", "-o", tmp_path / "r.txt"]):
        result = cli("rewrite", *args, tmp_path / "a.py")
        assert result.returncode == 2
        assert lines(result.stderr) == [
            "houston-codemod: -o/--output writes a report, which rewrite makes only with --check and --format"
        ]
    assert (tmp_path / "a.py").read_text() == LINE and not (tmp_path / "r.txt").exists()
    report = cli("rewrite", "--check", "--format", "json", "-o", tmp_path / "r.json", tmp_path / "a.py")
    assert report.returncode == 1
    assert json.loads((tmp_path / "r.json").read_text())["files"] == 1


@pytest.mark.parametrize("command", [["check", "--format", "json"], ["rewrite", "--check", "--format", "json"]])
def test_output_onto_an_input_is_refused(tmp_path, command):
    (tmp_path / "a.py").write_text(LINE)
    (tmp_path / "link.txt").symlink_to("a.py")
    for target in (tmp_path / "a.py", tmp_path / "link.txt"):
        result = cli(*command, "-o", target, tmp_path)
        assert result.returncode == 2
        assert lines(result.stderr) == [
            f"houston-codemod: -o {target}: is an input of this run ({tmp_path / 'a.py'}); nothing written"
        ]
        assert (tmp_path / "a.py").read_text() == LINE
    schema = tmp_path / "houston.graphql"
    shutil.copy(os.path.join(os.path.dirname(__file__), "..", "schema", "houston.graphql"), schema)
    before = schema.read_bytes()
    result = cli(*command, "--schema", schema, "-o", schema, tmp_path / "a.py")
    assert result.returncode == 2 and "is an input of this run" in lines(result.stderr)[0]
    assert schema.read_bytes() == before


def test_output_onto_the_file_behind_stdin_is_refused(tmp_path):
    """Red team pass 3: ``rewrite --check --format json -o x.py - < x.py`` replaced the script."""
    script = tmp_path / "x.py"
    script.write_text(LINE)
    with open(script, "rb") as stdin:
        result = subprocess.run(
            [CLI, "rewrite", "--check", "--format", "json", "-o", str(script), "-"],
            stdin=stdin, capture_output=True, timeout=120,
        )
    assert result.returncode == 2
    assert lines(result.stderr) == [f"houston-codemod: -o {script}: is an input of this run (standard input); nothing written"]
    assert script.read_text() == LINE


def test_output_through_a_missing_directory_never_lands_on_an_input(tmp_path):
    """Red team: ``-o ./sub/../a.py`` with no ``sub`` was folded to ``a.py`` and replaced the script.

    The kernel refuses that path; so must we, instead of normalising it away.
    """
    (tmp_path / "a.py").write_text(LINE)
    for target in ("./sub/../a.py", "sub/../a.py", "./sub/deeper/../../a.py"):
        result = cli("check", "-o", target, "a.py", cwd=tmp_path)
        assert result.returncode == 2
        assert f"houston-codemod: {target}: cannot write report: No such file or directory" in lines(result.stderr)
        assert (tmp_path / "a.py").read_text() == LINE
    (tmp_path / "sub").mkdir()
    result = cli("check", "-o", "./sub/../a.py", "a.py", cwd=tmp_path)  # now the path really is the input
    assert result.returncode == 2 and "is an input of this run" in lines(result.stderr)[0]
    assert (tmp_path / "a.py").read_text() == LINE
    result = cli("check", "-o", "./sub/../report.txt", "a.py", cwd=tmp_path)
    assert result.returncode == 0 and (tmp_path / "report.txt").read_text().startswith("a.py:")


# --- 13. File names that are not UTF-8 -----------------------------------------------------------

BAD_NAME = b"bad\xff.py"
SHOWN = "bad\\xff.py"  # how every report shows it: the bad byte as a \xNN escape
JSON_FORMATS = {"json", "sarif", "github-review", "rdjson"}


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _all_formats():
    from codemods.report import FORMATS

    return sorted(FORMATS)


@pytest.mark.parametrize("format_name", _all_formats())
def test_non_utf8_file_names_in_every_report(tmp_path, format_name):
    os.mkdir(tmp_path / "tree")
    tree = os.path.join(os.fsencode(tmp_path), b"tree")
    with open(os.path.join(tree, BAD_NAME), "w") as handle:
        handle.write(INVALID + LINE)
    stdout = cli("check", "--format", format_name, "tree", cwd=tmp_path)
    assert stdout.returncode == 1, stdout.stderr
    lines(stdout.stderr)
    written = cli("check", "--format", format_name, "-o", "report.out", "tree", cwd=tmp_path)
    assert written.returncode == 1, written.stderr
    lines(written.stderr)
    report = (tmp_path / "report.out").read_bytes()
    assert report == stdout.stdout
    text = report.decode("utf-8")  # strict
    if format_name in JSON_FORMATS:
        strings = list(_strings(json.loads(text)))
        for value in strings:
            value.encode("utf-8")  # no lone surrogate hides in an escape
        expected = "tree/bad%FF.py" if format_name == "sarif" else f"tree/{SHOWN}"
        assert any(expected in value for value in strings), text[:2000]
    else:
        assert f"tree/{SHOWN}" in text


def test_non_utf8_file_names_in_rewrite(tmp_path):
    os.mkdir(tmp_path / "tree")
    path = os.path.join(os.fsencode(tmp_path), b"tree", BAD_NAME)
    with open(path, "w") as handle:
        handle.write(LINE)
    check = cli("rewrite", "--check", "tree", cwd=tmp_path)
    assert (check.returncode, check.stdout) == (1, f"tree/{SHOWN}\n".encode())
    diff = cli("rewrite", "--diff", "tree", cwd=tmp_path)
    assert diff.returncode == 1 and diff.stdout.startswith(b"--- a/tree/" + BAD_NAME + b"\n+++ b/tree/" + BAD_NAME + b"\n")
    os.chmod(path, 0o444)
    refused = cli("rewrite", "tree", cwd=tmp_path)
    assert refused.returncode == 2
    assert errors(refused) == [f"houston-codemod: tree/{SHOWN}: read-only; not written"]
    os.chmod(path, 0o644)
    written = cli("rewrite", "tree", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    with open(path) as handle:
        assert handle.read() == MIGRATED


# --- 15. Ctrl-C and a killed worker -----------------------------------------------------------------

HEAVY_DOC = 'Q{i} = """mutation {{ createDeployment(workspaceUuid: "w{n}", label: "l", type: "airflow", airflowVersion: "2.3.1") {{ id }} }}"""\n'
HEAVY_BODY = "".join(f"def helper_{i}(x):\n    return x + {i}\n\n" for i in range(300))


def _heavy_tree(directory, count):
    """Scripts that each take a worker a while (ten documents, three hundred functions)."""
    directory.mkdir()
    originals = {}
    for n in range(count):
        path = directory / f"s{n:03}.py"
        originals[path] = "".join(HEAVY_DOC.format(i=i, n=n) for i in range(10)) + HEAVY_BODY
        path.write_text(originals[path])
    return originals


def _migrated(text):
    return text.replace('airflowVersion: "2.3.1"', 'runtimeVersion: "5.0.2"')


def _rewritten(originals):
    """Which files are rewritten; every file must be either original or wholly rewritten."""
    done = set()
    for path, original in originals.items():
        text = path.read_text()
        assert text in (original, _migrated(original)), f"{path.name} is half rewritten"
        if text != original:
            done.add(path)
    return done


def _wait_until_rewritten(process, originals, count):
    deadline = time.monotonic() + 300  # only a guard against a hung test, never an assertion
    while len(_rewritten(originals)) < count:
        assert process.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.01)


def _children(pid):
    found = []
    for children in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{children}/children") as handle:
                found.extend(int(child) for child in handle.read().split())
        except OSError:
            pass
    return found


def _cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs process groups")
def test_ctrl_c_with_jobs_exits_130_with_one_line(tmp_path):
    originals = _heavy_tree(tmp_path / "tree", 150)
    process = subprocess.Popen(
        [CLI, "rewrite", "--jobs", "4", str(tmp_path / "tree")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    _wait_until_rewritten(process, originals, 3)
    os.killpg(process.pid, signal.SIGINT)  # what a terminal sends: the parent and every worker
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    done = _rewritten(originals)
    assert 3 <= len(done) < len(originals)
    (line,) = lines(stderr)  # no worker tracebacks, nothing but the summary
    assert line.startswith(f"houston-codemod: interrupted: {len(done)} files rewritten; ")
    assert stdout == b""
    assert [p for p in (tmp_path / "tree").iterdir() if p.suffix != ".py"] == []  # no temporary file left


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="finds workers through /proc")
def test_a_killed_worker_costs_its_own_files_only(tmp_path):
    for trial in range(3):  # a kill that lands between two chunks loses nothing: try again
        originals = _heavy_tree(tmp_path / f"tree{trial}", 80)
        process = subprocess.Popen(
            [CLI, "rewrite", "--jobs", "2", str(tmp_path / f"tree{trial}")], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        _wait_until_rewritten(process, originals, 2)
        victim = max(_children(process.pid), key=_cpu_ticks)  # a worker busy on a chunk
        os.kill(victim, signal.SIGKILL)  # what the OOM killer does
        _, stderr = process.communicate(timeout=300)
        reported = lines(stderr)
        died = [line for line in reported if line.endswith(": worker died (killed by a signal or out of memory); not processed")]
        done = _rewritten(originals)
        if not died:
            assert process.returncode == 0 and len(done) == len(originals)
            continue
        assert process.returncode == 2
        assert 1 <= len(died) <= 4  # one chunk: the dead worker's files, no more
        lost = {path for path in originals if f"houston-codemod: {path}: worker died" in "\n".join(died)}
        assert len(lost) == len(died)
        assert done == set(originals) - lost  # the others were all finished, the lost ones left alone
        assert reported[-1].startswith(f"houston-codemod: {len(originals)} files scanned, ") and f", {len(done)} rewritten," in reported[-1]
        break
    else:
        pytest.fail("three kills in a row landed between chunks")


@pytest.mark.skipif(os.geteuid() != 0 or not hasattr(os, "mknod"), reason="only root can make a device node")
def test_output_onto_a_device_writes_to_it_and_keeps_it(tmp_path):
    """Renaming a report over -o /dev/null would replace the device node itself (root may)."""
    (tmp_path / "a.py").write_text(LINE)
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a private /dev/null
    link = tmp_path / "report-link.json"
    link.symlink_to("report.json")
    result = cli("check", "--format", "json", "-o", null, tmp_path / "a.py")
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(null.lstat().st_mode)
    # A link to a file (here dangling) is refused, not written through (red team 14, report 11a, F11):
    # a checkout's link may point anywhere.  A link to a device is written to (``/dev/stdout``).
    refused = cli("check", "--format", "json", "-o", link, tmp_path / "a.py")
    assert refused.returncode == 2 and b"is a symbolic link" in refused.stderr, refused.stderr
    assert link.is_symlink() and not (tmp_path / "report.json").exists()
    device_link = tmp_path / "null-link"
    device_link.symlink_to(null)
    assert cli("check", "--format", "json", "-o", device_link, tmp_path / "a.py").returncode == 0
    directory = cli("check", "--format", "json", "-o", tmp_path, tmp_path / "a.py")
    assert directory.returncode == 2
    assert lines(directory.stderr) == [f"houston-codemod: {tmp_path}: cannot write report: not a regular file (a directory)"]


def test_a_line_break_in_a_file_name_keeps_each_error_on_one_line(tmp_path):
    name = "evil\nname\u2028.py"
    (tmp_path / name).write_text(LINE)
    (tmp_path / name).chmod(0o444)
    shown = "evil\\nname\\u2028.py"
    check = cli("rewrite", "--check", tmp_path)
    assert check.returncode == 1
    assert check.stdout.decode("utf-8").splitlines() == [f"{tmp_path}/{shown}"]
    result = cli("rewrite", tmp_path)
    assert result.returncode == 2
    assert errors(result) == [f"houston-codemod: {tmp_path}/{shown}: read-only; not written"]


@pytest.mark.parametrize("command", [["schema", "fetch", "http://127.0.0.1:9/v1"], ["review", "--github"]])
def test_a_huge_timeout_is_a_usage_error_not_an_internal_one(command):
    """Red team pass 3: --timeout 9999999999 ended in 'internal error: OverflowError'."""
    result = cli(*command, "--timeout", "9999999999")
    assert result.returncode == 2
    text = "\n".join(lines(result.stderr))
    assert "is not in the range 1<=x<=86400" in text and "internal error" not in text


def test_output_onto_the_configuration_this_run_read_is_refused(tmp_path):
    """Red team pass 4: ``check --format json -o pyproject.toml .`` replaced the configuration."""
    config = "[tool.houston-codemod]\njobs = 1\n"
    (tmp_path / "pyproject.toml").write_text(config)
    (tmp_path / "a.py").write_text(LINE)
    result = cli("check", "--format", "json", "-o", "pyproject.toml", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert lines(result.stderr)[0].startswith("houston-codemod: -o pyproject.toml: is an input of this run")
    assert (tmp_path / "pyproject.toml").read_text() == config


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs process groups")
def test_ctrl_c_of_a_read_only_rewrite_says_would_be_rewritten_as_its_full_run_does(tmp_path):
    """Red team 22, report 11a, f3: ``rewrite --check`` and ``--diff`` said "nothing written; N changed so
    far" (read as N files changed on disk), and ``check`` said "0 would be rewritten" whatever it had seen."""
    originals = _heavy_tree(tmp_path / "tree", 150)
    process = subprocess.Popen(
        [CLI, "rewrite", "--check", "--no-cache", "--jobs", "1", str(tmp_path / "tree")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    listed = []
    while len(listed) < 3:  # the paths it would rewrite, printed as it goes
        line = process.stdout.readline()
        assert line, "ended before listing three files"
        listed.append(line)
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    total = len(listed) + len(stdout.splitlines())
    (line,) = lines(stderr)
    assert line.startswith("houston-codemod: interrupted: nothing written; ") and f", {total} would be rewritten, " in line, line
    assert not _rewritten(originals)
