"""Red team 23, report 12 ("Houston or not"): words given to a client that are no URL, and evidence that
did not quote what the file reads.

* f17: ``WeatherClient(api_key=..., city="Houston, TX")`` / ``DirectoryClient(office="houston")`` (also a bare
  ``"Houston"`` positional, ``city="Houston Metro"``, ``office="houston-tx"``) gave ``url "Houston, TX"`` /
  ``setting houston``, decisive, and false errors: only a whole URL, a host written without its scheme as a
  positional or an endpoint keyword's value, or a setting's name read by a settings call, may say where a
  client posts (``sources.python._may_name_endpoint``);
* f3: configparser's ``config.get("houston", "url")`` and Airflow's ``Variable.get("houston_url")`` were
  "environment variable houston" / "environment variable houston_url"; ``"https://{}.{}/v1".format("houston",
  D)`` was "setting houston": the config section and option, the Airflow Variable, and the URL template with
  its arguments written in are said (``gather_calls._setting_kind``, ``python._formatted_url``);
* f20: ``'https://houston.' + os.environ['BASEDOMAIN'] + '/v1'`` was quoted ``houston.`` (url and context):
  now as its f-string form, ``houston.{os.environ['BASEDOMAIN']}/v1``.

Each tree is one ``check --format json`` run of the installed CLI (``TRUST_CLI_UNDER_TEST`` points it at another install).
"""

import json
from pathlib import Path

from trust_cli import check_by_file


def _check(root: Path):
    return check_by_file(root)


_STAFF = '''
STAFF = """
query Staff {
  users { id name email }
}
"""

def staff():
    return directory.execute(STAFF)
'''

CITY_WORDS = {
    "weather.py": '''import os
from acme_weather import WeatherClient

client = WeatherClient(api_key=os.environ["WEATHER_API_KEY"], city="Houston, TX")

FORECAST = """
query Forecast($days: Int!) {
  forecast(days: $days) { date high low precipitation }
}
"""

def forecast():
    return client.execute(FORECAST, variables={"days": 3})
''',
    "office.py": 'from acme_directory import DirectoryClient\n\ndirectory = DirectoryClient(office="houston")\n' + _STAFF,
    "office_tx.py": 'from acme_directory import DirectoryClient\n\ndirectory = DirectoryClient(office="houston-tx")\n' + _STAFF,
    "metro.py": 'from acme_directory import DirectoryClient\n\ndirectory = DirectoryClient(city="Houston Metro")\n' + _STAFF,
    "positional.py": 'from acme_directory import DirectoryClient\n\nOFFICE = "Houston"\ndirectory = DirectoryClient(OFFICE)\n' + _STAFF,
}


def test_f17_a_city_or_office_given_to_a_client_is_no_url(tmp_path):
    for name, text in CITY_WORDS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    # control: the host of the same client, written without its scheme, still says Houston
    (tmp_path / "control_host.py").write_text(
        'from acme_directory import DirectoryClient\n\ndirectory = DirectoryClient(host="houston.astro.acme.com")\n' + _STAFF,
        encoding="utf-8")
    verdicts, errors, completed = _check(tmp_path)
    wrong = {name: verdicts[name]["evidence"] for name in CITY_WORDS if verdicts[name]["houston"] is True}
    assert not wrong, json.dumps(wrong, indent=1)
    for name in CITY_WORDS:
        said = " ".join(verdicts[name]["evidence"])
        assert "url " not in said and "setting houston" not in said.lower(), (name, said)
    assert not {p: e for p, e in errors.items() if p in CITY_WORDS}, errors
    assert verdicts["control_host.py"]["houston"] is True, verdicts["control_host.py"]


def test_f3_a_config_section_an_airflow_variable_and_a_format_argument_are_said_as_written(tmp_path):
    (tmp_path / "settings.ini").write_text("[houston]\nurl = https://houston.astro.acme.com/v1\ntoken = xxx\n")
    (tmp_path / "list_ws.py").write_text('''import configparser
import requests

config = configparser.ConfigParser()
config.read("settings.ini")
URL = config.get("houston", "url")
TOKEN = config.get("houston", "token")

Q = """
query {
  workspaces { id lable }
}
"""

print(requests.post(URL, json={"query": Q}, headers={"authorization": TOKEN}).json())
''', encoding="utf-8")
    (tmp_path / "dag_ws.py").write_text('''import requests
import pendulum
from airflow.decorators import dag, task
from airflow.models import Variable

Q = "query { workspaces { id lable } }"

@dag(start_date=pendulum.datetime(2024, 1, 1), schedule="@daily")
def audit():
    @task
    def list_ws():
        url = Variable.get("houston_url")
        return requests.post(url, json={"query": Q}, headers={"authorization": Variable.get("houston_token")}).json()
    list_ws()

audit()
''', encoding="utf-8")
    (tmp_path / "fmt.py").write_text('''import os
import requests

DOMAIN = os.environ["BASEDOMAIN"]
URL = "https://{}.{}/v1".format("houston", DOMAIN)

Q = "query { workspaces { id lable } }"

def ws():
    return requests.post(URL, json={"query": Q}, headers={"authorization": os.environ["TOKEN"]}).json()
''', encoding="utf-8")
    verdicts, errors, completed = _check(tmp_path)
    for name in ("list_ws.py", "dag_ws.py", "fmt.py"):
        assert verdicts[name]["houston"] is True, verdicts[name]
        assert errors.get(name), (name, errors)  # still Houston's: its typo is an error
        said = " ".join(verdicts[name]["evidence"])
        assert "environment variable houston" not in said and "setting houston " not in said, (name, said)
    assert "config section houston" in " ".join(verdicts["list_ws.py"]["evidence"]), verdicts["list_ws.py"]
    assert "Airflow Variable houston_url" in " ".join(verdicts["dag_ws.py"]["evidence"]), verdicts["dag_ws.py"]
    assert "houston.{DOMAIN}/v1" in " ".join(verdicts["fmt.py"]["evidence"]), verdicts["fmt.py"]


def test_f20_a_plus_chain_url_is_quoted_whole(tmp_path):
    (tmp_path / "list_ws.py").write_text('''import os, requests

URL = 'https://houston.' + os.environ['BASEDOMAIN'] + '/v1'
r = requests.post(URL, json={'query': 'query { workspaces { id label } }'},
                  headers={'authorization': os.environ['HOUSTON_API_TOKEN']})
''', encoding="utf-8")
    verdicts, errors, completed = _check(tmp_path)
    document = verdicts["list_ws.py"]
    assert document["houston"] is True, document
    said = document["evidence"]
    whole = "houston.{os.environ['BASEDOMAIN']}/v1"
    assert any(e.startswith(f"url {whole} ") for e in said), said
    assert any(f"Houston endpoint named in the file: {whole} " in e for e in said), said
    assert not any("houston. " in e for e in said), said
