"""Fetch the upstream release and the AC changelog for an Airflow version.

Used when preparing the monthly upgrade notes.  Talks to the GitHub GraphQL API
only: ``$airflowVersion`` below is a GitHub tag name, not a Houston argument.
"""
import argparse
import os
import sys
import textwrap

import requests

GITHUB_GRAPHQL = "https://api.github.com/graphql"

RELEASE_QUERY = """
query AirflowRelease($owner: String!, $name: String!, $airflowVersion: String!) {
  repository(owner: $owner, name: $name) {
    release(tagName: $airflowVersion) {
      name
      tagName
      publishedAt
      url
      isPrerelease
    }
  }
}
"""

# The AC changelog lives in astronomer/ap-airflow under <version>/CHANGELOG.md.
CHANGELOG_QUERY = """
query AcChangelog($expression: String!) {
  repository(owner: "astronomer", name: "ap-airflow") {
    object(expression: $expression) {
      ... on Blob {
        text
        byteSize
      }
    }
  }
  rateLimit {
    remaining
    resetAt
  }
}
"""


def github(query, variables):
    resp = requests.post(
        GITHUB_GRAPHQL,
        json={"query": query, "variables": variables},
        headers={"Authorization": f"bearer {os.environ['GITHUB_TOKEN']}"},
        timeout=30,
    )
    resp.raise_for_status()
    body = resp.json()
    if body.get("errors"):
        raise RuntimeError("; ".join(e["message"] for e in body["errors"]))
    return body["data"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("ac_version", help="e.g. 2.3.4-11")
    parser.add_argument("--lines", type=int, default=40)
    args = parser.parse_args()

    airflow_version = args.ac_version.split("-")[0]
    release = github(RELEASE_QUERY, {"owner": "apache", "name": "airflow",
                                     "airflowVersion": airflow_version})["repository"]["release"]
    if release is None:
        print(f"apache/airflow has no release tagged {airflow_version}", file=sys.stderr)
        return 1
    print(f"Apache Airflow {release['tagName']} published {release['publishedAt']}: {release['url']}")

    data = github(CHANGELOG_QUERY, {"expression": f"master:{airflow_version}/CHANGELOG.md"})
    blob = data["repository"]["object"]
    if not blob:
        print("no AC changelog for", airflow_version)
        return 0
    head = "\n".join(blob["text"].splitlines()[: args.lines])
    print(textwrap.indent(head, "    "))
    print(f"(GitHub rate limit remaining: {data['rateLimit']['remaining']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
