"""A ``.graphql`` file that a JavaScript, TypeScript or Ruby script of the project reads and fills at run time.

Red team 27 (report 11b), f4: ``scripts/create-deployment.js`` does ``fs.readFileSync("queries/create.graphql",
"utf8").replace("2.3.4-11", version)`` and posts the result to Houston.  The Python twin of that script is held
(``review-template-fill``: ``sources.graphql_fills``), but the run does not read JavaScript, so the ``.graphql``
file was migrated to ``runtimeVersion: "5.5.0"``: the fill then found nothing and every Deployment was created on
Runtime 5.5.0 whatever version the operator passed, silently.  The same for Ruby's ``File.read(...).sub(...)`` and
TypeScript's ``.replaceAll(...)``.

So the project's scripts in those languages (where its shell scripts are: the root, its script folders, beside the
file; :func:`.image_readers.project_program_files`) that name a ``.graphql`` file of the run by a quoted path are
read for their fills: ``.replace(`` / ``.replaceAll(`` and Ruby's ``.sub`` / ``.gsub`` (``!`` too).  Each is noted
for the file as a Python fill is (``cross_module``'s ``fills``), so :func:`.graphql_fills.settle` decides alike: a
literal target (``"2.3.4-11"``) holds the file only where a rewrite touches what it looks for; a regex holding AC
text or a digit (``/2\\.3\\.4-11/``, ``/\\d+\\.\\d+\\.\\d+-\\d+/``), or a target that is no literal in a script
holding AC text, is not read, so every edit is withdrawn.  A regex of no version (``/\\s+/g``, minifying) and a
non-literal target in a script without AC text look for nothing a rewrite changes: not noted.

Each script is read once per run, only when its bytes name a ``.graphql`` file of the run by its file name; the
patterns are linear (fixed prefixes, bounded runs).
"""

from __future__ import annotations

import os
import re
from typing import Dict, List, Optional, Tuple

from .look_around import tree_root
from .shell_steps import AC_TEXT

SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".rb")
_MAX_BYTES = 1024 * 1024
_MAX_FILLS = 16  # fills noted per script
_MAX_CODE = 60  # characters of the fill's line quoted in the review
# ``.replace(`` / ``.replaceAll(`` (JavaScript, TypeScript), ``.sub`` / ``.gsub`` / ``.sub!`` / ``.gsub!`` (Ruby, its
# argument in parentheses or after a blank): a fixed prefix, then one bounded run of blanks (linear)
_FILL = re.compile(r"\.(replaceAll|replace|gsub!?|sub!?)(?:\([ \t]{0,8}|[ \t]{1,8})")
# the first argument as a quoted literal (escapes taken whole; each alternative starts at its own quote; bounded)
_STRING = re.compile(r'"((?:[^"\\\n]|\\.){0,400})"|\'((?:[^\'\\\n]|\\.){0,400})\'|`((?:[^`\\\n$]|\\.){0,400})`')
# ... or as a regex literal (JavaScript ``/.../flags``, Ruby ``/.../`` and ``%r{...}``)
_REGEX = re.compile(r"/((?:[^/\\\n]|\\.){1,400})/|%r\{([^}\n]{1,400})\}")
# a quoted path of a GraphQL document file (one class run, bounded, after the quote: linear)
_GRAPHQL_PATH = re.compile(r"""["'`]([^"'`\n]{0,300}\.(?:graphql|gql))["'`]""")
_DIGIT_CLASS = re.compile(r"\\d|\[0-9")


def program_fills(graphql_files: Dict[str, str]) -> List[Tuple[str, int, str, list]]:
    """``[(script, line of the read, .graphql file as the run names it, fills), ...]`` for the scripts of the
    projects holding ``graphql_files`` (absolute path -> path as given); fills as ``cross_module`` notes them:
    ``[line, kind, targets, code]`` (kind ``replace`` with its literal target, else ``regex``)."""
    from .image_readers import project_program_files

    if not graphql_files:
        return []
    by_name: Dict[str, List[str]] = {}
    for absolute in graphql_files:
        by_name.setdefault(os.path.basename(absolute), []).append(absolute)
    found: List[Tuple[str, int, str, list]] = []
    for script in project_program_files(list(graphql_files)):
        if not script.endswith(SUFFIXES):
            continue
        text = _read(script)
        if text is None or not any(name in text for name in by_name):
            continue
        reads = _reads(script, text, by_name)
        if not reads:
            continue
        fills = _fills(text)
        if not fills:
            continue
        for line, target in reads:
            found.append((script, line, graphql_files[target], fills))
    return found


