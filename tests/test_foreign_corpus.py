"""Precision on other people's GraphQL (issue 12): public projects that never talk to Houston.

GraphQL servers and their test suites, client libraries, and applications,
downloaded from PyPI as pinned releases (exact file, sha256 checked) and
cached outside the repository ($HOUSTON_CODEMOD_CORPUS_CACHE, default
~/.cache/houston-codemod-corpora); their code is not ours to commit.
Expected on every project: no document classified Houston, no finding,
``check`` exit 0 (so ``rewrite`` would change nothing: its edits are check's
``migrate-*`` findings).  The counts per project are
printed.  A download that fails or does not match its hash fails the test:
it never passes on an empty corpus.
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))
FILES = "https://files.pythonhosted.org/packages/"
# (project, version, file path under FILES, sha256).  Sdists where they ship their tests;
# saleor 2.10.1 (an e-commerce GraphQL application) only as a wheel on PyPI.
PROJECTS = [
    ("graphql-core", "3.3.2", "0d/11/511b9487dd338a9cd98a8040a1f20feaa99b2f2e4921c049cb9cbbff2870/graphql_core-3.3.2.tar.gz",
     "15d6eee7d4364fbc202833bc6bd0d504004d8ae7c0aaf620fa884d8e437622f2"),
    ("strawberry-graphql", "0.341.2", "ca/91/4c9344b92f3a8b24b6b34394de0bc32a96c2cfec08a89612e8ad15e63885/strawberry_graphql-0.341.2.tar.gz",
     "8073fae26510fb25394a6ea9dd0f4e23da6bc303312fff684f6a884d59eedb72"),
    ("ariadne", "1.1.1", "f1/81/0dd688084f4dcf1a65ab7d77f2ed51d60b9ab753238a83039056008ce421/ariadne-1.1.1.tar.gz",
     "72fd197925408520f3b22c718396bb3bdaf6ab5deca1cbd2ebb64be7e5b35358"),
    ("gql", "4.4.0", "85/95/15fdc8ef0b3a5333a019ad1ade6097b3251a599637e9d477e938da97a030/gql-4.4.0.tar.gz",
     "e54fe470d51347ceb46a04fc88c5553695d2d8c86b05bef13aeee8b8f2d5f61a"),
    ("tartiflette", "1.4.1", "9a/be/da5a9906a3fdce96776d6cc3b7df82ce5b0fd2a8a9ea7a768d2248702e6a/tartiflette-1.4.1.tar.gz",
     "d8c448621d0ae1c48385b6c1eaf7dd59156ddf0a087730fafbd038c2429c523c"),
    ("graphene", "3.4.3", "cc/f6/bf62ff950c317ed03e77f3f6ddd7e34aaa98fe89d79ebd660c55343d8054/graphene-3.4.3.tar.gz",
     "2a3786948ce75fe7e078443d37f609cbe5bb36ad8d6b828740ad3b95ed1a0aaa"),
    ("graphene-django", "3.2.3", "6f/7a/8aef131349329dcd167578720f6364412f1728bfda14bba22c1e7b5d8365/graphene-django-3.2.3.tar.gz",
     "d831bfe8e9a6e77e477b7854faef4addb318f386119a69ee4c57b74560f3e07d"),
    ("saleor", "2.10.1", "4c/cb/677a4ae6b0ba9ca8d7d97cd2ccf4b4a097209e2e6cd2a067b29a10629363/saleor-2.10.1-py3-none-any.whl",
     "ebf33a74d000dcee5298b728b1bb10321521feea74c94a28bf85da556bfd337c"),
    ("infrahub-sdk", "1.23.2", "75/db/daf79ea8beeab2cc942746f0651e5d0b86af9f7b801d4f605553ca2b57c0/infrahub_sdk-1.23.2.tar.gz",
     "7c7bbc99d37cc234b6bf944606919505efc7aef98ec07482b773202b336088ca"),
    ("dagster-graphql", "1.13.29", "c1/1d/3a4e4fbb2b212ace50f88d9e87df8f8639e5b2f3c8af078738411dff66eb/dagster_graphql-1.13.29.tar.gz",
     "4aa571efe699bf9681c31b82d585ab8f5ab41e094e99e6043ae9f26375935211"),
    ("arize-phoenix", "20.26.1", "aa/0f/2e90f0f258d09afee2d85f76e74b1eda9f27c224bd139b91cc638ac4cb26/arize_phoenix-20.26.1.tar.gz",
     "3b8e61b759746ec23bc260202049b60e64f032dd0a4d27b548a642fd1c061f62"),
    ("acryl-datahub", "1.7.0.17", "0d/05/7fe5daab6518c4e438e7ee7a1d0fbd62526144d40f1ed9882c06374baa85/acryl_datahub-1.7.0.17.tar.gz",
     "bf82ba81014fe7234b15f2e38d92ffd68d08b1742327262d6343e61ab7f473f4"),
    ("mlflow", "3.18.0", "02/c9/05391f9d8ec98f4040d1635067f18691c65dc145530b0cb65b77a88a4bb0/mlflow-3.18.0.tar.gz",
     "04e912d5b154b417c5930ba47ef3dc2f74738fb3ba93e3d70499955ec8884540"),
]
MIN_PY_FILES = 5000
DOWNLOAD_DEADLINE = 300  # seconds for one file, in total
KEPT = (".py", ".graphql", ".gql", ".ipynb")


def cache_dir() -> Path:
    return Path(os.environ.get("HOUSTON_CODEMOD_CORPUS_CACHE") or Path.home() / ".cache" / "houston-codemod-corpora")


def _download(url: str) -> bytes:
    deadline = time.monotonic() + DOWNLOAD_DEADLINE
    chunks = []
    with urllib.request.urlopen(url, timeout=60) as response:
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url}: not downloaded within {DOWNLOAD_DEADLINE} s")
            chunk = response.read(1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _members(data: bytes, name: str):
    """(relative path, bytes) of the files the tool reads, never outside the tree."""
    if name.endswith(".whl"):
        archive = zipfile.ZipFile(io.BytesIO(data))
        items = ((i.filename, lambda i=i: archive.read(i)) for i in archive.infolist() if not i.is_dir())
    else:
        tar = tarfile.open(fileobj=io.BytesIO(data))
        items = ((m.name, lambda m=m: tar.extractfile(m).read()) for m in tar.getmembers() if m.isfile())
    for path, read in items:
        parts = Path(path).parts
        if path.startswith("/") or ".." in parts or not path.endswith(KEPT):
            continue
        yield Path(*parts), read()


def fetch(project: str, version: str, path: str, sha256: str) -> Path:
    target = cache_dir() / f"{project}-{version}"
    if (target / ".complete").exists():
        return target
    data = _download(FILES + path)
    digest = hashlib.sha256(data).hexdigest()
    assert digest == sha256, f"{project} {version}: sha256 {digest}, pinned {sha256}"
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    for relative, content in _members(data, path):
        destination = partial / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(content)
    (partial / ".complete").write_text(sha256)
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return target


def run(*args):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def corpus():
    trees = {}
    failures = []
    for project, version, path, sha256 in PROJECTS:
        try:
            trees[f"{project} {version}"] = fetch(project, version, path, sha256)
        except Exception as exc:  # every failure is reported, then the test fails
            failures.append(f"{project} {version}: download failed: {type(exc).__name__}: {exc}")
    assert not failures, "\n".join(failures)
    return trees


def test_no_houston_document_and_no_finding_in_other_peoples_graphql(corpus):
    # One run over every project (start-up once), reported per project.  ``rewrite --check`` is not
    # run again: what it would change is exactly check's migrate-* findings, and none may exist.
    check = run("check", "--format", "json", "-j", "2", *corpus.values())
    report = json.loads(check.stdout)
    assert check.returncode == 0, check.stderr[-2000:]
    rows, problems = [], []
    total_py = 0
    for name, tree in corpus.items():
        mine = lambda item: Path(item["path"]).resolve().is_relative_to(tree.resolve())  # noqa: E731
        documents = [d for d in report["documents"] if mine(d)]
        findings = [f for f in report["findings"] if mine(f)]
        houston = [d for d in documents if d["houston"] is True]
        undecided = [d for d in documents if d["houston"] is None]
        py_files = sum(1 for _ in tree.rglob("*.py"))
        total_py += py_files
        rows.append(
            f"{name:28} {py_files:5} .py  {len(documents):4} documents  {len(houston)} Houston  "
            f"{len(undecided)} undecided  {len(findings)} findings"
        )
        if houston or findings:
            problems.append(f"{name}: Houston {[(d['path'], d['line'], d['evidence']) for d in houston][:5]}, "
                            f"findings {[(f['path'], f['line'], f['message']) for f in findings][:5]}")
    print("\n" + "\n".join(rows))
    print(f"total: {total_py} .py files, {len(report['documents'])} documents; check exit {check.returncode}")
    assert total_py >= MIN_PY_FILES
    assert problems == []
