"""AC images in docker compose files and CI files  ->  the same Runtime image the Dockerfile rule picks.

Houston change: as for the Dockerfile (:mod:`dockerfile_from`): what runs or
builds the project must use the Runtime image of the Deployment's Runtime
version.  An Astro project pins its image in more places than the
Dockerfile: ``docker-compose*.yml`` / ``compose*.yaml`` services
(``image:``), GitHub workflow jobs and services (``container:`` /
``image:``), GitLab CI jobs (``image:``).  The mapping and its evidence are
:mod:`ac_images`'.

Only the image reference's own characters are replaced, so quoting,
comments, anchors and layout stay as written.  A value is taken from an
``image:`` or ``container:`` key written on one line (plain, single- or
double-quoted scalar; ``${VAR:-default}`` interpolation allowed around it),
or GitLab's ``image: name:``.  An AC image anywhere else in the file (a
``run: |`` script, a build argument) is reported for review with the image to
use, never edited.

Two steps: a line scanner PROPOSES edits (cheap, finds every reference), and
PyYAML's composer CONFIRMS each one: an edit stays only if its span lies
inside a one-line plain or quoted ScalarNode that is the value of an
``image`` / ``container`` key (or ``name`` in an ``image`` mapping).  Hand
scanning alone misread YAML's block, flow and multi-line scalar grammar
(``- |`` items, ``!!str |``, multi-line quoted scalars, ``? |`` keys) and
rewrote script text; the parser knows that grammar.  A file PyYAML cannot
parse gets no edits: each AC image in it is reported for review, naming the
parse error.  The parse runs once per file, and only when the scanner
proposed an edit.
"""

from __future__ import annotations

import re
from typing import List, Optional, Set, Tuple

from ..versions import VersionTable
from .ac_images import REFERENCE, ImageMigration, runtime_reference

_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_KEY = re.compile(r"(?P<indent>[ \t]*)(?:-[ \t]+)?(?P<key>[\w.-]+|\"[^\"]*\"|'[^']*')[ \t]*:(?:[ \t]+|$)(?P<value>(?:[^ \t].*)?)")  # value: from its first non-blank (linear)
_BLOCK_INDICATOR = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?")
IMAGE_KEYS = frozenset({"image", "container"})


def migrations(text: str, versions: VersionTable) -> List[ImageMigration]:
    found: List[ImageMigration] = []
    if "ap-airflow" not in text:
        return found
    block_indent = -1  # inside a block scalar whose key sat at this indentation
    image_indent = -1  # inside an "image:" / "container:" mapping (GitLab's image: name:) at this indentation
    for match in _LINE.finditer(text):
        line, start = match.group().rstrip("\n").rstrip("\r"), match.start()
        stripped = line.lstrip(" \t")
        indent = len(line) - len(stripped)
        if block_indent >= 0:
            if not stripped or indent > block_indent:
                found.extend(_review_all(line, start, versions, "inside a block scalar (a script)"))
                continue
            block_indent = -1
        if not stripped or stripped.startswith("#"):
            continue
        key = _KEY.fullmatch(line)
        if key is None:
            found.extend(_review_all(line, start, versions, "not under an image or container key"))
            continue
        value = key.group("value")
        if _BLOCK_INDICATOR.fullmatch(value):
            block_indent = len(key.group("indent"))
            continue
        name = key.group("key").strip("\"'")
        if image_indent >= 0 and len(key.group("indent")) <= image_indent:
            image_indent = -1
        if name in IMAGE_KEYS and not _without_comment(value).strip():
            image_indent = len(key.group("indent"))
        elif name in IMAGE_KEYS or (name == "name" and image_indent >= 0):
            found.extend(_image_value(line, start, key.start("value"), value, versions))
        else:
            found.extend(_review_all(line, start, versions, f"under the key {name!r}, not an image or container key"))
    if any(m.new is not None for m in found):
        found = _confirmed(text, found)
    return found


