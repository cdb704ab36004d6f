"""Issue 11, secrets: the token paths left after the first passes, each through the installed command.

1. A blank GITHUB_TOKEN / HOUSTON_API_TOKEN counts as absent: never sent as an empty credential.
2. ``review --github``'s fallback after GitHub's 422 counts, in its body's first line, what it carries.
3. A token written in the scanned files (operation name, field, alias, variable, a string, a file name)
   never reaches any output: stdout, stderr, every ``--format``, ``-o`` files, ``--explain``, ``--diff``,
   the job summary, the review; ``rewrite`` still writes the file's real bytes.
4. The GitHub API over plain http only to a real loopback address.
5. base32, reversed and rot13 spellings from a server (error message, schema description) are refused.

Every output is searched for the token in every spelling the redactor knows (``ALL_SPELLINGS``).
"""

import base64
import codecs
import json
import re

import pytest
from fake_github import FakeGitHub
from graphql import get_introspection_query, graphql_sync
from houston_server import TOKEN as SERVER_TOKEN
from houston_server import HoustonServer
from test_pr_bot import EXAMPLE, bot_env, git, make_repo, run_bot
from test_trust_token_spellings import encodings
from trust_cli import run_cli

from codemods import secret_scan
from codemods.houston_schema import HoustonSchema

TOKEN = "hxTok3nSecretValue9f8e7d"  # a valid GraphQL name, so a script can use it as one


def new_spellings(token):
    raw = token.encode()
    return {
        "b32": base64.b32encode(raw).decode(),
        "b32-bearer": base64.b32encode(b"Bearer " + raw).decode(),
        "b32-nopad-lower": base64.b32encode(b"x:" + raw).decode().rstrip("=").lower(),
        "b32hex": base64.b32hexencode(b"tok " + raw).decode(),
        "reversed": token[::-1],
        "reversed-upper": token[::-1].upper(),
        "rot13": codecs.encode(token, "rot13"),
        "rot13-reversed-dashes": "-".join(codecs.encode(token, "rot13")),
    }


def all_spellings(token):
    return {**encodings(token), **new_spellings(token)}


def assert_clean(text, token=TOKEN):
    assert not secret_scan.leaks(text, [token]), text
    lowered = text.lower()
    for name, form in all_spellings(token).items():
        assert form.lower() not in lowered, (name, text)


# --------------------------------------------------------------------------- 5. the new spellings, as a unit


@pytest.mark.parametrize("name", sorted(new_spellings(TOKEN)))
def test_the_redactor_knows_base32_reversed_and_rot13(name):
    form = new_spellings(TOKEN)[name]
    assert secret_scan.leaks(f"denied: {form} (see docs)", [TOKEN])
    assert not secret_scan.leaks("denied: an ordinary message about tokens and secrets", [TOKEN])
    line = secret_scan.redact(f"denied: {form} (see docs)", [TOKEN])
    assert not secret_scan.leaks(line, [TOKEN]) and line.startswith("denied:"), line


def test_scrub_keeps_every_other_byte_and_refuses_a_scattered_token():
    text = f'line one\n+ x = "{TOKEN}",\n-\ty={TOKEN.upper()}\nok {base64.b64encode(b"Bearer " + TOKEN.encode()).decode()} end\n'
    cleaned = secret_scan.scrub(text, [TOKEN])
    assert cleaned == 'line one\n+ x = "***",\n-\ty=***\nok QmVhcmVyIG***A== end\n'
    assert secret_scan.scrub("nothing here\r\n\tat all", [TOKEN]) == "nothing here\r\n\tat all"
    scattered = "".join(TOKEN[i : i + 6] + "\n" for i in range(0, len(TOKEN), 6))  # no line long enough to cut
    assert secret_scan.scrub(scattered, [TOKEN]) is None


# --------------------------------------------------------------------------- 1. blank tokens


@pytest.mark.parametrize("blank", ["", " \t\n"], ids=["empty", "whitespace"])
def test_a_blank_github_token_is_one_line_and_nothing_is_sent(tmp_path, blank):
    repo = make_repo(tmp_path, {}, {"new.py": EXAMPLE})
    with FakeGitHub(repo, "main") as github:
        completed = run_bot(repo, bot_env(github, tmp_path, GITHUB_TOKEN=blank))
    assert completed.returncode == 2, completed.stderr
    assert "houston-codemod: GITHUB_TOKEN is empty: the review cannot be posted without it" in completed.stderr.splitlines()
    assert github.requests == []  # no "Authorization: Bearer " ever left the machine
    assert "Traceback" not in completed.stderr


