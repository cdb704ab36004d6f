"""Generated benchmark inputs beyond the dense corpus (issue 15), deterministic for a seed.

* ``graphql_documents``: N ``.graphql`` files, one Houston operation each, of
  the shapes the dense corpus uses (create/upsert/update with AC versions,
  deployment and workspace queries), every one distinct (its own name and field
  selection), about one in eight repeated verbatim as real repositories do.
* ``many_documents``: one Python module holding N module-level documents.
* ``prefilter_trap``: the input that made the prefilter's old comment pattern
  exponential: a ``{`` followed by many commented-out lines.
* ``sgqlc_module``: the committed sgqlc-codegen module, unpacked.
"""

from __future__ import annotations

import gzip
import os
import random
from typing import List

from dense_corpus import AC_VERSIONS, DEPLOYMENT_FIELDS, EXECUTORS, TEAMS

HERE = os.path.dirname(os.path.abspath(__file__))
SGQLC_MODULE = os.path.join(HERE, "sgqlc_houston_scaled.py.gz")


def _fields(rng: random.Random, indent: str = "    ") -> str:
    chosen = ["id", "releaseName"] + rng.sample(DEPLOYMENT_FIELDS[2:], rng.randint(1, 5))
    return "\n".join(f"{indent}{name}" for name in dict.fromkeys(chosen))


def _operation(rng: random.Random, i: int) -> str:
    shape = i % 5
    if shape == 0:
        return (
            f"mutation CreateDeployment{i}($workspaceUuid: Uuid!, $label: String!, $executor: ExecutorType, "
            f"$airflowVersion: String) {{\n  createDeployment(workspaceUuid: $workspaceUuid, type: \"airflow\", "
            f"label: $label, executor: $executor, airflowVersion: $airflowVersion) {{\n{_fields(rng)}\n  }}\n}}\n"
        )
    if shape == 1:
        return (
            f"mutation Upgrade{i}($deploymentUuid: Uuid!) {{\n  updateDeploymentAirflow(deploymentUuid: "
            f"$deploymentUuid, desiredAirflowVersion: \"{rng.choice(AC_VERSIONS)}\") {{\n{_fields(rng)}\n  }}\n}}\n"
        )
    if shape == 2:
        return (
            f"query ListDeployments{i}($releaseName: String) {{\n  deployments(releaseName: $releaseName) {{\n"
            f"{_fields(rng)}\n  }}\n}}\n"
        )
    if shape == 3:
        return (
            f"query Workspaces{i}($label: String) {{\n  workspaces(label: $label) {{\n    id\n    label\n"
            f"    deployments {{\n{_fields(rng, '      ')}\n    }}\n  }}\n}}\n"
        )
    return (
        f"mutation Standard{i}($workspaceUuid: Uuid!) {{\n  createDeployment(workspaceUuid: $workspaceUuid, "
        f"type: \"airflow\", label: \"{rng.choice(TEAMS)}-{i}\", executor: {rng.choice(EXECUTORS)}, "
        f"airflowVersion: \"{rng.choice(AC_VERSIONS)}\") {{\n{_fields(rng)}\n  }}\n}}\n"
    )


def graphql_documents(directory: str, count: int, seed: int) -> List[str]:
    """``count`` .graphql files under ``directory`` (rebuilt only when missing)."""
    marker = os.path.join(directory, ".complete")
    paths = [os.path.join(directory, f"op_{i:05d}.graphql") for i in range(count)]
    if os.path.exists(marker):
        return paths
    os.makedirs(directory, exist_ok=True)
    rng = random.Random(seed)
    texts: List[str] = []
    for i, path in enumerate(paths):
        text = rng.choice(texts) if texts and i % 8 == 7 else _operation(rng, i)
        texts.append(text)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    open(marker, "w").close()
    return paths


def many_documents(path: str, count: int, seed: int) -> str:
    """One Python module with ``count`` distinct module-level documents sent to Houston."""
    if os.path.exists(path):
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    rng = random.Random(seed)
    parts = ['import requests\n\nHOUSTON_URL = "https://houston.astro.example.com/v1"\n\n']
    for i in range(count):
        parts.append(f'DOC_{i} = """\n{_operation(rng, i)}"""\n')
    parts.append(
        "\n\ndef send(query, variables=None):\n"
        '    return requests.post(HOUSTON_URL, json={"query": query, "variables": variables or {}}).json()\n\n\n'
        "def main():\n"
        + "".join(f"    send(DOC_{i})\n" for i in range(count))
    )
    with open(path + ".tmp", "w", encoding="utf-8") as handle:
        handle.write("".join(parts))
    os.replace(path + ".tmp", path)
    return path


def prefilter_trap(path: str, lines: int) -> str:
    """A ``{`` then ``lines`` commented-out lines: 2**lines ways for the old pattern to fail."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    body = "".join("#   # given\\n" for _ in range(lines))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(f'QUERY = "{{{body}"\n' * 200)
    return path


def sgqlc_module(path: str) -> str:
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with gzip.open(SGQLC_MODULE, "rb") as packed, open(path + ".tmp", "wb") as out:
            out.write(packed.read())
        os.replace(path + ".tmp", path)
    return path
