"""Red team 23, report 12 ("Houston or not", recall), f16: a client class of the project storing
``self.url = config.HOUSTON_URL`` (an attribute of the imported project module ``lib/config.py``) in its
``__init__`` and posting to ``self.url`` from a method: an importer's ``Api().query("query { ... }")`` was
"not Houston" and its typo missed, while ``from lib.config import HOUSTON_URL; self.url = HOUSTON_URL`` was
decisive.  ``cross_module._self_attribute_values`` now reads the module attribute's name as the imported
name is read, and the helper's evidence shows it (``which posts to self.url = HOUSTON_URL``), so a setting
named for another service (``HOUSTON_DC1_URL``) stays a note in both spellings.

One ``check --format json`` run of the installed CLI per tree (``TRUST_CLI_UNDER_TEST`` points it at another install).
"""

from pathlib import Path

from trust_cli import check_by_file

_CLIENT = '''import requests
IMPORT


class Api:
    def __init__(self):
        self.url = VALUE
        self.headers = {"authorization": "token"}

    def query(self, q, **v):
        return requests.post(self.url, json={"query": q, "variables": v}, headers=self.headers).json()
'''

_FORMS = {
    "attr": ("from lib import config", "config.SETTING"),
    "alias": ("import lib.config as config", "config.SETTING"),
    "name": ("from lib.config import SETTING", "SETTING"),
}


def _tree(root: Path, setting: str, document: str) -> None:
    (root / "lib").mkdir()
    (root / "lib" / "__init__.py").write_text("")
    (root / "lib" / "config.py").write_text(f'import os\n{setting} = os.environ["{setting}"]\n')
    for form, (imported, value) in _FORMS.items():
        (root / "lib" / f"client_{form}.py").write_text(
            _CLIENT.replace("IMPORT", imported.replace("SETTING", setting)).replace("VALUE", value.replace("SETTING", setting)))
        (root / f"use_{form}.py").write_text(f"from lib.client_{form} import Api\napi = Api()\nprint(api.query({document!r}))\n")


def test_f16_a_client_storing_an_imported_modules_setting_is_followed(tmp_path):
    _tree(tmp_path, "HOUSTON_URL", "query { workspaces { id label deploymentz { id } } }")
    verdicts, errors, _ = check_by_file(tmp_path)
    for form in _FORMS:
        path = f"use_{form}.py"
        assert verdicts[path]["houston"] is True, (path, verdicts[path]["evidence"])
        assert any("deploymentz" in message for message in errors.get(path, ())), (path, errors)
    said = " ".join(verdicts["use_attr.py"]["evidence"])
    assert "which posts to self.url = HOUSTON_URL" in said, said


def test_another_services_setting_stored_by_a_client_stays_a_note(tmp_path):
    # control: HOUSTON_DC1_URL names another service's place; a document Houston never declared stays undecided
    _tree(tmp_path, "HOUSTON_DC1_URL", "query Tickets($status: String!) { users(status: $status) { id name } }")
    verdicts, errors, _ = check_by_file(tmp_path)
    for form in _FORMS:
        assert verdicts[f"use_{form}.py"]["houston"] is not True, verdicts[f"use_{form}.py"]
    assert not errors, errors
