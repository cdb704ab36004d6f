"""Red team 11 (issue 13, report 13, read side): F1, F2, F4, F9 (and what of F3 is done) closed by task P.

Each case runs the installed console script (``houston-codemod``, through
``trust_cli.run_cli``) on files written to a temporary directory and asserts the
review codes at the lines the report names (recall), or their absence (precision).
"""

import re
import textwrap

from trust_cli import run_cli

HEAD = textwrap.dedent(
    """\
    import os, requests
    URL = "https://houston.example.com/v1"

    def houston(q, v=None):
        r = requests.post(URL, json={"query": q, "variables": v or {}},
                          headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
        return r.json()["data"]
    """
)  # 7 lines
REVIEWS = re.compile(r"^(\S+?):(\d+):\d+: warning (review-ac-version-[a-z-]+)(.*)$", re.M)


def _check(tmp_path, files):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    result = run_cli("check", "--no-cache", "-j1", ".", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    found = {}
    for m in REVIEWS.finditer(result.stdout + result.stderr):
        found.setdefault((m.group(1), int(m.group(2)), m.group(3)), []).append(m.group(4))
    return found


ALIASED = textwrap.dedent(
    """\
    Q = '''
    query Deps($ws: Uuid!) {
      workspaceDeployments(workspaceUuid: $ws) {
        id
        ver: airflowVersion
        want: desiredAirflowVersion
        name: label
      }
    }
    '''
    """
)  # 10 lines: the script's reads start at line 18


def test_f1_aliased_desired_vs_actual_comparison_is_reviewed(tmp_path):
    found = _check(tmp_path, {"dep.py": HEAD + ALIASED + textwrap.dedent(
        """\
        def a(ws):
            for d in houston(Q, {"ws": ws})["workspaceDeployments"]:
                if d["ver"] != d["want"]:
                    print("pending")
                if d["ver"] == d["name"] or d["id"] != d["want"]:
                    print("not a version pair")
        """)})
    assert ("dep.py", 20, "review-ac-version-comparison") in found, found
    assert "'ver' with 'want'" in found[("dep.py", 20, "review-ac-version-comparison")][0]
    # the same keys compared with a key that is no version field: no review (precision)
    assert not any(line == 22 for (_f, line, _c) in found), found


def test_f1_one_side_aliased(tmp_path):
    query = ALIASED.replace("ver: airflowVersion", "airflowVersion")
    found = _check(tmp_path, {"dep.py": HEAD + query + textwrap.dedent(
        """\
        def a(ws):
            for d in houston(Q, {"ws": ws})["workspaceDeployments"]:
                if d["want"] == d["airflowVersion"]:
                    print("done")
        """)})
    assert ("dep.py", 20, "review-ac-version-comparison") in found, found


def test_f2_graphql_file_with_aliases_keeps_its_reviews(tmp_path):
    (tmp_path / "deps.graphql").write_text(textwrap.dedent(
        """\
        query Deps($ws: Uuid!) {
          workspaceDeployments(workspaceUuid: $ws) {
            id
            ver: airflowVersion
            want: desiredAirflowVersion
          }
        }
        """))
    found = _check(tmp_path, {"run.py": textwrap.dedent(
        """\
        import os, requests
        from pathlib import Path
        HOUSTON_URL = "https://houston.example.com/v1"
        def main(ws):
            q = Path(__file__).with_name("deps.graphql").read_text()
            r = requests.post(HOUSTON_URL, json={"query": q, "variables": {"ws": ws}},
                              headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
            for d in r.json()["data"]["workspaceDeployments"]:
                if d["ver"].split("-")[1] == "11":
                    print("hotfix 11")
                if d["ver"] != d["want"]:
                    print("pending")
                if d["id"] != d["ver"]:
                    print("not a version pair")
        """)})
    suffix = found.get(("deps.graphql", 4, "review-ac-version-suffix-read"))
    assert suffix and "run.py line 9" in suffix[0], found
    compared = found.get(("deps.graphql", 4, "review-ac-version-comparison"))
    assert compared and "run.py line 11" in compared[0] and "'want'" in compared[0], found
    assert "line 13" not in compared[0]  # id is no version field
    assert ("deps.graphql", 5, "review-ac-version-comparison") in found, found


PLAIN = textwrap.dedent(
    """\
    Q = 'query { workspaceDeployments(workspaceUuid: "w") { id airflowVersion } }'
    """
)  # 1 line: the script's reads start at line 9


def test_f4_hotfix_read_through_a_parsed_version_is_reviewed(tmp_path):
    found = _check(tmp_path, {"dep.py": HEAD + PLAIN + textwrap.dedent(
        """\
        import semver
        from packaging import version as pv
        from packaging.version import Version
        from semver import VersionInfo
        def a():
            for d in houston(Q)["workspaceDeployments"]:
                if Version(d["airflowVersion"]).post:
                    print("hotfix", Version(d["airflowVersion"]).post)
                if pv.parse(d["airflowVersion"]).is_postrelease:
                    print("A4")
                if semver.VersionInfo.parse(d["airflowVersion"]).prerelease:
                    print("A3")
                parsed = VersionInfo.parse(d["airflowVersion"])
                if parsed.prerelease:
                    print("A5")
                if Version(d["airflowVersion"]).major == 2 or Version(d["id"]).post:
                    print("not the hotfix, or no version field")
        """)})
    for line in (15, 16, 17, 19, 22):
        assert ("dep.py", line, "review-ac-version-suffix-read") in found, (line, found)
    assert not any(line == 24 for (_f, line, _c) in found), found


def test_f9_values_from_files_other_apis_and_the_environment_are_not_reviewed(tmp_path):
    found = _check(tmp_path, {"dep.py": HEAD + PLAIN + textwrap.dedent(
        """\
        import csv, json
        from pathlib import Path
        from urllib.request import urlopen
        FEED = "https://updates.astronomer.io/astronomer-certified"
        def from_json():
            cfg = json.load(open("deploy.json"))
            return cfg["airflowVersion"].split("-")[1]
        def from_json_text():
            cfg = json.loads(open("deploy.json").read())
            return cfg["airflowVersion"] == "2.3.4-11"
        def from_with():
            with open("deploy.json") as f:
                cfg = json.load(f)
            return cfg["airflowVersion"].endswith("-11"), json.loads(Path("x.json").read_text())["airflowVersion"] == "2.3.4-11"
        def from_other_api():
            meta = requests.get(FEED).json()
            return [r for r in meta["available_releases"] if r["airflowVersion"].split("-")[0] == "2.3.4"]
        def from_csv():
            for row in csv.DictReader(open("inventory.csv")):
                if row["airflowVersion"].endswith("-11"):
                    print(row)
        def from_env():
            cfg = {"airflowVersion": os.environ["AC_VERSION"], "id": os.getenv("ID")}
            return cfg["airflowVersion"].split("-")
        """)})
    assert found == {}, found


def test_f9_houston_responses_are_still_reviewed(tmp_path):
    found = _check(tmp_path, {"dep.py": HEAD + PLAIN + textwrap.dedent(
        """\
        import json
        from urllib.request import urlopen
        def direct():
            for d in houston(Q)["workspaceDeployments"]:
                if d["airflowVersion"].split("-")[1] == "11":
                    print("hotfix")
        def through_urlopen(req):
            data = json.load(urlopen(req))["data"]["workspaceDeployments"]
            return [d for d in data if d["airflowVersion"] == "2.3.4-11"]
        def through_get():
            deps = requests.get(URL, params={"query": Q}).json()["data"]["workspaceDeployments"]
            return [d["airflowVersion"].endswith("-11") for d in deps]
        def local_dict_of_a_read(d):
            cfg = {"airflowVersion": houston(Q)["workspaceDeployments"][0]["airflowVersion"]}
            return cfg["airflowVersion"].split("-")
        """)})
    assert ("dep.py", 13, "review-ac-version-suffix-read") in found, found
    assert ("dep.py", 17, "review-ac-version-comparison") in found, found
    assert ("dep.py", 20, "review-ac-version-suffix-read") in found, found
    assert ("dep.py", 23, "review-ac-version-suffix-read") in found, found


def test_f3_a_read_returned_by_a_helper_is_followed(tmp_path):
    found = _check(tmp_path, {"dep.py": HEAD + PLAIN + textwrap.dedent(
        """\
        def ver(d):
            return d["airflowVersion"]
        def ident(d):
            return d["id"]
        def run():
            for d in houston(Q)["workspaceDeployments"]:
                if ver(d) == "2.3.4-11":
                    print("pinned")
                if ver(d).split("-")[1] == "11" or ident(d) == "2.3.4-11":
                    print("hotfix")
        """)})
    assert ("dep.py", 15, "review-ac-version-comparison") in found, found
    assert ("dep.py", 17, "review-ac-version-suffix-read") in found, found
    assert ("dep.py", 17, "review-ac-version-comparison") not in found, found  # id is no version field
