"""Issue 11, class 9: every regular expression in ``codemods/`` is linear-time.

Python's ``re`` backtracks, so a pattern that can match one text in many ways
(``(?:\\s|#[^\\n]*)*``: a comment may end anywhere, then a space, then ``#``
again) is exponential, and two unbounded runs that can trade characters
(``\\s*[^'"]*houston``) are quadratic.  0.1.0's prefilter took 37 s on eight
commented lines after a ``{`` and 53 s on a real file (antlr4's RuleContext.py).

Two static checks run over every pattern the package compiles or passes to
``re`` (found by importing every module and by reading every ``re.*`` call):

* regexploit, a ReDoS analyser (exponential and cubic shapes);
* our own check of the quadratic shape regexploit does not report: an
  unbounded repeat followed, with nothing mandatory in between, by another
  unbounded repeat whose first character the first one can consume.

And the installed command runs on adversarial files of 64-100 KB shaped after
each fixed pattern, under a subprocess timeout that only an exponential or
quadratic blow-up can reach (0.1.0 needed about a day for 12 lines).
"""

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from trust_cli import run_cli

import codemods

try:  # Python 3.11+
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.9/3.10
    import sre_constants
    import sre_parse

PACKAGE = Path(codemods.__file__).parent


def _patterns():
    """(where, pattern) for every module-level compiled pattern and every literal passed to ``re.*``."""
    found = {}
    for info in pkgutil.walk_packages(codemods.__path__, "codemods."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found[f"{info.name}.{name}"] = value
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if not (isinstance(node.func.value, ast.Name) and node.func.value.id == "re"):
                continue
            if node.func.attr in ("escape", "error", "Pattern", "Match"):
                continue
            where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
            argument = node.args[0] if node.args else None
            if isinstance(argument, ast.Constant) and isinstance(argument.value, (str, bytes)):
                flags = 0
                found[where] = re.compile(argument.value, flags)
            elif _is_join(argument):
                # "|".join(parts): the parts are the module's string constants; check all of
                # them as one alternation (a pattern with fewer branches is no worse).
                module = importlib.import_module(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
                parts = [
                    value for name, value in sorted(vars(module).items())
                    if isinstance(value, str) and re.fullmatch(r"_?[A-Z][A-Z0-9_]*", name) and _compiles(value)
                ]
                found[f"{where} (every string constant of its module, joined)"] = re.compile("|".join(parts))
            elif argument is not None and _literal_with_escapes(argument) is not None:
                # Built from literals and re.escape(...): an escaped name is a plain literal word.
                found[where] = re.compile(_literal_with_escapes(argument))
            else:
                # Anything else must be a module-level constant, which the import above collected.
                found.setdefault(f"computed:{where}", None)
    return found


def _is_join(node) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join"
        and isinstance(node.func.value, ast.Constant) and node.func.value.value == "|"
    )


def _compiles(text: str) -> bool:
    try:
        re.compile(text)
    except re.error:
        return False
    return True


def _literal_with_escapes(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "escape":
        return "escapedname"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant):
        return node.left.value.replace("%s", "escapedname")  # "...(?:%s)..." % "|".join(re.escape(n) ...)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal_with_escapes(node.left), _literal_with_escapes(node.right)
        return None if left is None or right is None else left + right
    return None


PATTERNS = _patterns()


def test_every_computed_pattern_is_a_module_constant():
    computed = [where for where, pattern in PATTERNS.items() if where.startswith("computed:")]
    collected = {id(p) for p in PATTERNS.values() if p is not None}
    # Each computed call site must be the one that built a collected module-level pattern.
    for where in computed:
        path, line = where[len("computed:"):].rsplit(":", 1)
        source = (PACKAGE.parent / path).read_text("utf-8").splitlines()[int(line) - 1]
        assert re.match(r"_?[A-Z][A-Z0-9_]* = re\.compile\(", source), f"{where}: a computed pattern that is not a module constant"
    assert collected


def test_the_collection_sees_the_prefilter_and_the_scanners():
    assert "codemods.prefilter._DOCUMENT_START" in PATTERNS
    assert len([p for p in PATTERNS.values() if p is not None]) >= 20


def _text(pattern: re.Pattern) -> str:
    return pattern.pattern.decode("latin-1") if isinstance(pattern.pattern, bytes) else pattern.pattern


@pytest.mark.parametrize("where", sorted(w for w, p in PATTERNS.items() if p is not None))
def test_regexploit_finds_no_redos(where):
    from regexploit.ast import sre
    from regexploit.redos import find

    pattern = PATTERNS[where]
    for text in _regexploit_units(pattern):
        parsed = sre.SreOpParser().parse_sre(text, pattern.flags & re.IGNORECASE)
        assert list(find(parsed)) == [], f"{where}: {text!r} is exponential or cubic"


_WINDOW = 5


def _regexploit_units(pattern: re.Pattern) -> list:
    """The texts regexploit analyses for ``pattern``: the pattern itself, except for the
    prefilter's spelled image word, which is analysed as every run of ``_WINDOW`` consecutive
    characters of the word, spelled the same way.

    Why: regexploit's own run time grows about fivefold with each optional continuation gap
    of ``prefilter._spelled`` (4 gaps 0.2 s, 5 gaps 1.4 s; all 9 gaps of "ap-airflow" took
    over 300 s per pattern, two patterns, most of the suite's time).  The pattern is nothing but
    character pieces, each mandatory (the character, or an escape of it), joined by one optional
    gap; every repeat inside a gap ends at a mandatory line break, so a backtracking overlap
    never reaches past the pieces next to it.  Every window of 5 characters (4 gaps, each
    between its two real neighbours) therefore holds every shape the whole pattern has, and
    the quadratic check below still runs on the whole pattern.
    """
    from codemods import prefilter

    word = prefilter.AC_IMAGE_MARKER.decode()
    if _text(pattern) == prefilter._spelled(word):
        return [prefilter._spelled(word[i:i + _WINDOW]) for i in range(len(word) - _WINDOW + 1)]
    return [_text(pattern)]


def test_the_spelled_image_word_is_analysed_in_windows_covering_it():
    """Both spelled patterns are recognised (else they would go back to the 300 s analysis),
    and the windows cover every gap of the word."""
    from codemods import prefilter

    for name in ("codemods.prefilter.AC_IMAGE_SPELLED", "codemods.prefilter.AC_IMAGE_SPELLED_TEXT"):
        units = _regexploit_units(PATTERNS[name])
        assert len(units) == len(prefilter.AC_IMAGE_MARKER) - _WINDOW + 1
    gap_count = len(prefilter.AC_IMAGE_MARKER) - 1
    covered = {i + k for i in range(len(units)) for k in range(_WINDOW - 1)}
    assert covered == set(range(gap_count))


# ---- our quadratic check, on sre_parse's tree -------------------------------------------

ALL = frozenset(range(256)) | {0x2028, 0x2029, 0x85, 0xA0}  # bytes, plus the non-ASCII blanks \s knows
_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
_POSSESSIVE = getattr(sre_constants, "POSSESSIVE_REPEAT", None)
_CATEGORIES = {
    sre_constants.CATEGORY_DIGIT: frozenset(range(0x30, 0x3A)),
    sre_constants.CATEGORY_SPACE: frozenset(b" \t\n\r\f\v") | {0x1C, 0x1D, 0x1E, 0x1F, 0x85, 0xA0, 0x2028, 0x2029},
    sre_constants.CATEGORY_WORD: frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") | frozenset(range(0xAA, 0x100)),
}


def _category(code):
    for positive, negative in (
        (sre_constants.CATEGORY_DIGIT, sre_constants.CATEGORY_NOT_DIGIT),
        (sre_constants.CATEGORY_SPACE, sre_constants.CATEGORY_NOT_SPACE),
        (sre_constants.CATEGORY_WORD, sre_constants.CATEGORY_NOT_WORD),
    ):
        if code is positive:
            return _CATEGORIES[positive]
        if code is negative:
            return ALL - _CATEGORIES[positive]
    return ALL


def _fold(chars, ignore_case):
    if not ignore_case:
        return frozenset(chars)
    return frozenset(chars) | {ord(chr(c).lower()) for c in chars} | {ord(chr(c).upper()) for c in chars if len(chr(c).upper()) == 1}


def _charset(op, av, ic):
    """Characters one item can consume, or None for items that consume none (assertions)."""
    if op is sre_constants.LITERAL:
        return _fold({av}, ic)
    if op is sre_constants.NOT_LITERAL:
        return ALL - _fold({av}, ic)
    if op is sre_constants.ANY:
        return ALL - {10}
    if op is sre_constants.IN:
        chars, negate = set(), False
        for kind, value in av:
            if kind is sre_constants.NEGATE:
                negate = True
            elif kind is sre_constants.LITERAL:
                chars.add(value)
            elif kind is sre_constants.RANGE:
                chars.update(range(value[0], min(value[1], 0x3000) + 1))
            elif kind is sre_constants.CATEGORY:
                chars.update(_category(value))
        chars = _fold(chars, ic)
        return ALL - chars if negate else frozenset(chars)
    return None


def _nullable(items) -> bool:
    for op, av in items:
        if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue
        if op in _REPEATS or op is _POSSESSIVE:
            if av[0] > 0 and not _nullable(av[2]):
                return False
        elif op is sre_constants.SUBPATTERN:
            if not _nullable(av[-1]):
                return False
        elif op is sre_constants.BRANCH:
            if not any(_nullable(b) for b in av[1]):
                return False
        else:
            return False
    return True


def _lookahead(op, av, ic):
    """The characters a one-character lookahead lets through next, or None if it is not that simple."""
    direction, body = av
    if direction != 1 or len(body) != 1:
        return None
    chars = _charset(*body[0], ic)
    if chars is None:
        return None
    return chars if op is sre_constants.ASSERT else ALL - chars


def _leading_repeats(items, ic, allowed=ALL):
    """Unbounded repeats that can start at this point: (first characters of their body).

    A lookahead before them (``(?![^\\n])``) narrows what they can start with.
    """
    found = []
    items = list(items)
    for index, (op, av) in enumerate(items):
        single = _charset(op, av, ic)
        if single is not None and index + 1 < len(items):
            # "x" then "x*" is "x+" written long: an unbounded run starts here all the same.
            following_op, following = items[index + 1]
            if following_op in _REPEATS and following[1] > 1 and single & _first(following[2], ic):
                found.append(single & allowed)
        if op is sre_constants.AT:
            continue
        if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            narrowed = _lookahead(op, av, ic)
            allowed = allowed & narrowed if narrowed is not None else allowed
            continue
        if op in _REPEATS or op is _POSSESSIVE:
            if av[1] > 1 and op is not _POSSESSIVE:
                found.append(_first(av[2], ic) & allowed)
            else:
                found.extend(_leading_repeats(av[2], ic, allowed))
            if av[0] > 0 and not _nullable(av[2]):
                return found
            continue
        if op is sre_constants.SUBPATTERN:
            found.extend(_leading_repeats(av[-1], ic, allowed))
            if not _nullable(av[-1]):
                return found
            continue
        if op is sre_constants.BRANCH:
            for branch in av[1]:
                found.extend(_leading_repeats(branch, ic, allowed))
            if not any(_nullable(b) for b in av[1]):
                return found
            continue
        return found
    return found


def _first(items, ic):
    chars = set()
    for op, av in items:
        single = _charset(op, av, ic)
        if single is not None:
            return chars | single
        if op in _REPEATS or op is _POSSESSIVE:
            chars |= _first(av[2], ic)
            if av[0] > 0 and not _nullable(av[2]):
                return chars
        elif op is sre_constants.SUBPATTERN:
            chars |= _first(av[-1], ic)
            if not _nullable(av[-1]):
                return chars
        elif op is sre_constants.BRANCH:
            for branch in av[1]:
                chars |= _first(branch, ic)
            if not any(_nullable(b) for b in av[1]):
                return chars
    return chars


def quadratic_spots(pattern: re.Pattern):
    """Unbounded repeats that can trade characters with an unbounded repeat right after them.

    Where the first run could take one more iteration, the second must not be able
    to start: otherwise every split of a long run between the two is tried (n**2).
    """
    ic = bool(pattern.flags & re.IGNORECASE)
    spots = []

    def walk(items, tail):
        for index, (op, av) in enumerate(items):
            rest = list(items[index + 1:]) + tail
            if (op in _REPEATS) and av[1] > 1:
                body = _first(av[2], ic)  # where it could go on, the next run must not be able to start
                for first in _leading_repeats(rest, ic):
                    if body & first:
                        spots.append(f"a repeat over {sorted(body & first)[:5]}... is followed by another that takes them")
                walk(av[2], [])
            elif op is sre_constants.SUBPATTERN:
                walk(av[-1], rest)
            elif op is sre_constants.BRANCH:
                for branch in av[1]:
                    walk(branch, rest)
            elif op in _REPEATS or op is _POSSESSIVE:
                walk(av[2], rest)

    walk(list(sre_parse.parse(_text(pattern), pattern.flags & ~re.UNICODE & ~re.ASCII if isinstance(pattern.pattern, bytes) else pattern.flags)), [])
    return spots


@pytest.mark.parametrize("where", sorted(w for w, p in PATTERNS.items() if p is not None))
def test_no_two_unbounded_repeats_trade_characters(where):
    pattern = PATTERNS[where]
    assert quadratic_spots(pattern) == [], f"{where}: {_text(pattern)!r}"


@pytest.mark.parametrize(
    "bad",
    [r"\s*[^'\"]*houston", r"\s*[^'\"][^'\"]*houston", r"[ \t]*(?:.*\?)", r"a*a*b", r"(?:\s|#[^\n]*)*x",
     r"[#0 +\-]*(?:\*|\d+)?d", r"[ \t]*(\S*)[ \t]*"],
)
def test_the_checks_reject_the_shapes_0_1_0_had(bad):
    compiled = re.compile(bad)
    from regexploit.ast.sre import SreOpParser
    from regexploit.redos import find

    exponential = bool(list(find(SreOpParser().parse_sre(bad))))
    assert exponential or quadratic_spots(compiled), bad


# ---- the installed command on adversarial files --------------------------------------------

DOC = 'Q = """mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.1") { id } }"""\n'


def _adversarial_files():
    commented = "#     # given\n"
    return {
        # The shape: "{" then commented-out lines (0.1.0: 8 lines 37 s, 12 lines a day).
        "braces_then_comments.py": "x = {\n" + commented * (64 * 1024 // len(commented)) + "}\n",
        # The real-world shape: a 64 KB test module with commented-out code after "{".
        "commented_test_module.py": "".join(
            f"CASES_{i} = {{\n    #     'eq': f(x) + g(x),\n    #     # given\n    #     'sol': [Eq(f(x), C1)],\n    # }},\n}}\n"
            for i in range(900)
        ),
        "escaped_comments.py": 'Q = "{' + "# c \\\\ # \\\\\\\\ " * 5000 + '"\n',
        "quote_then_blanks.py": "x = '" + " " * 100_000 + "'\n",
        "percent_zeros.py": "x = 'mutation { %" + "0" * 50_000 + "' % ()\n" + DOC,
        "typename_run.py": 'Q = "{' + "__typename " * 8000 + '"\n',
        "graphql_comments.py": 'Q = """' + "# # # # # # # # # #\n" * 4000 + 'x"""\nR = gql(Q)\n' + DOC,
        "blank_help_line.py": "x = 1\n" + " " * 100_000 + "x\n",
    }


@pytest.mark.parametrize("command", [["check"], ["rewrite", "--diff"]])
def test_adversarial_files_finish(tmp_path, command):
    for name, text in _adversarial_files().items():
        (tmp_path / name).write_text(text)
    notebook = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                           "source": ["x = {\n"] + ["#     # given\n"] * 3000 + ["}\n"]}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    import json

    (tmp_path / "comments.ipynb").write_text(json.dumps(notebook))
    result = run_cli(*command, "--jobs", "1", tmp_path, timeout=240)  # 0.1.0: about a day
    assert result.returncode in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr
