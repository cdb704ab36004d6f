"""Recall on real Houston documents (issue 12): single-token mutations are reported where they were made.

Every real Houston document we have (``tests/corpus/real_documents``, sent by
astro-cli to ``https://houston.<domain>/v1``; the scripts corpus; the
examples) is mutated one token at a time:

* a typo in a root field, a nested field, an argument name, an enum value or
  a type name: expected an error on the mutated line;
* a dropped brace or parenthesis: expected a syntax error in that document
  (where the parser notices a missing ``}`` is usually further down, at the
  next token it cannot place, so its line is not the mutated one).

Each mutant is embedded the way the original was sent (a real document is
posted to a Houston URL with ``requests``; a script keeps its own code) and
checked by the installed console script, the real documents at the platform
version they were written for.  The unmutated originals must give no error.
Mutations are enumerated exhaustively and sampled deterministically (every
n-th) to keep the run short.  The test prints recall and every miss.
"""

import json
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))
REAL = sorted((ROOT / "tests" / "corpus" / "real_documents").glob("*.graphql"))
SCRIPTS = sorted((ROOT / "tests" / "corpus" / "scripts").glob("*.py")) + sorted((ROOT / "examples").glob("*.py"))
PER_DOCUMENT = 12  # mutations kept per real document (all of them when fewer)
PER_SCRIPT_DOCUMENT = 10
REQUIRED_RECALL = 0.99
EMBED = 'import requests\n\nQUERY = r"""{document}"""\n\nrequests.post("https://houston.example.com/v1", json={{"query": QUERY}})\n'
EMBED_LINE = 2  # document line 1 is file line 3: the offset to add


def _typo(name: str) -> str:
    """A misspelling no schema has: a letter doubled and one inserted."""
    return name[:-1] + "q" + name[-1] + "q"


def mutations(text: str):
    """(kind, start, end, replacement) for every mutable token of a document (document offsets)."""
    from graphql import (
        ArgumentNode, EnumValueNode, FieldNode, NamedTypeNode, OperationDefinitionNode, Visitor, parse, visit,
    )
    from graphql.language import Lexer, Source, TokenKind

    document = parse(text)
    roots = {id(s) for d in document.definitions if isinstance(d, OperationDefinitionNode) for s in d.selection_set.selections}
    found = []

    class Collect(Visitor):
        def enter_field(self, node: FieldNode, *_):
            if node.name.value != "__typename":
                kind = "root field" if id(node) in roots else "nested field"
                found.append((kind, node.name.loc.start, node.name.loc.end, _typo(node.name.value)))

        def enter_argument(self, node: ArgumentNode, *_):
            found.append(("argument name", node.name.loc.start, node.name.loc.end, _typo(node.name.value)))

        def enter_enum_value(self, node: EnumValueNode, *_):
            found.append(("enum value", node.loc.start, node.loc.end, _typo(node.value)))

        def enter_named_type(self, node: NamedTypeNode, *_):
            found.append(("type name", node.name.loc.start, node.name.loc.end, _typo(node.name.value)))

    visit(document, Collect())
    lexer = Lexer(Source(text))
    token = lexer.advance()
    while token.kind != TokenKind.EOF:
        if token.kind in (TokenKind.BRACE_L, TokenKind.BRACE_R, TokenKind.PAREN_L, TokenKind.PAREN_R):
            found.append(("dropped " + text[token.start], token.start, token.end, ""))
        token = lexer.advance()
    return found


def sample(items, keep):
    items = sorted(items, key=lambda m: (m[1], m[0]))
    if len(items) <= keep:
        return items
    step = len(items) / keep
    return [items[int(i * step)] for i in range(keep)]


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


_SCHEMAS = {}
_CANDIDATES = []


def version_of(text: str) -> str:
    """The first platform version (the default, then newest first) whose schema validates the document."""
    from graphql import parse, validate

    from codemods.schema_versions import DEFAULT_VERSION, boundaries, bundled_sdl, derive, format_version

    if not _CANDIDATES:
        _CANDIDATES.extend([DEFAULT_VERSION] + [format_version(v) for v in reversed(boundaries(bundled_sdl()))])
    document = parse(text)
    for version in _CANDIDATES:
        if version not in _SCHEMAS:  # each version's schema built once (derive's own cache is small)
            _SCHEMAS[version] = derive(bundled_sdl(), version, "bundled").schema
        if not validate(_SCHEMAS[version], document):
            return version
    return DEFAULT_VERSION


def check(directory: Path, version=None):
    args = [CLI, "check", "--format", "json", "-j", "2", str(directory)]
    if version:
        args[2:2] = ["--houston-version", version]
    completed = subprocess.run(args, capture_output=True, text=True, timeout=600)
    assert completed.returncode in (0, 1), completed.stderr[-2000:]
    errors = defaultdict(list)
    for finding in json.loads(completed.stdout)["findings"]:
        if finding["severity"] == "error":
            errors[Path(finding["path"]).name].append(finding)
    return errors


