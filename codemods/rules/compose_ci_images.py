"""AC images in docker compose files and CI files  ->  the same Runtime image the Dockerfile rule picks.

Houston change: as for the Dockerfile (:mod:`dockerfile_from`): what runs or
builds the project must use the Runtime image of the Deployment's Runtime
version.  An Astro project pins its image in more places than the
Dockerfile: ``docker-compose*.yml`` / ``compose*.yaml`` services
(``image:``), GitHub workflow jobs and services (``container:`` /
``image:``), GitLab CI jobs (``image:``).  The mapping and its evidence are
:mod:`ac_images`'.

Read line by line, without a YAML library: only the image reference's own
characters are replaced, so quoting, comments, anchors and layout stay as
written.  A value is taken from an ``image:`` or ``container:`` key written on
one line (plain, single- or double-quoted scalar; ``${VAR:-default}``
interpolation allowed around it).  Lines inside block scalars (``run: |``)
are script, not keys: an AC image there, or anywhere else in the file, is
reported for review with the image to use, never edited.
"""

from __future__ import annotations

import re
from typing import List

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
    return found


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
