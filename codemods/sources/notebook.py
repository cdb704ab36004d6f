"""Jupyter notebooks: the code cells are one Python module, as they are when the notebook runs.

The notebook JSON is written back only in the layout it was read in: we find
the ``json.dumps`` settings that reproduce the original bytes exactly (Jupyter
writes ``indent=1``, sorted keys, non-ASCII kept) and refuse to rewrite a
notebook whose layout we cannot reproduce, so nothing outside the edited cell
lines ever changes.

IPython syntax (``%magic``, ``!shell``, ``obj?``) is masked as comments of the
same length before parsing, so positions stay exact and edits never touch it.
Masking and unmasking work on the same lines: the cell text split on ``\n``
only, everything else (``\r``, form feeds, U+2028, ...) kept inside the line,
and a masked line is replaced character for character.  Putting the lines back
is checked: every masked line must come back exactly as it was masked and then
as it was written, or the notebook is not rewritten.  A ``?`` line is masked
only when it is IPython's help syntax (``name?``, ``obj.attr??``), never a line
of Python that happens to end in ``?``.
Findings are reported at the notebook file's own line: with Jupyter's layout
each source line is one JSON line.  A source that is one JSON string (nbformat allows it) is
one JSON line: its findings are at that line, at the column of their escaped text.

A cell magic whose body is Python (``%%time``, ``%%timeit``, ``%%capture``,
``%%prun`` ...) is a Python cell with one more IPython line to mask.  Any other
cell magic (``%%bash``, ``%%sql``, ``%%writefile`` ...) is another language and
is not read; if it holds Houston evidence, an info finding (``cell-not-checked``)
says so, so that no Houston call is skipped silently.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import Callable, List, Optional, Set, Tuple

from ..model import INFO, Finding
from ..source_file import SourceFile

# A line IPython reads as a magic, a shell escape or a help request.  The line is
# one ``\n``-delimited line of the cell; ``[^\n]`` keeps every other character in it.
_ESCAPED_LINE = re.compile(r"([ \t]*)([%!][^\n]*|\?[^\n]*)")
# ``name?``, ``%magic??``, ``obj.attr?`` (IPython's help syntax): the whole line, nothing else.
_HELP_LINE = re.compile(r"([ \t]*)(%{0,2}[^\W\d][\w*]*(?:\.[^\W\d][\w*]*)*\?\??)[ \t]*")
# Red team 9, F2: IPython's assignment forms ``x = !cmd`` and ``a, b = %magic args``.  Group 1 is
# kept; the escape after it becomes ``_`` and a comment.  Targets are dotted names separated by
# commas (``a, b``; a comma starts each further run, so no two runs trade characters: linear);
# no valid Python line has this shape.
_ASSIGNED_LINE = re.compile(r"([ \t]*[A-Za-z_][\w.]*(?:,[ \t]*[A-Za-z_][\w.]*)*[ \t]*=[ \t]*)([!%][^\n]*)")
_WORD = re.compile(r"[A-Za-z_][0-9A-Za-z_]*")
# "line 6", "lines 2, 9" in a message about the joined cells: one run of numbers, each after ", " (linear).
_LINE_NUMBERS = re.compile(r"\b(lines?) ([0-9]+(?:, [0-9]+)*)")
_LAYOUTS = [
    {"indent": 1, "sort_keys": True, "ensure_ascii": False},
    {"indent": 1, "sort_keys": False, "ensure_ascii": False},
    {"indent": 2, "sort_keys": False, "ensure_ascii": False},
    {"indent": 2, "sort_keys": True, "ensure_ascii": False},
    {"indent": 1, "sort_keys": True, "ensure_ascii": True},
    {"indent": 2, "sort_keys": False, "ensure_ascii": True},
]


class WordsElsewhere:
    """How often each name occurs in the notebook's other code cells (one count of the whole notebook, shared)."""

    def __init__(self, notebook: "Counter[str]", cell: "Counter[str]", reads_all: bool = False) -> None:
        self.notebook, self.cell = notebook, cell
        # ``%run -i script.py``: the script reads the notebook's namespace, so every name counts as read.
        self.reads_all = reads_all

    def __getitem__(self, name: str) -> int:
        return 1 if self.reads_all else self.notebook[name] - self.cell[name]


class CellFile(SourceFile):
    """One code cell as a Python file; ``words_elsewhere`` says which names the other code cells use."""

    words_elsewhere: Optional[WordsElsewhere] = None


class NotebookError(Exception):
    """A cell cannot be written back exactly as it was read (outside the edits)."""