def _script_mutants(path: Path):
    """Mutants of a script: each token edited in the file itself, where the token is written as is."""
    from codemods.pipeline import _parse_python
    from codemods.source_file import SourceFile
    from codemods.sources.python import PythonDocumentFinder

    data = path.read_bytes()
    source_file = SourceFile.from_bytes(path.name, data, python=True)
    finder = PythonDocumentFinder(source_file, _parse_python(source_file.text))
    from graphql import GraphQLError

    for source in finder.sources():
        try:
            found = mutations(source.text)
        except GraphQLError:
            continue  # a fragment of a larger template, not a document of its own
        if source.ignored:
            continue
        for kind, start, end, new in sample(found, PER_SCRIPT_DOCUMENT):
            spans = source.text_map.file_spans(start, end)
            if len(spans) != 1 or spans[0][1] - spans[0][0] != end - start or source.text_map.hole_at(start, end):
                continue  # written with escapes, split, or in a template hole: not a one-token edit of the file
            file_start, file_end = spans[0]
            text = source_file.text[:file_start] + new + source_file.text[file_end:]
            yield kind, source_file.line_col(file_start)[0], text, source_file.encoding


@pytest.fixture(scope="module")
def recall(tmp_path_factory):
    base = tmp_path_factory.mktemp("mutants")
    cases = {}  # file name -> (version, kind, origin, expected line, syntax?)
    by_version = defaultdict(list)
    for path in REAL:
        text = path.read_text(encoding="utf-8")
        version = version_of(text)
        by_version[version].append((path, text))
    originals_errors = {}
    for version, documents in by_version.items():
        original_dir = base / f"originals-{version}"
        mutant_dir = base / f"mutants-{version}"
        original_dir.mkdir()
        mutant_dir.mkdir()
        for index, (path, text) in enumerate(documents):
            (original_dir / f"o{index}.py").write_text(EMBED.format(document=text), encoding="utf-8")
            for number, (kind, start, end, new) in enumerate(sample(mutations(text), PER_DOCUMENT)):
                name = f"m{index}_{number}.py"
                (mutant_dir / name).write_text(EMBED.format(document=text[:start] + new + text[end:]), encoding="utf-8")
                cases[(version, name)] = (kind, path.name, line_of(text, start) + EMBED_LINE)
        originals_errors.update({(version, k): v for k, v in check(original_dir, version).items()})
        for name, errors in check(mutant_dir, version).items():
            cases.setdefault((version, name), None)
            cases[(version, name, "errors")] = errors
    script_dir = base / "scripts"
    script_dir.mkdir()
    for index, path in enumerate(SCRIPTS):
        for number, (kind, line, text, encoding) in enumerate(_script_mutants(path)):
            name = f"s{index}_{number}.py"
            (script_dir / name).write_bytes(text.encode(encoding or "utf-8"))
            cases[("script", name)] = (kind, path.name, line)
    for name, errors in check(script_dir).items():
        cases[("script", name, "errors")] = errors
    # Copies outside the checkout: a folder inside a git work tree is judged with the whole project as
    # context (run_context), which would index the test suite itself on every run.
    script_originals = check(shutil.copytree(ROOT / "tests" / "corpus" / "scripts", base / "original_scripts"))
    script_originals.update(check(shutil.copytree(ROOT / "examples", base / "examples")))
    return cases, originals_errors, script_originals


def test_originals_have_no_error(recall):
    _cases, originals, scripts = recall
    assert dict(originals) == {} and dict(scripts) == {}


def test_mutations_are_reported_at_the_mutated_line(recall):
    cases, _originals, _scripts = recall
    tally = defaultdict(lambda: [0, 0])
    misses = []
    for key, case in cases.items():
        if len(key) == 3:
            continue
        kind, origin, line = case
        errors = cases.get(key + ("errors",), [])
        syntax = kind.startswith("dropped")
        caught = any(e["code"] == "graphql-syntax" for e in errors) if syntax else any(e["line"] == line for e in errors)
        tally[kind][0] += caught
        tally[kind][1] += 1
        if not caught:
            misses.append(f"{origin}: {kind} at line {line}: {[(e['line'], e['message'][:70]) for e in errors] or 'no error'}")
    caught = sum(c for c, _ in tally.values())
    total = sum(t for _, t in tally.values())
    print(f"\nmutation recall: {caught}/{total} = {caught / total:.2%}")
    for kind, (c, t) in sorted(tally.items()):
        print(f"  {kind:14} {c}/{t}")
    for miss in misses:
        print("  miss:", miss)
    assert total >= 3000
    assert caught / total >= REQUIRED_RECALL, "\n".join(misses[:40])
