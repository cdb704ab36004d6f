"""Red team 6, F3 and F10: text filled in by code the tool cannot read, and reads that split a version.

F3: a script that fills its version with ``re.sub``, ``str.replace(DOC, ...)``, a
``.replace`` after ``textwrap.dedent``, a ``.replace`` on ``DOCS["key"]`` or with a
target it cannot read (``OLD["version"]``) had its ``airflowVersion: "2.3.4"``
rewritten to ``runtimeVersion: "5.5.0"``: the fill then found nothing and the
user's version was never sent.  Now the value stays (reviewed), and when the fill
may look for the argument's name nothing in the document is edited.

Every case runs the installed console script, then imports the rewritten module
with a stub ``requests`` (its ``post`` returns the JSON it was given) and checks
that the script's own fill still puts the caller's version in the document.
"""

import json
import re
import subprocess
import sys
import textwrap

from trust_cli import run_cli
from work_count import lines_run as count_lines

URL = "https://houston.example.com/v1"
DOC = 'mutation { upsertDeployment(deploymentUuid: "d", airflowVersion: "2.3.4") { id } }'
HEAD = f'import re, textwrap, requests\nURL = "{URL}"\n'

F3_CASES = {
    # name -> (module body, is the whole document left as it is?)
    "resub_name": (
        f"DOC = '{DOC}'\n"
        "def f(v):\n"
        "    return requests.post(URL, json={\"query\": re.sub(r'airflowVersion: \"[^\"]*\"', f'airflowVersion: \"{v}\"', DOC)})\n",
        True,
    ),
    "compiled_name": (
        f"DOC = '{DOC}'\n"
        "PAT = re.compile(r'airflowVersion: \"[^\"]*\"')\n"
        "def f(v):\n"
        "    return requests.post(URL, json={\"query\": PAT.sub(f'airflowVersion: \"{v}\"', DOC)})\n",
        True,
    ),
    "resub_value": (
        f"DOC = '{DOC}'\n"
        "def f(v):\n"
        "    return requests.post(URL, json={\"query\": re.sub(r'2\\.3\\.4', v, DOC)})\n",
        False,
    ),
    "str_replace": (
        f"DOC = '{DOC}'\n"
        "def f(v):\n"
        "    return requests.post(URL, json={\"query\": str.replace(DOC, \"2.3.4\", v)})\n",
        False,
    ),
    "dedent": (
        f"DOC = '''\n{DOC}\n'''\n"
        "def f(v):\n"
        "    return requests.post(URL, json={\"query\": textwrap.dedent(DOC).replace(\"2.3.4\", v)})\n",
        False,
    ),
    "dict_entry": (
        f"DOCS = {{\"upsert\": '{DOC}'}}\n"
        "def f(v):\n"
        "    return requests.post(URL, json={\"query\": DOCS[\"upsert\"].replace(\"2.3.4\", v)})\n",
        False,
    ),
    "unread_target": (
        f"DOC = '{DOC}'\n"
        "OLD = {\"version\": \"2.3.4\"}\n"
        "def f(v):\n"
        "    return requests.post(URL, json={\"query\": DOC.replace(OLD[\"version\"], v)})\n",
        True,
    ),
}

FINDING = re.compile(r"^(?P<path>.+?):\d+:\d+: (?:warning|error) (?P<code>[\w-]+) ", re.M)


def codes_by_module(stderr):
    """{module name: the finding codes rewrite printed for it} (rewrite prints its reviews on stderr)."""
    found = {}
    for match in FINDING.finditer(stderr):
        found.setdefault(match["path"].replace("\\", "/").rsplit("/", 1)[-1][:-3], set()).add(match["code"])
    return found


STUB = "def post(url, json=None, **kwargs):\n    return json\n"


