"""Red team 9/10 trust items, through the installed ``houston-codemod`` console script.

RT9-11 F6: a GitLab ``default:`` / top-level ``image:`` with ``$REG`` is expanded
by GitLab with the variables of each job that inherits it, and ``rules: - if:
... variables:`` (of a job or of ``workflow:``) may set REG too: when any of
those gives a mirror, the image is reviewed like a job's own image with a
mirror, never edited.
Review mend: the ``<<`` merge walk is one function (``yaml_aliases.merged_entries``),
linear in the merged mappings by a counted measure.
An importer that sends an imported document directly (``json={"query": CREATE,
"variables": {...}}``): reviewed on both sides, never edited on one side.
"""

import os
import shutil
import subprocess
import sys

import pytest

from work_count import traced_lines, under

CLI = os.path.join(os.path.dirname(sys.executable), "houston-codemod")
if not os.path.exists(CLI):
    CLI = shutil.which("houston-codemod")


def cli(*args, cwd=None):
    env = dict(os.environ, HOUSTON_CODEMOD_NO_CACHE="1")
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


MIRROR_REVIEW = "set to 'mirror.example.com' in variables: of"

GITLAB_CASES = {
    "default-image-job-override": (
        "variables:\n  REG: quay.io\ndefault:\n  image: $REG/astronomer/ap-airflow:2.3.4\n"
        "build:\n  variables:\n    REG: mirror.example.com\n  script: [echo]\n"
    ),
    "top-level-image-job-override": (
        "variables:\n  REG: quay.io\nimage: $REG/astronomer/ap-airflow:2.3.4\n"
        "build:\n  variables:\n    REG: mirror.example.com\n  script: [echo]\n"
    ),
    "default-image-extended-override": (
        "variables:\n  REG: quay.io\ndefault:\n  image: ${REG}/astronomer/ap-airflow:2.3.4\n"
        ".m:\n  variables:\n    REG: mirror.example.com\n"
        "build:\n  extends: .m\n  script: [echo]\n"
    ),
    "job-rules-variables": (
        "variables:\n  REG: quay.io\nbuild:\n  image: $REG/astronomer/ap-airflow:2.3.4\n"
        "  rules:\n    - if: $CI\n      variables:\n        REG: mirror.example.com\n  script: [echo]\n"
    ),
    "workflow-rules-variables": (
        "variables:\n  REG: quay.io\nworkflow:\n  rules:\n    - if: $CI_COMMIT_BRANCH == \"main\"\n"
        "      variables:\n        REG: mirror.example.com\n"
        "build:\n  image: $REG/astronomer/ap-airflow:2.3.4\n  script: [echo]\n"
    ),
    "default-image-job-rules": (
        "variables:\n  REG: quay.io\ndefault:\n  image: $REG/astronomer/ap-airflow:2.3.4\n"
        "test:\n  script: [echo]\n"
        "build:\n  rules:\n    - if: $CI\n      variables:\n        REG: mirror.example.com\n  script: [echo]\n"
    ),
    "default-image-workflow-rules": (
        "variables:\n  REG: quay.io\nworkflow:\n  rules:\n    - if: $X\n      variables:\n        REG: mirror.example.com\n"
        "default:\n  image: $REG/astronomer/ap-airflow:2.3.4\nbuild:\n  script: [echo]\n"
    ),
    "default-services-job-override": (
        "variables:\n  REG: quay.io\ndefault:\n  services:\n    - name: $REG/astronomer/ap-airflow:2.3.4\n"
        "build:\n  variables:\n    REG: mirror.example.com\n  script: [echo]\n"
    ),
}


@pytest.mark.parametrize("case", sorted(GITLAB_CASES))
def test_gitlab_image_another_value_can_reach_is_reviewed_not_edited(tmp_path, case):
    ci = tmp_path / ".gitlab-ci.yml"
    ci.write_text(GITLAB_CASES[case])
    before = ci.read_bytes()
    diff = cli("rewrite", "--diff", ".", cwd=tmp_path)
    assert diff.returncode == 0, diff.stdout + diff.stderr
    assert diff.stdout == ""  # no diff: nothing would be edited
    assert "review-ac-image" in diff.stderr and MIRROR_REVIEW in diff.stderr, diff.stderr
    assert "mirror registry?" in diff.stderr and "astro-runtime:5.5.0-base" in diff.stderr
    done = cli("rewrite", ".", cwd=tmp_path)
    assert done.returncode in (0, 1) and ci.read_bytes() == before


def test_inherited_default_names_the_inheriting_job(tmp_path):
    (tmp_path / ".gitlab-ci.yml").write_text(GITLAB_CASES["default-image-job-override"])
    out = cli("rewrite", "--diff", ".", cwd=tmp_path).stderr
    assert "variables: of job build, which inherits this image" in out