def test_a_github_token_with_spaces_around_it_is_sent_without_them(tmp_path):
    repo = make_repo(tmp_path, {}, {"new.py": EXAMPLE})
    with FakeGitHub(repo, "main") as github:
        completed = run_bot(repo, bot_env(github, tmp_path, GITHUB_TOKEN=f"  {github.token}\n"))
        assert completed.returncode == 1, completed.stderr
        assert {auth for _m, _p, auth in github.requests} == {f"Bearer {github.token}"}
        assert len(github.reviews) == 1


@pytest.mark.parametrize("blank", ["", "  \n"], ids=["empty", "whitespace"])
def test_a_blank_houston_token_counts_as_absent(tmp_path, blank):
    with HoustonServer(catalogue={}) as server:
        completed = run_cli("schema", "fetch", server.url, env={"HOUSTON_API_TOKEN": blank})
    assert len(server.requests) == 1
    assert "authorization" not in {name.lower() for name in server.requests[0]["headers"]}
    assert completed.returncode == 2  # the server wants a token: rejected, as with none set
    assert f"houston-codemod: HOUSTON_API_TOKEN is empty: {server.url} is asked without a token" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_a_houston_token_with_a_line_break_after_it_is_sent_without_it(tmp_path):
    with HoustonServer(catalogue={}) as server:
        completed = run_cli("schema", "fetch", server.url, env={"HOUSTON_API_TOKEN": f" {SERVER_TOKEN}\n"})
    assert completed.returncode == 0, completed.stderr
    assert server.requests[0]["headers"].get("authorization") == SERVER_TOKEN
    assert "type Query" in completed.stdout


# --------------------------------------------------------------------------- 2. the 422 fallback's count


def test_the_422_fallback_counts_the_items_it_carries(tmp_path):
    repo = make_repo(tmp_path, {}, {"new.py": EXAMPLE})
    (repo / "new.py").write_text("# second commit\n" + EXAMPLE, encoding="utf-8")
    git(repo, "commit", "-qam", "second commit")
    with FakeGitHub(repo, "pr~1", "pr") as github:  # GitHub's diff shows only the first line: comments refused
        completed = run_bot(repo, bot_env(github, tmp_path))
    assert completed.returncode == 1, completed.stderr
    assert len(github.rejected) == 1 and github.comments == []
    (review,) = github.reviews
    codes = [code for code, _hash in secret_scan_markers(review["body"])]
    fixes = sum(code.startswith("migrate-") for code in codes)
    assert fixes >= 1 and len(codes) == review["body"].count("| <code>new.py</code> |")
    first = review["body"].split("\n", 1)[0]
    assert first == (
        f"houston-codemod: {fixes} suggested change(s) to migrate Houston scripts to Astro Runtime, "
        f"{len(codes) - fixes} item(s) to review."
    )
    assert "because GitHub did not accept them as line comments" in review["body"]
    assert f"0 line comment(s), {len(codes)} item(s) in its body" in completed.stderr


def secret_scan_markers(body):
    return re.findall(r"<!-- houston-codemod:([A-Za-z0-9+_-]+):([0-9a-f]{16}) -->", body)


# --------------------------------------------------------------------------- 4. plain http only to loopback


@pytest.mark.parametrize("host", ["127.999.0.1", "127.0.0.1.nip.io"])
def test_github_api_over_http_is_refused_unless_loopback(tmp_path, host):
    repo = make_repo(tmp_path, {}, {"new.py": EXAMPLE})
    with FakeGitHub(repo, "main") as github:
        completed = run_bot(repo, bot_env(github, tmp_path, GITHUB_API_URL=f"http://{host}:{github.url.rsplit(':', 1)[1]}"))
        assert github.requests == []
    assert completed.returncode == 2, completed.stderr
    assert "the token is sent over HTTPS only (plain http only to a loopback host)" in completed.stderr
    assert_clean(completed.stdout + completed.stderr, github.token)


def test_github_api_over_http_to_localhost_is_used(tmp_path):
    repo = make_repo(tmp_path, {}, {"new.py": EXAMPLE})
    with FakeGitHub(repo, "main") as github:
        url = github.url.replace("127.0.0.1", "localhost")
        completed = run_bot(repo, bot_env(github, tmp_path, GITHUB_API_URL=url, NO_PROXY="*"))
        assert completed.returncode == 1, completed.stderr
        assert len(github.reviews) == 1