def _sent(directory, stub, names):
    """{case: the query each module's f('9.9.9') sends}, imported with the stub requests."""
    program = (
        "import json, sys\n"
        f"sys.path[:0] = [{str(stub)!r}, {str(directory)!r}]\n"
        f"print(json.dumps({{n: __import__(n).f('9.9.9')['query'] for n in {sorted(names)!r}}}))\n"
    )
    completed = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_fills_the_tool_cannot_read_keep_the_value_and_still_fill_it(tmp_path):
    work, stub = tmp_path / "work", tmp_path / "stub"
    work.mkdir()
    stub.mkdir()
    (stub / "requests.py").write_text(STUB)
    for name, (body, _frozen) in F3_CASES.items():
        (work / f"{name}.py").write_text(HEAD + body)
    before = {name: (work / f"{name}.py").read_text() for name in F3_CASES}
    # Every fill works on the original: the version goes in.
    assert all("9.9.9" in q for q in _sent(work, stub, F3_CASES).values())

    first = run_cli("rewrite", "--no-cache", "-j", "1", work)
    assert first.returncode in (0, 1), first.stderr
    assert "Traceback" not in first.stderr
    by_file = codes_by_module(first.stderr)

    sent = _sent(work, stub, F3_CASES)
    for name, (_body, frozen) in F3_CASES.items():
        after = (work / f"{name}.py").read_text()
        codes = by_file.get(name, set())
        # The fill still finds its target: the caller's version is what is sent.
        assert "9.9.9" in sent[name] and "5.5.0" not in sent[name], (name, sent[name])
        assert "review-template-version" in codes, (name, codes)
        if frozen:  # the fill may look for the name: nothing edited, the rename is a review
            assert after == before[name], name
            assert "review-template-fill" in codes, (name, codes)
        else:  # only the value is the fill's: the name is renamed, the value kept
            assert 'runtimeVersion: "2.3.4"' in after and "airflowVersion" not in after, (name, after)
            assert "review-template-fill" not in codes, (name, codes)

    second = run_cli("rewrite", "--check", "--no-cache", "-j", "1", work)
    assert second.returncode == 0, second.stdout + second.stderr


def test_fills_that_cannot_touch_the_document_change_nothing(tmp_path):
    """A punctuation-only replace, and a re.sub on another string, leave the document a plain rewrite."""
    (tmp_path / "plain.py").write_text(
        HEAD
        + textwrap.dedent(
            f"""\
            DOC = '{DOC}'
            OTHER = "label-x"
            def f(v):
                name = re.sub(r"airflowVersion", "x", OTHER)
                return requests.post(URL, json={{"query": DOC.replace("\\n", " "), "operationName": name}})
            """
        )
    )
    first = run_cli("rewrite", "--no-cache", "-j", "1", tmp_path)
    assert first.returncode in (0, 1), first.stderr
    codes = codes_by_module(first.stderr).get("plain", set())
    assert not {"review-template-fill", "review-template-version"} & codes, codes
    assert 'runtimeVersion: "5.5.0"' in (tmp_path / "plain.py").read_text()


# -- F10: reads that look for the AC hotfix suffix ---------------------------------------------------
F10_MODULE = '''\
import re
import requests
H = "https://houston.example.com/v1"
Q = "query Q { deployments { id airflowVersion } }"
def hotfixes():
    out = {}
    for d in requests.post(H, json={"query": Q}).json()["data"]["deployments"]:
        version, hotfix = d["airflowVersion"].split("-")
        out[d["id"]] = int(hotfix)
    return out
def is_patched(d):
    return d["airflowVersion"].endswith("-11")
def parts(d):
    v = d.get("airflowVersion")
    return v.rsplit("-", 1), v.partition("-")
def more(d):
    return "-" in d["airflowVersion"], re.match(r"\\d+\\.\\d+\\.\\d+-\\d+", d["airflowVersion"])
def not_the_version(d):
    return d["id"].split("-"), d["airflowVersion"].split("."), d["airflowVersion"].startswith("2")
'''


def test_reads_looking_for_the_hotfix_suffix_are_reviewed(tmp_path):
    """split/endswith/rsplit/partition/in/re.match with '-' on the key: a review at each read and at the field.

    The field is still aliased (as for a comparison with an AC literal): the response keeps its key.
    """
    path = tmp_path / "reads.py"
    path.write_text(F10_MODULE)
    first = run_cli("rewrite", "--no-cache", "-j", "1", path)
    assert first.returncode in (0, 1), first.stderr
    assert "Traceback" not in first.stderr
    lines = sorted(
        (int(m.group(1)), m.group(2))
        for m in re.finditer(r"reads\.py:(\d+):\d+: warning ([\w-]+) ", first.stderr)
        if m.group(2) == "review-ac-version-suffix-read"
    )
    # Line 4: the field; 8 split, 12 endswith, 15 rsplit + partition (through v), 17 in + re.match.
    assert [line for line, _code in lines] == [4, 8, 12, 15, 15, 17, 17], first.stderr
    assert "airflowVersion: runtimeAirflowVersion" in path.read_text()
    second = run_cli("rewrite", "--check", "--no-cache", "-j", "1", path)
    assert second.returncode == 0, second.stdout + second.stderr


def test_a_module_that_reads_no_suffix_gets_no_suffix_review(tmp_path):
    path = tmp_path / "plain.py"
    path.write_text(F10_MODULE.split("def hotfixes")[0] + "def f(d):\n    return d['airflowVersion'].split('.')\n"
                    "def g():\n    return requests.post(H, json={'query': Q})\n")
    first = run_cli("rewrite", "--no-cache", "-j", "1", path)
    assert first.returncode in (0, 1), first.stderr
    assert "review-ac-version-suffix-read" not in first.stderr
    assert "airflowVersion: runtimeAirflowVersion" in path.read_text()


# -- work: linear in the number of fills and reads ---------------------------------------------------
def _fills_module(count):
    lines = ["import re, requests", f'URL = "{URL}"']
    for i in range(count):
        lines.append(f"D{i} = 'mutation {{ upsertDeployment(deploymentUuid: \"d{i}\", airflowVersion: \"2.3.4\") {{ id }} }}'")
        lines.append(f"Q{i} = 'query Q{i} {{ deployments {{ id airflowVersion }} }}'")
        lines.append(f"def f{i}(v, old):")
        lines.append(f"    requests.post(URL, json={{'query': re.sub(r'airflowVersion', v, D{i})}})")
        lines.append(f"    requests.post(URL, json={{'query': D{i}.replace(old[{i}], v)}})")
        lines.append(f"    d = requests.post(URL, json={{'query': Q{i}}}).json()['data']['deployments'][0]")
        lines.append(f"    return d['airflowVersion'].split('-'), '-' in d['airflowVersion']")
    return ("\n".join(lines) + "\n").encode()


def test_fills_and_suffix_reads_cost_linear_work(options):
    """N, 2N, 3N documents each filled by re.sub and an unreadable .replace, each read with split('-'):
    the lines run in placeholders.py and runtime_read_fields.py lie on a line (work, not time)."""
    from pathlib import Path

    from codemods.rules import runtime_read_fields
    from codemods.sources import placeholders

    counted = {placeholders.__file__, runtime_read_fields.__file__}

    def fill_reviews(data):
        def check(result):
            assert sum(f.code == "review-template-fill" for f in result.findings) == data.count(b"re.sub")

        return check

    def lines_run(data):
        return count_lines("many.py", data, options, counted, check=fill_reviews(data))

    assert Path(placeholders.__file__).exists()
    lines_run(_fills_module(2))
    counts = [lines_run(_fills_module(n)) for n in (20, 40, 60)]
    assert counts[1] > 1.5 * counts[0]
    assert abs(counts[2] - 2 * counts[1] + counts[0]) <= counts[0] // 50, counts  # 0 measured (1,600 before reads were popped)


def test_a_re_sub_of_spacing_only_reformats(tmp_path):
    """re.sub(r"\\s+", " ", DOC) compacts the query: no hole, the document is rewritten as usual."""
    (tmp_path / "compact.py").write_text(
        HEAD
        + f"DOC = '{DOC}'\n"
        + "def f():\n"
        + "    return requests.post(URL, json={\"query\": re.sub(r\"\\s+\", \" \", DOC)})\n"
    )
    first = run_cli("rewrite", "--no-cache", "-j", "1", tmp_path)
    assert first.returncode in (0, 1), first.stderr
    assert not codes_by_module(first.stderr).get("compact"), first.stderr
    assert 'runtimeVersion: "5.5.0"' in (tmp_path / "compact.py").read_text()
