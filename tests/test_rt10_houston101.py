"""Red team 10 (issue 13, Houston 1.0.1): known-open items closed by task C.

Each case runs the installed console script (``houston-codemod``, through
``trust_cli.run_cli``) on files written to a temporary directory, as a user would:

* the reason an argument's AC version is not mapped names the table's true range and
  is true for a version above it (``2.5.0`` is not "upgrade to 2.2.0 to 2.4.3");
* a cached re-run after only ``.env`` (compose) or the GitLab ``variables:`` changed
  gives the new result, never the stale one;
"""

import json
import textwrap

import pytest

from trust_cli import run_cli

HEAD = textwrap.dedent(
    """\
    import os, requests
    URL = os.environ["HOUSTON_URL"]

    def houston(q, v=None):
        return requests.post(URL, json={"query": q, "variables": v}).json()["data"]
    """
)


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _check(tmp_path, *extra, cache=False):
    args = ("check", "--format", "json", *extra, ".") if cache else ("check", "--no-cache", "--format", "json", *extra, ".")
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def _codes(report, path=None):
    return [(f["path"], f["line"], f["code"]) for f in report["findings"] if path is None or f["path"] == path]


# -- the reason for an argument the table cannot map ------------------------------------------------
CREATE = 'Q = """mutation {{ createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "{v}") {{ id }} }}"""\nhouston(Q)\n'


@pytest.mark.parametrize("version, below", [("2.5.0", False), ("2.3.9", False), ("2.1.4", True)])
def test_no_equivalent_argument_reason_is_true_for_the_version(tmp_path, version, below):
    _write(tmp_path, "s.py", HEAD + CREATE.format(v=version))
    (message,) = [f["message"] for f in _check(tmp_path)["findings"] if f["code"] == "review-no-runtime-equivalent"]
    from codemods.versions import VersionTable, numeric_version

    known = sorted(VersionTable.bundled().equivalent, key=numeric_version)
    assert f"({known[0]} to {known[-1]})" in message  # the table's range, not a fixed text
    if below:
        assert "upgrade the deployment" in message
    else:  # upgrading "to one in range" would be a downgrade: never said
        assert "upgrade" not in message and f"not {version}" in message


