"""Red team pass 17 (report 13): image files, the ignore marker and the walker, through the installed CLI.

* F7: a compose ``.env`` whose values interpolate earlier ones (``A1=${A0}${A0}``, ...) was expanded
  eagerly with no cap: a 400-byte file took gigabytes, a plain chain quadratic time.  Expansion is
  bounded; a value past the bound is unknown and the image is reviewed.  Counted by output size.
* F8/F8b: ``# houston-codemod: ignore`` counts only as a real comment of the file's language, never
  inside a string or a value (Python, notebook, Dockerfile ``RUN``, YAML quoted or block scalar,
  GraphQL string).
* F16: Jupyter's ``.ipynb_checkpoints`` folders are not walked; named on the command line they are.
* F3: Docker Hub's ``astronomer`` namespace is not Astronomer's AC registry (review); every Docker
  Hub spelling of ``astronomerinc`` gets one verdict.
* F6: ``ARG BASE`` + ``FROM ${BASE:-<AC image>}`` whose BASE CI or compose pass gets the same
  ``review-ac-image-build-arg`` as ``ARG BASE=<AC image>``.

Each scenario group runs the real console script once (five runs in all).
"""

import json

from trust_cli import run_cli

AC = "quay.io/astronomer/ap-airflow:2.3.4-onbuild"
MARK = "# houston-codemod: ignore"
CREATE = 'mutation { createDeployment(workspaceUuid: "w", label: "x", type: "airflow", airflowVersion: "2.3.4-11") { id } }'
SEND = 'requests.post(URL, json={"query": Q}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})\n'
HEAD = 'import os\nimport requests\n\nURL = os.environ["HOUSTON_URL"]\n'


def write(root, files):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def findings(result):
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def at(items, path):
    """(line, code) of the findings of the file ``path`` (relative to the run's folder)."""
    return sorted((f["line"], f["code"]) for f in items if ("/" + f["path"].replace("\\", "/")).endswith("/" + path))


# ---- F7: bounded .env interpolation


def test_f7_dotenv_interpolation_is_bounded(tmp_path):
    compose = f"services:\n  s:\n    image: quay.io/astronomer/ap-airflow:${{TAG}}\n"
    doubling = "A0=x\n" + "".join(f"A{i}=${{A{i - 1}}}${{A{i - 1}}}\n" for i in range(1, 20)) + "TAG=2.3.4${A19}\n"
    chain = "A0=x\n" + "".join(f"A{i}=${{A{i - 1}}}y\n" for i in range(1, 3000)) + "TAG=2.3.4${A2999}\n"
    write(tmp_path, {
        "exp/docker-compose.yml": compose, "exp/.env": doubling,  # 2^19 characters when expanded
        "chain/docker-compose.yml": compose, "chain/.env": chain,  # 3,000 characters, 4.5 M steps
        # control: a short interpolation is still expanded and read as the image it makes
        "ok/docker-compose.yml": compose, "ok/.env": "T=2.3.4\nTAG=${T}-onbuild\n",
    })
    assert len(doubling) < 400
    result = run_cli("check", "--no-cache", "-j", "1", "--format", "json", ".", cwd=tmp_path)
    items = findings(result)
    assert len(result.stdout) < 8000, len(result.stdout)  # no expanded value is printed
    assert all(len(f["message"]) < 600 for f in items), max(len(f["message"]) for f in items)
    for folder in ("exp", "chain"):
        assert at(items, f"{folder}/docker-compose.yml") == [(3, "review-ac-image")], items
        message = next(f["message"] for f in items if f["path"].startswith(folder))
        assert "more interpolation than the tool expands" in message
    assert at(items, "ok/docker-compose.yml") == [(3, "review-ac-image")]
    assert "this image is quay.io/astronomer/ap-airflow:2.3.4-onbuild" in next(
        f["message"] for f in items if f["path"].startswith("ok")
    )


# ---- F8 / F8b: only a real comment of the file's language is the marker


