"""FROM <AC image>  ->  FROM <Astro Runtime image>, wherever the Dockerfile pins it.

Houston change: a Deployment is migrated when an image of its new Runtime
version is deployed (Software docs, migrate-to-runtime, step 2:
``FROM quay.io/astronomer/astro-runtime:5.0.4``).  How each AC tag maps, and
the evidence, is in :mod:`ac_images`.

Where the image is pinned (instructions read by :mod:`sources.dockerfile`, so
continuation lines count and heredoc bodies never do):

* ``FROM [--platform=...] <image> [AS name]``, also split as ``FROM \\`` and the
  image on the next line;
* an ``ARG`` default used as the whole image: ``ARG IMAGE="quay.io/astronomer/
  ap-airflow:2.2.3"`` then ``FROM ${IMAGE}`` or ``FROM $IMAGE`` (the pattern of
  a public providers repository).  Only ARGs declared before the first FROM
  reach a FROM (Dockerfile reference, "Understand how ARG and FROM
  interact").  The default is migrated; where the repository's CI or compose
  files also pass that ARG (``--build-arg IMAGE=...``), their value wins at
  build time, so a review finding names them (:mod:`build_arg_overrides`).

Anything else holding an AC image (a tag built from ARGs, an ARG no FROM uses
whole, ``COPY --from=`` / ``RUN --mount=...,from=`` taking files out of it) is
reported for review with the reason.  Only the reference's own
characters change.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from ..sources.dockerfile import Instruction, Word, instructions
from ..versions import VersionTable
from .ac_images import REFERENCE, ImageMigration, edits, runtime_reference

_VARIABLE = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)\}|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))")
BUILD_ARG_CODE = "review-ac-image-build-arg"

__all__ = ["migrations", "edits", "ImageMigration"]


def migrations(text: str, versions: VersionTable, path: Optional[str] = None) -> List[ImageMigration]:
    found: List[ImageMigration] = []
    if "ap-airflow" not in text:
        return found
    seen_from = False
    # name -> each (word, value start, end, value) declaring it before the first FROM (redeclarations too)
    global_args: Dict[str, List[Tuple[Word, int, int, str]]] = {}
    other_args: List[Tuple[Word, int, int, str]] = []
    used_args: Dict[str, bool] = {}
    defaults: Dict[str, str] = {}  # every global ARG default, to explain tags built from them
    for instruction in instructions(text):
        if instruction.keyword == "ARG":
            for word, start, end, value in _arg_defaults(instruction):
                if not seen_from:
                    defaults.setdefault(word.text.split("=", 1)[0], value)
                if REFERENCE.search(value) is None:
                    continue
                if seen_from:
                    other_args.append((word, start, end, value))
                else:
                    name = word.text.split("=", 1)[0]
                    global_args.setdefault(name, []).append((word, start, end, value))
        elif instruction.keyword == "FROM":
            seen_from = True
            image = _image_word(instruction)
            if image is None:
                continue
            variable = _VARIABLE.fullmatch(image.text)
            if variable is not None:
                name = variable.group("braced") or variable.group("bare")
                if name in global_args:
                    used_args[name] = True
                continue
            found.extend(_migrate_word(image, versions, defaults))
        else:
            found.extend(_flag_sources(instruction, versions))
    for name, declarations in global_args.items():
        for word, start, end, value in declarations:
            if used_args.get(name):
                found.append(_migrate_value(word, start, end, value, versions, f"ARG {name}, the image of a FROM"))
            else:
                found.append(_review_value(start, end, value, f"ARG {name} is not used as a whole image by a FROM"))
        if used_args.get(name):
            found.extend(_overridden(name, declarations[0][0], path))
    for word, start, end, value in other_args:
        name = word.text.split("=", 1)[0]
        found.append(_review_value(start, end, value, f"ARG {name} comes after the first FROM, so no FROM reads it"))
    return sorted(found, key=lambda m: m.start)


def _flag_sources(instruction: Instruction, versions: VersionTable) -> List[ImageMigration]:
    """``COPY --from=<AC image>``, ``RUN --mount=...,from=<AC image>``: files taken from the image.

    What is copied changes with the image, so these are reviewed, never rewritten.
    """
    found = []
    for word in instruction.words:
        if not word.text.startswith("--"):
            break  # flags come first
        for match in REFERENCE.finditer(word.text):
            new, note = runtime_reference(match.group(), versions)
            span = instruction.word_offsets(word, match.start(), match.end())
            if span is None:
                continue
            hint = f"the equivalent is {new}" if new else note
            reason = (
                f"an AC image used as a source of files in {instruction.keyword} {word.text.split('=', 1)[0]}: "
                f"what is copied changes with the image; choose by hand ({hint})"
            )
            found.append(ImageMigration(span[0], span[1], match.group(), None, reason))
    return found


def _image_word(instruction: Instruction) -> Optional[Word]:
    for word in instruction.words:
        if not word.text.startswith("--"):
            return word
    return None


def _migrate_word(word: Word, versions: VersionTable, defaults: Dict[str, str]) -> List[ImageMigration]:
    match = REFERENCE.fullmatch(word.text)
    if match is None:
        if REFERENCE.search(word.text) is None:
            return []
        return [ImageMigration(word.start, word.end, word.text, None, "the image is built from build arguments: choose by hand")]
    if "$" in word.text:
        return [ImageMigration(word.start, word.end, word.text, None, _from_arguments(word.text, versions, defaults))]
    new, note = runtime_reference(word.text, versions)
    if new is not None and not word.on_one_line:
        new, note = None, f"the reference is split across lines: use {new}"
    return [ImageMigration(word.start, word.end, word.text, new, note)]


def _from_arguments(reference: str, versions: VersionTable, defaults: Dict[str, str]) -> str:
    """Why a tag built from ARGs is left alone, and the image its defaults would migrate to."""
    names = [m.group("braced") or m.group("bare") for m in _VARIABLE.finditer(reference)]
    resolved = _VARIABLE.sub(lambda m: defaults.get(m.group("braced") or m.group("bare"), m.group()), reference)
    listed = ", ".join(f"ARG {name}" for name in dict.fromkeys(names))
    if "$" not in resolved:
        new, note = runtime_reference(resolved, versions)
        if new is not None:
            return (
                f"the tag comes from {listed}; with the defaults it is {resolved}: write FROM {new} "
                "(or change the ARGs to match) by hand"
            )
        return f"the tag comes from {listed}; with the defaults it is {resolved}: {note}"
    return f"the tag comes from {listed}: choose an Astro Runtime image by hand"


def _arg_defaults(instruction: Instruction):
    """(word, file start, file end, value) of each ``NAME=value``, quotes excluded from the span."""
    for word in instruction.words:
        name, equals, value = word.text.partition("=")
        if not equals or not value:
            continue
        first = len(name) + 1
        last = len(word.text)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            first, last = first + 1, last - 1
            value = value[1:-1]
        span = instruction.word_offsets(word, first, last)
        if span is None:
            continue
        yield word, span[0], span[1], value


def _migrate_value(word: Word, start: int, end: int, value: str, versions: VersionTable, where: str) -> ImageMigration:
    match = REFERENCE.fullmatch(value)
    if match is None:
        return _review_value(start, end, value, f"{where} holds more than an AC image: choose by hand")
    new, note = runtime_reference(value, versions)
    return ImageMigration(start, end, value, new, note)


def _review_value(start: int, end: int, value: str, reason: str) -> ImageMigration:
    return ImageMigration(start, end, value, None, f"{reason}; migrate it by hand")


def _overridden(name: str, word: Word, path: Optional[str]) -> List[ImageMigration]:
    if not path or path == "-":
        return []
    from .build_arg_overrides import places_setting

    places = places_setting(path, name)
    if not places:
        return []
    return [
        ImageMigration(
            word.start,
            word.end,
            f"ARG {name}",
            None,
            f"also set by {', '.join(places)}: that value wins over this default at build time; migrate it too",
            BUILD_ARG_CODE,
        )
    ]