def process_notebook(result, source_file: SourceFile, options, run_python: Callable) -> None:
    from ..pipeline import FileError, FileResult

    try:
        notebook = json.loads(source_file.text)
        if isinstance(notebook, dict) and "cells" not in notebook and isinstance(notebook.get("worksheets"), list):
            _format_3_not_read(result, source_file, notebook)  # valid, but an older format: skipped with a note
            return
        if not isinstance(notebook, dict) or "cells" not in notebook:
            raise FileError("not a Jupyter notebook: it has no \"cells\" list") from None
        cells = notebook["cells"]
    except RecursionError:
        # Red team 8 (F4): outputs nested 100,000 deep.  Jupyter's own reader (json) fails on it too.
        raise FileError("not read: its JSON is nested too deeply for a JSON reader (Jupyter's included)") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise FileError(f"not a Jupyter notebook: {' '.join(str(exc).split())}") from None
    if not isinstance(cells, list):
        raise FileError("not a Jupyter notebook: its \"cells\" is not a list")
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict):
            raise FileError(f"not a Jupyter notebook: cell {index + 1} is {_json_kind(cell)}, not an object")
        source = cell.get("source", "")
        if cell.get("cell_type") == "code" and not (
            isinstance(source, str) or (isinstance(source, list) and all(isinstance(line, str) for line in source))
        ):
            raise FileError(f"not a Jupyter notebook: cell {index + 1}'s source is not text (a string or a list of strings)")
    source_lines = _source_line_numbers(source_file.text)
    strings = _string_sources(source_file.text)
    code_cells = [c for c in cells if c.get("cell_type") == "code"]
    language = _kernel_language(notebook)
    if language is not None:
        # Red team 8 (F3): an R, Julia or Scala notebook is not Python, even where a cell parses as Python.
        for index, cell in enumerate(cells):
            if cell.get("cell_type") == "code" and _holds_houston_evidence(_cell_text(cell)):
                line = _cell_json_line(source_lines, strings, index, 1)
                message = (
                    f"[cell {index + 1}] notebook not checked: its kernel language is {language} "
                    "(only Python is read); check its Houston calls by hand"
                )
                result.findings.append(Finding(source_file.path, line, 1, line, 1, INFO, "cell-not-checked", message))
                break
        return
    python_cells: List[_PythonCell] = []
    unreadable: List[int] = []  # Python cells holding a lone surrogate: not read, and the notebook is never written
    # Red team 9, F1: IPython expands ``$NAME`` / ``{NAME}`` on a cell magic's argument line
    # (``%%bash -s "$AC"``, ``%%writefile airflow-{AC}.txt``): its names are read there.
    magic_line_words: "Counter[str]" = Counter()
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        original = _cell_text(cell)
        if _SURROGATE.search(original):
            # Red team 8 (F4): valid JSON ("\ud800"), but no Python source (UTF-8) can hold it.
            unreadable.append(index)
            line = _cell_json_line(source_lines, strings, index, 1)
            message = (
                f"[cell {index + 1}] cell not checked: it holds a lone surrogate (an unpaired \\ud800-\\udfff), "
                "which Python source cannot hold; this notebook is never rewritten"
            )
            result.findings.append(Finding(source_file.path, line, 1, line, 1, INFO, "cell-not-checked", message))
            continue
        magic = cell_magic(original)
        unread = _not_read_as_python(original) if magic is None else None
        if unread is not None:
            # Red team 10, F11: IPython dedents an indented cell and strips >>> prompts; this reader
            # does not, so the cell is not read (said in words) and its names count as used elsewhere.
            magic_line_words.update(_WORD.findall(original))
            if _holds_houston_evidence(original):
                line = _cell_json_line(source_lines, strings, index, 1)
                message = f"[cell {index + 1}] cell not checked: {unread} (IPython strips them, this reader does not); check its Houston calls by hand"
                result.findings.append(Finding(source_file.path, line, 1, line, 1, INFO, "cell-not-checked", message))
            continue
        if magic is not None and magic[0] not in PYTHON_CELL_MAGICS:
            # Another language (%%bash, %%sql, %%writefile ...): not read, but never skipped silently.
            # Its names all count as read: the magic line's are expanded by IPython, and the body's
            # may be read from the namespace by the magic (red team 13, report 11, F1: ``%%sql`` binds
            # ``:AC`` and expands ``{{AC}}`` from the notebook's names).
            magic_line_words.update(_WORD.findall(original))
            if _holds_houston_evidence(original):
                line = _cell_json_line(source_lines, strings, index, magic[1])
                message = f"[cell {index + 1}] cell not checked: %%{magic[0]} cell (only Python is read); check its Houston calls by hand"
                result.findings.append(Finding(source_file.path, line, 1, line, 1, INFO, "cell-not-checked", message))
            continue
        if _is_parameters_cell(cell):
            # Red team 13 (report 11), F9: Papermill (nbclient, Airflow's PapermillOperator) injects new
            # values after the cell tagged ``parameters`` (``papermill -p AC 2.4.3-6``): its names are the
            # notebook's public input, set from outside, like a module's names other modules import.
            magic_line_words.update(_WORD.findall(original))
        # A Python-body cell magic (%%time, %%capture out, ...): its line is masked like any magic line.
        masked, masked_lines = mask(original)
        first_line = source_lines[index] if index < len(source_lines) else None
        string_at = strings[index] if index < len(strings) else None
        python_cells.append(_PythonCell(index, cell, original, masked, masked_lines, first_line, string_at))
    if not python_cells:
        return
    # Red team 11, F1: a cell that hands the whole namespace to other code (globals(), eval of a
    # computed string, dill.dump_session ...) reads every notebook name, as %run -i does.
    hands = any(_hands_namespace(c.masked) for c in python_cells)
    # Red team 13 (report 11), F1 addendum 3: a module of the run it imports reads ``__main__`` (its namespace).
    hands = hands or bool(((getattr(options, "cross_module", None) or {}).get(source_file.path) or {}).get("reads_main"))
    # Red team 12 (report 11), F7: names IPython's API expands or runs (get_ipython().system("echo $AC")).
    ipython_read, ipython_reads_all = _ipython_reads([c.masked for c in python_cells])
    hands = hands or ipython_reads_all
    # The unread cells' names are used elsewhere: never a cell's private name.
    unread_words = Counter(word for index in unreadable for word in _WORD.findall(_cell_text(cells[index])))
    unread_words.update(magic_line_words)
    unread_words.update(ipython_read)
    try:
        changed = _run_as_one_module(result, source_file, options, run_python, python_cells, unread_words, hands)
    except _CellsApart:
        # The cells do not parse as one module (``from __future__`` in a later cell, a cell
        # that parses alone only): each is read on its own, as before red team 8.
        notebook_words = Counter(word for c in code_cells for word in _WORD.findall(_cell_text(c)))
        notebook_words.update(ipython_read)  # read by IPython even from the defining cell (F7)
        notebook_words.update(magic_line_words)  # and the parameters cell's names, set from outside
        changed = _run_cell_by_cell(result, source_file, options, run_python, python_cells, notebook_words, hands)
    if changed and unreadable:
        if options.writing:
            raise FileError(f"cell {unreadable[0] + 1} holds a lone surrogate, which Python source cannot hold; not rewritten")
        # check read the other cells fine: their findings stand, nothing is written, and the errors say why
        result.refused = f"cell {unreadable[0] + 1} holds a lone surrogate, which Python source cannot hold"
        return
    if changed:
        try:
            result.new_text = _dump_like(notebook, source_file.text)
        except FileError as exc:
            if options.writing:
                raise  # rewrite's refusal; check read the notebook fine and reports it as it is
            # ... and says that refusal is why the items stay (red team 28, report 13, f7)
            result.refused = str(exc).replace("; not rewritten", "")


