"""Red team 12 (issue 13) F6, F7 and the rest of red team 11 F3: AC-format reads closed by task P2.

Each case runs the installed console script (``houston-codemod``, through
``trust_cli.run_cli``) on files written to a temporary directory and asserts the
review codes at the lines the reports name (recall), their absence where the value
is no Houston response or no AC text (precision), and, for F6, that ``check`` after
``rewrite`` still gives the same reviews at the same places.
"""

import ast
import re
import textwrap

from codemods.rules import ac_format_reads
from trust_cli import run_cli

HEAD = textwrap.dedent(
    """\
    import json, operator, os, requests
    URL = "https://houston.example.com/v1"

    def houston(q, v=None):
        r = requests.post(URL, json={"query": q, "variables": v or {}},
                          headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
        return r.json()["data"]

    Q = '''
    query Deps($ws: Uuid!) {
      workspaceDeployments(workspaceUuid: $ws) { id releaseName airflowVersion desiredAirflowVersion }
    }
    '''
    """
)  # 13 lines: a case's first line is line 14
REVIEWS = re.compile(r"^(\S+?):(\d+):\d+: warning (review-ac-[a-z-]+)(.*)$", re.M)


def _run(tmp_path, *args):
    result = run_cli(*args, "--no-cache", "-j1", ".", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "internal error" not in result.stderr + result.stdout
    return result


def _reviews(result):
    found = {}
    for m in REVIEWS.finditer(result.stdout + result.stderr):
        found.setdefault((m.group(1), int(m.group(2)), m.group(3)), []).append(m.group(4))
    return found


def _check(tmp_path, body, name="dep.py"):
    (tmp_path / name).write_text(HEAD + textwrap.dedent(body))
    return _reviews(_run(tmp_path, "check"))


def _lines(found, code, name="dep.py"):
    return sorted(line for (file, line, c), messages in found.items() if file == name and c == code for _ in messages)


IMAGES = """\
def a(ws):
    for d in houston(Q, {"ws": ws})["workspaceDeployments"]:
        open("Dockerfile", "w").write(f"FROM quay.io/astronomer/ap-airflow:{d['desiredAirflowVersion']}-onbuild\\n")

def b(ws):
    for d in houston(Q, {"ws": ws})["workspaceDeployments"]:
        print("quay.io/astronomer/ap-airflow:" + d["airflowVersion"] + "-onbuild")

REPO = "astronomerinc/ap-airflow:"

def c(ws):
    for d in houston(Q, {"ws": ws})["workspaceDeployments"]:
        v = d["airflowVersion"]
        print(REPO + v)
        print("quay.io/astronomer/ap-airflow:{}-onbuild".format(v))
        print("quay.io/astronomer/ap-airflow:%s" % (v,))

def quiet(ws, tag):
    for d in houston(Q, {"ws": ws})["workspaceDeployments"]:
        print(f"{d['airflowVersion']} on {d['releaseName']}")
        print(f"quay.io/astronomer/astro-runtime:{d['releaseName']}")
        print(f"quay.io/astronomer/ap-airflow:{tag}")
    conf = json.load(open("pins.json"))
    print(f"quay.io/astronomer/ap-airflow:{conf['airflowVersion']}")
"""


def test_f6_a_read_written_into_an_ac_image_reference_is_reviewed(tmp_path):
    found = _check(tmp_path, IMAGES)
    assert _lines(found, "review-ac-image-from-read") == [16, 20, 27, 28, 29]
    (message,) = found[("dep.py", 16, "review-ac-image-from-read")]
    assert "'desiredAirflowVersion'" in message and "ap-airflow:5.5.0" in message
    assert "'airflowVersion'" in found[("dep.py", 20, "review-ac-image-from-read")][0]


def test_f6_the_review_survives_the_rewrite(tmp_path):
    (tmp_path / "dep.py").write_text(HEAD + IMAGES)
    before = {k: v for k, v in _reviews(_run(tmp_path, "check")).items() if k[2] == "review-ac-image-from-read"}
    _run(tmp_path, "rewrite")
    text = (tmp_path / "dep.py").read_text()
    assert "desiredAirflowVersion: desiredRuntimeVersion" in text and "airflowVersion: runtimeAirflowVersion" in text
    for version in ("1.0.1", "1.0.0"):
        after = _reviews(_run(tmp_path, "check", "--houston-version", version))
        assert {k for k in after if k[2] == "review-ac-image-from-read"} == set(before)
    assert (tmp_path / "dep.py").read_text() == text  # check wrote nothing


def test_f7_a_dict_keyed_by_reads_looked_up_with_an_ac_literal(tmp_path):
    found = _check(tmp_path, """\
        EOL = {"2.3.4-11": "2023-01-01"}

        def a(ws):
            deps = houston(Q, {"ws": ws})["workspaceDeployments"]
            by_version = {d["airflowVersion"]: d["releaseName"] for d in deps}
            return by_version.get("2.3.4-11"), by_version["2.4.3-6"]

        def b(ws):
            for d in houston(Q, {"ws": ws})["workspaceDeployments"]:
                if d["airflowVersion"] in EOL.keys():
                    print(1)
                if operator.eq(d["airflowVersion"], "2.3.4-11") or operator.ne("2.3.4-11", d["desiredAirflowVersion"]):
                    print(2)
                if d["airflowVersion"] != f"2.3.4-{11}" or d["airflowVersion"] == "2.3.4-11".strip():
                    print(3)

        def quiet(ws):
            deps = houston(Q, {"ws": ws})["workspaceDeployments"]
            by_name = {d["releaseName"]: d for d in deps}
            mine = {d["airflowVersion"]: d for d in json.load(open("deps.json"))}
            return by_name.get("2.3.4-11"), mine.get("2.3.4-11"), operator.eq(d["airflowVersion"], "2.3.4")
        """)
    assert _lines(found, "review-ac-version-comparison") == [19, 19, 23, 25, 25, 27, 27]
    messages = found[("dep.py", 19, "review-ac-version-comparison")]
    assert all("'2.3.4-11'" in m or "'2.4.3-6'" in m for m in messages)
    assert any("desiredAirflowVersion" in m for m in found[("dep.py", 25, "review-ac-version-comparison")])


def test_f3_collections_of_reads_constants_self_and_items(tmp_path):
    found = _check(tmp_path, """\
        PINS = {"etl": "2.3.4-11", "web": "5.5.0"}

        def a(ws):
            deps = houston(Q, {"ws": ws})["workspaceDeployments"]
            if "2.3.4-11" in {d["airflowVersion"] for d in deps}:
                print(1)
            vs = [d["airflowVersion"] for d in deps]
            if "2.3.4-11" not in vs:
                print(2)
            return list(map(lambda d: d["airflowVersion"], deps)).count("2.3.4-11")

        def b(ws):
            for d in houston(Q, {"ws": ws})["workspaceDeployments"]:
                if d["airflowVersion"] != PINS["etl"]:
                    print(3)
                if d["airflowVersion"] != PINS["web"]:
                    print("quiet: no AC version")
                for k, val in d.items():
                    if k == "airflowVersion" and val == "2.3.4-11":
                        print(4)

        class Dep:
            def __init__(self, d):
                self.version = d["airflowVersion"]
                self.name = d["releaseName"]

            def hotfix(self):
                return self.version.split("-")[1]

            def quiet(self):
                return self.name.split("-")[0], "2.3.4-11" in {x["releaseName"] for x in []}

        class Local:
            def __init__(self, d):
                v = d["airflowVersion"]
                self.v = v

            def hot(self):
                return self.v.endswith("-11")
        """)
    assert _lines(found, "review-ac-version-comparison") == [18, 21, 23, 27, 32]
    assert _lines(found, "review-ac-version-suffix-read") == [11, 41, 52]  # the field (line 11) and self.version


def test_f3_helper_return_and_its_place(tmp_path):
    """The report's F34 line (``if ver(d) == "2.3.4-11"``): reviewed since 65513d4, kept here at its line."""
    found = _check(tmp_path, """\
        def ver(d):
            return d["airflowVersion"]

        def run(ws):
            for d in houston(Q, {"ws": ws})["workspaceDeployments"]:
                if ver(d) == "2.3.4-11":
                    print("pinned")
        """)
    assert _lines(found, "review-ac-version-comparison") == [19]


def test_dict_constant_entries_are_indexed_once():
    """PINS["k"] lookups: the dict's entries are read once, however many lookups (linear)."""
    calls = []

    def work(n):
        entries = ", ".join(f'"k{i}": "2.3.{i}-1"' for i in range(n))
        lookups = "\n".join(f'    if d["airflowVersion"] == PINS["k{i}"]: pass' for i in range(n))
        module = ast.parse(f"PINS = {{{entries}}}\ndef f(d):\n{lookups}\n")
        original = ac_format_reads._string
        count = [0]

        def counting(node):
            count[0] += 1
            return original(node)

        ac_format_reads._string = counting
        try:
            reads = ac_format_reads.index(module)
        finally:
            ac_format_reads._string = original
        assert len(reads["airflowVersion"]) == n
        calls.append(count[0])

    work(200)
    work(800)
    assert calls[1] <= 4.5 * calls[0]


def test_a_collection_of_reads_is_judged_once_per_name():
    """by = {<s-term read>: d for d in deps} looked up s times: work grows with s, not s * s."""
    calls = []

    def work(s):
        key = " or ".join(f'd["k{i}"]' for i in range(s))
        lookups = "\n".join('    by.get("2.3.4-11")' for _ in range(s))
        module = ast.parse(f"def f(deps):\n    by = {{{key}: d for d in deps}}\n{lookups}\n")
        original = ac_format_reads.read_key
        count = [0]

        def counting(node):
            count[0] += 1
            return original(node)

        ac_format_reads.read_key = counting
        try:
            reads = ac_format_reads.index(module)
        finally:
            ac_format_reads.read_key = original
        # the lookups (the "or" also tests d["k0"] for truth: red team 20, report 11b, F10)
        assert len([r for r in reads["k0"] if r.reason == ac_format_reads.COMPARED]) == s
        calls.append(count[0])

    work(50)
    work(200)
    assert calls[1] <= 4.5 * calls[0]


def test_f6_a_graphql_file_whose_reader_writes_an_ac_image(tmp_path):
    (tmp_path / "deps.graphql").write_text(
        "query Deps($ws: Uuid!) {\n  workspaceDeployments(workspaceUuid: $ws) { id desiredAirflowVersion }\n}\n"
    )
    (tmp_path / "run.py").write_text(textwrap.dedent("""\
        import requests
        URL = "https://houston.example.com/v1"
        Q = open("deps.graphql").read()

        def main(ws):
            for d in requests.post(URL, json={"query": Q, "variables": {"ws": ws}}).json()["data"]["workspaceDeployments"]:
                print(f"quay.io/astronomer/ap-airflow:{d['desiredAirflowVersion']}-onbuild")
        """))
    before = _reviews(_run(tmp_path, "check"))
    assert [m for k, ms in before.items() if k[:3] == ("deps.graphql", 2, "review-ac-image-from-read") for m in ms]
    assert "run.py line 7" in before[("deps.graphql", 2, "review-ac-image-from-read")][0]
    _run(tmp_path, "rewrite")
    assert "desiredAirflowVersion: desiredRuntimeVersion" in (tmp_path / "deps.graphql").read_text()
    after = _reviews(_run(tmp_path, "check", "--houston-version", "1.0.1"))
    assert after[("deps.graphql", 2, "review-ac-image-from-read")] == before[("deps.graphql", 2, "review-ac-image-from-read")]
