"""Image references built with interpolation (red team pass 4, issue 13), through the installed CLI.

* compose: only a ``${VAR:-default}`` / ``${VAR-default}`` whose whole value is
  an AC image is migrated; ``:?`` / ``?`` messages, ``:+`` / ``+``
  replacements and ``$$``-escaped text are reviewed and left byte for byte;
* a registry from a variable (``${REG:-quay.io}/astronomer/ap-airflow:TAG``)
  migrates ``ap-airflow:TAG`` when the registry's default is quay.io or
  absent, and is a mirror review otherwise (compose, GitLab CI, Dockerfile
  ``FROM`` and ``ARG`` defaults);
* a Dockerfile ``ARG`` default that a FROM uses as its image is not edited
  when anything else reads it (issue 11 class 2); the review names the uses.

Every case runs ``houston-codemod`` as installed: ``rewrite --diff``,
``rewrite``, ``check --format json``; LF and CRLF; a second rewrite changes
nothing.
"""

import json
import shutil
import subprocess

import pytest

EXE = shutil.which("houston-codemod")
pytestmark = pytest.mark.skipif(EXE is None, reason="houston-codemod is not installed")

AC = "quay.io/astronomer/ap-airflow:2.3.4"
RT = "quay.io/astronomer/astro-runtime:5.5.0-base"  # what AC 2.3.4 (not onbuild) maps to
AC_ONBUILD = "quay.io/astronomer/ap-airflow:2.3.4-onbuild"
RT_ONBUILD = "quay.io/astronomer/astro-runtime:5.5.0"
NEWLINES = ["\n", "\r\n"]


