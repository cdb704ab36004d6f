"""Red team 18, report 12, class A (F8, F9, F11-F15, F18): a run-time URL wrapped in a string normaliser.

``os.environ["HOUSTON_URL"].rstrip("/")``, ``str(...)``, ``urljoin(env, "v1")``, ``posixpath.join``,
``self.url = url.rstrip("/")`` (or a URL built over the constructor's parameter, ``f"{url}/v1"``)
in a client's ``__init__``, ``URL.strip()`` at the send, a URL from a
Django setting or a loaded config bound to a name, a helper's ``url=os.environ.get(...)`` default:
each is read through (codemods/destination/url_wrappers.py), for Houston's names (recall: the typo is
reported) and for another API's names in a file that also posts to Houston (precision: no error).

One ``check --format json`` run of the installed CLI over one tree of 27 small files.
"""

from verdicts_cli import check, write

GITHUB = '''
def github(q):
    return requests.post("https://api.github.com/graphql", json={"query": q}).json()
github("query { viewer { login } }")
'''

HOUSTON_HELPER = '''
HOUSTON_URL = "https://houston.astro.acme.com/v1"
def houston(q):
    return requests.post(HOUSTON_URL, json={"query": q}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()
houston("query { workspaces { id label } }")
'''

TYPO = 'platform("query { workspaces { id labl } }")\n'
FOREIGN = 'catalog("query { deployments { id name team } }")\n'


def _houston_file(binding: str, send: str = "URL") -> str:
    """A neutral helper posting to a wrapped Houston URL, beside a GitHub helper (a multi-API file)."""
    return (
        "import os, posixpath\nimport requests\nfrom urllib.parse import urljoin\nfrom django.conf import settings\n"
        f"{binding}\n"
        "def platform(q):\n"
        f"    return requests.post({send}, json={{\"query\": q}}, headers={{\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}}).json()\n"
        + GITHUB + TYPO
    )


def _foreign_file(binding: str, send: str = "CATALOG_URL") -> str:
    """Another API's helper posting to a wrapped run-time URL, in a file that also posts to Houston."""
    return (
        "import os, json, configparser, tomllib\nimport requests\nfrom urllib.parse import urljoin\n"
        "from dotenv import dotenv_values\nfrom django.conf import settings\n"
        f"{binding}\n"
        "def catalog(q):\n"
        f"    return requests.post({send}, json={{\"query\": q}}).json()\n"
        + HOUSTON_HELPER + FOREIGN
    )


CLIENT_CLASS = '''
class GraphQLClient:
    def __init__(self, url, token=None):
        self.url = url.rstrip("/")
        self.headers = {"authorization": token or ""}

    def query(self, q):
        return requests.post(self.url, json={"query": q}, headers=self.headers).json()["data"]
'''

BUILT_CLIENT = '''
class Built:
    def __init__(self, url, path="/v1"):
        self.url = f"{url.rstrip('/')}{path}"

    def query(self, q):
        return requests.post(self.url, json={"query": q}).json()["data"]
'''

RECALL = {
    "h_rstrip.py": _houston_file('URL = os.environ["HOUSTON_URL"].rstrip("/")'),
    "h_rstrip_v1.py": _houston_file('URL = os.environ["HOUSTON_URL"].rstrip("/") + "/v1"'),
    "h_get_strip.py": _houston_file('URL = os.environ.get("HOUSTON_URL", "").strip()'),
    "h_urljoin.py": _houston_file('URL = urljoin(os.environ["HOUSTON_URL"], "v1")'),
    "h_posixpath.py": _houston_file('URL = posixpath.join(os.getenv("HOUSTON_URL"), "v1")'),
    "h_str.py": _houston_file('URL = str(os.environ["HOUSTON_URL"])'),
    "h_chain.py": _houston_file('URL = os.environ["HOUSTON_URL"].strip().rstrip("/").lower()'),
    "h_at_send.py": _houston_file('URL = os.environ["HOUSTON_URL"]', send="URL.strip()"),
    "h_settings.py": _houston_file("URL = settings.HOUSTON_URL"),
    "h_host.py": _houston_file('HOST = os.environ["HOUSTON_HOST"]', send='f"https://{HOST}/v1"'),
    "h_function.py": (
        "import os\nimport requests\n"
        "def gql(url, q):\n    return requests.post(url, json={\"query\": q}).json()\n"
        "def main():\n"
        "    url = os.environ[\"HOUSTON_URL\"].rstrip(\"/\")\n"
        "    gql(url, \"query { workspaces { id labl } }\")\n"
        "    gql(\"https://api.github.com/graphql\", \"query { viewer { login } }\")\n"
    ),
    "h_init.py": (
        "import os\nimport requests\n" + CLIENT_CLASS
        + 'houston = GraphQLClient(os.environ["HOUSTON_URL"], os.environ["HOUSTON_API_TOKEN"])\n'
        + GITHUB + 'houston.query("query { workspaces { id labl } }")\n'
    ),
    "h_init_built.py": (
        "import os\nimport requests\n" + BUILT_CLIENT
        + 'houston = Built(os.environ["HOUSTON_URL"])\n'
        + GITHUB + 'houston.query("query { workspaces { id labl } }")\n'
    ),
}

