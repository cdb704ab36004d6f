"""A run in which no file can hold a Houston document builds no cross-module index (issue 15, sparse row).

The index parses every module that imports another one of the run; on the standard library
(1,788 files, none with a document) that took ``check`` from 0.46 s to 6.6 s.  Every use of the
index is a document's, so a tree with none skips it.  Work is counted (modules the index reads),
never timed; the same tree with one Houston script still gets the index and its cross-module
verdict.
"""

from codemods.files import discover
from codemods.pipeline import BundledSchema, Options
from codemods.runner import Run, iter_results
from codemods.sources import cross_module
from codemods.versions import VersionTable


def _tree(root, n, houston=False):
    for i in range(n):
        (root / f"m{i}.py").write_text(f"from m{(i + 1) % n} import VALUE\nVALUE = {i}\n", encoding="utf-8")
    if houston:
        (root / "queries.py").write_text('CREATE = \'mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.4") { id } }\'\n', encoding="utf-8")
        (root / "main.py").write_text(
            "import os, requests\nfrom queries import CREATE\n"
            "requests.post(os.environ['HOUSTON_URL'], json={'query': CREATE})\n", encoding="utf-8")


def _reads(monkeypatch, root):
    reads = []
    real = cross_module._read_candidate

    def counting(path, read_bytes, prefilter):
        reads.append(path)
        return real(path, read_bytes, prefilter)

    monkeypatch.setattr(cross_module, "_read_candidate", counting)
    found = list(discover([str(root)]))
    options = Options(schema=BundledSchema(None), versions=VersionTable.bundled())
    results = list(iter_results(found, options, Run(), jobs=1))
    return reads, options, results


def test_no_document_in_sight_builds_no_cross_module_index(tmp_path, monkeypatch):
    _tree(tmp_path, 40)
    reads, options, results = _reads(monkeypatch, tmp_path)
    assert reads == [] and options.cross_module == {}
    assert len(results) == 40


def test_one_houston_script_still_gets_the_index(tmp_path, monkeypatch):
    _tree(tmp_path, 40, houston=True)
    reads, options, _ = _reads(monkeypatch, tmp_path)
    assert len(reads) >= 42  # every module read once, and the definer once more
    main = next(path for path in options.cross_module if path.endswith("main.py"))
    assert "CREATE" in options.cross_module[main]["imports"]


def _file_reads(monkeypatch, root):
    """Every read_bytes call of a run, by path (the runner and each index share the one reader)."""
    from codemods import files

    counted = []
    real = files.read_bytes

    def counting(path, *args, **kwargs):
        counted.append(path)
        return real(path, *args, **kwargs)

    import codemods.runner as runner
    monkeypatch.setattr(files, "read_bytes", counting)
    monkeypatch.setattr(runner, "read_bytes", counting)
    found = list(discover([str(root)]))
    options = Options(schema=BundledSchema(None), versions=VersionTable.bundled())
    results = list(iter_results(found, options, Run(), jobs=1))
    return counted, results


def test_a_sparse_tree_is_read_once(tmp_path, monkeypatch):
    # Before: the candidate test, the fragments index and the windows each read and
    # prefiltered every file (3 reads of each standard-library module).
    _tree(tmp_path, 40)
    counted, results = _file_reads(monkeypatch, tmp_path)
    assert len(counted) == 40 and len(set(counted)) == 40
    assert len(results) == 40 and not any(result.error for result in results)


def test_the_houston_script_of_a_sparse_tree_is_still_processed(tmp_path, monkeypatch):
    _tree(tmp_path, 40, houston=True)
    counted, results = _file_reads(monkeypatch, tmp_path)
    edited = [result for result in results if result.path.endswith("queries.py")]
    assert edited and edited[0].findings  # its createDeployment(airflowVersion:) is still reported
    assert counted.count(next(p for p in counted if p.endswith("queries.py"))) >= 2


def test_houston_in_prose_indexes_nothing(tmp_path, monkeypatch):
    # The standard library's logging module says "Houston, we have a problem": no module
    # importing it may be parsed for that (red team 12, F5's index is for names, hosts, calls).
    _tree(tmp_path, 40)
    (tmp_path / "m0.py").write_text('from m1 import VALUE\nlog = print\nlog("Houston, we have a %s" % {1: 2})\n', encoding="utf-8")
    reads, options, _ = _reads(monkeypatch, tmp_path)
    assert reads == [] and options.cross_module == {}


def test_a_houston_setting_indexes_only_its_importers(tmp_path, monkeypatch):
    _tree(tmp_path, 40)
    (tmp_path / "config.py").write_text('API = "https://houston.acme.com/v1"\n', encoding="utf-8")
    (tmp_path / "ws.py").write_text('import requests\nfrom config import API\nrequests.post(API, json={"q": "{ workspacz { id } }"})\n', encoding="utf-8")
    reads, options, _ = _reads(monkeypatch, tmp_path)
    assert sorted(p.rsplit("/", 1)[-1] for p in reads) == ["config.py", "config.py", "ws.py"]
    assert any(path.endswith("ws.py") for path in options.cross_module)
