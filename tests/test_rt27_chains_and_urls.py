"""Red team 26, report 11a, f1 and f2.

f1: N lines of ``Q = Q + " f"`` (or ``API = API + "/"``) made ``check`` quadratic: each such line looked at
every earlier binding of the name (``PythonDocumentFinder._note_extended``); 25 s for 8,000 lines.  Each
binding is now looked at once.  The test counts lines of the tool's code run at N, 2N and 3N, never time.
f2: ``--schema 'http://localhost:Q\\@127.0.0.1:P/v1'`` (or a TAB before ``@``): every line named one host
while the request went to the other, and "not an http(s) URL" was said of a URL fetched all the same.  A URL
holding a backslash, whitespace or a control character is now refused in one line and nothing is fetched.
"""

from houston_server import HoustonServer
from trust_cli import run_cli
from work_count import lines_run, under


def _chain(n: int) -> bytes:
    return ('Q = "query Q { deployments { id "\n' + "".join(f'Q = Q + " f{k}"\n' for k in range(n)) + 'Q = Q + "} }"\n').encode()


def test_f1_a_name_rebuilt_from_itself_costs_linear_work(options):
    counts = [lines_run("chain.py", _chain(n), options, (under("sources"),)) for n in (300, 600, 900)]
    assert counts[1] > 1.5 * counts[0], counts
    assert abs(counts[2] - 2 * counts[1] + counts[0]) <= counts[0] // 20, counts


def test_f2_a_url_read_two_ways_is_refused_and_never_fetched(tmp_path):
    (tmp_path / "a.py").write_text('Q = "query { workspaces { id } }"\n')
    with HoustonServer(catalogue={}) as named, HoustonServer(catalogue={}) as other:
        port = named.url.split(":")[2].split("/")[0]
        host_port = other.url.split("//", 1)[1].split("/", 1)[0]
        for url in (f"http://{host_port}\\@127.0.0.1:{port}/v1", f"http://{host_port}\t@127.0.0.1:{port}/v1"):
            done = run_cli("check", "--no-cache", "--schema", url, "a.py", cwd=tmp_path,
                           env={"HOUSTON_API_TOKEN": "hx-test-token-5f1d2c9a"})
            assert done.returncode == 2, done.stderr
            assert "nothing was fetched" in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert named.requests == [] and other.requests == []