def _confirmed(text: str, proposed: List[ImageMigration]) -> List[ImageMigration]:
    """The scanner's proposals, each edit kept only where the YAML parser confirms it."""
    from bisect import bisect_right

    spans, problem = _image_value_spans(text)
    ordered = sorted(spans)  # scalars never overlap: the one starting last at or before an edit is the only candidate
    starts = [begin for begin, _ in ordered]
    result = []
    for migration in proposed:
        at = bisect_right(starts, migration.start) - 1
        if migration.new is None or (at >= 0 and migration.end <= ordered[at][1]):
            result.append(migration)
            continue
        if problem:
            where = f"the file is not YAML PyYAML can parse ({problem})"
        else:
            where = "not the one-line plain or quoted value of an image or container key"
        reason = f"{where}: migrate it by hand to {migration.new}"
        result.append(ImageMigration(migration.start, migration.end, migration.old, None, reason))
    return result


def _image_value_spans(text: str) -> Tuple[Set[Tuple[int, int]], Optional[str]]:
    """(start, end) character offsets of every editable image value, and why the text does not parse (or None).

    Editable: a ScalarNode in plain, single- or double-quoted style, on one
    line, written right after its key (not an alias of a node defined
    elsewhere), that is the value of an ``image`` / ``container`` key or of
    ``name`` in an ``image`` mapping, each a block (not flow) mapping.  Walked without recursion, each node once.
    """
    import yaml

    spans: Set[Tuple[int, int]] = set()
    try:
        documents = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        cause = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        return spans, (f"line {mark.line + 1}: {cause}" if mark else cause)
    except (yaml.YAMLError, ValueError) as exc:
        return spans, " ".join(str(exc).split())[:200] or type(exc).__name__
    except (RecursionError, MemoryError):
        return spans, "nested too deeply"
    seen: Set[int] = set()
    stack = [node for node in documents if node is not None]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
                if node.flow_style:
                    continue  # `{image: x}` / `[a,\n image: x]`: flow content, reviewed like the scanner reads it
                if _is_key(key, IMAGE_KEYS):
                    _add_span(spans, key, value)
                    if _is_key(key, ("image",)) and isinstance(value, yaml.MappingNode) and not value.flow_style:
                        for inner_key, inner_value in value.value:
                            if _is_key(inner_key, ("name",)):
                                _add_span(spans, inner_key, inner_value)
    return spans, None


def _is_key(node, names) -> bool:
    import yaml

    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str" and node.value in names


def _add_span(spans: Set[Tuple[int, int]], key, value) -> None:
    import yaml

    if (
        isinstance(value, yaml.ScalarNode)
        and value.style in (None, "'", '"')
        and value.start_mark.line == value.end_mark.line
        and value.start_mark.index >= key.end_mark.index
    ):
        spans.add((value.start_mark.index, value.end_mark.index))


def _image_value(line: str, start: int, value_start: int, value: str, versions: VersionTable) -> List[ImageMigration]:
    body = _without_comment(value)
    if "ap-airflow" not in body:
        return []
    if body[:1] == '"' and "\\" in body:
        return _review_all(line, start, versions, "a double-quoted value with escapes")
    found = []
    for reference in REFERENCE.finditer(body):
        old = reference.group()
        begin, end = start + value_start + reference.start(), start + value_start + reference.end()
        new, note = runtime_reference(old, versions)
        found.append(ImageMigration(begin, end, old, new, note))
    return found


def _review_all(line: str, start: int, versions: VersionTable, where: str) -> List[ImageMigration]:
    body = _without_comment(line)
    found = []
    for reference in REFERENCE.finditer(body):
        old = reference.group()
        new, note = runtime_reference(old, versions)
        reason = f"{where}: migrate it by hand" + (f" to {new}" if new else f" ({note})")
        found.append(ImageMigration(start + reference.start(), start + reference.end(), old, None, reason))
    return found


def _without_comment(text: str) -> str:
    """The text before a YAML comment (`` #`` outside quotes)."""
    quote = ""
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'" and (index == 0 or text[index - 1] in " \t:[{,-"):
            quote = char
        elif char == "#" and (index == 0 or text[index - 1] in " \t"):
            return text[:index]
    return text
