"""The persistent result cache (issue 15), through the installed console script.

Work is counted, not timed: with ``HOUSTON_CODEMOD_CACHE_STATS=1`` each run ends
with ``cache: A analysed, C from cache, S stored (WHERE); tool ID`` on stderr, and
the tests read those numbers.  The tool's own code is part of every key, so a
test whose runs saw two tool ids (the checkout was edited meanwhile) is run again.
"""

import functools
import hashlib
import hmac
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SCRIPT = shutil.which("houston-codemod") or os.path.join(os.path.dirname(sys.executable), "houston-codemod")
CACHE = ".houston-codemod-cache"
FORMATS = ["text", "json", "sarif", "github", "github-review", "html", "rdjson"]

MIGRATE = '''import requests

HOUSTON = "https://houston.example.com/v1"
CREATE = """
mutation Create($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "l", type: "airflow", airflowVersion: "2.2.5") { id }
}
"""


def create(ws):
    return requests.post(HOUSTON, json={"query": CREATE, "variables": {"ws": ws}})
'''
# Houston's by its own words (deployments with releaseName), and broken: a field Houston's types lack
# would make a document with only its words to go on undecided instead (red team 6, F1c).
BROKEN = "query Broken($nosuchfield: Int) {\n  deployments(releaseName: $nosuchfield) { id }\n}\n"
FIXED = "query Fixed($r: String) {\n  deployments(releaseName: $r) { id }\n}\n"


KEYS = {"home": None}  # the test's own XDG_CACHE_HOME: where the runs keep their signing key


