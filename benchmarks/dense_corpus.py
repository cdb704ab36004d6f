"""Generate a deterministic corpus of realistic Houston API scripts.

Every file is a plausible operations script of a few hundred lines: several
GraphQL documents in the shapes people actually write (module constants,
f-string and ``str.format`` templates, ``requests`` JSON payloads, the ``gql``
client), surrounded by ordinary helper functions and classes.  Only fields of
``schema/houston.graphql`` are used, and most files hold Astronomer Certified
versions that ``houston-codemod rewrite`` will migrate.
"""

from __future__ import annotations

import os
import random
import shutil
from typing import Callable, List

AC_VERSIONS = ["2.2.5-4", "2.3.0-1", "2.3.1", "2.3.2-3", "2.3.3-5", "2.3.4-11", "2.4.1-2", "2.4.3-1"]
EXECUTORS = ["LocalExecutor", "CeleryExecutor", "KubernetesExecutor"]
TEAMS = ["data-eng", "ml-platform", "finance", "growth", "analytics", "payments", "search", "ads"]
DEPLOYMENT_FIELDS = ["id", "label", "releaseName", "status", "airflowVersion", "desiredAirflowVersion",
                     "executor", "description", "createdAt", "updatedAt"]

HEADER = '''#!/usr/bin/env python3
"""{title}

Owned by the {team} team.  Talks to the Houston API of Astronomer Software.

    python {name}.py --basedomain astro.example.com [--dry-run]
"""
import argparse
import json
import logging
import os
import sys
import time
from dataclasses import dataclass, field
from typing import Dict, List, Optional

import requests
from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport

log = logging.getLogger("{team}.{name}")

BASEDOMAIN = os.environ.get("ASTRO_BASEDOMAIN", "astro.example.com")
HOUSTON_URL = f"https://houston.{{BASEDOMAIN}}/v1"
HEADERS = {{"authorization": os.environ.get("HOUSTON_API_KEY", ""), "Content-Type": "application/json"}}
DEFAULT_AC_VERSION = "{version}"
'''

POST_HELPER = '''

def houston_post(query, variables=None, timeout=60):
    """POST one document to Houston and return its data, raising on GraphQL errors."""
    response = requests.post(HOUSTON_URL, json={"query": query, "variables": variables or {}},
                             headers=HEADERS, timeout=timeout)
    response.raise_for_status()
    body = response.json()
    if body.get("errors"):
        raise RuntimeError(body["errors"][0]["message"])
    return body["data"]


def gql_client(token=None):
    transport = RequestsHTTPTransport(url=HOUSTON_URL, headers={"authorization": token or HEADERS["authorization"]},
                                      verify=True, retries=3, timeout=60)
    return Client(transport=transport, fetch_schema_from_transport=False)
'''


def _fields(rng: random.Random, extra: List[str] = ()) -> str:
    chosen = ["id", "releaseName"] + rng.sample(DEPLOYMENT_FIELDS[2:], rng.randint(1, 4)) + list(extra)
    return "\n".join(f"    {name}" for name in dict.fromkeys(chosen))


def doc_create_variables(rng: random.Random, i: int) -> str:
    """Module constant with $airflowVersion, sent by requests with a variables dict."""
    version = rng.choice(AC_VERSIONS)
    return f'''

CREATE_DEPLOYMENT_{i} = """
mutation CreateDeployment{i}(
  $workspaceUuid: Uuid!
  $label: String!
  $executor: ExecutorType
  $airflowVersion: String
) {{
  createDeployment(
    workspaceUuid: $workspaceUuid
    type: "airflow"
    label: $label
    executor: $executor
    airflowVersion: $airflowVersion
  ) {{
{_fields(rng)}
  }}
}}
"""


def create_deployment_{i}(workspace_uuid, label, executor="{rng.choice(EXECUTORS)}"):
    response = requests.post(
        HOUSTON_URL,
        json={{
            "query": CREATE_DEPLOYMENT_{i},
            "variables": {{
                "workspaceUuid": workspace_uuid,
                "label": label,
                "executor": executor,
                "airflowVersion": "{version}",
            }},
        }},
        headers=HEADERS,
        timeout=120,
    )
    response.raise_for_status()
    return response.json()["data"]["createDeployment"]
'''


def doc_create_literal(rng: random.Random, i: int) -> str:
    """Module constant with a literal AC version, sent through the helper."""
    return f'''

# Standard {rng.choice(TEAMS)} deployment: AC on {rng.choice(EXECUTORS)}.
STANDARD_DEPLOYMENT_{i} = """
mutation StandardDeployment{i}($workspaceUuid: Uuid!, $label: String!) {{
  createDeployment(
    workspaceUuid: $workspaceUuid
    type: "airflow"
    label: $label
    executor: {rng.choice(EXECUTORS)}
    airflowVersion: "{rng.choice(AC_VERSIONS)}"
    workers: {{ replicas: {rng.randint(1, 5)} }}
  ) {{
{_fields(rng)}
  }}
}}
"""


def standard_deployment_{i}(workspace_uuid, label):
    data = houston_post(STANDARD_DEPLOYMENT_{i}, {{"workspaceUuid": workspace_uuid, "label": label}})
    log.info("created %s", data["createDeployment"]["releaseName"])
    return data["createDeployment"]
'''


