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
