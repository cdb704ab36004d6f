"""compose / CI YAML: an AC image is edited only where PyYAML confirms a one-line image value.

Red-team regression (through the installed ``houston-codemod``): text that looks
like ``image: <AC image>`` but is script or other scalar content (block scalars
in sequence items, tagged or anchored block scalars, folded items, multi-line
quoted and plain scalars, a flow sequence split over lines, a complex key) must
be reported for review and left byte for byte.  Controls: the documented forms
still migrate, byte-exactly.
"""

import json
import shutil
import subprocess

import pytest

EXE = shutil.which("houston-codemod")
pytestmark = pytest.mark.skipif(EXE is None, reason="houston-codemod is not installed")

AC = "quay.io/astronomer/ap-airflow:2.3.4"
RT = "quay.io/astronomer/astro-runtime:5.5.0-base"  # what AC 2.3.4 (not onbuild) maps to


def run(*args, cwd=None):
    return subprocess.run([EXE, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def _findings(path):
    result = run("check", "--format", "json", str(path))
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(result.stdout)
    return [f for f in data["findings"]] if isinstance(data, dict) else data


NOT_VALUES = {
    "sequence item block scalar": f"job:\n  script:\n    - |\n      image: {AC}\n",
    "tagged block scalar": f"x: !!str |\n  image: {AC}\n",
    "anchored block scalar": f"x: &anc |-\n  image: {AC}\n",
    "folded sequence item": f"x:\n  - >\n    image: {AC}\n",
    "multi-line double-quoted": f'x: "first\n  image: {AC}\n  last"\n',
    "multi-line single-quoted": f"x: 'first\n  image: {AC}\n  last'\n",
    # valid YAML (a plain scalar holds no ": "); the invalid spelling is bad input (red team 15, F7)
    "multi-line plain": f"x: first\n  image:{AC}\n  last\n",
    "flow sequence over lines": f"x: [a,\n  image: {AC}]\n",
    "complex key": f"? |\n  image: {AC}\n: value\n",
}


@pytest.mark.parametrize("name", sorted(NOT_VALUES))
@pytest.mark.parametrize("filename", ["docker-compose.yml", ".gitlab-ci.yml"])
def test_image_text_that_is_not_an_image_value_is_reviewed_not_rewritten(tmp_path, name, filename):
    text = NOT_VALUES[name]
    (tmp_path / filename).write_text(text)
    result = run("rewrite", str(tmp_path))
    assert (tmp_path / filename).read_text() == text, result.stdout
    assert result.returncode != 2, result.stderr
    assert "Traceback" not in result.stderr
    checked = run("check", str(tmp_path))
    assert checked.returncode == 0, checked.stdout + checked.stderr  # a review is a warning, not an error
    assert "review-ac-image" in checked.stdout and "migrate it by hand" in checked.stdout
    assert "migrate-ac-image" not in checked.stdout


def test_workflow_script_item_is_reviewed_not_rewritten(tmp_path):
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    text = f"jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          image: {AC}\n"
    (workflows / "ci.yml").write_text(text)
    result = run("rewrite", str(tmp_path))
    assert result.returncode != 2, result.stderr
    assert (workflows / "ci.yml").read_text() == text


def test_unparsable_yaml_is_not_edited_and_says_why(tmp_path):
    # red team 15 (report 13), F7: bad input by the exit-code contract (one line naming the file and
    # the cause, exit 2), no longer a review at exit 0; a broken file without an AC image is not the
    # tool's business (control below)
    text = f"services:\n  web:\n    image: {AC}\n  db: [unclosed\n"
    (tmp_path / "docker-compose.yml").write_text(text)
    result = run("rewrite", str(tmp_path))
    assert "Traceback" not in result.stderr
    assert result.returncode == 2, result.stdout + result.stderr
    assert (tmp_path / "docker-compose.yml").read_text() == text
    line = [l for l in result.stderr.splitlines() if "docker-compose.yml" in l]
    assert len(line) == 1 and "cannot parse YAML: line 5" in line[0], result.stderr
    (tmp_path / "docker-compose.yml").write_text("services:\n  web:\n    image: python:3.11\n  db: [unclosed\n")
    assert run("check", str(tmp_path)).returncode == 0


CONTROLS = [
    ("docker-compose.yml", "services:\n  web:\n    image: {i}\n"),
    ("docker-compose.yml", 'services:\n  web:\n    image: "{i}"  # pinned\n'),
    ("docker-compose.yml", "services:\n  web:\n    image: '{i}'\n"),
    ("docker-compose.yml", "x-base: &base\n  image: {i}\nservices:\n  web:\n    <<: *base\n"),
    ("docker-compose.yml", "services:\n  web:\n    image: &img {i} # comment\n  db:\n    image: *img\n"),
    ("docker-compose.yml", "services:\n  web:\n    image: ${{AIRFLOW_IMAGE:-{i}}}\n"),
    ("compose.yaml", "services:\r\n  web:\r\n    image: {i}\r\n"),
    (".gitlab-ci.yml", "test:\n  image:\n    name: {i}\n    entrypoint: [\"\"]\n  script:\n    - pytest\n"),
    (".gitlab-ci.yml", "image: {i}\nbuild:\n  script:\n    - echo hi\n"),
    (".github/workflows/ci.yml", "jobs:\n  t:\n    container: {i}\n    steps:\n      - run: pytest\n"),
    (".github/workflows/ci.yml", "jobs:\n  t:\n    container:\n      image: \"{i}\"\n      options: --user 0\n"),
    (".github/workflows/ci.yml", "jobs:\n  t:\n    services:\n      af:\n        image: {i}\n"),
]


@pytest.mark.parametrize("filename,template", CONTROLS)
def test_documented_forms_still_migrate_byte_exactly(tmp_path, filename, template):
    path = tmp_path / filename
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(template.format(i=AC).encode())
    result = run("rewrite", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert path.read_bytes() == template.format(i=RT).encode()
    again = run("rewrite", str(tmp_path))
    assert again.returncode == 0 and path.read_bytes() == template.format(i=RT).encode()


def test_one_file_mixes_an_edited_value_and_a_reviewed_script(tmp_path):
    text = f"services:\n  web:\n    image: {AC}\n    command:\n      - |\n        image: {AC}\n"
    (tmp_path / "docker-compose.yml").write_text(text)
    result = run("rewrite", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "review-ac-image" in run("check", str(tmp_path)).stdout  # the script line still needs review
    assert (tmp_path / "docker-compose.yml").read_text() == text.replace(AC, RT, 1)


def test_alias_of_an_anchor_outside_an_image_key_is_not_edited(tmp_path):
    text = f"x-vars:\n  base: &ac {AC}\nservices:\n  web:\n    image: *ac\n"
    (tmp_path / "docker-compose.yml").write_text(text)
    result = run("rewrite", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "docker-compose.yml").read_text() == text


def test_every_document_of_a_multi_document_file_is_confirmed(tmp_path):
    text = f"image: {AC}\n---\nscript:\n  - |\n    image: {AC}\n---\nimage: '{AC}'\n"
    (tmp_path / ".gitlab-ci.yml").write_text(text)
    result = run("rewrite", str(tmp_path))
    assert result.returncode == 0, result.stderr
    expected = f"image: {RT}\n---\nscript:\n  - |\n    image: {AC}\n---\nimage: '{RT}'\n"
    assert (tmp_path / ".gitlab-ci.yml").read_text() == expected


def test_deeply_nested_yaml_is_a_review_not_a_crash(tmp_path):
    text = f"image: {AC}\nx: " + "[" * 20000 + "]" * 20000 + "\n"
    (tmp_path / "docker-compose.yml").write_text(text)
    result = run("rewrite", str(tmp_path))
    assert "Traceback" not in result.stderr and result.returncode == 0, result.stderr
    assert (tmp_path / "docker-compose.yml").read_text() == text


def test_the_yaml_parser_runs_once_per_file_and_only_when_an_edit_is_proposed(monkeypatch):
    import yaml

    from codemods.rules import compose_ci_images
    from codemods.versions import VersionTable

    calls = []
    real = yaml.compose_all
    monkeypatch.setattr(yaml, "compose_all", lambda *a, **k: calls.append(1) or real(*a, **k))
    versions = VersionTable.bundled()
    many = "services:\n" + "".join(f"  s{i}:\n    image: {AC}\n" for i in range(200))
    found = compose_ci_images.migrations(many, versions)
    assert len(calls) == 1 and sum(m.new is not None for m in found) == 200
    calls.clear()
    compose_ci_images.migrations(f"x: |\n  image: {AC}\n", versions)  # the scanner proposes only a review
    assert calls == []
