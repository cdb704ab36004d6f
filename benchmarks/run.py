"""Benchmark houston-codemod against baselines measured in the same run.

    python benchmarks/run.py                  # full run (a few minutes on 2 cores)
    python benchmarks/run.py --quick          # part of the stdlib, 60 dense files
    python benchmarks/run.py --dense-files 500

Workloads:

* sparse: the CPython standard library of the running interpreter, where
  almost nothing is GraphQL.  ``check`` and ``rewrite --check`` (both read-only)
  are compared with a floor: one process reading every ``*.py`` file and
  running one regex over its bytes.
* dense: generated Houston scripts (in the corpora folder below), each a few
  hundred lines with several documents.  ``rewrite --diff`` is compared with
  LibCST's own codemod runner running a no-op command, and with LibCST
  parsing the same files serially in one process.
* scaling: ``rewrite --diff`` on the dense corpus with ``--jobs 2`` vs ``--jobs 1``,
  and ``check`` on the sparse tree with ``--jobs 2`` vs ``--jobs 1``.
* validation: ``check`` of 1,000 generated Houston ``.graphql`` documents vs
  ``graphql-inspector validate`` (npm @graphql-inspector/cli 5.x, installed into
  the corpora folder's ``npm`` when npm exists; the row is left out, and the run
  says so, when it does not).
* size: ``check`` of a ~1 MB sgqlc-codegen schema module
  (``sgqlc_houston_scaled.py.gz``, see ``make_sgqlc_module.py``) vs ``ast.parse``
  of it in a fresh interpreter.
* memory: ``rewrite --diff`` of one file with 20,000 documents (peak memory)
  vs the same with 10,000 (time: linear means about 2).
* regression: ``check`` of the prefilter's old exponential input (a ``{`` then
  many commented-out lines) vs the read-and-regex floor.
* warm: a second ``check`` of the unchanged dense corpus vs the first.

Every command runs as its own process; times are wall-clock seconds including
interpreter start-up, and peak memory is the largest resident set of the
process or any of its children (``wait4``).  Nothing is written outside the
corpora folder and a temporary directory.  The corpora folder is outside any checkout
(``$HOUSTON_CODEMOD_BENCH_CORPORA``, else ``$XDG_CACHE_HOME/houston-codemod/benchmark-corpora``):
a run inside a git work tree is judged with that project's files, which is not the workload.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from typing import Dict, List, Optional, Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import dense_corpus  # noqa: E402  (lives beside this script)
import generated  # noqa: E402

def _corpora_home() -> str:
    """Where the generated corpora and the npm install live: outside this checkout.  A file or folder
    inside a git work tree is judged with its project's files (codemods/run_context.py), so corpora
    kept in benchmarks/ measured this repository's tests and scripts as their context, and its
    scripts naming "docs.py" held the 20k-document file whole (red team 16 era figures)."""
    chosen = os.environ.get("HOUSTON_CODEMOD_BENCH_CORPORA")
    if chosen:
        return os.path.abspath(chosen)
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(cache, "houston-codemod", "benchmark-corpora")


CORPORA = _corpora_home()
QUICK_STDLIB = ["json", "email", "http", "logging", "asyncio", "unittest"]
TOOL_EXIT_CODES = (0, 1, 2)  # 1: findings/changes, 2: files that cannot be processed (the stdlib has some)
MEMORY_TARGET_MB = 200


@dataclass
class Sample:
    """One measured process."""

    seconds: float
    cpu_seconds: float  # user + system, the process and its children
    peak_mb: float
    exit_code: int
    stdout: bytes


@dataclass
class Row:
    workload: str
    command: str
    sample: Sample
    baseline: str
    base: Sample
    target: Optional[float]
    target_note: str = ""
    memory_target: float = 0  # MB; 0: the run's general MEMORY_TARGET_MB

    @property
    def ratio(self) -> float:
        return self.sample.seconds / self.base.seconds


def _peak_mb(usage) -> float:
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return usage.ru_maxrss / scale


def run_once(cmd: Sequence[str], cwd: str, env: Dict[str, str], ok: Sequence[int]) -> Sample:
    """Run ``cmd`` to completion; its wall time, peak RSS (self or any child) and stdout."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-2000:]
            raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(cmd)}\n{tail}")
        out.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        return Sample(seconds, cpu, _peak_mb(usage), proc.returncode, out.read())