PRECISION = {
    "o_rstrip.py": _foreign_file('CATALOG_URL = os.environ["CATALOG_URL"].rstrip("/")'),
    "o_get_strip.py": _foreign_file('CATALOG_URL = os.environ.get("CATALOG_URL", "").strip()'),
    "o_urljoin.py": _foreign_file('CATALOG_URL = urljoin(os.environ["CATALOG_BASE"], "query")'),
    "o_str.py": _foreign_file('CATALOG_URL = str(os.environ["CATALOG_URL"])'),
    "o_at_send.py": _foreign_file('CATALOG_URL = os.environ["CATALOG_URL"]', send="CATALOG_URL.rstrip('/')"),
    "o_settings.py": _foreign_file("CATALOG_URL = settings.CATALOG_GRAPHQL_URL"),
    "o_configparser.py": _foreign_file('cfg = configparser.ConfigParser(); cfg.read("app.ini"); CATALOG_URL = cfg["catalog"]["url"]'),
    "o_toml.py": _foreign_file('CATALOG_URL = tomllib.load(open("app.toml", "rb"))["catalog"]["url"]'),
    "o_json.py": _foreign_file('CATALOG_URL = json.load(open("config.json"))["catalog"]["url"]'),
    "o_dotenv.py": _foreign_file('CATALOG_URL = dotenv_values(".env")["CATALOG_URL"]'),
    "o_default.py": (
        "import os\nimport requests\n"
        "def catalog(q, url=os.environ.get(\"CATALOG_URL\")):\n"
        "    return requests.post(url, json={\"query\": q}).json()\n"
        + HOUSTON_HELPER + FOREIGN
    ),
    "o_init.py": (
        "import os\nimport requests\n" + CLIENT_CLASS
        + 'inventory = GraphQLClient(os.environ["INVENTORY_GRAPHQL_URL"], os.environ["INVENTORY_TOKEN"])\n'
        + HOUSTON_HELPER + 'inventory.query("query { users { id email } }")\n'
    ),
    "o_init_built.py": (
        "import os\nimport requests\n" + BUILT_CLIENT
        + 'inventory = Built(os.environ["INVENTORY_BASE_URL"], "/query")\n'
        + HOUSTON_HELPER + 'inventory.query("query { users { id email } }")\n'
    ),
}

# Not a URL join: os.path.join builds a file path (a backslash on Windows), so it is not read through.
CONTROLS = {
    "c_os_path.py": _houston_file('URL = os.path.join(os.environ["HOUSTON_URL"], "v1")'),
}


def test_wrapped_run_time_urls_are_read_through(tmp_path):
    write(tmp_path, {**RECALL, **PRECISION, **CONTROLS})
    completed, verdicts, findings = check(tmp_path)
    assert completed.returncode == 1, completed.stderr
    flagged = {f["path"] for f in findings if f["severity"] == "error"}
    wrong = {}
    for path in RECALL:
        typo = [d for d in verdicts[path] if d["houston"] is not False]
        if len(typo) != 1 or typo[0]["houston"] is not True or path not in flagged:
            wrong[path] = [(d["line"], d["houston"], d["evidence"]) for d in verdicts[path]]
        elif "this document's send was not traced" in " ".join(typo[0]["evidence"]):
            wrong[path] = typo[0]["evidence"]  # the send is traced: the evidence must not say otherwise
    for path in PRECISION:
        own = [d for d in verdicts[path] if "workspaces" not in " ".join(d["evidence"])]
        if path in flagged or not own or any(d["houston"] is not False for d in own):
            wrong[path] = [(d["line"], d["houston"], d["evidence"]) for d in verdicts[path]]
    assert not wrong, wrong
    # the evidence names what the wrapped URL was read from
    said = {path: " ".join(e for d in verdicts[path] for e in d["evidence"]) for path in verdicts}
    assert 'os.environ["HOUSTON_URL"].rstrip("/")' in said["h_rstrip.py"]
    assert "settings.HOUSTON_URL" in said["h_settings.py"]
    assert "settings.CATALOG_GRAPHQL_URL" in said["o_settings.py"]
    assert 'os.environ.get("CATALOG_URL")' in said["o_default.py"]
    assert "INVENTORY_GRAPHQL_URL" in said["o_init.py"]
    # os.path.join is no URL join: the wrapped variable does not place its document on Houston
    assert [d["houston"] for d in sorted(verdicts["c_os_path.py"], key=lambda d: d["line"])] == [False, None], verdicts["c_os_path.py"]