def environment(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOUSTON_")}
    env["HOUSTON_CODEMOD_CACHE_STATS"] = "1"
    if KEYS["home"] is not None:
        env["XDG_CACHE_HOME"] = str(KEYS["home"])
    env.update(extra)
    return env


def read_entry(entry: Path) -> dict:
    return json.loads(entry.read_bytes().partition(b"\n")[2])


def write_entry(entry: Path, stored: dict, home=None) -> None:
    """Write an entry signed with the key of the runs of this test (or of ``home``)."""
    key = bytes.fromhex((Path(home or KEYS["home"]) / "houston-codemod" / "cache-key").read_text())
    payload = json.dumps(stored).encode()
    if entry.exists() or entry.is_symlink():
        entry.unlink()
    entry.write_bytes(hmac.new(key, payload, hashlib.sha256).hexdigest().encode() + b"\n" + payload)


TOOL_IDS = set()
STATS = re.compile(rb"cache: (\d+) analysed, (\d+) from cache, (\d+) stored \((.*)\); tool ([0-9a-f]+); workers (\d+)")


def run(*args, cwd, env=None, **extra):
    completed = subprocess.run(
        [SCRIPT, *map(str, args)], cwd=cwd, env=env or environment(**extra), capture_output=True, timeout=300
    )
    TOOL_IDS.update(found[4] for found in STATS.findall(completed.stderr))
    return completed


def stats(completed):
    """(analysed, from cache, stored, where) from the stats line."""
    found = STATS.findall(completed.stderr)
    assert len(found) == 1, completed.stderr
    analysed, cached, stored, where, _, _ = found[0]
    return int(analysed), int(cached), int(stored), where.decode()


def one_tool(test):
    """Run ``test`` again (in a fresh folder) if the tool's code changed during it."""

    @functools.wraps(test)
    def wrapper(tmp_path, *args, **kwargs):
        for attempt in range(4):
            TOOL_IDS.clear()
            folder = tmp_path / f"attempt-{attempt}"
            folder.mkdir()
            KEYS["home"] = folder / "xdg"
            try:
                return test(folder, *args, **kwargs)
            except AssertionError:
                if len(TOOL_IDS) <= 1 or attempt == 3:
                    raise
            finally:
                KEYS["home"] = None

    return wrapper


def without_stats(stderr: bytes) -> bytes:
    return b"".join(line for line in stderr.splitlines(True) if b"houston-codemod: cache: " not in line)


def project(tmp_path: Path, copies: int = 3) -> Path:
    root = tmp_path / "repo"
    (root / "scripts").mkdir(parents=True)
    (root / ".git").mkdir()  # the project root is the git work tree's top
    for n in range(copies):
        (root / "scripts" / f"migrate_{n}.py").write_text(MIGRATE.replace('"l"', f'"l{n}"'))
    (root / "scripts" / "broken.graphql").write_text(BROKEN)
    (root / "scripts" / "plain.py").write_text('print("no GraphQL here")\n')
    return root


def entries(root: Path):
    return sorted((root / CACHE / "entries").glob("*.json"))


def tool_id(completed) -> bytes:
    return STATS.findall(completed.stderr)[0][4]


def filled_then_warm(args, fill_args, root):
    """A run that fills the cache, then ``args`` served from it, by one build of the tool.

    The checkout may be edited by others between two runs (a new tool id, every entry a
    miss): the pair is made again until both runs saw the same build.
    """
    for _ in range(20):
        filled = run(*fill_args, cwd=root)
        warm = run(*args, cwd=root)
        if tool_id(filled) == tool_id(warm):
            return filled, warm
    raise AssertionError("the tool's code changed under every pair of runs")


@one_tool
def test_a_warm_check_prints_the_same_bytes_in_every_format(tmp_path):
    root = project(tmp_path)
    cold = run("check", "--format", "json", "scripts", cwd=root)
    assert stats(cold)[:3] == (4, 0, 4)  # plain.py fails the prefilter: never parsed, never stored
    for format_name in FORMATS:
        _, warm = filled_then_warm(["check", "--format", format_name, "scripts"], ["check", "scripts"], root)
        fresh = run("check", "--no-cache", "--format", format_name, "scripts", cwd=root)
        assert warm.returncode == fresh.returncode == 1  # broken.graphql has an error
        assert warm.stdout == fresh.stdout and warm.stdout, format_name
        assert without_stats(warm.stderr) == without_stats(fresh.stderr)
        assert stats(warm)[:3] == (0, 4, 0)
        assert stats(fresh)[:3] == (4, 0, 0) and stats(fresh)[3] == "off"


@one_tool
def test_rewrite_diff_and_check_are_served_warm_and_writing_never_reads_the_cache(tmp_path):
    root = project(tmp_path, copies=1)
    target = root / "scripts" / "migrate_0.py"
    cold = run("rewrite", "--diff", "scripts", cwd=root)
    warm = run("rewrite", "--diff", "scripts", cwd=root)
    assert cold.returncode == warm.returncode == 1  # would change a file
    assert cold.stdout == warm.stdout and b"+  createDeployment" in cold.stdout
    assert stats(warm)[:2] == (0, 2)
    listed = run("rewrite", "--check", "scripts", cwd=root)
    assert stats(listed)[:2] == (0, 2) and listed.stdout.strip() == b"scripts/migrate_0.py"
    # Poison our own cache's entry for the file with "nothing to change", keeping its key.
    for entry in entries(root):
        stored = read_entry(entry)
        if stored["key"]["path"].endswith("migrate_0.py"):
            stored["result"].update(n=None, f=[], d=[])
            write_entry(entry, stored)
    assert b"createDeployment" not in run("rewrite", "--diff", "scripts", cwd=root).stdout  # the poison is read
    written = run("rewrite", "scripts", cwd=root)
    assert stats(written)[3] == "off"
    assert "runtimeVersion" in target.read_text()  # rewrite recomputed the edit from the bytes it replaced


@one_tool
def test_a_changed_file_is_analysed_again_and_only_it(tmp_path):
    root = project(tmp_path)
    assert run("check", "scripts", cwd=root).returncode == 1
    (root / "scripts" / "broken.graphql").write_text(FIXED)
    again = run("check", "scripts", cwd=root)
    assert stats(again)[:3] == (1, 3, 1)
    assert again.returncode == 0 and b"nosuchfield" not in again.stdout
    (root / "scripts" / "broken.graphql").write_text(BROKEN)  # back to bytes seen before: served again
    back = run("check", "scripts", cwd=root)
    assert stats(back)[:2] == (0, 4) and back.returncode == 1 and b"nosuchfield" in back.stdout


@one_tool
def test_options_schema_tool_and_token_are_part_of_the_key(tmp_path):
    root = project(tmp_path, copies=1)
    assert stats(run("check", "scripts", cwd=root))[:2] == (2, 0)
    assert stats(run("check", "scripts", cwd=root))[:2] == (0, 2)
    # Another platform version: its own answers (under 0.29 the Runtime argument does not exist).
    old = run("check", "--houston-version", "0.28", "scripts", cwd=root)
    assert stats(old)[:2] == (2, 0)
    assert stats(run("check", "--houston-version", "0.28", "scripts", cwd=root))[:2] == (0, 2)
    # rewrite --diff validates nothing: not check's answers.
    assert stats(run("rewrite", "--diff", "scripts", cwd=root))[:2] == (2, 0)
    # A schema file: keyed by its content.
    from codemods.package_data import read_text

    sdl = root / "houston.graphql"
    sdl.write_text(read_text("houston.graphql"))
    assert stats(run("check", "--schema", sdl, "scripts", cwd=root))[:2] == (2, 0)
    assert stats(run("check", "--schema", sdl, "scripts", cwd=root))[:2] == (0, 2)
    sdl.write_text(read_text("houston.graphql") + "\ntype Extra {\n  x: Int\n}\n")
    assert stats(run("check", "--schema", sdl, "scripts", cwd=root))[:2] == (2, 0)
    # The tokens held (evidence is redacted with them when it is made).
    assert stats(run("check", "scripts", cwd=root, HOUSTON_API_TOKEN="tok-" + "x" * 30))[:2] == (2, 0)


@one_tool
def test_a_changed_tool_is_a_miss(tmp_path):
    """Entries of another build (here: another tool fingerprint written into the key) are never read."""
    root = project(tmp_path, copies=1)
    run("check", "scripts", cwd=root)
    for entry in entries(root):
        stored = read_entry(entry)
        stored["key"]["tool"] = "0" * 64
        stored["result"].update(n=None, f=[], d=[])
        write_entry(entry, stored)
    again = run("check", "scripts", cwd=root)
    assert stats(again)[:2] == (2, 0) and again.returncode == 1 and b"nosuchfield" in again.stdout


DAMAGES = ["truncate", "garbage", "empty", "other-key", "wrong-types", "nested", "fifo", "symlink", "huge-offsets",
           "unsigned", "other-signer"]


def damage(entry: Path, how: str, tmp_path: Path) -> None:
    raw = entry.read_bytes()
    stored = read_entry(entry)
    clean = dict(stored, result=dict(stored["result"], n=None, f=[], d=[]))
    entry.unlink()
    if how == "truncate":
        entry.write_bytes(raw[: len(raw) // 2])
    elif how == "garbage":
        entry.write_bytes(os.urandom(200))
    elif how == "empty":
        entry.write_bytes(b"")
    elif how == "other-key":
        write_entry(entry, dict(clean, key=dict(stored["key"], content="0" * 64)))
    elif how == "wrong-types":
        write_entry(entry, dict(stored, result=dict(stored["result"], f=[["x"] * 10])))
    elif how == "nested":
        key = bytes.fromhex((KEYS["home"] / "houston-codemod" / "cache-key").read_text())
        payload = b"[" * 100_000 + b"]" * 100_000
        entry.write_bytes(hmac.new(key, payload, hashlib.sha256).hexdigest().encode() + b"\n" + payload)
    elif how == "unsigned":
        entry.write_bytes(b"\n" + json.dumps(clean).encode())
    elif how == "other-signer":
        other = tmp_path / "other-xdg" / "houston-codemod"
        other.mkdir(parents=True, exist_ok=True)
        (other / "cache-key").write_text("ab" * 32)
        write_entry(entry, clean, home=tmp_path / "other-xdg")
    elif how == "fifo":
        os.mkfifo(entry)
    elif how == "symlink":
        elsewhere = tmp_path / "elsewhere.json"
        write_entry(elsewhere, clean)
        entry.symlink_to(elsewhere)
    elif how == "huge-offsets":
        for finding in stored["result"]["f"]:
            finding[8] = [[10**9, 10**9 + 1, "x"]]
        write_entry(entry, stored)


@one_tool
def test_a_damaged_entry_is_ignored_and_replaced(tmp_path):
    root = project(tmp_path, copies=len(DAMAGES))
    expected = run("check", "--no-cache", "--format", "json", "scripts", cwd=root)
    run("check", "--format", "json", "scripts", cwd=root)
    for entry in entries(root):
        name = os.path.basename(read_entry(entry)["key"]["path"])
        if name.startswith("migrate_"):
            damage(entry, DAMAGES[int(name[len("migrate_"):-3])], tmp_path)
    damaged = run("check", "--format", "json", "scripts", cwd=root)
    assert (damaged.returncode, damaged.stdout) == (expected.returncode, expected.stdout)
    assert b"Traceback" not in damaged.stderr
    assert stats(damaged)[:2] == (len(DAMAGES), 1)  # broken.graphql's entry was left whole
    again = run("check", "--format", "json", "scripts", cwd=root)
    assert again.stdout == expected.stdout
    assert stats(again)[:2] == (0, len(DAMAGES) + 1)  # each replaced by a whole entry (a rename replaces a link or FIFO)
    assert all(entry.is_file() and not entry.is_symlink() for entry in entries(root))
    assert read_entry(tmp_path / "elsewhere.json")["result"]["f"] == []  # the link's target untouched


@one_tool
def test_no_cache_and_the_environment_switch_create_nothing(tmp_path):
    root = project(tmp_path, copies=1)
    run("check", "--no-cache", "scripts", cwd=root)
    run("check", "scripts", cwd=root, HOUSTON_CODEMOD_NO_CACHE="1")
    run("rewrite", "--diff", "--no-cache", "scripts", cwd=root)
    assert not (root / CACHE).exists()


@one_tool
def test_the_default_place_is_the_project_root_and_git_ignores_it(tmp_path):
    root = tmp_path / "repo"
    (root / "deep" / "er").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "deep" / "er" / "q.graphql").write_text(BROKEN)
    first = run("check", ".", cwd=root / "deep" / "er")
    assert stats(first)[3] == str(root / CACHE)
    assert (root / CACHE / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (root / CACHE / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=root, capture_output=True,
                            text=True, check=True)
    assert status.stdout.splitlines() == ["?? deep/er/q.graphql"]
    # A pyproject.toml with the tool's table is the root, even inside a git tree.
    (root / "deep" / "pyproject.toml").write_text("[tool.houston-codemod]\n")
    second = run("check", ".", cwd=root / "deep" / "er")
    assert stats(second)[3] == str(root / "deep" / CACHE)
    # --cache-dir and the environment variable choose another place.
    chosen = run("check", "--cache-dir", tmp_path / "mine", ".", cwd=root / "deep" / "er")
    assert stats(chosen)[3] == str(tmp_path / "mine") and (tmp_path / "mine" / "entries").is_dir()
    env = run("check", ".", cwd=root / "deep" / "er", HOUSTON_CODEMOD_CACHE_DIR=str(tmp_path / "env"))
    assert stats(env)[3] == str(tmp_path / "env")


@one_tool
def test_a_planted_cache_cannot_make_an_error_pass(tmp_path):
    """A repository that commits a cache (entries with the right keys, saying "clean") is never
    trusted: its marker names another directory's inode, and even a marker forged with the
    right device and inode leaves entries signed with a key that is not the user's."""
    attacker = project(tmp_path / "attacker", copies=1)
    attacker_home = tmp_path / "attacker-xdg"
    run("check", "scripts", cwd=attacker, XDG_CACHE_HOME=str(attacker_home))
    for entry in entries(attacker):
        stored = read_entry(entry)
        stored["result"].update(n=None, f=[], d=[])
        write_entry(entry, stored, home=attacker_home)
    poisoned = run("check", "scripts", cwd=attacker, XDG_CACHE_HOME=str(attacker_home))
    assert poisoned.returncode == 0 and stats(poisoned)[:2] == (0, 2)  # the poison works where it was made
    # The poisoned cache travels in a commit: a fresh checkout is a copy with new inodes.
    victim = tmp_path / "victim"
    shutil.copytree(attacker, victim, symlinks=True)
    checked = run("check", "scripts", cwd=victim)
    assert checked.returncode == 1 and b"nosuchfield" in checked.stdout
    assert stats(checked)[:2] == (2, 0) and "not a cache this tool created here" in stats(checked)[3]
    assert sorted(p.name for p in (victim / CACHE / "entries").iterdir()) == sorted(p.name for p in entries(attacker))
    # The attacker predicted the inode: the marker is forged to match, the entries stay unsigned by us.
    marker = victim / CACHE / "houston-codemod-cache.json"
    status = os.lstat(victim / CACHE)
    marker.write_text(json.dumps(dict(json.loads(marker.read_text()), device=status.st_dev, inode=status.st_ino)))
    forged = run("check", "scripts", cwd=victim)
    assert forged.returncode == 1 and b"nosuchfield" in forged.stdout
    assert stats(forged)[:2] == (2, 0) and stats(forged)[3] == str(victim / CACHE)


@one_tool
def test_a_linked_foreign_or_unwritable_cache_leaves_the_run_as_it_is(tmp_path):
    root = project(tmp_path, copies=1)
    expected = run("check", "--no-cache", "scripts", cwd=root)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / CACHE).symlink_to(outside, target_is_directory=True)
    linked = run("check", "scripts", cwd=root)
    assert (linked.returncode, linked.stdout) == (expected.returncode, expected.stdout)
    assert "symbolic link" in stats(linked)[3] and list(outside.iterdir()) == []
    # A directory that cannot be created (a file is in the way): no cache, same answers.
    (tmp_path / "file").write_text("")
    blocked = run("check", "--cache-dir", tmp_path / "file" / "cache", "scripts", cwd=root)
    assert (blocked.returncode, blocked.stdout) == (expected.returncode, expected.stdout)
    assert stats(blocked)[:3] == (2, 0, 0)
    # A non-empty directory the tool did not create is not adopted (--cache-dir ~ must not fill a home).
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("mine\n")
    refused = run("check", "--cache-dir", home, "scripts", cwd=root)
    assert (refused.returncode, refused.stdout) == (expected.returncode, expected.stdout)
    assert sorted(p.name for p in home.iterdir()) == ["notes.txt"]
    # No place for the signing key (XDG_CACHE_HOME is a file): no cache, same answers.
    keyless = run("check", "scripts", cwd=root, XDG_CACHE_HOME=str(tmp_path / "file"))
    assert (keyless.returncode, keyless.stdout) == (expected.returncode, expected.stdout)
    assert stats(keyless)[:3] == (2, 0, 0) and "signing key" in stats(keyless)[3]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        other = tmp_path / "other"
        run("check", "--cache-dir", other, "scripts", cwd=root)
        os.chown(other, 65534, 65534)
        foreign = run("check", "--cache-dir", other, "scripts", cwd=root)
        assert "owned by another user" in stats(foreign)[3] and stats(foreign)[:2] == (2, 0)


@one_tool
def test_concurrent_runs_both_succeed_and_leave_a_usable_cache(tmp_path):
    root = project(tmp_path, copies=12)
    expected = run("check", "--no-cache", "--format", "json", "scripts", cwd=root)
    env = environment()
    runs = [
        subprocess.Popen([SCRIPT, "check", "--format", "json", "--jobs", str(jobs), "scripts"], cwd=root, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for jobs in (1, 2, 1)
    ]
    outputs = [process.communicate(timeout=300) for process in runs]
    for process, (stdout, stderr) in zip(runs, outputs):
        assert process.returncode == expected.returncode and stdout == expected.stdout, stderr
    warm = run("check", "--format", "json", "scripts", cwd=root)
    assert stats(warm)[:2] == (0, 13) and warm.stdout == expected.stdout
    assert not list((root / CACHE / "entries").glob("*.partial"))


@one_tool
def test_a_killed_run_leaves_a_usable_cache(tmp_path):
    root = project(tmp_path, copies=40)
    expected = run("check", "--no-cache", "--format", "json", "scripts", cwd=root)
    process = subprocess.Popen([SCRIPT, "check", "--format", "json", "--jobs", "2", "scripts"], cwd=root,
                               env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None and len(entries(root)) < 3:
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGKILL)  # the parent and its workers, mid-run
    process.wait()
    # Whatever the kill left (a partial file, some entries, none), plus a torn entry of our own:
    (root / CACHE / "entries" / ("f" * 64 + ".json")).write_bytes(b'{"key": {"format": 1, "pa')
    (root / CACHE / "entries" / "torn-1-abc.partial").write_bytes(b'{"key"')
    after = run("check", "--format", "json", "scripts", cwd=root)
    assert (after.returncode, after.stdout) == (expected.returncode, expected.stdout)
    analysed, cached, stored, _ = stats(after)
    assert analysed + cached == 41 and stored == analysed
    warm = run("check", "--format", "json", "scripts", cwd=root)
    assert stats(warm)[:2] == (0, 41) and warm.stdout == expected.stdout


def workers(completed) -> int:
    return int(STATS.findall(completed.stderr)[0][5])


@one_tool
def test_workers_store_what_they_compute_and_a_warm_run_starts_none(tmp_path):
    root = project(tmp_path, copies=20)
    cold = run("check", "--jobs", "2", "scripts", cwd=root)
    assert stats(cold)[:3] == (21, 0, 21) and workers(cold) == 2
    warm = run("check", "--jobs", "2", "scripts", cwd=root)
    assert stats(warm)[:3] == (0, 21, 0) and warm.stdout == cold.stdout
    assert workers(warm) == 0  # nothing left to parse: no pool, no schema built


def test_a_sparse_tree_starts_no_worker(tmp_path):
    """--jobs 2 costs what --jobs 1 does where (almost) nothing passes the prefilter."""
    root = tmp_path / "sparse"
    root.mkdir()
    for n in range(200):
        (root / f"m{n}.py").write_text(f"def f{n}(query):\n    return {{'q': query, 'n': {n}}}\n")
    (root / "one.graphql").write_text(BROKEN)  # one file that does need parsing
    sparse = run("check", "--no-cache", "--jobs", "2", ".", cwd=root)
    assert stats(sparse)[0] == 1 and workers(sparse) == 0
    assert sparse.stdout == run("check", "--no-cache", "--jobs", "1", ".", cwd=root).stdout


@one_tool
def test_a_dockerfile_is_never_served_from_the_cache(tmp_path):
    """Its result depends on other files: a workflow passing --build-arg over its ARG default."""
    root = tmp_path / "project"
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "Dockerfile").write_text("ARG IMAGE=quay.io/astronomer/ap-airflow:2.2.5-onbuild\nFROM ${IMAGE}\n")
    workflow = root / ".github" / "workflows" / "build.yml"
    workflow.write_text("on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
                        "      - run: docker build --build-arg IMAGE=x .\n")
    first = run("check", ".", cwd=root)
    assert b"review-ac-image-build-arg" in first.stdout and stats(first)[2] == 0
    workflow.write_text("on: push\n")  # the override is gone: so must the review be
    second = run("check", ".", cwd=root)
    assert b"review-ac-image-build-arg" not in second.stdout and b"migrate-ac-image" in second.stdout
    assert stats(second)[1] == 0


def test_prune_keeps_the_most_recently_used_entries(tmp_path):
    from codemods.cache import Cache

    cache = Cache.open(str(tmp_path / "c"), {"format": 1}, secret=b"k" * 32)
    from codemods.pipeline import FileResult

    names = []
    for n in range(10):
        data = f"x = {n}\n".encode()
        assert cache.put(f"f{n}.py", "python", data, FileResult(f"f{n}.py"))
        name = cache.key(f"f{n}.py", "python", data)[0]
        os.utime(tmp_path / "c" / "entries" / name, (1000 + n, 1000 + n))
        names.append(name)
    stale = tmp_path / "c" / "entries" / "old-1-x.partial"
    stale.write_text("")
    os.utime(stale, (1, 1))
    removed = cache.prune(max_entries=8)
    left = sorted(p.name for p in (tmp_path / "c" / "entries").iterdir())
    assert left == sorted(names[-6:])  # down to three quarters of the bound, oldest first
    assert removed == 5


FACTS = re.compile(rb"; facts (\d+) read, (\d+) answered")
LIST_QUERIES = 'LIST = """\nquery List {\n  workspaces { id deployments { id airflowVersion } }\n}\n"""\n'
SENDER = '''import requests

from queries import LIST

HOUSTON = "https://houston.example.com/v1"


def listing(token):
    return requests.post(HOUSTON, json={"query": LIST}, headers={"authorization": token})
'''


def facts(completed):
    """(read back, answered) of the run's per-module questions (the project index's)."""
    found = FACTS.findall(completed.stderr)
    assert len(found) == 1, completed.stderr
    return int(found[0][0]), int(found[0][1])


@one_tool
def test_the_project_index_reads_its_answers_back_and_asks_again_for_a_changed_module(tmp_path):
    """Issue 15: a warm run spent two thirds of its time placing where importers send what they import."""
    root = tmp_path / "repo"
    (root / "scripts").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "scripts" / "queries.py").write_text(LIST_QUERIES)
    (root / "scripts" / "send.py").write_text(SENDER)
    cold = run("check", "--format", "json", "scripts", cwd=root)
    assert facts(cold) == (0, 1)  # send.py: where it sends LIST
    warm = run("check", "--format", "json", "scripts", cwd=root)
    assert facts(warm) == (1, 0) and warm.stdout == cold.stdout and warm.returncode == cold.returncode
    assert b"sent by" in cold.stdout.lower() or b"imported by" in cold.stdout.lower()  # the answer shaped the verdict
    # A remembered answer is signed like a result: an edited one is a miss, asked again, and the verdict is the same.
    for entry in (root / CACHE / "entries").glob("fact-*.json"):
        stored = read_entry(entry)
        stored["answer"] = [["LIST", False, "posted to https://inventory.example.com/graphql"]]
        payload = json.dumps(stored).encode()
        entry.write_bytes(b"0" * 64 + b"\n" + payload)
    tampered = run("check", "--format", "json", "scripts", cwd=root)
    assert facts(tampered) == (0, 1) and tampered.stdout == cold.stdout
    # A changed importer is asked again; the unchanged answer of before is not reused for it.
    (root / "scripts" / "send.py").write_text(SENDER.replace("https://houston.example.com/v1", "https://inventory.example.com/graphql"))
    moved = run("check", "--format", "json", "scripts", cwd=root)
    assert facts(moved) == (0, 1) and moved.stdout != cold.stdout