def run(*args, cwd):
    result = subprocess.run([EXE, *args], capture_output=True, text=True, cwd=cwd, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def write(path, text, newline):
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.replace("\n", newline).encode()
    path.write_bytes(data)
    return data


def lay_out(tmp_path, cases):
    """Each case (name -> (file name, text, ...)) in its own directory, once with LF and once with CRLF.

    One tree per test keeps the CLI runs few: every case is checked from the same run."""
    placed = []
    for index, name in enumerate(sorted(cases)):
        filename, text, *rest = cases[name]
        for newline, tag in zip(NEWLINES, ("lf", "crlf")):
            relative = f"case{index:02d}-{tag}/{filename}"
            data = write(tmp_path / relative, text, newline)
            placed.append((name, relative, text, newline, data, rest))
    return placed


def diff_sections(stdout):
    """rewrite --diff output, per file: {path: (removed lines, added lines)} (CR stripped)."""
    sections = {}
    current = None
    for line in stdout.splitlines():
        if line.startswith("--- a/"):
            current = sections.setdefault(line[len("--- a/"):], ([], []))
        elif line.startswith("+++ b/") or line.startswith("@@") or current is None:
            continue
        elif line.startswith("-"):
            current[0].append(line[1:].rstrip("\r"))
        elif line.startswith("+"):
            current[1].append(line[1:].rstrip("\r"))
    return sections


def findings_by_path(tmp_path):
    result = run("check", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    found = {}
    for finding in json.loads(result.stdout)["findings"]:
        found.setdefault(finding["path"].lstrip("./"), []).append(finding)
    return found


def assert_migrated(tmp_path, cases):
    """cases: name -> (file name, before, after).  rewrite --diff proposes exactly the changed lines,
    check reports migrations and no review, rewrite writes ``after`` byte for byte (LF and CRLF), and a
    second rewrite changes nothing."""
    placed = lay_out(tmp_path, cases)
    found = findings_by_path(tmp_path)
    diff = run("rewrite", "--diff", ".", cwd=tmp_path)
    assert diff.returncode == 1, diff.stdout + diff.stderr
    sections = diff_sections(diff.stdout)
    for name, relative, before, _newline, _data, (after,) in placed:
        changed = [(b, a) for b, a in zip(before.splitlines(), after.splitlines()) if b != a]
        assert sections.get(relative) == ([b for b, _ in changed], [a for _, a in changed]), (name, diff.stdout)
        codes = [f["code"] for f in found.get(relative, [])]
        assert codes and set(codes) == {"migrate-ac-image"}, (name, found.get(relative))
    result = run("rewrite", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    for name, relative, _before, newline, _data, (after,) in placed:
        assert (tmp_path / relative).read_bytes() == after.replace("\n", newline).encode(), name
    again = run("rewrite", "--check", ".", cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr  # idempotent: nothing left to change
    return found


def assert_reviewed_not_edited(tmp_path, cases):
    """cases: name -> (file name, text, line, words).  No file is written (LF and CRLF); check reports a
    review at ``line`` whose message holds every word, and no migration."""
    placed = lay_out(tmp_path, cases)
    result = run("rewrite", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    found = findings_by_path(tmp_path)
    reviews = {}
    for name, relative, _text, _newline, data, (line, words) in placed:
        assert (tmp_path / relative).read_bytes() == data, name
        here = found.get(relative, [])
        assert not [f for f in here if f["code"] == "migrate-ac-image"], (name, here)
        at_line = [f for f in here if f["code"].startswith("review-ac-image") and f["line"] == line]
        message = " | ".join(f["message"] for f in at_line)
        for word in words:
            assert word in message, (name, word, here)
        reviews[(name, _newline)] = at_line
    return reviews


# -- compose: which interpolation forms are migrated --------------------------------------------

COMPOSE = "services:\n  airflow:\n    image: {}\n    command: webserver\n"

MIGRATED = {
    "default :-": (f"${{IMG:-{AC}}}", f"${{IMG:-{RT}}}"),
    "default - (unset only)": (f"${{IMG-{AC_ONBUILD}}}", f"${{IMG-{RT_ONBUILD}}}"),
    "nested defaults": (f"${{IMG:-${{FALLBACK-{AC}}}}}", f"${{IMG:-${{FALLBACK-{RT}}}}}"),
    "quoted default": (f'"${{IMG:-{AC}}}"', f'"${{IMG:-{RT}}}"'),
    "anchored default": (f"&img ${{IMG:-{AC}}}  # pinned", f"&img ${{IMG:-{RT}}}  # pinned"),
    "registry default quay.io": (
        "${REG:-quay.io}/astronomer/ap-airflow:2.3.4", "${REG:-quay.io}/astronomer/astro-runtime:5.5.0-base"
    ),
    "registry default quay.io, unset only": (
        "${REG-quay.io}/astronomer/ap-airflow:2.3.4-onbuild", "${REG-quay.io}/astronomer/astro-runtime:5.5.0"
    ),
    "registry braced, no default": ("${REG}/astronomer/ap-airflow:2.3.4", "${REG}/astronomer/astro-runtime:5.5.0-base"),
    "registry bare, no default": ("$REG/astronomer/ap-airflow:2.3.4", "$REG/astronomer/astro-runtime:5.5.0-base"),
    "registry required": (
        "${REG:?set REG}/astronomer/ap-airflow:2.3.4", "${REG:?set REG}/astronomer/astro-runtime:5.5.0-base"
    ),
}


def test_compose_default_and_registry_forms_migrate_only_the_image_bytes(tmp_path):
    cases = {name: ("docker-compose.yml", COMPOSE.format(b), COMPOSE.format(a)) for name, (b, a) in MIGRATED.items()}
    found = assert_migrated(tmp_path, cases)
    messages = {path.split("/")[0]: f["message"] for path, here in found.items() for f in here}
    index = sorted(cases).index("default - (unset only)")
    # the reference itself, not "IMG-quay.io/...": the "-" operator is not part of a registry name
    message = messages[f"case{index:02d}-lf"]
    assert message.startswith(AC_ONBUILD + " is an Astronomer Certified image"), message
    assert "IMG is unset" in message and ".env still wins" in message
    index = sorted(cases).index("registry default quay.io")
    message = messages[f"case{index:02d}-crlf"]
    assert "registry comes from REG (default quay.io)" in message and "astronomer/astro-runtime:5.5.0-base" in message


NOT_EDITED = {
    "error message :?": (f"${{IMG:?{AC}}}", ["error message", "set IMG to " + RT]),
    "error message ?": (f"${{IMG?set it, e.g. {AC}}}", ["error message", RT]),
    "replacement :+": (f"${{IMG:+{AC}}}", ["replacement", "whenever IMG is set", RT]),
    "replacement +": (f"${{IMG+{AC}}}", ["replacement", RT]),
    "escaped $$ braces": (f"$${{{AC}}}", ["escaped $$", RT]),
    "escaped $$ name": (f"$$IMG{AC}", ["escaped $$"]),
    "default beside text": (f"${{IMG:-{AC}}}-extra", ["not a form AC published"]),
    "tag from a variable": ("quay.io/astronomer/ap-airflow:${TAG:-2.3.4}", ["with none set it is " + AC, RT]),
    "unclosed interpolation": (f"${{IMG:-{AC}", ["docker compose rejects", RT]),
    "registry mirror default": (
        "${REG:-registry.example.com}/astronomer/ap-airflow:2.3.4",
        ["'registry.example.com'", "mirror", "astro-runtime:5.5.0-base in place of ap-airflow:2.3.4", RT],
    ),
    "registry docker.io default": ("${REG:-docker.io}/astronomer/ap-airflow:2.3.4", ["'docker.io'", RT]),
    "registry replacement": ("${REG:+quay.io}/astronomer/ap-airflow:2.3.4", ["replacement", RT]),
    "registry default interpolated": ("${REG:-${R2:-quay.io}}/astronomer/ap-airflow:2.3.4", ["interpolated", RT]),
    "registry Airflow 1": ("${REG}/astronomer/ap-airflow:1.10.12-buster", ["Airflow 1.x"]),
}


def test_compose_messages_replacements_and_escapes_are_never_edited(tmp_path):
    cases = {name: ("docker-compose.yml", COMPOSE.format(v), 3, w) for name, (v, w) in NOT_EDITED.items()}
    reviews = assert_reviewed_not_edited(tmp_path, cases)
    (message,) = reviews[("error message :?", "\r\n")]
    assert message["column"] == len("    image: ${IMG:?") + 1  # at the message's text, not the variable
    assert message["end_column"] == message["column"] + len(AC)


def test_deeply_nested_defaults_are_read_without_recursion(tmp_path):
    depth = 20000
    before = COMPOSE.format("${A:-" * depth + AC + "}" * depth)
    after = COMPOSE.format("${A:-" * depth + RT + "}" * depth)
    assert_migrated(tmp_path, {"deep": ("compose.yaml", before, after)})


def test_one_file_mixes_every_form(tmp_path):
    text = (
        "services:\n"
        f"  a:\n    image: ${{IMG:?{AC}}}\n"
        f"  b:\n    image: ${{IMG:-{AC}}}  # default\n"
        f"  c:\n    image: $${{{AC}}}\n"
        "  d:\n    image: ${REG:-quay.io}/astronomer/ap-airflow:2.3.4\n"
        f"  e:\n    environment:\n      X: ${{IMG-{AC}}}\n"
    )
    expected = text.replace(f"${{IMG:-{AC}}}", f"${{IMG:-{RT}}}").replace(
        "quay.io}/astronomer/ap-airflow:2.3.4", "quay.io}/astronomer/astro-runtime:5.5.0-base"
    )
    path = tmp_path / "docker-compose.yml"
    path.write_text(text)
    result = run("rewrite", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert path.read_text() == expected
    found = findings_by_path(tmp_path)["docker-compose.yml"]
    assert sorted(f["line"] for f in found if f["code"] == "review-ac-image") == [3, 7, 12], found
    assert not [f for f in found if f["code"] == "migrate-ac-image"]
    (other,) = [f for f in found if f["line"] == 12]
    assert other["message"].startswith(AC + ":"), other  # not "IMG-quay.io/...", and not a mirror


# -- CI files: their own grammar --------------------------------------------------------------


def test_gitlab_expands_plain_variables_only(tmp_path):
    before = "build:\n  image: ${REG}/astronomer/ap-airflow:2.3.4\n  script:\n    - pytest\n"
    after = "build:\n  image: ${REG}/astronomer/astro-runtime:5.5.0-base\n  script:\n    - pytest\n"
    assert_migrated(tmp_path / "one", {"registry": (".gitlab-ci.yml", before, after)})
    text = f"build:\n  image: ${{IMG:-{AC}}}\n  script:\n    - pytest\n"
    assert_reviewed_not_edited(tmp_path / "two", {"default": (".gitlab-ci.yml", text, 2, ["GitLab", RT])})


def test_github_workflow_expands_no_dollar_variables(tmp_path):
    text = f"jobs:\n  t:\n    runs-on: ubuntu-latest\n    container: ${{IMG:-{AC}}}\n"
    assert_reviewed_not_edited(tmp_path, {"default": (".github/workflows/ci.yml", text, 4, ["GitHub Actions", RT])})


# -- Dockerfile: a registry from a build argument ----------------------------------------------

DOCKER_MIGRATED = {
    "FROM registry ARG quay.io": (
        "ARG REG=quay.io\nFROM ${REG}/astronomer/ap-airflow:2.3.4\n",
        "ARG REG=quay.io\nFROM ${REG}/astronomer/astro-runtime:5.5.0-base\n",
    ),
    "FROM registry ARG without default": (
        "ARG REG\nFROM $REG/astronomer/ap-airflow:2.3.4-onbuild AS base\n",
        "ARG REG\nFROM $REG/astronomer/astro-runtime:5.5.0 AS base\n",
    ),
    "FROM registry inline default": (
        "FROM ${REG:-quay.io}/astronomer/ap-airflow:2.3.4\n",
        "FROM ${REG:-quay.io}/astronomer/astro-runtime:5.5.0-base\n",
    ),
    "FROM inline default, no ARG": (
        f"FROM ${{IMG:-{AC}}} AS base\n", f"FROM ${{IMG:-{RT}}} AS base\n",
    ),
    "FROM inline default, ARG without a value": (
        f"ARG IMG\nFROM ${{IMG-{AC_ONBUILD}}}\n", f"ARG IMG\nFROM ${{IMG-{RT_ONBUILD}}}\n",
    ),
    "ARG default holding a registry variable": (
        'ARG REG="quay.io"\nARG IMAGE="${REG}/astronomer/ap-airflow:2.3.4"\nFROM ${IMAGE}\n',
        'ARG REG="quay.io"\nARG IMAGE="${REG}/astronomer/astro-runtime:5.5.0-base"\nFROM ${IMAGE}\n',
    ),
}

DOCKER_REVIEWED = {
    "ARG mirror default": ("ARG REG=mirror.example.com\nFROM ${REG}/astronomer/ap-airflow:2.3.4\n", 2, ["mirror", RT]),
    "ARG default wins over inline": (
        "ARG REG=mirror.example.com\nFROM ${REG:-quay.io}/astronomer/ap-airflow:2.3.4\n", 2, ["mirror", RT]
    ),
    "ARG value through another ARG": (
        "ARG REG=mirror.example.com\nARG IMAGE=${REG}/astronomer/ap-airflow:2.3.4\nFROM ${IMAGE}\n", 2, ["mirror", RT]
    ),
    "one ARG instruction, declared in order": (
        "ARG REG=mirror.example.com IMAGE=${REG}/astronomer/ap-airflow:2.3.4\nFROM $IMAGE\n", 1, ["mirror", RT]
    ),
    "FROM inline default shadowed by the ARG's": (
        f"ARG IMG=python:3.11\nFROM ${{IMG:-{AC}}}\n", 2, ["ARG IMG has a default", RT]
    ),
    "another path from a variable": (
        "ARG ORG=astronomer\nFROM quay.io/${ORG}/ap-airflow:2.3.4\n", 2, ["build arguments"]
    ),
}


def test_dockerfile_registry_variable_migrates_the_repository_and_tag(tmp_path):
    assert_migrated(tmp_path, {name: ("Dockerfile", b, a) for name, (b, a) in DOCKER_MIGRATED.items()})


def test_dockerfile_registry_mirror_is_reviewed_with_the_runtime_image(tmp_path):
    assert_reviewed_not_edited(tmp_path, {name: ("Dockerfile", *case) for name, case in DOCKER_REVIEWED.items()})


# -- Dockerfile: an ARG default that something besides the FROM reads --------------------------

HEAD = f"ARG AIRFLOW_IMAGE={AC}\nFROM ${{AIRFLOW_IMAGE}}\n"
READERS = {
    "RUN echo": (HEAD + "ARG AIRFLOW_IMAGE\nRUN echo $AIRFLOW_IMAGE\n", "RUN (line 4)"),
    "RUN pip install": (HEAD + "ARG AIRFLOW_IMAGE\nRUN pip install x ${AIRFLOW_IMAGE}\n", "RUN (line 4)"),
    "ENV": (HEAD + "ARG AIRFLOW_IMAGE\nENV X=$AIRFLOW_IMAGE\n", "ENV (line 4)"),
    "LABEL": (HEAD + 'ARG AIRFLOW_IMAGE\nLABEL base="${AIRFLOW_IMAGE}"\n', "LABEL (line 4)"),
    "RUN environment only": (HEAD + "ARG AIRFLOW_IMAGE\nRUN ./build.sh\n", "RUN (line 4), in its environment"),
    "heredoc body": (HEAD + "ARG AIRFLOW_IMAGE\nCOPY <<EOF /image.txt\n$AIRFLOW_IMAGE\nEOF\n", "COPY (line 4)"),
    "continued line": (HEAD + "ARG AIRFLOW_IMAGE\nRUN echo \\\n  ${AIRFLOW_IMAGE:-none}\n", "RUN (line 4)"),
    "another global ARG": (
        f"ARG AIRFLOW_IMAGE={AC}\nARG COPY_OF=${{AIRFLOW_IMAGE}}\nFROM ${{AIRFLOW_IMAGE}}\n", "ARG COPY_OF (line 2)"
    ),
    "another FROM word": (HEAD + "FROM python:3.11 AS ${AIRFLOW_IMAGE}\n", "FROM (line 3)"),
    "second stage": (
        HEAD + "RUN true\nFROM ${AIRFLOW_IMAGE} AS two\nARG AIRFLOW_IMAGE\nENV BASE=$AIRFLOW_IMAGE\n", "ENV (line 6)"
    ),
}


def test_arg_default_read_elsewhere_is_reviewed_not_edited(tmp_path):
    cases = {
        name: ("Dockerfile", text, 1, ["ARG AIRFLOW_IMAGE", "also read by", use, RT])
        for name, (text, use) in READERS.items()
    }
    for name, reviews in assert_reviewed_not_edited(tmp_path, cases).items():
        assert [r["column"] for r in reviews] == [len("ARG AIRFLOW_IMAGE=") + 1], (name, reviews)


NOT_READERS = {
    # after a FROM a global ARG is out of scope until re-declared: $AIRFLOW_IMAGE is empty here
    "not re-declared": HEAD + "RUN echo $AIRFLOW_IMAGE\nENV X=$AIRFLOW_IMAGE\n",
    # re-declared with its own default: the stage reads that, not the global one
    "re-declared with a value": HEAD + "ARG AIRFLOW_IMAGE=python:3.11\nRUN echo $AIRFLOW_IMAGE\n",
    # re-declared in the first stage, read by nothing there; the second stage does not see it
    "next stage": HEAD + "ARG AIRFLOW_IMAGE\nFROM ${AIRFLOW_IMAGE} AS two\nRUN echo $AIRFLOW_IMAGE\n",
}


def test_arg_default_only_the_from_reads_is_migrated(tmp_path):
    assert_migrated(tmp_path, {name: ("Dockerfile", t, t.replace(AC, RT, 1)) for name, t in NOT_READERS.items()})


# -- property: an edit happens only where an independent reading says the AC image is the value --
import re  # noqa: E402

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# The only values an edit is allowed in, read without the parser: the AC image alone, wrapped in
# n nested ${NAME:-...} / ${NAME-...} defaults and closed by exactly n braces; or a registry variable
# ($REG, ${REG}, ${REG:?msg}, ${REG:-quay.io}, ${REG-quay.io}) before /astronomer/ap-airflow:2.3.4.
_WRAPPED = re.compile(r"((?:\$\{[A-Za-z_][A-Za-z0-9_]*:?-)*)" + re.escape(AC) + r"(\}*)")
_REGISTRY = re.compile(
    r"(?:\$[A-Za-z_][A-Za-z0-9_]*|\$\{[A-Za-z_][A-Za-z0-9_]*(?::?\?[^{}]*|:?-quay\.io)?\})/astronomer/ap-airflow:2\.3\.4"
)
_PIECES = st.sampled_from(["$", "$$", "{", "}", "${A", "${A}", "${A:-", "${B-", "${R:?m}", ":-", "-", ":?", "?", ":+", "+", "$B", "x", "/", "quay.io"])
_REGISTRY_TAIL = "/astronomer/ap-airflow:2.3.4"
_REGISTRY_NEW = "/astronomer/astro-runtime:5.5.0-base"


def _may_be_edited(value):
    wrapped = _WRAPPED.fullmatch(value)
    if wrapped and wrapped.group(1).count("${") == len(wrapped.group(2)):
        return True
    return bool(_REGISTRY.fullmatch(value))


_OPENERS = st.lists(st.sampled_from(["${A:-", "${B-", "${C:?", "${D:+", "$$", "${E:-x"]), max_size=4)
_REGISTRIES = st.sampled_from(["$R", "${R}", "${R:?m}", "${R:-quay.io}", "${R-quay.io}", "${R:-x.io}", "${R:+quay.io}"])


# near the forms that migrate: n nested openers (a few of them not defaults) and n-1..n+1 braces
_NESTED = st.lists(st.sampled_from(["${A:-", "${B-", "${A:-", "${B-", "${C:?", "${D:+"]), max_size=4).flatmap(
    lambda opens: st.tuples(st.just(opens), st.sampled_from([len(opens), len(opens), max(0, len(opens) - 1), len(opens) + 1]))
).map(lambda pair: (pair[0], ["}"] * pair[1]))


@given(
    shape=st.one_of(
        st.tuples(st.lists(_PIECES, max_size=6), st.lists(_PIECES, max_size=6)),
        st.tuples(st.one_of(_OPENERS, _REGISTRIES.map(lambda r: [r])), st.integers(0, 2).map(lambda n: ["}"] * n)),
        _NESTED,
    ),
    image=st.sampled_from([AC, _REGISTRY_TAIL]),
)
def test_compose_values_are_edited_only_where_the_image_is_the_value(shape, image, options):
    from codemods.pipeline import process

    before, after = shape
    value = "".join(before) + image + "".join(after)
    text = f"services:\n  a:\n    image: '{value}'\n"
    result = process("docker-compose.yml", text.encode(), options)
    assert result.error is None
    if result.changed:
        assert _may_be_edited(value), value
        migrated = text.replace(AC, RT) if image == AC else text.replace(_REGISTRY_TAIL, _REGISTRY_NEW)
        assert result.new_text == migrated, value  # only the image bytes
        again = process("docker-compose.yml", result.new_bytes(), options)
        assert again.error is None and not again.changed
    else:
        assert not _may_be_edited(value), f"{value} should have been migrated"


_GLOBAL_LINES = st.sampled_from(["ARG OTHER=${IMG}", "ARG OTHER=x", "ARG V=1"])
_STAGE_LINES = st.sampled_from([
    "FROM ${IMG}", "FROM python:3.11", "ARG IMG", "ARG IMG=python:3.11", "RUN echo $IMG", "RUN true",
    "ENV X=$IMG", "ENV X=1", "LABEL a=${IMG}", "LABEL a=b", "COPY . /x",
])


def _expected_readers(global_lines, stage_lines):
    """Docker's ARG scoping, simulated on this small vocabulary: who reads the global IMG default."""
    readers = [line for line in global_lines if "${IMG}" in line]
    in_scope = False
    for line in stage_lines:
        if line.startswith("FROM"):
            in_scope = False
        elif line == "ARG IMG":
            in_scope = True
        elif line.startswith("ARG IMG="):
            in_scope = False
        elif in_scope and (line.startswith("RUN") or "$IMG" in line or "${IMG}" in line):
            readers.append(line)
    return readers


@given(
    global_lines=st.lists(_GLOBAL_LINES, max_size=2),
    first=st.sampled_from(["FROM ${IMG}", "FROM python:3.11"]),
    stage_lines=st.lists(_STAGE_LINES, max_size=8),
)
def test_arg_default_is_edited_exactly_when_only_froms_read_it(global_lines, first, stage_lines, options):
    from codemods.pipeline import process

    stage = [first, *stage_lines]
    text = "\n".join([f"ARG IMG={AC}", *global_lines, *stage]) + "\n"
    result = process("Dockerfile", text.encode(), options)
    assert result.error is None
    used = "FROM ${IMG}" in stage
    readers = _expected_readers(global_lines, stage)
    if used and not readers:
        assert result.changed and result.new_text == text.replace(AC, RT, 1), text
        again = process("Dockerfile", result.new_bytes(), options)
        assert again.error is None and not again.changed
    else:
        assert not result.changed, text
        reviews = [f for f in result.findings if f.code == "review-ac-image" and f.line == 1]
        assert reviews, text
        if used:
            assert "also read by" in reviews[0].message, reviews[0].message


def test_registry_arg_passed_by_ci_is_named_beside_the_migration(tmp_path):
    (tmp_path / ".git").mkdir()
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "build.yml").write_text(
        "jobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build --build-arg REG=mirror.example.com .\n"
    )
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("ARG REG=quay.io\nFROM ${REG}/astronomer/ap-airflow:2.3.4\n")
    (migration, finding) = sorted(findings_by_path(tmp_path)["Dockerfile"], key=lambda f: f["code"])
    assert migration["code"] == "migrate-ac-image"
    assert finding["code"] == "review-ac-image-build-arg" and finding["line"] == 2
    result = run("rewrite", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "review-ac-image-build-arg" in result.stdout + result.stderr  # rewrite says it too
    assert dockerfile.read_text() == "ARG REG=quay.io\nFROM ${REG}/astronomer/astro-runtime:5.5.0-base\n"
    assert ".github/workflows/build.yml:5" in finding["message"] and "astronomer/astro-runtime:5.5.0-base" in finding["message"]
