"""Red team 23, report 12 ("Houston or not", recall), f13: Houston settings kept with pydantic-settings'
``env_prefix``: ``class HoustonSettings(BaseSettings)`` with ``model_config = SettingsConfigDict(env_prefix="HOUSTON_")``
and a field ``api_url`` reads ``HOUSTON_API_URL``.  A send to ``houston_settings.api_url`` (imported, or the
instance built in the same file) was "not Houston" with no evidence at all, the typo missed, while a field
named ``houston_url`` was decisive.  ``sources.settings_fields.class_environment`` reads the variable each field
is filled from (the prefix, pydantic v1's ``class Config``, the class keyword, a dict ``model_config``, a
``Field(validation_alias=...)``), and that name speaks as ``os.environ["HOUSTON_API_URL"]`` does.

Controls: another API's prefix (``CATALOG_``), another service's Houston setting (``HOUSTON_DC1_``), and a
construction that gives the field its value (``HoustonSettings(api_url="https://catalog...")``) are not Houston's.
One ``check --format json`` run of the installed CLI per tree (``TRUST_CLI_UNDER_TEST`` points it at another install).
"""

from pathlib import Path

from trust_cli import check_by_file

_DOC = 'Q = "query { workspaces { id label deploymentz { id } } }"\n'
_TICKETS = 'Q = """query Tickets($status: String!) { users(status: $status) { id name } }"""\n'

_CLASSES = {
    "v2": 'class HoustonSettings(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix="PREFIX")\n    api_url: str\n    api_token: str\n',
    "v2dict": 'class HoustonSettings(BaseSettings):\n    model_config = {"env_prefix": "PREFIX"}\n    api_url: str\n',
    "keyword": 'class HoustonSettings(BaseSettings, env_prefix="PREFIX"):\n    api_url: str\n',
    "v1": 'class HoustonSettings(BaseSettings):\n    api_url: str\n\n    class Config:\n        env_prefix = "PREFIX"\n',
    "alias": 'class HoustonSettings(BaseSettings):\n    api_url: str = Field(validation_alias="PREFIXAPI_URL")\n',
}
_IMPORTS = "from pydantic import Field\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\n\n"


def _tree(root: Path, prefix: str, doc: str, construction: str = "HoustonSettings()") -> None:
    (root / "app").mkdir()
    (root / "app" / "__init__.py").write_text("")
    for form, body in _CLASSES.items():
        body = body.replace("PREFIX", prefix)
        (root / "app" / f"config_{form}.py").write_text(_IMPORTS + body + f"\n\nhouston_settings = {construction}\n")
        (root / f"imported_{form}.py").write_text(
            f"import requests\nfrom app.config_{form} import houston_settings\n\n{doc}"
            "print(requests.post(houston_settings.api_url, json={'query': Q}).json())\n")
        (root / f"same_{form}.py").write_text(
            "import requests\n" + _IMPORTS + body + f"\n\ns = {construction}\n{doc}print(requests.post(s.api_url, json={{'query': Q}}).json())\n")


def test_f13_an_env_prefix_makes_the_field_a_houston_setting(tmp_path):
    _tree(tmp_path, "HOUSTON_", _DOC)
    verdicts, errors, _ = check_by_file(tmp_path)
    for form in _CLASSES:
        for path in (f"imported_{form}.py", f"same_{form}.py"):
            assert verdicts[path]["houston"] is True, (path, verdicts[path]["evidence"])
            assert any("deploymentz" in message for message in errors.get(path, ())), (path, errors)
    said = " ".join(verdicts["imported_v2.py"]["evidence"])
    assert "houston_settings.api_url = HOUSTON_API_URL (a pydantic-settings field)" in said, said


def test_another_apis_prefix_is_not_houstons(tmp_path):
    _tree(tmp_path, "CATALOG_", _DOC)
    verdicts, errors, _ = check_by_file(tmp_path)
    assert not [p for p, d in verdicts.items() if d["houston"] is True], verdicts
    assert not errors, errors


def test_another_services_houston_prefix_stays_a_note(tmp_path):
    _tree(tmp_path, "HOUSTON_DC1_", _TICKETS)
    verdicts, errors, _ = check_by_file(tmp_path)
    assert not [p for p, d in verdicts.items() if d["houston"] is True], verdicts
    assert not errors, errors


def test_a_construction_giving_the_field_its_value_is_read_instead(tmp_path):
    _tree(tmp_path, "HOUSTON_", _DOC, 'HoustonSettings(api_url="https://catalog.acme-corp.net/graphql")')
    verdicts, errors, _ = check_by_file(tmp_path)
    assert not [p for p, d in verdicts.items() if d["houston"] is True], verdicts
    assert not errors, errors