@dataclass
class _PythonCell:
    index: int  # among all the notebook's cells (0-based)
    cell: dict
    original: str
    masked: str
    masked_lines: Set[int]
    first_line: Optional[int]  # the JSON line of its first source line
    # A source that is one JSON string: (its JSON line, the 0-based column of its opening quote); red team 11, F8.
    string_at: Optional[Tuple[int, int]] = None


class _CellsApart(Exception):
    """The notebook's Python cells, joined, are not one parseable module."""


def _boundary(texts: List[str]) -> str:
    """A comment line no cell holds: joins the cells into one module and splits the rewrite apart again."""
    number = 0
    while True:
        boundary = f"#houston-codemod-cell-boundary-{number}"
        if not any(boundary in text for text in texts):
            return boundary
        number += 1


def _run_as_one_module(
    result, source_file: SourceFile, options, run_python: Callable, cells: List[_PythonCell], unread_words: "Counter[str]",
    hands_namespace: bool = False,
) -> bool:
    """Every Python cell read as one module: cells share one namespace when the notebook runs.

    Red team 8 (12-R1, 13-F3): a helper defined in cell 1 sends what cell 3 passes
    it; a fragment in cell 1 is spliced into cell 2's document.  Read cell by cell,
    neither the send nor the fragment was seen.  The cells are joined with a
    boundary comment line between them (lines keep their numbers within each
    cell), analysed and rewritten once, and the rewrite is split back at the
    boundaries.  Names on IPython lines (masked) still count as read elsewhere.
    """
    from ..pipeline import FileError, FileResult

    boundary = _boundary([c.masked for c in cells])
    joiner = "\n" + boundary + "\n"
    combined = joiner.join(c.masked for c in cells)
    ipython_words: "Counter[str]" = Counter(unread_words)
    # %run -i script.py: the script runs in (and may read all of) the notebook's namespace; so does
    # code handed globals() / vars() (red team 11, F1).
    reads_all = hands_namespace
    for c in cells:
        original_lines = c.original.split("\n")
        for number in c.masked_lines:
            ipython_words.update(_WORD.findall(original_lines[number]))
            reads_all = reads_all or _runs_in_namespace(_RUN_LINE.match(original_lines[number]))
            reads_all = reads_all or _stores_all(original_lines[number])
        # get_ipython().run_line_magic('env', 'V=$AC') expands $AC / {AC} as %env V=$AC does (red team 10, F9).
        for call in _MAGIC_CALL.finditer(c.original):
            ipython_words.update(_WORD.findall(c.original, call.end(), _line_end(c.original, call.end())))
            if call.group(1) == "cell":  # the body argument may run on: every name after the call
                ipython_words.update(_WORD.findall(c.original, call.end()))
            reads_all = reads_all or _runs_in_namespace(_RUN_CALL_ARGUMENTS.match(c.original, call.end()))
    module_file = CellFile(source_file.path, combined.encode("utf-8"), "utf-8", combined)
    starts = []  # the combined module's line where each cell starts (1-based), as its findings count lines
    offset = 0
    for c in cells:
        starts.append(module_file.line_col(offset)[0])
        offset += len(c.masked) + len(joiner)
    module_file.words_elsewhere = WordsElsewhere(ipython_words, Counter(), reads_all)
    module_result = FileResult(source_file.path, original=module_file)
    try:
        run_python(module_result, module_file, options)
    except FileError as exc:
        if str(exc).startswith("cannot parse Python"):
            raise _CellsApart() from None
        raise
    cell_lines = {c.index: c.original.splitlines() for c in cells}

    def where(combined_line: int) -> Tuple[_PythonCell, int]:
        k = max(bisect_right(starts, combined_line) - 1, 0)
        return cells[k], combined_line - starts[k] + 1

    def lines_in_cells(text: str, home: Optional[_PythonCell]) -> str:
        """``line 6`` of the joined module, in a message, as the cell's own line (``line 1 of cell 2``)."""

        def one(number: str) -> str:
            cell, line = where(int(number))
            return str(line) if cell is home else f"{line} of cell {cell.index + 1}"

        return _LINE_NUMBERS.sub(lambda m: m.group(1) + " " + ", ".join(one(n) for n in m.group(2).split(", ")), text)

    json_lines = source_file.text.splitlines()
    for finding in module_result.findings:
        cell, line = where(finding.line)
        end_cell, end_line = where(finding.end_line)
        if end_cell is not cell:
            end_line, finding.end_column = line, finding.column
        lines = cell_lines[cell.index]
        column, end_column = finding.column, finding.end_column
        finding.column = _json_column(json_lines, cell.first_line, lines, line, finding.column)
        finding.end_column = _json_column(json_lines, cell.first_line, lines, end_line, finding.end_column)
        finding.line, finding.end_line = _json_line(cell.first_line, line), _json_line(cell.first_line, end_line)
        if cell.string_at is not None:
            finding.line, finding.column = _in_string(cell, line, column)
            finding.end_line, finding.end_column = _in_string(cell, end_line, end_column)
        finding.message = f"[cell {cell.index + 1}] {lines_in_cells(finding.message, cell)}"
        finding.fix, finding.fix_lines = (), (0, 0)  # module offsets mean nothing in the JSON file
        result.findings.append(finding)
    for document in module_result.documents:
        cell, line = where(document.line)
        end_cell, end_line = where(document.end_line or document.line)
        document.line = _json_line(cell.first_line, line) if cell.string_at is None else cell.string_at[0]
        # A document's line is the notebook file's, so its evidence names the cell of every line it
        # cites, its own cell's too ("call at line 1 of cell 2"; red team 9, F13).
        document.evidence = [lines_in_cells(e, None) for e in document.evidence]
        document.explanation = [lines_in_cells(e, None) for e in document.explanation]
        if document.end_line:
            document.end_line = _json_line(end_cell.first_line, end_line) if end_cell.string_at is None else end_cell.string_at[0]
        result.documents.append(document)
    if module_result.new_text is None or module_result.new_text == combined:
        return False
    parts = module_result.new_text.split(joiner)
    if len(parts) != len(cells):
        raise FileError("internal error: the rewrite moved a cell boundary; not rewritten")
    changed = False
    for cell, part in zip(cells, parts):
        if part == cell.masked:
            continue
        try:
            _set_cell_text(cell.cell, unmask(cell.original, cell.masked, cell.masked_lines, part))
        except NotebookError as exc:
            if options.writing:
                raise FileError(f"cell {cell.index + 1}: {exc}; not rewritten") from None
            continue  # check read the cell fine: its findings stand, nothing is written
        changed = True
    return changed