def _notebook(cells):
    return json.dumps({
        "cells": [{"cell_type": "code", "metadata": {}, "source": source, "execution_count": None, "outputs": []}
                  for source in cells],
        "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }, indent=1) + "\n"


def test_f8_marker_inside_a_string_or_value_hides_nothing(tmp_path):
    files = {
        # Python: a help text and a log message that mention the marker
        "a.py": HEAD + f'NOTE = "to keep a document, write {MARK} above it"\nQ = \'{CREATE}\'\n' + SEND,
        "d.py": HEAD + f"\n\ndef create():\n    log = \"documents marked '{MARK}' stay on AC\"\n"
        f"    Q = '{CREATE}'\n    print(log)\n    " + SEND,
        # notebook: a print of the marker above the document
        "nb.ipynb": _notebook([HEAD, [f"print('{MARK}')\n", f"Q = '{CREATE}'\n", SEND]]),
        # GraphQL: the marker is an argument value
        "q.graphql": CREATE.replace('label: "x"', f'label: "{MARK}"') + "\n",
        # Dockerfile: a RUN echo is an instruction, not a comment
        "df/Dockerfile": f'FROM {AC} AS tools\nRUN echo "{MARK}" > /tmp/x\nFROM {AC}\n',
        # compose: a double-quoted label value and a block scalar's line
        "c1/docker-compose.yml": f'services:\n  a:\n    labels:\n      note: "{MARK}"\n    image: {AC}\n',
        "c2/docker-compose.yml": f"services:\n  a:\n    command: |\n      {MARK}\n    image: {AC}\n",
        # controls: real comments still skip the next line
        "ctrl.py": HEAD + f"{MARK}\nQ = '{CREATE}'\n" + SEND,
        "ctrl.graphql": f"{MARK}\n{CREATE}\n",
        "ctrl/Dockerfile": f"FROM {AC} AS tools\n{MARK}\nFROM {AC}\n",
        "ctrl/docker-compose.yml": f"services:\n  a:\n    command: echo  {MARK}\n    image: {AC}\n",
    }
    write(tmp_path, files)
    result = run_cli("check", "--no-cache", "-j", "1", "--format", "json", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    items = findings(result)
    assert result.returncode == 1
    assert at(items, "a.py") == [(6, "known-argument-names"), (6, "migrate-version-argument")]
    assert at(items, "d.py") == [(9, "known-argument-names"), (9, "migrate-version-argument")]
    assert at(items, "nb.ipynb") == [(15, "known-argument-names"), (15, "migrate-version-argument")]
    assert at(items, "q.graphql") == [(1, "known-argument-names"), (1, "migrate-version-argument")]
    assert at(items, "df/Dockerfile") == [(1, "migrate-ac-image"), (3, "migrate-ac-image")]
    assert at(items, "c1/docker-compose.yml") == [(5, "migrate-ac-image")]
    assert at(items, "c2/docker-compose.yml") == [(5, "migrate-ac-image")]
    assert at(items, "ctrl.py") == [] and at(items, "ctrl.graphql") == []
    assert at(items, "ctrl/Dockerfile") == [(1, "migrate-ac-image")]
    assert at(items, "ctrl/docker-compose.yml") == []


# ---- F16, F3, F6: the walker, registry spellings, inline defaults overridden by a build arg


def test_f16_f3_f6_checkpoints_registries_inline_default(tmp_path):
    notebook = _notebook([HEAD, [f"Q = '{CREATE}'\n", SEND]])
    files = {
        "nb/deploy.ipynb": notebook,
        "nb/.ipynb_checkpoints/deploy-checkpoint.ipynb": notebook,
        "hub/bare/Dockerfile": "FROM astronomer/ap-airflow:2.3.4-onbuild\n",
        "hub/io/Dockerfile": "FROM docker.io/astronomer/ap-airflow:2.3.4-onbuild\n",
        "hub/inc1/Dockerfile": "FROM astronomerinc/ap-airflow:2.3.4-onbuild\n",
        "hub/inc2/Dockerfile": "FROM index.docker.io/astronomerinc/ap-airflow:2.3.4-onbuild\n",
        "hub/inc3/Dockerfile": "FROM registry-1.docker.io/astronomerinc/ap-airflow:2.3.4-onbuild\n",
        "hub/quay/Dockerfile": f"FROM {AC}\n",
        "ba/Dockerfile": f"ARG BASE\nFROM ${{BASE:-{AC}}}\n",
        "ba/docker-compose.yml": "services:\n  app:\n    build:\n      context: .\n      args: [BASE]\n",
        "ba/.github/workflows/build.yml": "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
        '      - run: docker build --build-arg BASE="${{ vars.AIRFLOW_BASE }}" -t app .\n',
        # control: no ARG BASE before the FROM, so no --build-arg reaches it: migrated, no review
        "bb/Dockerfile": f"FROM ${{BASE:-{AC}}}\n",
        "bb/docker-compose.yml": "services:\n  app:\n    build:\n      context: .\n      args: [BASE]\n",
    }
    write(tmp_path, files)
    (tmp_path / "ba" / ".git").mkdir()
    (tmp_path / "bb" / ".git").mkdir()
    result = run_cli("check", "--no-cache", "-j", "1", "--format", "json", ".", cwd=tmp_path)
    items = findings(result)
    paths = {f["path"].replace("\\", "/") for f in items}
    assert not any(".ipynb_checkpoints" in p for p in paths), paths
    assert at(items, "nb/deploy.ipynb"), paths
    for folder in ("bare", "io"):
        assert at(items, f"hub/{folder}/Dockerfile") == [(1, "review-ac-image")], folder
        assert "a mirror?" in next(f["message"] for f in items if f"/{folder}/" in f["path"].replace("\\", "/"))
    for folder in ("inc1", "inc2", "inc3", "quay"):
        assert at(items, f"hub/{folder}/Dockerfile") == [(1, "migrate-ac-image")], folder
    assert at(items, "ba/Dockerfile") == [(2, "migrate-ac-image"), (2, "review-ac-image-build-arg")]
    review = next(f["message"] for f in items if f["code"] == "review-ac-image-build-arg")
    assert ".github/workflows/build.yml:6" in review and "docker-compose.yml:5" in review, review
    assert at(items, "bb/Dockerfile") == [(1, "migrate-ac-image")]
    # named on the command line, the checkpoint folder is still processed
    named = run_cli("check", "--no-cache", "-j", "1", "--format", "json", "nb/.ipynb_checkpoints", cwd=tmp_path)
    assert at(findings(named), "deploy-checkpoint.ipynb"), named.stdout