# --------------------------------------------------------------------------- 3. a token in the scanned files

SCRIPT = f'''import requests

TOKEN = "{TOKEN}"
Q = """
query {TOKEN}(${TOKEN}: String) {{
  {TOKEN}: deployments(workspaceUuid: "w") {{ id {TOKEN} }}
}}
"""
M = 'mutation {TOKEN}M {{ createDeployment(workspaceUuid: "{TOKEN}", label: "l", type: "airflow", airflowVersion: "2.3.1") {{ id }} }}'
requests.post("https://houston.example.com/v1", json={{"query": Q}}, headers={{"authorization": TOKEN}})
requests.post("https://houston.example.com/v1", json={{"query": M}}, headers={{"authorization": TOKEN}})
'''
FORMATS = ["text", "json", "sarif", "github", "github-review", "html", "rdjson"]
JSON_FORMATS = {"json", "sarif", "github-review", "rdjson"}


def scanned_tree(tmp_path):
    work = tmp_path / "work"
    (work / f"dir_{TOKEN}").mkdir(parents=True)
    (work / "s.py").write_text(SCRIPT)
    (work / f"dir_{TOKEN}" / f"{TOKEN}.py").write_text(SCRIPT)
    return work


@pytest.mark.parametrize("variable", ["HOUSTON_API_TOKEN", "GITHUB_TOKEN"])
def test_a_token_in_the_scanned_files_reaches_no_output(tmp_path, variable):
    work = scanned_tree(tmp_path)
    summary = tmp_path / "summary.md"
    env = {variable: TOKEN, "GITHUB_STEP_SUMMARY": str(summary)}
    outputs = []
    for fmt in FORMATS:
        report = tmp_path / f"report.{fmt}"
        written = run_cli("check", "-j", "1", "--format", fmt, "-o", report, ".", cwd=work, env=env)
        checked = run_cli("rewrite", "--check", "-j", "1", "--format", fmt, ".", cwd=work, env=env)
        for completed in (written, checked):
            assert completed.returncode in (1, 2) and "Traceback" not in completed.stderr, completed.stderr
            assert "internal error" not in completed.stderr, completed.stderr
            outputs += [completed.stdout, completed.stderr]
        outputs.append(report.read_text())
        if fmt in JSON_FORMATS:
            json.loads(checked.stdout)  # still valid JSON
            json.loads(report.read_text())
    explained = run_cli("check", "--explain", "s.py", cwd=work, env=env)
    diffed = run_cli("rewrite", "--diff", "-j", "1", ".", cwd=work, env=env)
    listed = run_cli("rewrite", "--check", "-j", "1", ".", cwd=work, env=env)
    reviewed = run_cli("review", "--changed-since", "HEAD", "-j", "1", ".", cwd=work, env=env)  # not a git repo: one line
    for completed in (explained, diffed, listed, reviewed):
        assert "Traceback" not in completed.stderr, completed.stderr
        outputs += [completed.stdout, completed.stderr]
    outputs.append(summary.read_text())
    assert "***" in diffed.stdout and "diff shows ***" in diffed.stderr
    assert "houston.example.com" in explained.stdout  # the evidence is still shown
    assert "migrate-version-argument" in "".join(outputs)  # the findings are still reported
    for text in outputs:
        assert_clean(text)
    # rewrite itself writes the user's real bytes, token and all
    done = run_cli("rewrite", "-j", "1", ".", cwd=work, env=env)
    assert done.returncode == 0, done.stderr
    assert_clean(done.stdout + done.stderr)
    new = (work / "s.py").read_text()
    assert new == SCRIPT.replace('airflowVersion: "2.3.1"', 'runtimeVersion: "5.0.2"') and TOKEN in new
    assert (work / f"dir_{TOKEN}" / f"{TOKEN}.py").read_text() == new


# On stdin a module-level document is held (no project: red team 17, 11b, F21): the mutation is built
# in a function here, which stdin still edits.
STDIN_SCRIPT = f'''import requests

TOKEN = "{TOKEN}"


def create():
    m = 'mutation {TOKEN}M {{ createDeployment(workspaceUuid: "{TOKEN}", label: "l", type: "airflow", airflowVersion: "2.3.1") {{ id }} }}'
    requests.post("https://houston.example.com/v1", json={{"query": m}}, headers={{"authorization": TOKEN}})
'''