def _run_cell_by_cell(
    result, source_file: SourceFile, options, run_python: Callable, cells: List[_PythonCell], notebook_words, hands_namespace: bool = False
) -> bool:
    """Each Python cell as a small module of its own (when the cells do not parse as one)."""
    from ..pipeline import FileError, FileResult

    changed = False
    json_lines = source_file.text.splitlines()
    for c in cells:
        index, cell, original, masked, masked_lines, first_line = (
            c.index, c.cell, c.original, c.masked, c.masked_lines, c.first_line
        )
        cell_file = CellFile(source_file.path, masked.encode("utf-8"), "utf-8", masked)
        # Cells share one namespace: a name another cell mentions is not this cell's alone.
        # Counting the masked text, a name on one of this cell's IPython lines counts as elsewhere too.
        cell_file.words_elsewhere = WordsElsewhere(notebook_words, Counter(_WORD.findall(masked)), hands_namespace)
        cell_result = FileResult(source_file.path, original=cell_file)
        try:
            run_python(cell_result, cell_file, options)
        except FileError as exc:
            raise FileError(f"cell {index + 1}: {exc}") from None
        cell_lines = original.splitlines()
        for finding in cell_result.findings:
            if c.string_at is not None:
                (finding.line, finding.column), (finding.end_line, finding.end_column) = (
                    _in_string(c, finding.line, finding.column), _in_string(c, finding.end_line, finding.end_column)
                )
            finding.column = _json_column(json_lines, first_line, cell_lines, finding.line, finding.column)
            finding.end_column = _json_column(json_lines, first_line, cell_lines, finding.end_line, finding.end_column)
            if c.string_at is None:
                finding.line, finding.end_line = _json_line(first_line, finding.line), _json_line(first_line, finding.end_line)
            finding.message = f"[cell {index + 1}] {finding.message}"
            finding.fix, finding.fix_lines = (), (0, 0)  # cell offsets mean nothing in the JSON file
            result.findings.append(finding)
        for document in cell_result.documents:
            document.line = _json_line(first_line, document.line) if c.string_at is None else c.string_at[0]
            result.documents.append(document)
        if cell_result.new_text is not None and cell_result.new_text != masked:
            try:
                _set_cell_text(cell, unmask(original, masked, masked_lines, cell_result.new_text))
            except NotebookError as exc:
                if options.writing:
                    raise FileError(f"cell {index + 1}: {exc}; not rewritten") from None
                continue  # check read the cell fine: its findings stand, nothing is written
            changed = True
    return changed


# Cell magics whose body IPython runs as Python in the notebook's namespace (transformed like any
# cell): the body is migrated, only the ``%%`` line is masked.  Any other cell magic holds another
# language or runs in another process: ``%%python``, ``%%python3`` and ``%%script python`` are script
# magics, a separate interpreter that shares nothing with the notebook (red team 10, F9).
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "memit", "px"})
# %run -i script.py: the script runs in the notebook's namespace (its options are read by _runs_in_namespace).
_RUN_LINE = re.compile(r"[ \t]*%run([ \t][^\n]*)")
# get_ipython().run_line_magic('env', 'V=$AC') / run_cell_magic(...): IPython's own call of a magic.
_MAGIC_CALL = re.compile(r"\brun_(line|cell)_magic[ \t]*\(")
_RUN_CALL_ARGUMENTS = re.compile(r"""[ \t]*['"]run['"][ \t]*,[ \t]*[rbuRBU]?['"]([^'"\n]*)""")


def _stores_all(line: str) -> bool:
    """``%store`` with flags only (``%store -r``: every stored name back into the namespace, ``-z``)
    acts on every stored notebook name (red team 13, report 11, F1)."""
    words = line.split()
    return bool(words) and words[0] == "%store" and all(word.startswith("-") for word in words[1:])


def _is_parameters_cell(cell) -> bool:
    """A cell tagged ``parameters`` (or Papermill's own ``injected-parameters``) in its metadata."""
    metadata = cell.get("metadata")
    tags = metadata.get("tags") if isinstance(metadata, dict) else None
    return isinstance(tags, list) and any(tag in ("parameters", "injected-parameters") for tag in tags)


def _runs_in_namespace(match: Optional["re.Match[str]"]) -> bool:
    """``%run`` options (before the script's name) include ``-i``, alone or among letters (``-ni``)."""
    if match is None:
        return False
    for word in match.group(1).split():
        if not word.startswith("-"):
            return False
        if "i" in word[1:]:
            return True
    return False
# IPython's input transformers (leading_indent, classic_prompt): a cell whose first line is indented,
# or that opens with a >>> prompt, is dedented / stripped before it runs.
_INDENTED_START = re.compile(r"[ \t]+\S")
# classic_prompt strips >>> / ... from every line when the first line opens with >>> or the second
# with >>> or ... (IPython's PromptStripper).
_PROMPT_START = re.compile(r">>>(?: |$)")
_PROMPT_SECOND = re.compile(r"(?:>>>|\.\.\.)(?: |$)")


# Calls that hand the caller's whole namespace to other code (red team 11, F1).
_NAMESPACE_CALLS = frozenset({"globals"})
_SCOPE_NAMESPACE_CALLS = frozenset({"vars", "locals"})  # the module's namespace only at module level
_SESSION_CALLS = frozenset({"dump_session", "load_session"})  # dill pickles / restores every global
_CODE_CALLS = frozenset({"eval", "exec"})
# Fallback when a cell does not parse alone: any such call spelt out counts (conservative).
_HANDS_TEXT = re.compile(r"\b(?:globals|vars|locals|eval|exec|dump_session|load_session)[ \t]*\(")


