"""Red team 28, report 12 ("Houston or not"), f6 f7 f8: a URL built from parts is read as the URL Python computes.

* f6: ``urljoin(BASE, "v1")``, ``urljoin(BASE, "/v1")`` and ``posixpath.join(BASE, "v1")`` over a Houston base were
  read as the bare base: "no endpoint path", undecided, the typo missed.
* f7: ``urlunsplit(("https", HOST, "/graphql", "", ""))`` / ``urlunparse`` of a ``houston.`` host were read by the host
  alone: a company's own service at ``/graphql`` was Houston's, with false errors.
* f8: the evidence quoted ``f"https://{HOST}:8443/graphql"`` for a ``+`` chain the file wrote, ``%(base)s/graphql``
  (judged another API's) for ``"%(base)s/graphql" % {"base": BASE}``, and the bare host for ``"{base}/v1".format(...)``.

One ``check`` run of the installed CLI over a tree of one script a folder (``TRUST_CLI_UNDER_TEST`` points it at
another install).
"""

import subprocess

from trust_cli import check_by_file

HEAD = "import os\nimport posixpath\nfrom urllib.parse import urljoin, urlunparse, urlunsplit\n\nimport requests\n\n"
HOUSTON = 'BASE = "https://houston.astro.acme-corp.com"\nHOST = "houston.astro.acme-corp.com"\n'
COMPANY = 'BASE = "https://houston.platform.acme-corp.net"\nHOST = "houston.platform.acme-corp.net"\n'
TYPO = 'Q = "query Ws { workspaces { id labell } }"\n'
OWN = 'Q = "query Ws { workspaces { id name owner { email } } }"\n'
SEND = 'requests.post(URL, json={"query": Q}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})\n'

# folder -> (URL expression, Houston's base or a company's, its query, the URL Python computes)
TO_HOUSTON = {
    "urljoin": ('urljoin(BASE, "v1")', HOUSTON, TYPO, "houston.astro.acme-corp.com/v1"),
    "urljoin_slash": ('urljoin(BASE, "/v1")', HOUSTON, TYPO, "houston.astro.acme-corp.com/v1"),
    "posixpath": ('posixpath.join(BASE, "v1")', HOUSTON, TYPO, "houston.astro.acme-corp.com/v1"),
    "at_call": (None, HOUSTON, TYPO, "houston.astro.acme-corp.com/v1"),
    "unsplit_v1": ('urlunsplit(("https", HOST, "/v1", "", ""))', HOUSTON, TYPO, "houston.astro.acme-corp.com/v1"),
    "format_named": ('"{base}/v1".format(base=BASE)', HOUSTON, TYPO, "houston.astro.acme-corp.com/v1"),
}
UNDECIDED = {
    "unsplit": ('urlunsplit(("https", HOST, "/graphql", "", ""))', COMPANY, OWN, "houston.platform.acme-corp.net/graphql"),
    "unparse": ('urlunparse(("https", HOST, "/api/query", "", "", ""))', COMPANY, OWN, "houston.platform.acme-corp.net/api/query"),
    "plus_port": ('"https://" + HOST + ":8443/graphql"', COMPANY, OWN, "houston.platform.acme-corp.net:8443/graphql"),
    "percent_named": ('"%(base)s/graphql" % {"base": BASE}', COMPANY, OWN, "houston.platform.acme-corp.net/graphql"),
    # urljoin's own semantics: a relative path replaces the base's last segment
    "urljoin_segment": ('urljoin(BASE + "/api", "graphql")', COMPANY, OWN, "houston.platform.acme-corp.net/graphql"),
}


def _tree(root):
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for name, (expression, base, query, _url) in {**TO_HOUSTON, **UNDECIDED}.items():
        folder = root / name
        folder.mkdir()
        if expression is None:  # written at the send
            body = HEAD + base + query + SEND.replace("(URL,", '(urljoin(BASE, "v1"),')
        else:
            body = HEAD + base + f"URL = {expression}\n" + query + SEND
        (folder / "s.py").write_text(body, encoding="utf-8")
    return root


def test_a_url_built_from_parts_is_judged_and_quoted_as_python_computes_it(tmp_path):
    verdicts, errors, _completed = check_by_file(_tree(tmp_path))
    for name, (expression, _base, _query, url) in TO_HOUSTON.items():
        document = verdicts[f"{name}/s.py"]
        assert document["houston"] is True, (name, document["evidence"])
        assert any(f"url {url} (call at line" in item for item in document["evidence"]), (name, document["evidence"])
        assert not any("no endpoint path" in item for item in document["evidence"]), (name, document["evidence"])
        if "labell" in (TO_HOUSTON[name][2]):
            assert any("'labell'" in message for message in errors.get(f"{name}/s.py", [])), (name, errors)
    for name, (expression, _base, _query, url) in UNDECIDED.items():
        document = verdicts[f"{name}/s.py"]
        assert document["houston"] is None, (name, document["evidence"])
        assert not errors.get(f"{name}/s.py"), (name, errors)
        said = [item for item in document["evidence"] if item.startswith("url ")]
        assert said and all(item.startswith(f"url {url}") for item in said), (name, document["evidence"])
        assert not any("{" in item.split(" (", 1)[0] or "%(" in item for item in document["evidence"]), (name, document["evidence"])
