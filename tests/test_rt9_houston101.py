"""Red team 9 (issue 13): the read side and AC images on the way to Houston 1.0.1.

Each case runs the installed console script (``houston-codemod``) on files written
to a temporary directory, as a user would, and checks what it says and what it
leaves on disk:

* F2: ``airflowVersion`` selected beside a template hole filled from a local or a
  parameter is reviewed, not aliased (the hole may add ``runtimeVersion``);
* F7: GitLab's predefined registries (``$CI_REGISTRY``...) are never quay.io:
  review, no edit.
"""

import json
import textwrap

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


def _check(tmp_path, *extra):
    result = run_cli("check", "--no-cache", "--format", "json", *extra, ".", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def _findings(report):
    return [(f["path"], f["line"], f["code"], f["message"]) for f in report["findings"]]


def _rewrite(tmp_path):
    result = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    return result


# -- F2: a template hole beside the AC field ---------------------------------------------------------
HOLES = {
    "fstring_local.py": HEAD + textwrap.dedent(
        """\
        def get(with_rt):
            extra = "runtimeVersion" if with_rt else ""
            return houston(f"{{ deployments {{ airflowVersion {extra} }} }}")
        """
    ),
    "percent_parameter.py": HEAD + textwrap.dedent(
        """\
        def get(extra=""):
            return houston("{ deployments { id airflowVersion %s } }" % extra)
        def both():
            return get("runtimeVersion")
        """
    ),
    "format_in_fragment.py": HEAD + textwrap.dedent(
        """\
        def get(extra):
            return houston("query Q {{ deployments {{ ...F }} }} fragment F on Deployment {{ id {0} }}".format(extra)
                           + "")
        """
    ),
}


def test_f2_hole_beside_airflow_version_is_reviewed_not_aliased(tmp_path):
    for name, text in HOLES.items():
        _write(tmp_path, name, text)
    report = _check(tmp_path)
    found = _findings(report)
    for name in ("fstring_local.py", "percent_parameter.py"):
        codes = [(code, message) for path, _line, code, message in found if path.endswith(name)]
        assert any(code == "review-read-field-replacement-selected" and "template hole" in message for code, message in codes), codes
        assert not any(code == "migrate-read-field" for code, _m in codes), codes
    before = {name: (tmp_path / name).read_text() for name in HOLES}
    _rewrite(tmp_path)
    for name in HOLES:
        assert (tmp_path / name).read_text() == before[name], name


def test_f2_without_a_hole_the_field_is_still_aliased(tmp_path):
    # The contrast: the same selection with no hole is migrated as before.
    path = _write(tmp_path, "plain.py", HEAD + 'def get():\n    return houston("{ deployments { id airflowVersion } }")\n')
    result = _rewrite(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "airflowVersion: runtimeAirflowVersion" in path.read_text()


def test_f2_hole_in_argument_value_does_not_block(tmp_path):
    # A hole that is an argument's value is no field: it cannot bring runtimeVersion in.
    path = _write(
        tmp_path,
        "arg.py",
        HEAD + 'def get(ws):\n    return houston(f\'{{ workspaceDeployments(workspaceUuid: "{ws}") { id airflowVersion } }}\')\n',
    )
    path.write_text(path.read_text().replace("{ id airflowVersion }", "{{ id airflowVersion }}"))
    _rewrite(tmp_path)
    assert "airflowVersion: runtimeAirflowVersion" in path.read_text()


# -- F7: GitLab's predefined registries -----------------------------------------------------------------
GITLAB = textwrap.dedent(
    """\
    test:
      image: $CI_REGISTRY/astronomer/ap-airflow:2.3.4-onbuild
      script: [echo]
    proxy:
      image: ${CI_DEPENDENCY_PROXY_SERVER}/astronomer/ap-airflow:2.3.4-onbuild
      script: [echo]
    own:
      image: $MY_REG/astronomer/ap-airflow:2.3.4-onbuild
      script: [echo]
    """
)


def test_f7_gitlab_predefined_registry_is_reviewed_not_migrated(tmp_path):
    path = _write(tmp_path, ".gitlab-ci.yml", GITLAB)
    found = _findings(_check(tmp_path))
    by_line = {line: (code, message) for _path, line, code, message in found}
    assert by_line[2][0] == "review-ac-image" and "GitLab sets" in by_line[2][1], found
    assert by_line[5][0] == "review-ac-image" and "Dependency Proxy" in by_line[5][1], found
    # A registry variable with no default the project does not get from GitLab keeps the
    # README's behaviour: migrated, with the mirror note.
    assert by_line[8][0] == "migrate-ac-image", found
    result = _rewrite(tmp_path)
    assert result.returncode == 0, result.stderr
    text = path.read_text()
    assert "$CI_REGISTRY/astronomer/ap-airflow:2.3.4-onbuild" in text
    assert "${CI_DEPENDENCY_PROXY_SERVER}/astronomer/ap-airflow:2.3.4-onbuild" in text
    assert "$MY_REG/astronomer/astro-runtime:5.5.0" in text


def test_f7_gitlab_registry_set_by_the_project_keeps_its_value(tmp_path):
    # The project overrides CI_REGISTRY with quay.io in variables: that value is the registry.
    path = _write(
        tmp_path,
        ".gitlab-ci.yml",
        "variables:\n  CI_REGISTRY: quay.io\n" + GITLAB.split("proxy:")[0],
    )
    _rewrite(tmp_path)
    assert "$CI_REGISTRY/astronomer/astro-runtime:5.5.0" in path.read_text()


# -- F9: a helper parameter named like the GraphQL variable -----------------------------------------------
MUTATION = textwrap.dedent(
    '''\
    U = """
    mutation U($id: Uuid!, $VAR: String!) {
      updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $VAR) { id }
    }
    """
    def up(id):
        return houston(U, {"id": id, "VAR": "2.3.4-11"})
    '''
)


def test_f9_helper_parameter_named_like_the_variable_does_not_block_the_value(tmp_path):
    # def houston(q, v=None) and $v: the key 'v' is not renamed, so the helper's own parameter
    # v is no read of it; the value is migrated with the mutation.
    path = _write(tmp_path, "m1.py", HEAD + MUTATION.replace("VAR", "v"))
    found = _findings(_check(tmp_path))
    assert not any(code == "review-version-variable" for _p, _l, code, _m in found), found
    result = _rewrite(tmp_path)
    assert result.returncode == 0, result.stderr
    text = path.read_text()
    assert "updateDeploymentRuntime(deploymentUuid: $id, desiredRuntimeVersion: $v)" in text
    assert '{"id": id, "v": "5.5.0"}' in text


def test_f9_value_left_unconverted_is_reviewed_where_it_is_written(tmp_path):
    # The helper reads the key itself, so $airflowVersion cannot be renamed: the mutation is still
    # migrated, and then the AC value in the dict must be pointed at too (never left silently).
    head = HEAD.replace("    return requests", '    print(v["airflowVersion"])\n    return requests')
    path = _write(tmp_path, "m2.py", head + MUTATION.replace("VAR", "airflowVersion"))
    found = _findings(_check(tmp_path))
    dict_line = path.read_text().splitlines().index('    return houston(U, {"id": id, "airflowVersion": "2.3.4-11"})') + 1
    at_value = [(code, message) for _p, line, code, message in found if line == dict_line]
    assert any(code == "review-version-value" and "'5.5.0'" in message for code, message in at_value), found
    _rewrite(tmp_path)
    text = path.read_text()
    assert "updateDeploymentRuntime" in text and '"airflowVersion": "2.3.4-11"' in text


# -- F3: field lists spliced into a template at run time ------------------------------------------------
FIELD_LISTS = {
    # name -> (module body, the value the message quotes)
    "local.py": ('def get():\n    fields = "id airflowVersion"\n    return houston("{ deployments { %s } }" % fields)\n',
                 "'id airflowVersion'"),
    "default.py": ('def get(fields="id airflowVersion"):\n    return houston("{ deployments { %s } }" % fields)\n',
                   "'id airflowVersion'"),
    "join.py": ('def get():\n    fields = " ".join(["id", "releaseName", "airflowVersion"])\n'
                '    return houston("{ deployments { %s } }" % fields)\n', "'id releaseName airflowVersion'"),
    "module_list.py": ('FIELDS = ["id", "releaseName", "desiredAirflowVersion"]\ndef get():\n'
                       '    return houston("{ deployments { %s } }" % " ".join(FIELDS))\n',
                       "'id releaseName desiredAirflowVersion'"),
    "format.py": ('def get(extra="airflowVersion"):\n    return houston("{{ deployments {{ id {x} }} }}".format(x=extra))\n',
                  "'airflowVersion'"),
    "beside_runtime.py": ('def get(fields="id airflowVersion runtimeVersion"):\n'
                          '    return houston("{ deployments { %s } }" % fields)\n', "beside runtimeVersion"),
    "fstring.py": ('F = ["id", "airflowVersion"]\ndef get():\n    return houston(f"{{ deployments {{ {\' \'.join(F)} }} }}")\n',
                   "'id airflowVersion'"),
}


def test_f3_field_list_in_a_local_or_default_is_read(tmp_path):
    for name, (body, _value) in FIELD_LISTS.items():
        _write(tmp_path, name, HEAD + body)
    # Not an AC field: a readable value without one, an already aliased one, an unreadable one.
    _write(tmp_path, "quiet.py", HEAD + (
        'def a():\n    fields = "id releaseName"\n    return houston("{ deployments { %s } }" % fields)\n'
        'def b(fields="id airflowVersion: runtimeAirflowVersion"):\n    return houston("{ deployments { %s } }" % fields)\n'
        'def c(fields):\n    return houston("{ deployments { %s } }" % fields)\n'
    ))
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    found = _findings(_check(tmp_path))
    for name, (body, value) in FIELD_LISTS.items():
        mine = [(line, code, message) for path, line, code, message in found if path.endswith(name)]
        hole_line = HEAD.count("\n") + body.count("\n")  # the send is the body's last line
        assert any(
            line == hole_line and code == "review-read-field-template" and value in message for line, code, message in mine
        ), (name, mine)
    assert not any(path.endswith("quiet.py") for path, *_rest in found if _rest[1].startswith("review")), found
    # On 1.0.1 the field the hole selects is an error, as in the literal (exit 1).
    result = run_cli("check", "--no-cache", "--houston-version", "1.0.1", "--format", "json", "local.py", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    errors = [f for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"]
    assert any(f["code"] == "fields-on-correct-type" and "'airflowVersion'" in f["message"] for f in errors), errors
    result = run_cli("check", "--no-cache", "--houston-version", "1.0.1", "quiet.py", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    # Reviews only: nothing is edited.
    _rewrite(tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_f3_self_referencing_names_stay_bounded(tmp_path):
    # `A = A + A` forty times and a list of thousands: the value is still read (the first
    # binding), the chain is not followed into itself, and every send gets its review.
    lines = ['A = "airflowVersion "'] + ["A = A + A"] * 40
    lines.append("L = [" + ", ".join(f'"f{i}"' for i in range(5000)) + "]")
    lines.append("def g():")
    lines += ['    houston("{ deployments { %s %s } }" % (A, " ".join(L)))'] * 50
    _write(tmp_path, "big.py", HEAD + "\n".join(lines) + "\n")
    found = [f for f in _findings(_check(tmp_path)) if f[2] == "review-read-field-template"]
    assert len(found) == 50 and all("'airflowVersion'" in f[3] for f in found), found[:3]


# -- F8: reads of values that are no Deployment's airflowVersion ------------------------------------------
def test_f8_runtime_release_and_helm_values_are_not_ac_reads(tmp_path):
    body = textwrap.dedent(
        '''\
        import yaml
        Q = """
        query D { deployments { id airflowVersion } }
        """
        R = """
        query R { runtimeReleases { version airflowVersion } }
        """
        def deps():
            return [d["airflowVersion"].split("-")[0] for d in houston(Q)["deployments"]]
        def releases():
            rel = houston(R)["runtimeReleases"]
            return [r["airflowVersion"].split("-")[0] for r in rel]
        def chart():
            values = yaml.safe_load(open("values.yaml"))
            return values["airflowVersion"] == "2.3.4-11"
        '''
    )
    path = _write(tmp_path, "p.py", HEAD + body)
    lines = path.read_text().splitlines()
    found = _findings(_check(tmp_path))
    reads = {line for _p, line, code, _m in found if code in ("review-ac-version-suffix-read", "review-ac-version-comparison")}
    deployment_read = lines.index('    return [d["airflowVersion"].split("-")[0] for d in houston(Q)["deployments"]]') + 1
    release_read = lines.index('    return [r["airflowVersion"].split("-")[0] for r in rel]') + 1
    helm_read = lines.index('    return values["airflowVersion"] == "2.3.4-11"') + 1
    assert deployment_read in reads, found  # the Deployment's value is still reviewed
    assert release_read not in reads and helm_read not in reads, found


# -- F6 / F12: an AC image, or its tag, set in .env / GitLab variables: ---------------------------------------
def test_f6_image_held_whole_in_dotenv_is_reviewed(tmp_path):
    compose = _write(tmp_path, "docker-compose.yml", "services:\n  web:\n    image: ${IMG}\n  db:\n    image: ${DB}\n")
    env = _write(tmp_path, ".env", "IMG=quay.io/astronomer/ap-airflow:2.3.4-onbuild\nDB=postgres:15\n")
    result = run_cli("check", "--no-cache", "--houston-version", "1.0.1", "--format", "json", ".", cwd=tmp_path)
    found = _findings(json.loads(result.stdout))
    assert [(line, code) for _p, line, code, _m in found] == [(3, "review-ac-image")], found
    assert "IMG=quay.io/astronomer/ap-airflow:2.3.4-onbuild in .env" in found[0][3]
    assert "quay.io/astronomer/astro-runtime:5.5.0" in found[0][3]
    before = (compose.read_bytes(), env.read_bytes())
    _rewrite(tmp_path)
    assert (compose.read_bytes(), env.read_bytes()) == before  # .env is never edited


def test_f6_the_cache_sees_a_changed_dotenv(tmp_path):
    # The compose file's result depends on .env: a cached result must not outlive a change there.
    _write(tmp_path, "docker-compose.yml", "services:\n  web:\n    image: ${IMG}\n")
    env = _write(tmp_path, ".env", "IMG=postgres:15\n")
    cache = {"HOUSTON_CODEMOD_CACHE_DIR": str(tmp_path / "cache"), "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    first = run_cli("check", "docker-compose.yml", cwd=tmp_path, env=cache)
    assert "review-ac-image" not in first.stdout + first.stderr
    env.write_text("IMG=quay.io/astronomer/ap-airflow:2.3.4-onbuild\n")
    second = run_cli("check", "docker-compose.yml", cwd=tmp_path, env=cache)
    assert "review-ac-image" in second.stdout + second.stderr, second.stdout + second.stderr


def test_f12_tag_set_by_the_project_is_named(tmp_path):
    _write(tmp_path, "c/docker-compose.yml", "services:\n  web:\n    image: quay.io/astronomer/ap-airflow:${TAG}\n")
    _write(tmp_path, "c/.env", "TAG=2.3.4-onbuild\n")
    _write(tmp_path, "g/.gitlab-ci.yml",
           "variables:\n  TAG: 2.3.4-onbuild\ntest:\n  image: quay.io/astronomer/ap-airflow:$TAG\n  script: [echo]\n")
    found = _findings(_check(tmp_path))
    by_path = {path.split("/")[0]: (code, message) for path, _line, code, message in found}
    assert set(by_path) == {"c", "g"}, found
    for name, where in (("c", "TAG=2.3.4-onbuild in .env"), ("g", "TAG=2.3.4-onbuild in the file's variables:")):
        code, message = by_path[name]
        assert code == "review-ac-image" and where in message and "astro-runtime:5.5.0" in message, message
        assert "with none set" not in message


# -- F4 / F11: comparisons through packaging's Version, and of the two migrated keys ---------------------------
def test_f4_f11_version_objects_and_cross_key_comparisons_are_reviewed(tmp_path):
    body = textwrap.dedent(
        '''\
        from packaging import version
        from packaging.version import Version
        Q = """
        query D { deployments { id airflowVersion desiredAirflowVersion } }
        """
        MIN = Version("2.3.4-11")
        def old():
            return [d for d in houston(Q)["deployments"] if Version(d["airflowVersion"]) < MIN]
        def old2():
            return [d for d in houston(Q)["deployments"] if version.parse(d["airflowVersion"]) < Version("2.3.4-11")]
        def pending():
            return [d["id"] for d in houston(Q)["deployments"] if d["airflowVersion"] != d["desiredAirflowVersion"]]
        def plain():
            return [Version(d["airflowVersion"]) for d in houston(Q)["deployments"]]
        '''
    )
    path = _write(tmp_path, "s.py", HEAD + body)
    lines = path.read_text().splitlines()
    found = _findings(_check(tmp_path))
    compared = {line: message for _p, line, code, message in found if code == "review-ac-version-comparison"}

    def at(fragment):
        return next(number for number, text in enumerate(lines, 1) if fragment in text)

    assert "'2.3.4-11'" in compared[at("< MIN]")]
    assert "'2.3.4-11'" in compared[at("version.parse(")]
    assert "'desiredAirflowVersion'" in compared[at("!= d[")] and "never match" in compared[at("!= d[")]
    assert at("def plain") + 1 not in compared  # a plain Version() of the value is no comparison