def _hands_namespace(text: str) -> bool:
    """Whether this cell's code hands the notebook's whole namespace to other code.

    ``"%(AC)s" % globals()``, ``"{AC}".format(**vars())``, ``Template(...).substitute(globals())``,
    ``dill.dump_session(...)``, ``eval("A" + "C")``: every notebook name may be read there, by a
    key no identifier spells, so no name is private to its cell (as with ``%run -i``).
    ``vars()`` / ``locals()`` inside a function read that function's names only; ``eval`` / ``exec``
    of a string literal read the names the literal spells, already counted as words.
    """
    import ast

    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return _HANDS_TEXT.search(text) is not None
    stack = [(tree, True)]  # (node, at module level)
    while stack:
        node, module_level = stack.pop()
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if isinstance(func, ast.Name) and name in _NAMESPACE_CALLS:
                return True
            if isinstance(func, ast.Name) and name in _SCOPE_NAMESPACE_CALLS and module_level and not node.args:
                return True
            if name in _SESSION_CALLS:
                return True
            if isinstance(func, ast.Name) and name in _CODE_CALLS:
                first = node.args[0] if node.args else None
                if not (isinstance(first, ast.Constant) and isinstance(first.value, (str, bytes))):
                    return True
        inner = module_level and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef))
        for child in ast.iter_child_nodes(node):
            # Comprehensions have a scope of their own too: vars() there is not the module's.
            stack.append((child, inner and not isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp))))
    return False


# Red team 12 (report 11), F7: IPython's own API expands ``$NAME`` / ``{NAME}`` in a command or magic
# line (``!cmd`` is ``get_ipython().system(cmd)``) or runs a string as notebook code, in the
# notebook's namespace.  Called on ``get_ipython()`` or on a name bound to it.
_IPYTHON_READERS = frozenset({
    "system", "system_piped", "system_raw", "getoutput", "magic", "run_line_magic", "run_cell_magic",
    "run_cell", "ex", "ev", "var_expand",
})
# ``ip = get_ipython()`` anywhere in the notebook: ``ip.system(...)`` in another cell is IPython's too.
# The lookbehind starts a try only where a name starts, so each character is scanned once or twice (linear).
_IPYTHON_ALIAS = re.compile(r"(?<![0-9A-Za-z_])([A-Za-z_][0-9A-Za-z_]*)[ \t]*=[ \t]*get_ipython[ \t]*\(")
# Fallback when a cell does not parse alone: any such call spelt out.
_IPYTHON_TEXT = re.compile(r"\bget_ipython[ \t]*\(|\b(?:exec|eval)[ \t]*\(")


def _ipython_reads(texts: List[str]) -> Tuple["Counter[str]", bool]:
    """Names the cells read through IPython's API or ``exec``/``eval`` of a literal, and whether any reads all.

    ``get_ipython().system("echo $AC")``, ``ip.getoutput("echo {AC}")``, ``get_ipython().magic("env V=$AC")``,
    ``get_ipython().run_cell("print(AC)")``, ``.ex(...)``, ``exec("print(AC)")``: every word of a literal
    argument counts as a read of that name (a superset of what IPython expands or runs: never an
    edit where a name is read).  A computed argument (a name, an f-string, ``"echo " + cmd``) may
    expand or run any name: the whole namespace is read, as with ``globals()``.
    """
    import ast

    aliases = {m.group(1) for text in texts for m in _IPYTHON_ALIAS.finditer(text)}
    words: "Counter[str]" = Counter()
    reads_all = False
    for text in texts:
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            found = _IPYTHON_TEXT.search(text) or _NAMESPACE_TEXT.search(text)
            if found is not None:  # conservative: every name after the first such call
                words.update(_WORD.findall(text, found.start()))
            reads_all = reads_all or _NAMESPACE_TEXT.search(text) is not None
            continue
        string_words, handle = _reads_by_name(tree, aliases)
        words.update(string_words)
        reads_all = reads_all or handle
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in _CODE_CALLS:
                arguments = node.args[:1]  # a computed code string is _hands_namespace's
            elif isinstance(func, ast.Attribute) and func.attr in _IPYTHON_READERS and _is_ipython(func.value, aliases):
                arguments = list(node.args) + [k.value for k in node.keywords]
            else:
                continue
            for argument in arguments:
                if isinstance(argument, ast.Constant) and isinstance(argument.value, (str, bytes)):
                    value = argument.value if isinstance(argument.value, str) else argument.value.decode("latin-1")
                    words.update(_WORD.findall(value))
                elif not (isinstance(argument, ast.Constant) or isinstance(func, ast.Name)):
                    reads_all = True
    return words, reads_all


# Red team 13 (report 11), F1: handles on the notebook's whole namespace other than globals():
# the shell's dicts (get_ipython().user_ns, .user_global_ns, .ns_table), a frame's (sys._getframe().f_globals,
# inspect.currentframe().f_locals).  Read through any of them, a name is looked up by a key no identifier spells.
_NAMESPACE_ATTRIBUTES = frozenset({"user_ns", "user_global_ns", "ns_table", "user_ns_hidden", "f_globals", "f_locals"})
# The shell object itself: every attribute of it reaches the namespace (run_cell_async, find_line_magic, events ...).
_SHELL_NAMES = frozenset({"get_ipython", "InteractiveShell", "TerminalInteractiveShell", "ZMQInteractiveShell"})
# Fallback when a cell does not parse alone: any of them spelt out (``__main__`` is the notebook's module).
_NAMESPACE_TEXT = re.compile(
    r"\b(?:user_ns|user_global_ns|ns_table|f_globals|f_locals|__main__|InteractiveShell|TerminalInteractiveShell|ZMQInteractiveShell)\b"
)