EDITED_CASES = {
    # every job that inherits the default image sees quay.io: the edit stands
    "no-override": (
        "variables:\n  REG: quay.io\ndefault:\n  image: $REG/astronomer/ap-airflow:2.3.4\nbuild:\n  script: [echo]\n"
    ),
    # the job with the mirror has its own image: it does not inherit the default one
    "own-image": (
        "variables:\n  REG: quay.io\ndefault:\n  image: $REG/astronomer/ap-airflow:2.3.4\n"
        "build:\n  image: alpine:3\n  variables:\n    REG: mirror.example.com\n  script: [echo]\n"
        "test:\n  script: [echo]\n"
    ),
    # inherit: default: false / a list without image: the default image is not used there
    "inherit-false": (
        "variables:\n  REG: quay.io\ndefault:\n  image: $REG/astronomer/ap-airflow:2.3.4\n"
        "build:\n  inherit:\n    default: false\n  variables:\n    REG: mirror.example.com\n  script: [echo]\n"
        "test:\n  script: [echo]\n"
    ),
    "inherit-list": (
        "variables:\n  REG: quay.io\ndefault:\n  image: $REG/astronomer/ap-airflow:2.3.4\n"
        "build:\n  inherit:\n    default: [retry]\n  variables:\n    REG: mirror.example.com\n  script: [echo]\n"
        "test:\n  script: [echo]\n"
    ),
    # a hidden job never runs
    "hidden-job": (
        "variables:\n  REG: quay.io\ndefault:\n  image: $REG/astronomer/ap-airflow:2.3.4\n"
        ".tmpl:\n  variables:\n    REG: mirror.example.com\ntest:\n  script: [echo]\n"
    ),
    # a rule that sets quay.io too changes nothing
    "rule-same-value": (
        "variables:\n  REG: quay.io\nbuild:\n  image: $REG/astronomer/ap-airflow:2.3.4\n"
        "  rules:\n    - if: $CI\n      variables:\n        REG: quay.io\n  script: [echo]\n"
    ),
}