def _reads(script: str, text: str, by_name: Dict[str, List[str]]) -> List[Tuple[int, str]]:
    """``[(line, absolute .graphql file), ...]`` the script names by a quoted path: resolved from its folder and the
    folders above it up to the work tree's root, else one whose path ends with the literal (``path.join(__dirname,
    "../queries/create.graphql")``, a bare ``"create.graphql"``)."""
    folder = os.path.dirname(os.path.normpath(os.path.abspath(script)))
    root = tree_root(folder)
    found: List[Tuple[int, str]] = []
    counted, line = 0, 1
    for match in _GRAPHQL_PATH.finditer(text):
        literal = match.group(1).strip()
        candidates = by_name.get(literal.rsplit("/", 1)[-1])
        if not candidates:
            continue
        line += text.count("\n", counted, match.start())
        counted = match.start()
        target = _resolve(literal, folder, root, candidates)
        if target is not None and all(t != target for _, t in found):
            found.append((line, target))
    return found


def _resolve(literal: str, folder: str, root: str, candidates: List[str]) -> Optional[str]:
    if "${" not in literal and not literal.startswith("/"):
        start = folder
        for _ in range(16):
            joined = os.path.normpath(os.path.join(start, literal))
            if joined in candidates:
                return joined
            if start == root or os.path.dirname(start) == start:
                break
            start = os.path.dirname(start)
    # ``${__dirname}/../queries/x.graphql``, ``../queries/x.graphql``: the path's named parts, as its tail
    tail = "/" + "/".join(p for p in literal.rsplit("}", 1)[-1].split("/") if p and p not in (".", ".."))
    ending = [c for c in candidates if c.replace(os.sep, "/").endswith(tail)]
    return ending[0] if len(ending) == 1 else None


def _fills(text: str) -> List[list]:
    """``[[line, kind, targets, code], ...]`` of the script's fills that may look for what a rewrite changes."""
    holds_ac = AC_TEXT.search(text) is not None
    found: List[list] = []
    counted, line = 0, 1
    for match in _FILL.finditer(text):
        at = match.end()
        string = _STRING.match(text, at)
        kind, targets = "regex", None
        if string is not None:
            literal = next(g for g in string.groups() if g is not None)
            if string.group(0)[0] == "`" and "${" in text[at:string.end()]:
                literal = None
            if literal is not None:
                kind, targets = "replace", [_unescaped(literal)]
            elif not holds_ac:
                continue
        else:
            regex = _REGEX.match(text, at)
            if regex is not None:
                body = regex.group(1) if regex.group(1) is not None else regex.group(2)
                if AC_TEXT.search(body) is None and _DIGIT_CLASS.search(body) is None:
                    continue  # ``/\s+/g``: looks for no version a rewrite changes
            elif not holds_ac:
                continue  # a variable's target in a script holding no AC text
        if targets is not None and not targets[0]:
            continue
        line += text.count("\n", counted, match.start())
        counted = match.start()
        found.append([line, kind, targets, _code(text, match.start())])
        if len(found) >= _MAX_FILLS:
            break
    return found


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}


def _unescaped(literal: str) -> str:
    """The text a quoted literal stands for: ``\\n`` a line break (``.replace("\\n", " ")`` looks for line breaks,
    not for ``n``), any other escaped character itself.  One walk (linear)."""
    if "\\" not in literal:
        return literal
    out, index = [], 0
    while index < len(literal):
        char = literal[index]
        if char == "\\" and index + 1 < len(literal):
            index += 1
            char = _ESCAPES.get(literal[index], literal[index])
        out.append(char)
        index += 1
    return "".join(out)


def _code(text: str, at: int) -> str:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[start:end if end >= 0 else len(text)].strip()
    return line if len(line) <= _MAX_CODE else line[:_MAX_CODE] + "..."


def _read(path: str) -> Optional[str]:
    try:
        if os.path.getsize(path) > _MAX_BYTES:
            return None
        with open(path, "rb") as handle:
            return handle.read(_MAX_BYTES).decode("utf-8", "replace")
    except (OSError, ValueError):
        return None