def _reads_by_name(tree, aliases: Set[str]) -> Tuple["Counter[str]", bool]:
    """Names a cell may read by a string, and whether it holds a handle on the whole namespace.

    Red team 13 (report 11), F1.  The class: code that looks notebook names up by a string.
    Every word of every string literal counts as a read of that name: ``df.query('v == @AC')``,
    ``pd.eval('AC')``, ``numexpr.evaluate('AC')``, a Jinja ``'{{ AC }}'`` template, a SQL ``:AC`` bind
    all resolve names from the caller's namespace by a string, and no list of such readers is
    complete (a superset: a name mentioned in a string is never a cell's private one).
    The whole namespace is read (True) through a handle on it: a namespace dict
    (``user_ns``, ``ns_table``, ``f_globals``...), the module ``__main__`` (the notebook's own module:
    ``import __main__``, ``sys.modules[...]``; not ``__name__ == '__main__'``), the IPython shell
    object used other than by a reader call ``_ipython_reads`` reads the literal arguments of
    (``get_ipython().run_cell_async(...)``, ``InteractiveShell.instance()``, ``g = get_ipython``,
    ``from IPython import get_ipython as g``), or ``globals`` / ``vars`` / ``locals`` named without being
    called (``g = globals``: an alias of the namespace handle).
    """
    import ast

    words: "Counter[str]" = Counter()
    reads_all = False
    parents = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
            value = node.value if isinstance(node.value, str) else node.value.decode("latin-1")
            words.update(_WORD.findall(value))
            if value == "__main__" and not _compared_to_name(parents.get(id(node))):
                reads_all = True
        elif reads_all:
            continue
        elif isinstance(node, ast.Attribute) and node.attr in _NAMESPACE_ATTRIBUTES:
            reads_all = True
        elif isinstance(node, ast.alias) and (node.name.split(".")[0] == "__main__" or (node.name in _SHELL_NAMES and node.asname)):
            reads_all = True
        elif isinstance(node, ast.Name) and node.id == "__main__":
            reads_all = True
        elif isinstance(node, ast.Attribute) and node.attr == "modules" and isinstance(node.value, ast.Name) and node.value.id == "sys":
            reads_all = True  # sys.modules holds __main__, whatever key reaches it
        elif isinstance(node, ast.Name) and node.id in ("globals", "vars", "locals"):
            parent = parents.get(id(node))
            reads_all = not (isinstance(parent, ast.Call) and parent.func is node)
        elif (isinstance(node, ast.Name) and (node.id in _SHELL_NAMES or node.id in aliases)) or (
            isinstance(node, ast.Attribute) and node.attr in _SHELL_NAMES
        ):
            reads_all = not _reader_use(node, parents, aliases)
    return words, reads_all


def _compared_to_name(node) -> bool:
    """``__name__ == "__main__"``: the usual guard, no handle on the namespace."""
    import ast

    return isinstance(node, ast.Compare) and any(isinstance(n, ast.Name) and n.id == "__name__" for n in [node.left, *node.comparators])


def _reader_use(node, parents, aliases: Set[str]) -> bool:
    """Whether this mention of the shell is one ``_ipython_reads`` accounts for.

    ``get_ipython().system(...)`` (a reader method of the call's result), ``ip = get_ipython()``
    (an alias, whose own uses are judged the same way), ``ip.getoutput(...)``, or the bare
    ``from IPython import get_ipython``.  Anything else hands the shell, and so its namespace, on.
    """
    import ast

    parent = parents.get(id(node))
    if isinstance(node, ast.Name) and node.id in aliases and not isinstance(node.ctx, ast.Load):
        return True  # ``ip = get_ipython()``: the binding itself
    if isinstance(node, ast.Attribute) or (isinstance(node, ast.Name) and node.id not in aliases):
        if not (isinstance(parent, ast.Call) and parent.func is node and _is_get_ipython_name(node)):
            return False
        node, parent = parent, parents.get(id(parent))  # the shell object: get_ipython()
        if isinstance(parent, ast.Assign) and all(isinstance(t, ast.Name) and t.id in aliases for t in parent.targets):
            return True
    return (
        isinstance(parent, ast.Attribute)
        and parent.attr in _IPYTHON_READERS
        and isinstance(parents.get(id(parent)), ast.Call)
        and parents[id(parent)].func is parent
    )


def _is_get_ipython_name(node) -> bool:
    import ast

    return (node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None) == "get_ipython"