def test_rewrite_on_standard_input_passes_the_real_bytes(tmp_path):
    """A filter's output is the file itself: masking the token there would corrupt the script."""
    assert "def create():" in STDIN_SCRIPT and "    requests.post" in STDIN_SCRIPT
    completed = run_cli("rewrite", "-", stdin=STDIN_SCRIPT, env={"HOUSTON_API_TOKEN": TOKEN})
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == STDIN_SCRIPT.replace('airflowVersion: "2.3.1"', 'runtimeVersion: "5.0.2"')
    assert_clean(completed.stderr)


def test_a_did_you_mean_from_a_schema_file_holding_the_token_is_masked(tmp_path):
    schema = tmp_path / "houston.graphql"
    schema.write_text(_bundled_sdl() + f"\nextend type Deployment {{ {TOKEN}: String }}\n")
    (tmp_path / "s.py").write_text(
        'import requests\nQ = "query { deployments(workspaceUuid: \\"w\\") { id '
        + TOKEN[:-1] + 'x } }"\nrequests.post("https://houston.example.com/v1", json={"query": Q})\n'
    )
    for fmt in ("text", "json"):
        completed = run_cli("check", "-j", "1", "--schema", schema, "--format", fmt, tmp_path / "s.py",
                            env={"HOUSTON_API_TOKEN": TOKEN})
        assert completed.returncode == 1, completed.stderr
        assert "fields-on-correct-type" in completed.stdout and "***" in completed.stdout
        assert_clean(completed.stdout + completed.stderr)


def _bundled_sdl():
    from graphql import print_schema

    return print_schema(HoustonSchema.bundled().schema)


def test_a_suggestion_on_a_line_holding_the_token_is_not_posted_masked(tmp_path):
    line = f'Q = \'mutation {{ createDeployment(workspaceUuid: "{TOKEN}", label: "l", type: "airflow", airflowVersion: "2.3.1") {{ id }} }}\'\n'
    script = "import requests\n" + line + 'requests.post("https://houston.example.com/v1", json={"query": Q})\n'
    repo = make_repo(tmp_path, {}, {"new.py": script})
    with FakeGitHub(repo, "main") as github:
        completed = run_bot(repo, bot_env(github, tmp_path, HOUSTON_API_TOKEN=TOKEN))
    assert completed.returncode == 1, completed.stderr
    posted = json.dumps([github.reviews, github.comments])
    assert_clean(posted)
    assert "```suggestion" not in posted  # a suggestion with *** in it would write *** into the file
    assert any("not shown: its text holds HOUSTON_API_TOKEN" in c["body"] for c in github.comments)


# --------------------------------------------------------------------------- 5. a server echoing the new spellings


@pytest.mark.parametrize("name", sorted(new_spellings(SERVER_TOKEN)))
def test_a_houston_error_with_a_new_spelling_is_refused(tmp_path, name):
    message = f"denied: credential {new_spellings(SERVER_TOKEN)[name]} is not valid"
    with HoustonServer(catalogue={}, answer={"errors": [{"message": message}]}) as server:
        completed = run_cli("schema", "fetch", server.url, env={"HOUSTON_API_TOKEN": SERVER_TOKEN})
    assert completed.returncode == 2, completed.stderr
    assert completed.stderr.strip().splitlines() == [
        f"houston-codemod: {server.url}: HTTP 200: the answer contains HOUSTON_API_TOKEN (in some spelling); "
        "it is refused and not shown"
    ]
    assert_clean(completed.stdout + completed.stderr, SERVER_TOKEN)


def introspection_with_description(text):
    schema = HoustonSchema.bundled().schema
    result = graphql_sync(schema, get_introspection_query(input_value_deprecation=True))
    data = result.data
    for kind in data["__schema"]["types"]:
        if kind["name"] == "Deployment":
            kind["description"] = f"A deployment. (served for {text})"
    return {"data": data}


