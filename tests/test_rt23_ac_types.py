"""Red team 22 (report 13), f3: a fragment on an AC type Houston 1.0.1 drops is reviewed, not only the field.

``queries/fragments.graphql`` holding ``fragment ImageFields on AirflowImage {...}``, spread under
``deploymentConfig.airflowImages`` (or the same fragment as a Python constant composed into the query): only
``airflowImages`` was reviewed, so after rewrite check 1.0.1 gave ``fragments.graphql:1:25 error Unknown type
'AirflowImage'`` with no review in that file.  Every type condition on a type the 1.0.1 schema drops is now
reviewed at the type's name (``review-ac-image-catalogue``, with the runtimeReleases query).
"""

from trust_cli import run_cli

FRAGMENTS = '''fragment ImageFields on AirflowImage {
  version
  tag
  channel
}
'''

CONFIG = '''query DeploymentConfig {
  deploymentConfig {
    airflowImages {
      ...ImageFields
    }
  }
}
'''

INLINE = '''query DeploymentConfig {
  deploymentConfig {
    airflowImages {
      ... on AirflowImage {
        version
      }
    }
  }
}
'''

PYTHON = '''import os
import requests

IMAGE_FIELDS = """
fragment ImageFields on AirflowImage {
  version
  tag
}
"""

CONFIG = """
query DeploymentConfig {
  deploymentConfig {
    airflowImages {
      ...ImageFields
    }
  }
}
""" + IMAGE_FIELDS


def images():
    r = requests.post(os.environ["HOUSTON_URL"], json={"query": CONFIG},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()
'''


def _errors_without_review(stdout):
    """The (file, line) of each error with no review finding on the same line."""
    findings = [line.split(" ", 2) for line in stdout.splitlines() if line.count(":") >= 3]
    reviewed = {where.rsplit(":", 2)[0] for where, severity, _ in findings if severity == "warning"}
    return [where for where, severity, _ in findings if severity == "error" and where.rsplit(":", 2)[0] not in reviewed]


def test_a_fragment_file_on_airflow_image_is_reviewed_where_check_reports_it(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries/fragments.graphql").write_text(FRAGMENTS)
    (tmp_path / "queries/config.graphql").write_text(CONFIG)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "queries/fragments.graphql:1:25: warning review-ac-image-catalogue fragment ImageFields is on AirflowImage" in done.stderr
    after = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert "queries/fragments.graphql:1:25: error" in after.stdout, after.stdout
    assert _errors_without_review(after.stdout) == [], after.stdout


def test_an_inline_fragment_and_a_python_fragment_constant_are_reviewed(tmp_path):
    (tmp_path / "inline.graphql").write_text(INLINE)
    (tmp_path / "config.py").write_text(PYTHON)
    after = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert "inline.graphql:4:14: warning review-ac-image-catalogue this inline fragment is on AirflowImage" in after.stdout, after.stdout
    assert "config.py:5:25: warning review-ac-image-catalogue fragment ImageFields is on AirflowImage" in after.stdout, after.stdout
    assert _errors_without_review(after.stdout) == [], after.stdout


def test_every_type_the_bundled_schema_removes_is_covered():
    # the rule's table against the schema's own record of the types 1.0.1 drops (the AC migration's; a new one fails here)
    from graphql import parse

    from codemods.rules.deployment_config_images import REMOVED_TYPES, REPLACEMENTS
    from codemods.schema_versions import bundled_sdl

    removed = {
        d.name.value for d in parse(bundled_sdl()).definitions
        if getattr(d, "name", None) is not None and "fields" in d.keys
        and any(x.name.value == "removed" and x.arguments[0].value.value == "1.0.1" for x in d.directives or ())
    }
    assert set(REMOVED_TYPES) == removed
    assert all(field in REPLACEMENTS for field in REMOVED_TYPES.values())
