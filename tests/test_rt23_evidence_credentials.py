"""Red team 22, report 11a, f7: a URL's password, query key or parameters never reach a report's evidence.

Evidence quotes the scanned files' URLs.  The plain ``url ...`` evidence already kept only host and
path, but two other kinds quoted more: a helper module's send ("sent by post() of houston_client.py,
which posts to https://svc:PASS@houston.../v1?api_key=...") and the file context ("Houston endpoint
named in the file: houston.acme.com/v1?api_key=..."), in ``--format json``, ``--explain`` and the HTML
report people share.  Every evidence line is now cut to scheme, host and path, whatever kind made it.
"""

import re

from trust_cli import run_cli

# The HTML report's evidence cells (its diff shows the file's own lines, which are the user's code, not evidence).
HTML_EVIDENCE = re.compile(r'class="evidence[^>]*>([^<]*)')

SECRETS = ("Pa55w0rdXYZ", "api_key", "hx_0a1b2c3d4e5f6789", "hx_9f8a7b6c5d4e3f21", "jsessionid", "SESSIONSECRET")

CREATE = 'mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.4-11") { id } }'
ENDPOINTS = f'''import requests

CREATE = '{CREATE}'
ENDPOINTS = {{
    "prod": "https://houston.acme.com/v1?api_key=hx_9f8a7b6c5d4e3f21",
    "dev": "https://houston.dev.acme.com/v1;jsessionid=SESSIONSECRET",
}}

def create(env):
    return requests.post(ENDPOINTS[env], json={{"query": CREATE}}).json()
'''
HELPER = '''import requests

def post(query, variables=None):
    return requests.post("https://svc-bot:Pa55w0rdXYZ@houston.acme.com/v1?api_key=hx_0a1b2c3d4e5f6789",
                         json={"query": query, "variables": variables or {}}).json()
'''
USER = f'''from houston_client import post

def create(ws):
    return post('{CREATE}')
'''


def _reports(tmp_path, *paths):
    outputs = []
    for args in (["--format", "json"], ["--format", "html"], ["--explain", paths[0]], ["--explain", paths[1]], ["--format", "sarif"]):
        done = run_cli("check", "--no-cache", "-j", "1", *args, *paths, cwd=tmp_path)
        assert done.returncode in (0, 1), done.stderr
        shown = "\n".join(HTML_EVIDENCE.findall(done.stdout)) if "html" in args else done.stdout
        outputs.append(shown + done.stderr)
    return outputs


def test_no_url_credential_in_any_evidence(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "deploy.py").write_text(ENDPOINTS)
    (tmp_path / "houston_client.py").write_text(HELPER)
    (tmp_path / "create.py").write_text(USER)
    outputs = _reports(tmp_path, "create.py", "deploy.py", "houston_client.py")
    joined = "\n".join(outputs)
    assert "houston.acme.com/v1" in joined and "sent by post() of houston_client.py" in joined  # the evidence is there
    assert "Houston endpoint named in the file" in joined and "class" not in outputs[1]
    for secret in SECRETS:
        assert secret not in joined, secret


def test_the_cut_keeps_hosts_ports_paths_and_template_fields():
    from codemods.houston_token import without_credentials as cut

    assert cut("posts to https://svc:pw@houston.acme.com/v1?k=1 (line 4)") == "posts to https://***@houston.acme.com/v1 (line 4)"
    assert cut("https://houston.acme.com:8443/v1#frag") == "https://houston.acme.com:8443/v1"
    assert cut("http://[::1]:8080/v1?x=1") == "http://[::1]:8080/v1"
    assert cut("https://houston.x:{port}/v1") == "https://houston.x:{port}/v1"
    assert cut("f\"https://houston.{os.environ['BASEDOMAIN']}/v1\"") == "f\"https://houston.{os.environ['BASEDOMAIN']}/v1\""
    assert cut("https://svc-bot:Pa55w0...") == "https://***"  # cut short inside the user information
    assert cut("named in the file: houston.acme.com/v1;jsessionid=S (line 5)") == "named in the file: houston.acme.com/v1 (line 5)"
    assert cut("posted to ENDPOINTS[env] (call at line 10)") == "posted to ENDPOINTS[env] (call at line 10)"
    # a password holding "/" or "@": the user information ends where shown() says, nothing of it is left
    assert cut("posts to https://bob:pa55/word@houston.x/v1") == "posts to https://***@houston.x/v1"
    assert cut("posts to https://a:p@ss@houston.x/v1") == "posts to https://***@houston.x/v1"