@pytest.mark.parametrize("name", sorted(new_spellings(SERVER_TOKEN)))
def test_a_schema_description_with_a_new_spelling_is_refused(tmp_path, name):
    answer = introspection_with_description(new_spellings(SERVER_TOKEN)[name])
    out = tmp_path / "s.graphql"
    (tmp_path / "s.py").write_text(SCRIPT)
    with HoustonServer(catalogue={}, answer=answer) as server:
        fetched = run_cli("schema", "fetch", server.url, "-o", out, env={"HOUSTON_API_TOKEN": SERVER_TOKEN})
        runs = [fetched]
        if name == "rot13":  # and the same answer behind check --schema URL
            runs.append(run_cli("check", "-j", "1", "--schema", server.url, "--format", "json", tmp_path / "s.py",
                                env={"HOUSTON_API_TOKEN": SERVER_TOKEN}))
    assert not out.exists()
    for completed in runs:
        assert completed.returncode == 2 and "refused and not shown" in completed.stderr, completed.stderr
        assert_clean(completed.stdout + completed.stderr, SERVER_TOKEN)


def test_the_same_description_without_the_token_is_used(tmp_path):
    """Control: the refusal is about the token, not the shape of the answer."""
    answer = introspection_with_description("a harmless note")
    with HoustonServer(catalogue={}, answer=answer) as server:
        completed = run_cli("schema", "fetch", server.url, env={"HOUSTON_API_TOKEN": SERVER_TOKEN})
    assert completed.returncode == 0, completed.stderr
    assert "a harmless note" in completed.stdout


def test_a_token_scattered_over_lines_withholds_what_would_show_it(tmp_path):
    """Six characters a line: no line holds a run long enough to cut, together they are the token."""
    pieces = "".join(f'    "{TOKEN[i : i + 6]}"\n' for i in range(0, len(TOKEN), 6))
    script = (
        'import requests\nQ = (\n    "mutation { createDeployment(workspaceUuid: \\"w\\", label: \\""\n' + pieces
        + '    "\\", type: \\"airflow\\", airflowVersion: \\"2.3.1\\") { id } }"\n)\n'
        'requests.post("https://houston.example.com/v1", json={"query": Q})\n'
    )
    (tmp_path / "s.py").write_text(script)
    env = {"HOUSTON_API_TOKEN": TOKEN}
    report = tmp_path / "r.html"
    html = run_cli("check", "-j", "1", "--format", "html", "-o", report, tmp_path / "s.py", env=env)
    assert html.returncode == 2 and not report.exists(), html.stderr
    assert "houston-codemod: the report is withheld: it would show HOUSTON_API_TOKEN" in html.stderr
    diffed = run_cli("rewrite", "--diff", "-j", "1", tmp_path / "s.py", env=env)
    assert diffed.returncode == 2 and diffed.stdout == "", diffed.stderr
    assert f"houston-codemod: {tmp_path / 's.py'}: diff not shown: it holds HOUSTON_API_TOKEN" in diffed.stderr
    # on stdin a module-level document is held (red team 17, 11b, F21): the same document built in a function
    body = script.split("\n", 1)[1].replace("Q = (", "q = (").replace('{"query": Q}', '{"query": q}')
    in_a_function = "import requests\n\n\ndef send():\n" + "".join("    " + line + "\n" for line in body.splitlines())
    piped = run_cli("rewrite", "--diff", "-", stdin=in_a_function, env=env)
    assert piped.returncode == 2 and piped.stdout == "" and "-: diff not shown" in piped.stderr, piped.stderr
    text = run_cli("check", "-j", "1", tmp_path / "s.py", env=env)  # nothing here shows the lines: as usual
    assert text.returncode == 0 and "migrate-version-argument" in text.stdout, text.stderr
    for completed in (html, diffed, piped, text):
        assert "Traceback" not in completed.stderr
        assert_clean(completed.stdout + completed.stderr)
    assert (tmp_path / "s.py").read_text() == script


# --------------------------------------------------------------------------- the output redactor, as a property

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SPELLINGS = all_spellings(TOKEN)


@settings(deadline=None)  # examples: the profile (ci 40, thorough 1000)
@given(st.text(max_size=120), st.sampled_from(sorted(SPELLINGS)), st.integers(min_value=0, max_value=120))
def test_scrub_never_lets_a_spelling_through_and_keeps_the_lines(around, name, where):
    text = around[:where] + SPELLINGS[name] + around[where:]
    cleaned = secret_scan.scrub(text, [TOKEN])
    if cleaned is not None:
        assert not secret_scan.leaks(cleaned, [TOKEN]), (name, cleaned)
        assert cleaned.count("\n") == text.count("\n")  # a report keeps its lines, a diff its layout
    plain = secret_scan.scrub(around, [TOKEN])
    assert plain == around or secret_scan.leaks(around, [TOKEN])  # nothing to cut: byte for byte