# -- the cache never serves a result that a changed .env / CI file would change ----------------------
def _cached_check(tmp_path, target):
    """``check`` with the cache on (its own directory under tmp_path), as a user runs it twice."""
    env = {"HOUSTON_CODEMOD_CACHE_DIR": str(tmp_path / "cache"), "HOUSTON_CODEMOD_CACHE_STATS": "1",
           "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    result = run_cli("check", "--houston-version", "1.0.1", "--format", "json", target, cwd=tmp_path, env=env)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    assert "houston-codemod: cache:" in result.stderr  # the cache is on for this run
    return json.loads(result.stdout)


def test_changed_env_file_changes_a_compose_result_on_a_cached_rerun(tmp_path):
    _write(tmp_path, "docker-compose.yml", "services:\n  web:\n    image: ${IMG}\n  w2:\n    image: quay.io/astronomer/ap-airflow:${TAG}\n")
    _write(tmp_path, ".env", "IMG=quay.io/astronomer/ap-airflow:2.3.4-onbuild\nTAG=2.3.4\n")
    first = _cached_check(tmp_path, ".")
    assert [(p, line) for p, line, code in _codes(first) if code == "review-ac-image"] == [
        ("docker-compose.yml", 3), ("docker-compose.yml", 5)]
    _write(tmp_path, ".env", "IMG=quay.io/astronomer/astro-runtime:5.5.0\nTAG=2.3.4\n")  # only .env changes
    second = _cached_check(tmp_path, ".")
    assert [(p, line) for p, line, code in _codes(second) if code == "review-ac-image"] == [("docker-compose.yml", 5)]
    _write(tmp_path, ".env", "IMG=quay.io/astronomer/astro-runtime:5.5.0\nTAG=2.4.3\n")
    (message,) = [f["message"] for f in _cached_check(tmp_path, ".")["findings"] if f["code"] == "review-ac-image"]
    assert "TAG=2.4.3 in .env" in message and "astro-runtime:6.10.0" in message


def test_changed_gitlab_variables_change_the_result_on_a_cached_rerun(tmp_path):
    ci = "variables:\n  TAG: \"{tag}\"\nbuild:\n  image: quay.io/astronomer/ap-airflow:${{TAG}}\n  script: [make]\n"
    _write(tmp_path, ".gitlab-ci.yml", ci.format(tag="2.3.4"))
    first = [f["message"] for f in _cached_check(tmp_path, ".")["findings"] if f["line"] == 4]
    assert first and "5.5.0" in first[0]
    _write(tmp_path, ".gitlab-ci.yml", ci.format(tag="2.4.3"))
    second = [f["message"] for f in _cached_check(tmp_path, ".")["findings"] if f["line"] == 4]
    assert second and "6.10.0" in second[0] and "5.5.0" not in second[0]


# -- AC-format reads of airflowVersion in the shapes red team 9 F5 found unflagged --------------------
DOC = 'Q = """\nquery D { deployments { id airflowVersion } }\n"""\n'
READS = {
    "namespace.py": (
        "import json\nfrom types import SimpleNamespace\n" + DOC
        + "def get():\n"
        "    data = json.loads(requests.post(URL, json={'query': Q}).text, object_hook=lambda o: SimpleNamespace(**o))\n"
        "    return [d.airflowVersion.split('-')[1] for d in data.data.deployments]  # READ\n"
    ),
    "model.py": (
        "from pydantic import BaseModel\nclass Deployment(BaseModel):\n    id: str\n    airflowVersion: str\n" + DOC
        + "def get():\n"
        "    deps = [Deployment(**d) for d in houston(Q)['deployments']]\n"
        "    return [m.airflowVersion.split('-') for m in deps]  # READ\n"
    ),
    "frame.py": (
        "import pandas as pd\n" + DOC
        + "def get():\n"
        "    df = pd.DataFrame(houston(Q)['deployments'])\n"
        "    return df['airflowVersion'].str.split('-').str[1]  # READ\n"
    ),
    "unbound.py": DOC + "def get():\n    return [str.split(d['airflowVersion'], '-') for d in houston(Q)['deployments']]  # READ\n",
    "slice.py": (
        DOC + "def get():\n    for d in houston(Q)['deployments']:\n"
        "        if d['airflowVersion'][-3:] == '-11':  # READ\n            return d\n"
    ),
    "index_slice.py": (
        DOC + "def get():\n    v = houston(Q)['deployments'][0]['airflowVersion']\n"
        "    return v[v.index('-') + 1:]  # READ\n"
    ),
    "getter.py": (
        "from operator import itemgetter\n" + DOC
        + "def get():\n    vs = map(itemgetter('airflowVersion'), houston(Q)['deployments'])\n"
        "    return [v.split('-')[1] for v in vs]  # READ\n"
    ),
}


@pytest.mark.parametrize("name", sorted(READS))
def test_suffix_reads_in_more_shapes_are_reviewed(tmp_path, name):
    text = HEAD + READS[name]
    _write(tmp_path, name, text)
    marked = [n for n, line in enumerate(text.splitlines(), 1) if line.endswith("# READ")]
    document = [n for n, line in enumerate(text.splitlines(), 1) if "deployments {" in line]
    lines = [line for p, line, code in _codes(_check(tmp_path)) if code == "review-ac-version-suffix-read" and line not in document]
    assert lines == marked


QUIET = {  # the same shapes on values the rewrite does not change: no review
    "releases_namespace.py": (
        "from types import SimpleNamespace\n" + DOC + 'R = """\nquery R { runtimeReleases { version airflowVersion } }\n"""\n'
        + "def get():\n    print([d['airflowVersion'] for d in houston(Q)['deployments']])\n"
        "    rels = [SimpleNamespace(**r) for r in houston(R)['runtimeReleases']]\n"
        "    return [r.airflowVersion.split('-') for r in rels]\n"
    ),
    "config_attr.py": (
        "import yaml\nfrom types import SimpleNamespace\n" + DOC
        + "def get():\n    print([d['airflowVersion'] for d in houston(Q)['deployments']])\n"
        "    cfg = SimpleNamespace(**yaml.safe_load(open('values.yaml')))\n"
        "    return cfg.airflowVersion.split('-'), cfg.airflowVersion[-3:]\n"
    ),
    "cli_args.py": (
        "import argparse\n" + DOC
        + "def get(parser):\n    print([d['airflowVersion'] for d in houston(Q)['deployments']])\n"
        "    args = parser.parse_args()\n    return args.airflowVersion.split('-')\n"
    ),
    "releases_getter.py": (
        "from operator import itemgetter\n" + DOC + 'R = """\nquery R { runtimeReleases { version airflowVersion } }\n"""\n'
        + "def get():\n    print([d['airflowVersion'] for d in houston(Q)['deployments']])\n"
        "    return [v.split('-') for v in map(itemgetter('airflowVersion'), houston(R)['runtimeReleases'])]\n"
    ),
}


@pytest.mark.parametrize("name", sorted(QUIET))
def test_suffix_shapes_on_other_values_are_not_reviewed(tmp_path, name):
    _write(tmp_path, name, HEAD + QUIET[name])
    codes = [code for p, line, code in _codes(_check(tmp_path))]
    assert "migrate-read-field" in codes  # the Deployment read is migrated...
    assert not [c for c in codes if c in ("review-ac-version-suffix-read", "review-ac-version-comparison")]


# -- a Python document spreading a fragment a .graphql file of the run defines -------------------------
FRAGMENT = "fragment DepFields on Deployment {{\n  id\n  {field}\n}}\n"
SPREADER = HEAD + textwrap.dedent(
    '''\
    Q = """
    query D { deployments { label ...DepFields } }
    """
    BAD = """
    query E { deployments { label ...DepFields nope } }
    """
    houston(Q)
    houston(BAD)
    '''
)


def test_python_document_gets_the_graphql_fragment_text(tmp_path):
    _write(tmp_path, "q/frag.graphql", FRAGMENT.format(field="label"))
    _write(tmp_path, "s.py", SPREADER)
    found = _codes(_check(tmp_path, "--houston-version", "1.0.1"), "s.py")
    assert not [c for c in found if c[2] == "known-fragment-names"]  # the fragment is known now
    assert ("s.py", 10, "fields-on-correct-type") in found  # and the document is still validated
    alone = tmp_path / "alone"  # without the .graphql file in the run: unknown, as before
    _write(alone, "s.py", SPREADER)
    assert [c for c in _codes(_check(alone, "--houston-version", "1.0.1")) if c[2] == "known-fragment-names"]


def test_fragment_needing_migration_is_reviewed_not_edited_from_python(tmp_path):
    frag = FRAGMENT.format(field="airflowVersion")
    _write(tmp_path, "q/frag.graphql", frag)
    _write(tmp_path, "q/op.graphql", "query Other { deployments { ...DepFields } }\n")
    _write(tmp_path, "s.py", SPREADER)
    found = _codes(_check(tmp_path, "--houston-version", "1.0.1"), "s.py")
    assert ("s.py", 7, "review-shared-fragment") in found and ("s.py", 10, "review-shared-fragment") in found
    assert not [c for c in found if c[2] in ("known-fragment-names", "migrate-read-field")]
    result = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert (tmp_path / "q/frag.graphql").read_text() == frag
    assert (tmp_path / "s.py").read_text() == SPREADER


def _shapes_module(count):
    lines = ["import requests", "from types import SimpleNamespace", "from operator import itemgetter",
             'URL = "https://houston.example.com/v1"']
    for i in range(count):
        lines += [
            f"Q{i} = 'query Q{i} {{ deployments {{ id airflowVersion }} }}'",
            f"def f{i}():",
            f"    deps = requests.post(URL, json={{'query': Q{i}}}).json()['data']['deployments']",
            "    objs = [SimpleNamespace(**d) for d in deps]",
            "    for d in objs:",  # d bound twice in the function: both origins followed
            "        d = d",
            "        yield d.airflowVersion.split('-'), d.airflowVersion[-3:]",
            "    yield [str.split(v, '-') for v in map(itemgetter('airflowVersion'), deps)]",
        ]
    return ("\n".join(lines) + "\n").encode()


def test_new_read_shapes_cost_linear_work(options):
    """N, 2N, 3N functions of the new shapes (attributes through re-bound names, slices, mapped
    itemgetter, unbound str.split): the lines run in the read index and the rule grow linearly
    (work, not time), and every read is reviewed once."""
    from work_count import lines_run as count_lines

    from codemods.rules import ac_format_reads, runtime_read_fields

    counted = {ac_format_reads.__file__, runtime_read_fields.__file__}

    def lines_run(data):
        def check(result):
            codes = [f.code for f in result.findings]
            assert codes.count("review-ac-version-suffix-read") == 3 * data.count(b"def f") + 1  # + the first field

        return count_lines("many.py", data, options, counted, check=check)

    lines_run(_shapes_module(2))
    counts = [lines_run(_shapes_module(n)) for n in (20, 40, 60)]
    assert counts[1] > 1.5 * counts[0]
    assert abs(counts[2] - 2 * counts[1] + counts[0]) <= counts[0] // 50, counts
