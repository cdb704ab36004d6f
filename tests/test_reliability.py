"""Never corrupt a file, survive any input, keep going after a bad one."""

import os
import stat

import pytest
from helpers import cli_runner, output_bytes, rewrite_bytes

from codemods import rules
from codemods.cli import main
from codemods.files import StaleFile, write_atomically

DOC = 'mutation {{ createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.1") {{ id }} }}'
LINE = 'Q = """' + DOC.replace("{{", "{").replace("}}", "}") + '"""'
MIGRATED_LINE = LINE.replace('airflowVersion: "2.3.1"', 'runtimeVersion: "5.0.2"')


def invoke(*args):
    return cli_runner().invoke(main, list(args))


@pytest.mark.parametrize(
    "before, after",
    [
        # PEP 263 cookie: latin-1 bytes stay latin-1 around the edit.
        (
            ("# -*- coding: latin-1 -*-\n# café\n" + LINE + "\n").encode("latin-1"),
            ("# -*- coding: latin-1 -*-\n# café\n" + MIGRATED_LINE + "\n").encode("latin-1"),
        ),
        # UTF-8 BOM kept.
        (b"\xef\xbb\xbf" + (LINE + "\n").encode(), b"\xef\xbb\xbf" + (MIGRATED_LINE + "\n").encode()),
        # CRLF, lone CR, tabs and form feeds untouched.
        (
            ("import os\r\n\x0c\r\nif os:\r\n\t" + LINE + "\r\n").encode(),
            ("import os\r\n\x0c\r\nif os:\r\n\t" + MIGRATED_LINE + "\r\n").encode(),
        ),
        (("x = 1\r" + LINE + "\ry = 2\r").encode(), ("x = 1\r" + MIGRATED_LINE + "\ry = 2\r").encode()),
        # No newline at end of file.
        (LINE.encode(), MIGRATED_LINE.encode()),
    ],
    ids=["latin-1", "bom", "crlf-tabs-formfeed", "cr", "no-final-newline"],
)
def test_bytes_outside_the_edit_are_identical(before, after, options):
    assert output_bytes(rewrite_bytes("f.py", before, options), before) == after


def test_triple_quoted_crlf_document_is_migrated(options):
    before = ('Q = """\r\nmutation {\r\n  createDeployment(workspaceUuid: "w", label: "l", type: "airflow",\r\n'
              '    airflowVersion: "2.2.2-1") { id }\r\n}\r\n"""\r\n').encode()
    assert output_bytes(rewrite_bytes("f.py", before, options), before) == before.replace(
        b'airflowVersion: "2.2.2-1"', b'runtimeVersion: "4.0.7"'
    )


@pytest.mark.parametrize(
    "name, data, cause",
    [
        ("py2.py", b'print "mutation { deleteDeployment }"\n', "cannot parse Python"),
        ("syntax.py", b"def f(:\n  query = '{ deployments { id } }'\n", "cannot parse Python"),
        ("undecodable.py", b"Q = 'query { deployments \xff\xfe'\n", "cannot decode as utf-8"),
        ("binary.py", b"\x00\x01query { deployments\x02", "binary file"),
        ("cookie.py", b"# -*- coding: no-such-codec -*-\nQ = 'query { deployments }'\n", "encoding"),
    ],
)
def test_bad_input_is_one_line_naming_the_file(name, data, cause, options):
    result = rewrite_bytes(name, data, options)
    assert result.error is not None and result.error.startswith(f"{name}: ") and cause in result.error
    assert "\n" not in result.error and not result.changed


def test_empty_and_huge_files(options):
    assert rewrite_bytes("empty.py", b"", options).error is None
    many = "\n".join(LINE.replace("Q =", f"Q{i} =") for i in range(2000)) + "\n"
    result = rewrite_bytes("huge.py", many.encode(), options)
    assert result.error is None
    assert result.new_text.count('runtimeVersion: "5.0.2"') == 2000 and "airflowVersion" not in result.new_text


def test_bad_files_do_not_stop_the_others(tmp_path):
    (tmp_path / "a_bad.py").write_bytes(b"def f(:\n mutation { deleteDeployment }\n")
    (tmp_path / "b_undecodable.py").write_bytes(b"Q = 'query { workspaces } \xff'\n")
    (tmp_path / "c_good.py").write_text(LINE + "\n")
    result = invoke("rewrite", str(tmp_path))
    assert result.exit_code == 2
    assert (tmp_path / "c_good.py").read_text() == MIGRATED_LINE + "\n"
    assert len([line for line in result.stderr.splitlines() if "files scanned" not in line]) == 2
    assert "Traceback" not in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_reported(tmp_path):  # pragma: no cover - CI runs as root
    path = tmp_path / "secret.py"
    path.write_text(LINE)
    path.chmod(0)
    assert invoke("check", str(tmp_path)).exit_code == 2