def _is_ipython(node, aliases: Set[str]) -> bool:
    """``get_ipython()`` (also ``IPython.get_ipython()``) or a name bound to it."""
    import ast

    if isinstance(node, ast.Name):
        return node.id in aliases
    if isinstance(node, ast.Call):
        func = node.func
        return (func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)) == "get_ipython"
    return False


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _not_read_as_python(text: str) -> Optional[str]:
    """Why IPython would transform this cell before running it (and so it is not read), or None."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line.strip():
            second = lines[number + 1] if number + 1 < len(lines) else ""
            if _PROMPT_START.match(line) or _PROMPT_SECOND.match(second):
                return "its lines carry >>> / ... prompts"
            if _INDENTED_START.match(line):
                return "its code has a common leading indent"
            return None
    return None


def _format_3_not_read(result, source_file: SourceFile, notebook) -> None:
    """An nbformat 3 notebook (``worksheets`` of cells with ``input``): valid, Jupyter opens it, not read here.

    Skipped like a notebook of another kernel language: one note when it holds Houston evidence.
    """
    for sheet in notebook["worksheets"]:
        cells = sheet.get("cells") if isinstance(sheet, dict) else None
        for cell in cells if isinstance(cells, list) else ():
            text = cell.get("input") if isinstance(cell, dict) else None
            text = "".join(t for t in text if isinstance(t, str)) if isinstance(text, list) else text
            if isinstance(text, str) and _holds_houston_evidence(text):
                message = (
                    "notebook format 3 is not read: open and save it in Jupyter (it upgrades it to format 4) "
                    "to have it checked; check its Houston calls by hand"
                )
                result.findings.append(Finding(source_file.path, 1, 1, 1, 1, INFO, "cell-not-checked", message))
                return
_CELL_MAGIC = re.compile(r"[ \t]*%%([A-Za-z_][\w.]*)")


def cell_magic(text: str) -> Optional[Tuple[str, int]]:
    """The cell magic a cell starts with (IPython skips blank lines first) and its 1-based line, or None."""
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            match = _CELL_MAGIC.match(line)
            return (match.group(1), number) if match else None
    return None


def _holds_houston_evidence(text: str) -> bool:
    """What the prefilter looks for in Python (a document's opening, a fragment...) or Houston's name."""
    from ..prefilter import HOUSTON_NAME, may_hold_houston

    data = text.encode("utf-8", "surrogatepass")
    return may_hold_houston(data) or any(name in data for name in HOUSTON_NAME)


# A lone (unpaired) surrogate: JSON's "\ud800" decodes to one, UTF-8 cannot encode it.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Kernel languages that are Python (kernelspec.language, language_info.name): python, python3, ipython3, pyspark.
_PYTHON_LANGUAGE = re.compile(r"(?:i?python|pyspark)[0-9.]*", re.IGNORECASE)


def _kernel_language(notebook) -> Optional[str]:
    """The notebook's kernel language when it is not Python (None: Python, or not said, read as Python).

    ``metadata.kernelspec.language`` and ``metadata.language_info.name``: either
    naming another language (R, Julia, Scala ...) means the code cells are not Python.
    """
    metadata = notebook.get("metadata") if isinstance(notebook, dict) else None
    if not isinstance(metadata, dict):
        return None
    for section, key in (("kernelspec", "language"), ("language_info", "name")):
        value = metadata.get(section)
        name = value.get(key) if isinstance(value, dict) else None
        if isinstance(name, str) and name.strip() and not _PYTHON_LANGUAGE.fullmatch(name.strip()):
            return json.dumps(name.strip()[:40])
    return None


def _json_kind(value) -> str:
    """A JSON value named by its kind (never dumped: it may be nested too deeply to print)."""
    names = {str: "a string", bool: "a boolean", int: "a number", float: "a number", list: "a list", type(None): "null"}
    return names.get(type(value), "a value")


def _cell_text(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _set_cell_text(cell, text: str) -> None:
    """Store the new text split into list items the way the original was split."""
    source = cell.get("source")
    if not isinstance(source, list):
        cell["source"] = text
        return
    joined = "".join(source)
    for split in (split_cell_lines, _splitlines_keepends):  # nbformat itself uses str.splitlines
        if source == split(joined):
            cell["source"] = split(text)
            return
    raise NotebookError("its source lines are split in a way we cannot reproduce")


def _splitlines_keepends(text: str) -> List[str]:
    return text.splitlines(keepends=True)


def split_cell_lines(text: str) -> List[str]:
    """The cell's lines the way masking sees them: split after each ``\n`` only."""
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def mask(text: str) -> Tuple[str, Set[int]]:
    """The cell with IPython-only lines turned into ``#`` comments of the same length.

    Returns the masked text and the indexes of the masked lines (``text`` split
    on ``\n``).  A masked line ending in a backslash continues on the next line,
    as IPython reads it, so that line is masked too.
    """
    lines = text.split("\n")
    masked: Set[int] = set()
    heads: Set[int] = set()  # indented escapes that start a logical line (not a ``\`` continuation)
    continued = False
    for number, line in enumerate(lines):
        match = None if continued else (_ESCAPED_LINE.fullmatch(line) or _HELP_LINE.fullmatch(line))
        assigned = None if continued or match is not None else _ASSIGNED_LINE.fullmatch(line)
        if match is None and assigned is None and not continued:
            continue
        if (match or assigned) is not None and number > 0 and number - 1 not in masked and lines[number - 1].endswith("\\"):
            continue  # continues the Python line above (``... \`` then ``% args``)
        if assigned is not None:
            kept = len(assigned.group(1))
            lines[number] = line[:kept] + "_" + "#" * (len(line) - kept - 1)
        else:
            indent = len(match.group(1)) if match is not None else 0
            lines[number] = line[:indent] + "#" * (len(line) - indent)
            if match is not None and indent:
                heads.add(number)
        masked.add(number)
        continued = line.endswith("\\")
    original_lines = text.split("\n")
    for number in _inside_python(lines, masked, original_lines):
        lines[number] = original_lines[number]
        masked.discard(number)
    # Red team 12 (report 11), F11: IPython turns an indented escape into a statement at its indent
    # (``for i in x:\n    %env X=1`` runs ``get_ipython().run_line_magic(...)`` in the loop), so it
    # may be a block's only statement.  Masked as ``0###``, a statement of the same length, the
    # block still parses; at module level the comment stays (no statement before ``from __future__``).
    # IPython first takes the indent of the cell's first non-blank line off every line (so
    # ``\n  %%time`` is the cell's magic, no statement); an escape indented deeper than that is
    # a statement at its indent.
    first = next((line for line in lines if line.strip()), "")
    leading = len(first) - len(first.lstrip(" \t"))
    for number in heads & masked:
        indent = len(lines[number]) - len(lines[number].lstrip(" \t"))
        if indent > leading:
            lines[number] = lines[number][:indent] + "0" + lines[number][indent + 1:]
    return "\n".join(lines), masked


def _inside_python(lines: List[str], masked: Set[int], original: Optional[List[str]] = None) -> Set[int]:
    """Masked lines that Python (and IPython) read as part of a longer line of code.

    ``% args`` inside brackets, or any line inside a multi-line string, is code
    or text, not an IPython escape: IPython only looks at the first token of a
    logical line.  One tokenize pass over the masked cell tells which.
    """
    if not masked:
        return set()
    import io
    import tokenize

    found: Set[int] = set()
    depth = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
            (start_row, _), (end_row, _) = token.start, token.end
            if token.type == tokenize.OP and token.string in "([{":
                depth += 1
            elif token.type == tokenize.OP and token.string in ")]}":
                depth = max(depth - 1, 0)
            elif token.type == tokenize.COMMENT and depth > 0:
                found.add(start_row - 1)
            if end_row > start_row and token.type not in (tokenize.NL, tokenize.NEWLINE):
                found.update(range(start_row, end_row))  # rows after the first, 0-based
    except (tokenize.TokenError, SyntaxError):
        # e.g. a bracket closed on a masked line: what was read so far holds.  Red team 9, F2:
        # or a masked line closed a string (``BANNER = """Deploy`` / ``!"""``); IPython finds
        # its escapes by tokenizing the cell as written, so when that reads, its answer holds.
        found |= _inside_python_as_written(original or [], masked)
    return found & masked


def _inside_python_as_written(lines: List[str], masked: Set[int]) -> Set[int]:
    """Masked lines inside a multi-line token or brackets when the cell, unmasked, is tokenized (IPython's way).

    Empty when the cell as written does not tokenize either (nothing is guessed).
    """
    import io
    import tokenize

    found: Set[int] = set()
    depth = 0
    seen_rows: Set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
            (start_row, _), (end_row, _) = token.start, token.end
            if start_row not in seen_rows:
                seen_rows.add(start_row)
                if depth > 0 and token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
                    found.add(start_row - 1)  # the line's first token is inside brackets
            if token.type == tokenize.OP and token.string in "([{":
                depth += 1
            elif token.type == tokenize.OP and token.string in ")]}":
                depth = max(depth - 1, 0)
            if end_row > start_row and token.type not in (tokenize.NL, tokenize.NEWLINE):
                found.update(range(start_row, end_row))
    except (tokenize.TokenError, SyntaxError):
        return set()
    return found & masked


def unmask(original: str, masked: str, masked_lines: Set[int], rewritten: str) -> str:
    """Put the masked lines back into ``rewritten``; NotebookError unless exact.

    Edits must never land on a masked line: each one must come back exactly as
    it was masked, and the result, masked again, must be ``rewritten``.
    """
    original_lines = original.split("\n")
    masked_split = masked.split("\n")
    rewritten_lines = rewritten.split("\n")
    if len(rewritten_lines) != len(original_lines) or len(masked_split) != len(original_lines):
        raise NotebookError("the rewrite changed the cell's line structure")
    for number in masked_lines:
        if rewritten_lines[number] != masked_split[number]:
            raise NotebookError(f"an edit would land on IPython line {number + 1}")
        rewritten_lines[number] = original_lines[number]
    result = "\n".join(rewritten_lines)
    if mask(result) != (rewritten, masked_lines):
        raise NotebookError("the IPython lines would not come back exactly")
    return result


def _source_line_numbers(text: str) -> List[Optional[int]]:
    """1-based JSON line of each cell's first source line (None when not on its own line)."""
    lines: List[Optional[int]] = []
    line, counted = 1, 0  # lines counted incrementally, from the previous match on (red team 11, F2: was quadratic)
    for match in re.finditer(r'"source":\s*(\[?)', text):
        line += text.count("\n", counted, match.end())
        counted = match.end()
        lines.append(line + 1 if match.group(1) and text[match.end() : match.end() + 1] in "\r\n" else None)
    return lines


def _string_sources(text: str) -> List[Optional[Tuple[int, int]]]:
    """For each cell's ``"source"`` (in the order ``_source_line_numbers`` reads them): when it is one JSON
    string, (its 1-based JSON line, the 0-based column of its opening quote), else None.

    nbformat allows a cell's source to be one string; then the whole cell is on one JSON line and a
    finding's file position is that line and the column of its escaped text inside the string (red team
    11, F8: they were all reported at line 1).  Lines are counted incrementally: linear.
    """
    found: List[Optional[Tuple[int, int]]] = []
    line, counted, line_start = 1, 0, 0
    for match in re.finditer(r'"source":\s*(\[?)', text):
        end = match.end()
        if match.group(1) or text[end : end + 1] != '"':
            found.append(None)
            continue
        # Only the text since the previous match is scanned (a compact notebook is one line: an
        # unbounded rfind per cell would be quadratic).
        newlines = text.count("\n", counted, end)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", counted, end) + 1
        counted = end
        found.append((line, end - line_start))
    return found


def _cell_json_line(source_lines: List[Optional[int]], strings: List[Optional[Tuple[int, int]]], index: int, cell_line: int) -> int:
    """The JSON line of a cell's ``cell_line`` (1-based), for a list source or a one-string source."""
    if index < len(strings) and strings[index] is not None:
        return strings[index][0]
    return _json_line(source_lines[index] if index < len(source_lines) else None, cell_line)


_CELL_LINE_END = re.compile(r"\r\n|\r|\n")


def _in_string(cell: "_PythonCell", line: int, column: int) -> Tuple[int, int]:
    """(JSON line, 1-based JSON column) of a cell position (1-based line, 1-based column) in a one-string source.

    The column counts the quote's column, the quote, and the JSON-escaped text of the cell before the
    position.  Each character escapes on its own, so the escaped length of whole lines is summed once per
    cell (kept on the cell) and only the partial line is escaped per finding: linear.
    """
    json_line, quote = cell.string_at
    starts = cell.__dict__.get("_starts")
    if starts is None:
        text = cell.original
        offsets = [0] + [m.end() for m in _CELL_LINE_END.finditer(text)]
        escaped = [0]
        for a, b in zip(offsets, offsets[1:]):
            escaped.append(escaped[-1] + len(json.dumps(text[a:b], ensure_ascii=False)) - 2)
        starts = cell.__dict__["_starts"] = (offsets, escaped)
    offsets, escaped = starts
    if not 0 < line <= len(offsets):
        return json_line, quote + 2
    start = offsets[line - 1]
    partial = cell.original[start : start + max(column - 1, 0)]
    return json_line, quote + 2 + escaped[line - 1] + len(json.dumps(partial, ensure_ascii=False)) - 2


def _json_line(first_line: Optional[int], cell_line: int) -> int:
    return first_line + cell_line - 1 if first_line is not None else 1


def _json_column(json_lines: List[str], first_line: Optional[int], cell_lines: List[str], line: int, column: int) -> int:
    """Column in the JSON file: the string's indentation, its quote, then the escaped prefix.

    ``json_lines`` is the notebook file's lines, split once per notebook by the caller: splitting the whole file
    here, once per finding, made a notebook with a finding in each cell quadratic (red team 13, F13).
    """
    if first_line is None or not 0 < line <= len(cell_lines):
        return column
    json_line = json_lines[first_line + line - 2] if first_line + line - 2 < len(json_lines) else ""
    indent = len(json_line) - len(json_line.lstrip())
    escaped_prefix = json.dumps(cell_lines[line - 1][: column - 1], ensure_ascii=False)[1:-1]
    return indent + 1 + len(escaped_prefix) + 1


def _dump_like(notebook, original: str) -> str:
    try:
        return _dump_in_layout(notebook, original)
    except RecursionError:
        from ..pipeline import FileError

        raise FileError("notebook JSON is nested too deeply to write back; not rewritten") from None


def _dump_in_layout(notebook, original: str) -> str:
    for layout in _LAYOUTS:
        for ending in ("\n", ""):
            reference = json.dumps(json.loads(original), **layout) + ending
            if reference == original:
                return json.dumps(notebook, **layout) + ending
    from ..pipeline import FileError

    raise FileError("notebook JSON layout is not one we can reproduce byte for byte; not rewritten")