def doc_fstring(rng: random.Random, i: int) -> str:
    """f-string template with doubled braces and holes."""
    return f'''

def create_mutation_{i}(workspace_uuid, label, version=DEFAULT_AC_VERSION, workers={rng.randint(1, 4)}):
    return f"""
    mutation {{{{
      createDeployment(
        workspaceUuid: "{{workspace_uuid}}"
        type: "airflow"
        label: "{{label}}"
        executor: {rng.choice(EXECUTORS)}
        airflowVersion: "{{version}}"
        workers: {{{{ replicas: {{workers}} }}}}
      ) {{{{
        id
        releaseName
        airflowVersion
      }}}}
    }}}}
    """


def run_create_{i}(workspace_uuid, label):
    document = create_mutation_{i}(workspace_uuid, label)
    return requests.post(HOUSTON_URL, json={{"query": document}}, headers=HEADERS, timeout=60).json()
'''


def doc_format_upgrade(rng: random.Random, i: int) -> str:
    """str.format template for updateDeploymentAirflow."""
    return f'''

UPGRADE_TEMPLATE_{i} = (
    'mutation {{{{ updateDeploymentAirflow(deploymentUuid: "{{0}}", '
    'desiredAirflowVersion: "{{1}}") {{{{ id releaseName desiredAirflowVersion }}}} }}}}'
)


def upgrade_{i}(deployment_uuid, version="{rng.choice(AC_VERSIONS)}"):
    document = UPGRADE_TEMPLATE_{i}.format(deployment_uuid, version)
    return houston_post(document)["updateDeploymentAirflow"]
'''


def doc_upgrade_literal(rng: random.Random, i: int) -> str:
    """updateDeploymentAirflow with a literal version, sent with json.dumps."""
    return f'''

UPGRADE_{i} = """
mutation Upgrade{i}($deploymentUuid: Uuid!) {{
  updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: "{rng.choice(AC_VERSIONS)}") {{
    id
    releaseName
    airflowVersion
    desiredAirflowVersion
  }}
}}
"""


def upgrade_literal_{i}(deployment_uuid):
    payload = json.dumps({{"query": UPGRADE_{i}, "variables": {{"deploymentUuid": deployment_uuid}}}})
    return requests.post(HOUSTON_URL, data=payload, headers=HEADERS, timeout=60).json()
'''


def doc_gql_image(rng: random.Random, i: int) -> str:
    """updateDeploymentImage through the gql client with variable_values."""
    return f'''

UPDATE_IMAGE_{i} = """
mutation UpdateImage{i}($releaseName: String!, $image: String!, $airflowVersion: String) {{
  updateDeploymentImage(releaseName: $releaseName, image: $image, airflowVersion: $airflowVersion) {{
    id
    releaseName
    airflowVersion
  }}
}}
"""


def update_image_{i}(client, release_name, tag):
    image = f"registry.{{BASEDOMAIN}}/{{release_name}}/airflow:{{tag}}"
    result = client.execute(
        gql(UPDATE_IMAGE_{i}),
        variable_values={{"releaseName": release_name, "image": image, "airflowVersion": "{rng.choice(AC_VERSIONS)}"}},
    )
    return result["updateDeploymentImage"]
'''


def doc_upsert(rng: random.Random, i: int) -> str:
    """upsertDeployment with a literal AC version, through the gql client."""
    return f'''

def upsert_{i}(client, workspace_uuid, label):
    document = gql("""
        mutation Upsert{i}($workspaceUuid: Uuid, $label: String) {{
          upsertDeployment(
            workspaceUuid: $workspaceUuid
            label: $label
            executor: {rng.choice(EXECUTORS)}
            airflowVersion: "{rng.choice(AC_VERSIONS)}"
          ) {{
            id
            releaseName
            airflowVersion
          }}
        }}
    """)
    return client.execute(document, variable_values={{"workspaceUuid": workspace_uuid, "label": label}})
'''


def doc_queries(rng: random.Random, i: int) -> str:
    """Read-only queries: deployments and workspaces."""
    return f'''

LIST_DEPLOYMENTS_{i} = """
query ListDeployments{i}($releaseName: String) {{
  deployments(releaseName: $releaseName) {{
{_fields(rng, ["airflowVersion"])}
  }}
}}
"""

WORKSPACES_{i} = """
query Workspaces{i}($label: String) {{
  workspaces(label: $label) {{
    id
    label
    deployments {{
      releaseName
      airflowVersion
    }}
  }}
}}
"""


def inventory_{i}(label="{rng.choice(TEAMS)}"):
    rows = []
    for workspace in houston_post(WORKSPACES_{i}, {{"label": label}})["workspaces"]:
        for deployment in workspace["deployments"] or []:
            detail = houston_post(LIST_DEPLOYMENTS_{i}, {{"releaseName": deployment["releaseName"]}})
            rows.extend(detail["deployments"])
    return rows
'''