def test_unreadable_directory_is_reported(tmp_path, monkeypatch):
    (tmp_path / "ok.py").write_text(LINE + "\n")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "hidden.py").write_text(LINE + "\n")
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = invoke("rewrite", str(tmp_path))
    assert result.exit_code == 2
    assert f"{tmp_path / 'locked'}: cannot read directory: Permission denied" in result.stderr
    assert (tmp_path / "ok.py").read_text() == MIGRATED_LINE + "\n"


def test_an_internal_error_in_one_file_is_isolated(tmp_path, monkeypatch):
    (tmp_path / "boom.py").write_text(LINE.replace("Q =", "BOOM =") + "\n")
    (tmp_path / "fine.py").write_text(LINE + "\n")
    original = rules.RULES

    def exploding(ctx):
        if ctx.file.path.endswith("boom.py"):
            raise RuntimeError("rule bug")

    monkeypatch.setattr(rules, "RULES", (exploding,) + original)
    result = invoke("rewrite", str(tmp_path))
    assert result.exit_code == 2
    assert "boom.py: internal error: RuntimeError: rule bug" in result.stderr
    assert (tmp_path / "boom.py").read_text() == LINE.replace("Q =", "BOOM =") + "\n"
    assert (tmp_path / "fine.py").read_text() == MIGRATED_LINE + "\n"


def test_a_rewrite_that_would_not_parse_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "f.py"
    path.write_text(LINE + "\n")

    def breaking(ctx):
        ctx.edit_file(0, 1, '"""')  # an unterminated string: the result no longer parses

    monkeypatch.setattr(rules, "RULES", rules.RULES + (breaking,))
    result = invoke("rewrite", str(tmp_path))
    assert result.exit_code == 2
    assert "would not parse" in result.stderr
    assert path.read_text() == LINE + "\n"


def test_atomic_write_keeps_mode_and_symlink(tmp_path):
    target = tmp_path / "real.py"
    target.write_text("old\n")
    target.chmod(0o750)
    link = tmp_path / "link.py"
    link.symlink_to(target)
    write_atomically(str(link), b"new\n", b"old\n")
    assert link.is_symlink() and target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o750
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".houston-codemod-")] == []


def test_atomic_write_refuses_a_file_changed_since_read(tmp_path):
    path = tmp_path / "f.py"
    path.write_text("changed by someone else\n")
    with pytest.raises(StaleFile):
        write_atomically(str(path), b"new\n", b"what we read\n")
    assert path.read_text() == "changed by someone else\n"


def test_links_out_of_the_root_are_never_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.py").write_text(LINE + "\n")
    root = tmp_path / "root"
    root.mkdir()
    (root / "link.py").symlink_to(outside / "victim.py")
    (root / "linkdir").symlink_to(outside, target_is_directory=True)
    assert invoke("rewrite", str(root)).exit_code == 0
    assert (outside / "victim.py").read_text() == LINE + "\n"


def test_unreadable_file_is_one_line_and_the_others_go_on(tmp_path, monkeypatch):
    from codemods import runner

    (tmp_path / "locked.py").write_text(LINE + "\n")
    (tmp_path / "open.py").write_text(LINE + "\n")
    real_read = runner.read_bytes

    def read_bytes(path):
        if path.endswith("locked.py"):
            raise PermissionError(13, "Permission denied", path)
        return real_read(path)

    monkeypatch.setattr(runner, "read_bytes", read_bytes)
    result = invoke("rewrite", str(tmp_path))
    assert result.exit_code == 2
    assert f"houston-codemod: {tmp_path / 'locked.py'}: cannot read: Permission denied" in result.stderr.splitlines()
    assert (tmp_path / "open.py").read_text() == MIGRATED_LINE + "\n"


def test_following_names_stays_linear_on_heavily_rebound_names(options, monkeypatch):
    """``a = b`` chains with rebinding would make naive name-following exponential."""
    from codemods.sources import python as finder_module

    lines = ["x0 = 'mutation { deleteDeployment(deploymentUuid: \"d\") { id } }'"]
    for i in range(1, 60):
        lines += [f"x{i} = x{i - 1}", f"x{i} = x{i - 1} if x{i - 1} else x{i}"]
    lines.append("client.execute(x59)")
    source = ("\n".join(lines) + "\n").encode()
    calls = []
    original = finder_module.PythonDocumentFinder._resolve_uncached

    def counting(self, node, scope):
        calls.append(1)
        return original(self, node, scope)

    monkeypatch.setattr(finder_module.PythonDocumentFinder, "_resolve_uncached", counting)
    result = rewrite_bytes("chain.py", source, options)
    assert result.error is None
    assert len(calls) < 50 * len(lines)
    assert [d.line for d in result.documents] == [1]