@pytest.mark.parametrize("case", sorted(EDITED_CASES))
def test_gitlab_image_every_job_agrees_is_still_edited(tmp_path, case):
    ci = tmp_path / ".gitlab-ci.yml"
    ci.write_text(EDITED_CASES[case])
    diff = cli("rewrite", "--diff", ".", cwd=tmp_path)
    assert diff.returncode == 1 and "+" in diff.stdout, diff.stdout + diff.stderr  # would change
    done = cli("rewrite", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "$REG/astronomer/astro-runtime:5.5.0-base" in ci.read_text()
    assert "review-ac-image" not in done.stdout + done.stderr


def _merge_chain(n):
    """A GitLab file whose job merges a chain of n anchored mappings, each merging the two before
    it (``<<: [*m{i-1}, *m{i-2}]``): exponentially many merge paths, n mappings."""
    lines = [".m0: &m0\n  k0: v\n", ".m1: &m1\n  k1: v\n"]
    for i in range(2, n):
        lines.append(f".m{i}: &m{i}\n  <<: [*m{i - 1}, *m{i - 2}]\n  k{i}: v\n")
    lines.append(
        "variables:\n  REG: quay.io\n"
        f"build:\n  <<: *m{n - 1}\n  variables:\n    REG: mirror.example.com\n"
        "  image: $REG/astronomer/ap-airflow:2.3.4\n  script: [echo]\n"
    )
    return "".join(lines)


def test_merged_entries_walks_each_merged_mapping_once():
    import yaml

    from codemods.rules.yaml_aliases import merged_entries

    root = yaml.compose(_merge_chain(40), Loader=yaml.SafeLoader)
    build = next(v for k, v in root.value if k.value == "build")
    names = [key.value for _owner, key, _value in merged_entries(build)]
    assert sorted(n for n in names if n.startswith("k")) == sorted(f"k{i}" for i in range(40))  # each once
    assert names[:3] == ["variables", "image", "script"]  # its own entries first
    assert names[3:6] == ["k39", "k38", "k37"]  # then YAML's merge precedence: *m38 (with what it merges) first


def test_merge_chain_costs_linear_work(options):
    """N, 2N, 3N merged mappings: lines executed in the YAML walks lie on a line (second difference near 0)."""
    from work_count import lines_run

    counted = frozenset(under("rules", name) for name in ("yaml_aliases.py", "image_variables.py", "compose_ci_images.py"))

    def check(result):  # the job's own mirror is seen through the merges: reviewed, not edited
        assert not result.changed and any("mirror.example.com" in f.as_text() for f in result.findings)

    counts = [lines_run(".gitlab-ci.yml", _merge_chain(n).encode(), options, counted, check) for n in (200, 400, 600)]
    assert counts[1] > 1.5 * counts[0]  # the work grows with the chain
    assert abs(counts[2] - 2 * counts[1] + counts[0]) <= counts[0] // 20, counts


def test_a_long_merge_chain_through_the_cli(tmp_path):
    (tmp_path / ".gitlab-ci.yml").write_text(_merge_chain(3000))
    out = cli("rewrite", "--diff", ".", cwd=tmp_path)
    assert out.returncode == 0 and out.stdout == "" and MIRROR_REVIEW in out.stderr, out.stderr[-500:]


DOCS = (
    'CREATE = """mutation C($ws: Uuid!, $airflowVersion: String) {\n'
    '  createDeployment(workspaceUuid: $ws, label: "l", type: "airflow", airflowVersion: $airflowVersion) { id }\n'
    '}"""\n'
)
SENDER = (
    "import requests\n{imports}\n\n"
    'HOUSTON_URL = "https://houston.example.com/v1"\n\n\n'
    "def create(ws):\n"
    '    return requests.post(HOUSTON_URL, json={{"query": {name}, "variables": {{"ws": ws, "airflowVersion": "2.3.4"}}}}).json()\n'
)


def _pair(tmp_path, imports, name):
    (tmp_path / "docs.py").write_text(DOCS)
    (tmp_path / "a.py").write_text(SENDER.format(imports=imports, name=name))
    return {p: p.read_bytes() for p in (tmp_path / "docs.py", tmp_path / "a.py")}


def test_an_importer_sending_an_imported_document_directly_is_reviewed_on_both_sides(tmp_path):
    before = _pair(tmp_path, "from docs import CREATE", "CREATE")
    diff = cli("rewrite", "--diff", ".", cwd=tmp_path)
    assert diff.returncode == 0 and diff.stdout == "", diff.stdout + diff.stderr
    reviews = [l for l in diff.stderr.splitlines() if "review-imported-constant" in l]
    assert any(l.startswith("a.py:8:") and "imported from docs.py" in l for l in reviews), diff.stderr
    assert any(l.startswith("docs.py:2:") and "imported by a.py (line 2)" in l for l in reviews), diff.stderr
    checked = cli("check", "--houston-version", "1.0.1", ".", cwd=tmp_path)  # found and checked on both sides
    assert checked.returncode == 1
    assert {l.split(":")[0] for l in checked.stdout.splitlines() if "known-argument-names" in l} == {"a.py", "docs.py"}
    assert cli("rewrite", ".", cwd=tmp_path).returncode == 0
    assert {p: p.read_bytes() for p in before} == before  # neither side edited


@pytest.mark.parametrize("imports, name", [("import docs", "docs.CREATE"), ("import docs as d", "d.CREATE")])
def test_a_module_import_read_as_an_attribute_keeps_the_definer_unedited(tmp_path, imports, name):
    """``import docs`` then ``docs.CREATE``: docs.py was edited alone (its $airflowVersion argument
    renamed while a.py still sends the key airflowVersion); now it is reviewed, nothing edited."""
    before = _pair(tmp_path, imports, name)
    diff = cli("rewrite", "--diff", ".", cwd=tmp_path)
    assert diff.stdout == "" and diff.returncode == 0, diff.stdout + diff.stderr
    assert any(l.startswith("docs.py:2:") and "review-imported-constant" in l and "imported by a.py (line 2)" in l
               for l in diff.stderr.splitlines()), diff.stderr
    assert cli("rewrite", ".", cwd=tmp_path).returncode == 0
    assert {p: p.read_bytes() for p in before} == before


def test_an_unrelated_module_import_does_not_hold_back_the_edit(tmp_path):
    """``import os`` / ``os.path``: not a module of the run; the module's own send still migrates."""
    (tmp_path / "solo.py").write_text(
        "import os\nimport requests\n\n"
        'HOUSTON_URL = os.environ.get("HOUSTON_URL", "https://houston.example.com/v1")\n\n\n'
        "def up():\n"
        "    return requests.post(HOUSTON_URL, json={\"query\": 'mutation { upsertDeployment(deploymentUuid: \"x\", "
        "airflowVersion: \"2.3.4\") { id } }'}).json()\n"
    )
    diff = cli("rewrite", "--diff", ".", cwd=tmp_path)
    assert diff.returncode == 1 and "+" in diff.stdout and "runtimeVersion" in diff.stdout, diff.stdout + diff.stderr