def filler_function(rng: random.Random, i: int) -> str:
    """An ordinary helper with loops, branches and logging."""
    return f'''

def summarize_{i}(rows, key="{rng.choice(['status', 'label', 'executor'])}", limit={rng.randint(5, 50)}):
    """Group ``rows`` by ``key`` and log the {rng.choice(['largest', 'oldest', 'busiest'])} groups."""
    groups: Dict[str, List[dict]] = {{}}
    for row in rows:
        groups.setdefault(str(row.get(key) or "unknown"), []).append(row)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    for name, members in ordered[:limit]:
        if len(members) > {rng.randint(2, 9)}:
            log.warning("%s: %d deployments", name, len(members))
        else:
            log.info("%s: %d deployments", name, len(members))
    return {{name: len(members) for name, members in ordered}}


def retry_{i}(func, attempts={rng.randint(2, 6)}, delay={rng.choice(['0.5', '1.0', '2.0'])}):
    last_error = None
    for attempt in range(1, attempts + 1):
        try:
            return func()
        except (requests.RequestException, RuntimeError) as exc:
            last_error = exc
            log.warning("attempt %d/%d failed: %s", attempt, attempts, exc)
            time.sleep(delay * attempt)
    raise RuntimeError(f"giving up after {{attempts}} attempts") from last_error
'''


def filler_class(rng: random.Random, i: int) -> str:
    """A dataclass and a small cache class, as scripts grow them."""
    return f'''

@dataclass
class DeploymentRecord{i}:
    release_name: str
    label: str
    version: str = DEFAULT_AC_VERSION
    executor: str = "{rng.choice(EXECUTORS)}"
    tags: List[str] = field(default_factory=list)

    @classmethod
    def from_api(cls, data: dict) -> "DeploymentRecord{i}":
        return cls(data["releaseName"], data.get("label") or "", data.get("airflowVersion") or "")

    def is_outdated(self, minimum: str = "{rng.choice(AC_VERSIONS)}") -> bool:
        def key(version):
            return tuple(int(p) for p in version.split("-")[0].split(".") if p.isdigit())
        return key(self.version) < key(minimum)

    def describe(self) -> str:
        flag = " (outdated)" if self.is_outdated() else ""
        return f"{{self.label:<30}} {{self.release_name:<24}} {{self.version}}{{flag}}"


class TTLCache{i}:
    """Tiny time-based cache for Houston lookups."""

    def __init__(self, ttl: float = {rng.randint(10, 600)}.0):
        self.ttl = ttl
        self._store: Dict[str, tuple] = {{}}

    def get(self, key: str) -> Optional[object]:
        entry = self._store.get(key)
        if entry is None or time.monotonic() - entry[0] > self.ttl:
            self._store.pop(key, None)
            return None
        return entry[1]

    def put(self, key: str, value: object) -> None:
        self._store[key] = (time.monotonic(), value)

    def __len__(self) -> int:
        return len(self._store)
'''


FOOTER = '''

def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--basedomain", default=BASEDOMAIN)
    parser.add_argument("--workspace", default=os.environ.get("WORKSPACE_UUID"))
    parser.add_argument("--airflow-version", default=DEFAULT_AC_VERSION)
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO)
    if not args.workspace:
        log.error("--workspace or WORKSPACE_UUID is required")
        return 2
    if args.dry_run:
        log.info("dry run against %s: nothing sent", args.basedomain)
        return 0
    log.info("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
'''

DOCUMENTS: List[Callable[[random.Random, int], str]] = [
    doc_create_variables, doc_create_literal, doc_fstring, doc_format_upgrade,
    doc_upgrade_literal, doc_gql_image, doc_upsert, doc_queries,
]
FILLERS: List[Callable[[random.Random, int], str]] = [filler_function, filler_class]


def script(rng: random.Random, index: int) -> str:
    """One script: header, 4-8 documents interleaved with filler, about 200-400 lines."""
    team = rng.choice(TEAMS)
    name = f"houston_{team.replace('-', '_')}_{index:04d}"
    parts = [HEADER.format(title=f"{team} deployment automation #{index}.", team=team, name=name,
                           version=rng.choice(AC_VERSIONS)), POST_HELPER]
    builders = rng.sample(DOCUMENTS, rng.randint(4, 8))
    target_lines = rng.randint(150, 350)
    serial = 0
    while builders or sum(p.count("\n") for p in parts) < target_lines - FOOTER.count("\n"):
        serial += 1
        builder = builders.pop() if builders and rng.random() < 0.6 else rng.choice(FILLERS)
        parts.append(builder(rng, serial))
    parts.append(FOOTER)
    return "".join(parts)


def build(directory: str, files: int, seed: int = 20240601) -> List[str]:
    """(Re)create ``directory`` holding ``files`` scripts; return their paths."""
    if os.path.isdir(directory):
        shutil.rmtree(directory)
    os.makedirs(directory)
    rng = random.Random(seed)
    paths = []
    for index in range(files):
        text = script(rng, index)
        compile(text, f"<dense {index}>", "exec")  # the corpus must be valid Python
        path = os.path.join(directory, f"script_{index:04d}.py")
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        paths.append(path)
    return paths