def measure(cmd: Sequence[str], cwd: str, env: Dict[str, str], ok: Sequence[int] = (0,), repeat: int = 1) -> Sample:
    """The run with the best wall time of ``repeat``; peak memory is the largest seen."""
    samples = [run_once(cmd, cwd, env, ok) for _ in range(repeat)]
    best = min(samples, key=lambda s: s.seconds)
    return Sample(best.seconds, best.cpu_seconds, max(s.peak_mb for s in samples), best.exit_code, best.stdout)


def median_sample(samples: List[Sample]) -> Sample:
    """The run of median wall time (peak memory: the largest seen)."""
    ordered = sorted(samples, key=lambda s: s.seconds)
    middle = ordered[len(ordered) // 2]
    return Sample(middle.seconds, middle.cpu_seconds, max(s.peak_mb for s in samples), middle.exit_code, middle.stdout)


SHORT_PAIRS = 7  # a row whose commands take well under a second is measured as this many A, B pairs


def alternate(first, second, pairs: int = SHORT_PAIRS):
    """``first()`` and ``second()`` run in turn, A B A B ..., ``pairs`` times: each side's median run.

    A sub-second command's single time swings by a third on a shared machine (the sparse --jobs row
    read 1.28 in one run and 1.00 as the median of nine pairs), and best-of-N on one side against one
    run on the other is biased; medians of interleaved runs see the same drift on both sides."""
    a: List[Sample] = []
    b: List[Sample] = []
    for _ in range(pairs):
        a.append(first())
        b.append(second())
    return median_sample(a), median_sample(b)


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


class Bench:
    """The commands under test and their baselines, sharing one scratch directory."""

    def __init__(self, scratch: str, repeat: int) -> None:
        self.scratch = scratch
        self.repeat = repeat  # runs per dense measurement (best wall time kept)
        # No row may be served by the persistent cache except the warm one, which turns it on itself.
        self.env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", HOUSTON_CODEMOD_NO_CACHE="1")
        # The console script installed beside this interpreter, as a user's venv runs it;
        # not whatever PATH finds first (a pyenv shim adds a shell and ~60 ms).
        script = os.path.join(os.path.dirname(sys.executable), "houston-codemod")
        self.tool = [script] if os.access(script, os.X_OK) else [sys.executable, "-m", "codemods"]
        from codemods.files import SKIPPED_DIRECTORIES
        import codemods

        # An edited checkout's stale bytecode is compiled again by every measured process when the
        # environment says not to write it (PYTHONDONTWRITEBYTECODE, as here): 40 ms a run for
        # five edited modules, more than the whole sparse floor.  An installed wheel has it compiled.
        import compileall

        compileall.compile_dir(os.path.dirname(codemods.__file__), quiet=1)

        self.skip_json = json.dumps(sorted(SKIPPED_DIRECTORIES))

    def tool_run(self, args: List[str], paths: List[str], repeat: int = 1) -> Sample:
        progress(f"houston-codemod {' '.join(args)}")
        return measure(self.tool + args + paths, self.scratch, self.env, TOOL_EXIT_CODES, repeat)

    def baseline(self, mode: str, paths: List[str], repeat: int = 1) -> Sample:
        progress(f"baseline {mode}")
        cmd = [sys.executable, os.path.join(HERE, "baselines.py"), mode, self.skip_json] + paths
        return measure(cmd, self.scratch, self.env, (0,), repeat)

    def libcst_noop(self, paths: List[str], jobs: int, repeat: int = 1) -> Sample:
        """LibCST's runner with the no-op command, from benchmarks/ (its config: no formatter)."""
        progress(f"libcst.tool codemod -j {jobs} noop_codemod.NoOp")
        env = dict(self.env, PYTHONPATH=os.pathsep.join(filter(None, [HERE, self.env.get("PYTHONPATH")])))
        cmd = [sys.executable, "-m", "libcst.tool", "codemod", "-x", "noop_codemod.NoOp", "-j", str(jobs),
               "--no-format", "--hide-progress", "-u", "3"] + paths
        return measure(cmd, HERE, env, (0,), repeat)


def stdlib_paths(quick: bool) -> List[str]:
    """The sparse workload: a copy of this interpreter's standard library in the corpora folder.

    Not the installed folder itself: an interpreter installed by a git checkout (pyenv's) lies in
    a git work tree, and a folder inside one is judged with its whole project (every other Python
    version and site-packages of that checkout: 14,790 files read for 1,788, 8.3 s where the
    copy takes a fraction), which is not the workload this row measures."""
    root = _stdlib_copy()
    if not quick:
        return [root]
    return [os.path.join(root, name) for name in QUICK_STDLIB if os.path.isdir(os.path.join(root, name))]


def _stdlib_copy() -> str:
    source = sysconfig.get_paths()["stdlib"]
    target = os.path.join(CORPORA, f"stdlib-{platform.python_version()}")
    if not os.path.exists(os.path.join(target, ".complete")):
        partial = target + ".partial"
        shutil.rmtree(partial, ignore_errors=True)
        shutil.copytree(source, partial, symlinks=True,
                        ignore=shutil.ignore_patterns("site-packages", "dist-packages", "__pycache__"))
        open(os.path.join(partial, ".complete"), "w").close()
        shutil.rmtree(target, ignore_errors=True)
        os.rename(partial, target)
    return target


def sparse_rows(bench: Bench, paths: List[str]) -> List[Row]:
    bench.baseline("floor", paths)  # warm the page cache; not counted
    check, floor = alternate(lambda: bench.tool_run(["check", "--jobs", "2"], paths), lambda: bench.baseline("floor", paths))
    rewrite, floor2 = alternate(lambda: bench.tool_run(["rewrite", "--check", "--jobs", "2"], paths),
                                lambda: bench.baseline("floor", paths))
    base = "floor: read *.py + 1 regex, 1 process"
    return [
        Row("sparse", "check --jobs 2 STDLIB", check, base, floor, 2.0),
        Row("sparse", "rewrite --check --jobs 2 STDLIB", rewrite, base, floor2, 2.0),
    ]


def dense_rows(bench: Bench, directory: str) -> List[Row]:
    paths = [directory]
    bench.baseline("floor", paths)  # warm the page cache; not counted
    repeat = bench.repeat
    jobs2 = bench.tool_run(["rewrite", "--diff", "--jobs", "2"], paths, repeat)
    jobs1 = bench.tool_run(["rewrite", "--diff", "--jobs", "1"], paths, repeat)
    noop = bench.libcst_noop(paths, 2, repeat)
    parse = bench.baseline("parse", paths, repeat)
    command = "rewrite --diff --jobs 2 DENSE"
    return [
        Row("dense", command, jobs2, "libcst.tool codemod -j 2 NoOp", noop, 0.4),
        Row("dense", command, jobs2, "libcst.parse_module, serial, 1 process", parse, 1.2),
        Row("scaling", command, jobs2, "rewrite --diff --jobs 1 DENSE", jobs1, 0.6),
    ]


def generated_rows(bench: Bench, scratch: str, seed: int, quick: bool) -> List[Row]:
    """Issue 15's workloads: .graphql validation against graphql-inspector, a ~1 MB sgqlc
    schema module, 20,000 documents in one file, a warm re-run, the prefilter's old trap."""
    rows: List[Row] = []
    docs = generated.graphql_documents(os.path.join(CORPORA, f"graphql-1000-{seed}"), 1000, seed)
    docs_dir = os.path.dirname(docs[0])
    schema = os.path.join(os.path.dirname(HERE), "schema", "houston.graphql")
    inspector = graphql_inspector()
    check = bench.tool_run(["check", "--jobs", "2"], [docs_dir], bench.repeat)
    if inspector is None:
        progress("npm not found: the graphql-inspector row is left out")
        NOTES.append("graphql-inspector: npm is not installed here, so the validation row was not measured")
    else:
        progress("graphql-inspector validate")
        base = measure([inspector, "validate", os.path.join(docs_dir, "*.graphql"), schema], scratch, bench.env,
                       (0, 1), bench.repeat)
        rows.append(Row("validation", "check --jobs 2 GQL1000", check, f"graphql-inspector validate ({INSPECTOR})",
                        base, 0.8))
    module = generated.sgqlc_module(os.path.join(CORPORA, "sgqlc", "houston_scaled_schema.py"))
    sgqlc = bench.tool_run(["check", "--jobs", "1"], [module], bench.repeat)
    progress("ast.parse in a fresh interpreter")
    parse = measure([sys.executable, "-c", "import ast, sys; ast.parse(open(sys.argv[1], 'rb').read())", module],
                    scratch, bench.env, (0,), bench.repeat)
    rows.append(Row("size", "check SGQLC_1MB", sgqlc, "ast.parse of it, fresh interpreter", parse, 4.0))
    count = 2000 if quick else 20000
    many = generated.many_documents(os.path.join(CORPORA, f"many-{count}", "docs.py"), count, seed)
    half = generated.many_documents(os.path.join(CORPORA, f"many-{count // 2}", "docs.py"), count // 2, seed)
    big = bench.tool_run(["rewrite", "--diff", "--jobs", "1"], [many])
    small = bench.tool_run(["rewrite", "--diff", "--jobs", "1"], [half])
    rows.append(Row("memory", f"rewrite --diff DOCS_{count // 1000}K", big, f"the same, {count // 2} documents",
                    small, 2.2, "", 300))
    trap = generated.prefilter_trap(os.path.join(scratch, "trap", "trap.py"), 40)
    first, floor = alternate(lambda: bench.tool_run(["check", "--jobs", "1"], [trap]), lambda: bench.baseline("floor", [trap]))
    rows.append(Row("regression", "check PREFILTER_TRAP", first, "floor: read + 1 regex, 1 process", floor, 2.0))
    return rows


NOTES: List[str] = []
INSPECTOR = "@graphql-inspector/cli@5"


def graphql_inspector() -> Optional[str]:
    """graphql-inspector 5.x from npm, installed once into the corpora folder's npm; None without npm."""
    npm = shutil.which("npm")
    if npm is None:
        return None
    prefix = os.path.join(CORPORA, "npm")
    binary = os.path.join(prefix, "node_modules", ".bin", "graphql-inspector")
    if not os.path.exists(binary):
        progress(f"npm install {INSPECTOR} into {prefix}")
        subprocess.run([npm, "install", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel", "error",
                        INSPECTOR, "graphql@16"], check=True, stdout=subprocess.DEVNULL)
    return binary


def warm_rows(bench: Bench, directory: str, stdlib: List[str]) -> List[Row]:
    """A second check of an unchanged tree (the persistent cache, in a new folder: the first
    run fills it), and --jobs on a sparse one (no cache)."""
    cache = tempfile.mkdtemp(prefix="cache-", dir=bench.scratch)
    os.rmdir(cache)  # the tool creates it, and so owns it
    env = {k: v for k, v in bench.env.items() if k != "HOUSTON_CODEMOD_NO_CACHE"}
    command = bench.tool + ["check", "--jobs", "2", "--cache-dir", cache, directory]
    progress("houston-codemod check --jobs 2 --cache-dir CACHE DENSE (first, then second)")
    first = measure(command, bench.scratch, env, TOOL_EXIT_CODES)
    second = measure(command, bench.scratch, env, TOOL_EXIT_CODES, bench.repeat)
    if first.stdout != second.stdout:
        NOTES.append("warm: the second run's report differed from the first's (a cache bug)")
    sparse2, sparse1 = alternate(lambda: bench.tool_run(["check", "--jobs", "2"], stdlib),
                                 lambda: bench.tool_run(["check", "--jobs", "1"], stdlib))
    return [
        Row("warm", "check DENSE, second run", second, "check DENSE, first run (fills the cache)", first, 0.2),
        Row("scaling", "check --jobs 2 STDLIB", sparse2, "check --jobs 1 STDLIB", sparse1, 1.0),
    ]


def _target(row: Row) -> str:
    if row.target is None:
        return row.target_note
    verdict = "met" if row.ratio <= row.target else "missed"
    return f"<= {row.target:g} ({verdict})"


def _memory(row: Row) -> str:
    flag = "" if row.sample.peak_mb < (row.memory_target or MEMORY_TARGET_MB) else " (over)"
    return f"{row.sample.peak_mb:.0f}{flag} (base {row.base.peak_mb:.0f})"


def table(rows: List[Row]) -> str:
    lines = [
        "| workload | command | seconds | baseline | baseline seconds | ratio | target | peak MB | CPU s (base) |",
        "|---|---|---:|---|---:|---:|---|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.workload} | `{row.command}` | {row.sample.seconds:.2f} | {row.baseline} "
            f"| {row.base.seconds:.2f} | {row.ratio:.2f} | {_target(row)} | {_memory(row)} "
            f"| {row.sample.cpu_seconds:.2f} ({row.base.cpu_seconds:.2f}) |"
        )
    return "\n".join(lines)


def environment() -> str:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "?"

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"LibCST {version('libcst')}, graphql-core {version('graphql-core')}, "
        f"houston-codemod {version('houston-codemod')}, nproc {cores}, {platform.machine()} {platform.system()}"
    )


def corpus_summary(stdlib: List[str], dense: List[str], rows: List[Row]) -> List[str]:
    """What was measured: corpus sizes, what the tool did, how to read the columns."""
    lines = sum(open(p, encoding="utf-8").read().count("\n") for p in dense)
    size = sum(os.path.getsize(p) for p in dense) / 1e6
    diff = rows[2].sample.stdout
    changed = sum(line.startswith(b"+++ b/") for line in diff.splitlines())
    root = os.path.commonpath(stdlib) if len(stdlib) > 1 else stdlib[0]
    names = f" ({', '.join(os.path.basename(p) for p in stdlib)})" if len(stdlib) > 1 else ""
    exits = ", ".join(f"{r.command.replace(' --jobs 2', '')} -> {r.sample.exit_code}" for r in rows[:3])
    return [
        f"STDLIB: {root}{names}: {rows[0].base.stdout.decode().strip()}",
        f"DENSE: {len(dense)} generated scripts, {lines} lines, {size:.1f} MB; rewrite --diff changes {changed} files",
        f"exit codes: {exits} (1 = findings/changes, 2 = unparseable files: expected)",
        f"seconds: wall clock incl. start-up (sparse, regression and sparse scaling rows: medians of {SHORT_PAIRS} "
        f"interleaved pairs); peak MB: largest RSS of the process or any child, "
        f"target < {MEMORY_TARGET_MB}; CPU s: user+sys of the process tree",
    ]


def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="part of the stdlib and 60 dense files")
    parser.add_argument("--dense-files", type=int, default=None, metavar="N", help="dense corpus size (default 300)")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="runs per dense measurement, best wall time kept (default 1)")
    parser.add_argument("--seed", type=int, default=20240601, help="random seed of the dense corpus")
    return parser.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    count = args.dense_files or (60 if args.quick else 300)
    dense_dir = os.path.join(CORPORA, f"dense-{count}-{args.seed}")
    progress(f"generating {count} dense scripts in {dense_dir}")
    dense = dense_corpus.build(dense_dir, count, args.seed)
    stdlib = stdlib_paths(args.quick)
    with tempfile.TemporaryDirectory(prefix="houston-bench-") as scratch:
        bench = Bench(scratch, max(args.repeat, 1))
        rows = sparse_rows(bench, stdlib) + dense_rows(bench, dense_dir)
        rows += generated_rows(bench, scratch, args.seed, args.quick) + warm_rows(bench, dense_dir, stdlib)
    print(table(rows))
    print()
    print(environment())
    for line in corpus_summary(stdlib, dense, rows):
        print(line)
    for note in NOTES:
        print(note)
    print(f"total wall time: {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
