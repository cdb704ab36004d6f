"""Red team 23, report 12 ("Houston or not", recall), f15 and f4: a URL setting imported from the project's
settings module is read as the same expression written in the importer (``sources.url_values.reading``).

* f15: ``os.environ["HOUSTON_URL"].rstrip("/")``, ``f"{os.environ['HOUSTON_BASE']}/v1"``,
  ``os.environ.get("HOUSTON_BASE", "").rstrip("/") + "/v1"``, ``"{}/v1".format(os.environ["HOUSTON_BASE"])``,
  ``urljoin(os.environ["HOUSTON_BASE"], "v1")``, ``f"https://houston.{os.environ.get('BASEDOMAIN', 'example.com')}/v1"``
  in ``conf/settings.py`` were decisive written in the script and lost when imported: the typo went unreported;
* f4: ``HOUSTON_URL = os.environ.get("HOUSTON_URL", "http://localhost:8871/v1")`` imported: only the localhost
  default spoke (a note), the variable's name did not.

Controls (precision): another API's settings built the same ways, a ``HOUSTON_DC1_URL`` (another service's
setting), a localhost default of a variable named for no service, read the same imported as written in the
script.  One ``check --format json`` run of the installed CLI per tree (``TRUST_CLI_UNDER_TEST`` points it at
another install).
"""

from pathlib import Path

from trust_cli import check_by_file

_DOC = 'Q = "query { workspaces { id label deploymentz { id } } }"\n'

HOUSTON = {
    "URL_RSTRIP": 'os.environ["HOUSTON_URL"].rstrip("/")',
    "URL_FSTRING": "f\"{os.environ['HOUSTON_BASE']}/v1\"",
    "URL_PLUS": 'os.environ.get("HOUSTON_BASE", "").rstrip("/") + "/v1"',
    "URL_FORMAT": '"{}/v1".format(os.environ["HOUSTON_BASE"])',
    "URL_URLJOIN": 'urljoin(os.environ["HOUSTON_BASE"], "v1")',
    "URL_DOMAIN": "f\"https://houston.{os.environ.get('BASEDOMAIN', 'example.com')}/v1\"",
    "URL_BASE_NAME": 'f"{BASE}/v1"',  # over a name the module bound to an environment read
    "URL_LOCALHOST": 'os.environ.get("HOUSTON_URL", "http://localhost:8871/v1")',  # f4
}
OTHERS = {
    "CAT_RSTRIP": 'os.environ["CATALOG_URL"].rstrip("/")',
    "CAT_FSTRING": "f\"{os.environ['CATALOG_BASE']}/graphql\"",
    "CAT_URLJOIN": 'urljoin(os.environ["CATALOG_BASE"], "graphql")',
    "API_LOCALHOST": 'os.environ.get("API_URL", "http://localhost:8871/v1")',
}

_HEAD = "import os\nfrom urllib.parse import urljoin\n\nBASE = os.environ[\"HOUSTON_BASE\"]\n"


def _tree(root: Path, settings: dict, doc: str = _DOC) -> None:
    (root / "conf").mkdir()
    (root / "conf" / "__init__.py").write_text("")
    (root / "conf" / "settings.py").write_text(_HEAD + "".join(f"{n} = {e}\n" for n, e in settings.items()))
    for name, expression in settings.items():
        (root / f"imp_{name.lower()}.py").write_text(
            f"import requests\nfrom conf.settings import {name}\n\n{doc}print(requests.post({name}, json={{'query': Q}}).json())\n")
        (root / f"same_{name.lower()}.py").write_text(
            _HEAD + f"import requests\n\n{name} = {expression}\n{doc}print(requests.post({name}, json={{'query': Q}}).json())\n")


def test_f15_f4_an_imported_url_setting_reads_as_written_in_the_script(tmp_path):
    _tree(tmp_path, HOUSTON)
    verdicts, errors, _ = check_by_file(tmp_path)
    for name in HOUSTON:
        # f"{BASE}/v1" over BASE = os.environ[...] is read two names deep in the script: only imported here
        for form in ("same", "imp") if name != "URL_BASE_NAME" else ("imp",):
            path = f"{form}_{name.lower()}.py"
            assert verdicts[path]["houston"] is True, (path, verdicts[path]["evidence"])
            assert any("deploymentz" in message for message in errors.get(path, ())), (path, errors)
    said = " ".join(verdicts["imp_url_rstrip.py"]["evidence"])
    assert 'posted to URL_RSTRIP = os.environ["HOUSTON_URL"].rstrip("/") (imported' in said, said
    said = " ".join(verdicts["imp_url_domain.py"]["evidence"])
    assert "houston.{os.environ.get('BASEDOMAIN','example.com')}/v1" in said, said


def test_other_apis_settings_read_the_same_imported_as_written(tmp_path):
    _tree(tmp_path, OTHERS)
    verdicts, errors, _ = check_by_file(tmp_path)
    for name in OTHERS:
        same, imported = verdicts[f"same_{name.lower()}.py"], verdicts[f"imp_{name.lower()}.py"]
        assert imported["houston"] is not True and same["houston"] is not True, (name, same, imported)
        assert imported["houston"] == same["houston"], (name, same["evidence"], imported["evidence"])
    assert not errors, errors


def test_another_services_houston_setting_stays_as_it_is_imported(tmp_path):
    # HOUSTON_DC1_URL names another service's place (red team 23, report 12, f2): as written in the script,
    # a document Houston's schema does not have stays undecided, built and imported alike
    doc = 'Q = """query Tickets($status: String!) { users(status: $status) { id name } }"""\n'
    settings = {"DC1_RSTRIP": 'os.environ["HOUSTON_DC1_URL"].rstrip("/")', "DC1_FSTRING": "f\"{os.environ['HOUSTON_DC1_URL']}/v1\""}
    _tree(tmp_path, settings, doc)
    verdicts, errors, _ = check_by_file(tmp_path)
    for name in settings:
        same, imported = verdicts[f"same_{name.lower()}.py"], verdicts[f"imp_{name.lower()}.py"]
        assert imported["houston"] is not True and same["houston"] is not True, (name, same, imported)
    assert not errors, errors
