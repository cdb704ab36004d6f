"""FROM <AC image>  ->  FROM <Astro Runtime image>, wherever the Dockerfile pins it.

Houston change: a Deployment is migrated when an image of its new Runtime
version is deployed (Software docs, migrate-to-runtime, step 2:
``FROM quay.io/astronomer/astro-runtime:5.0.4``).  How each AC tag maps, and
the evidence, is in :mod:`ac_images`.

Where the image is pinned (instructions read by :mod:`sources.dockerfile`, so
continuation lines count and heredoc bodies never do):

* ``FROM [--platform=...] <image> [AS name]``, also split as ``FROM \\`` and the
  image on the next line; ``FROM ${NAME:-<image>}`` / ``${NAME-<image>}``: the
  inline default is the image when no global ``ARG NAME`` default takes
  precedence (Docker's substitution), so it is migrated then and reviewed
  otherwise, as compose defaults are;
* an ``ARG`` default used as the whole image: ``ARG IMAGE="quay.io/astronomer/
  ap-airflow:2.2.3"`` then ``FROM ${IMAGE}`` or ``FROM $IMAGE`` (the pattern of
  a public providers repository).  Only ARGs declared before the first FROM
  reach a FROM (Dockerfile reference, "Understand how ARG and FROM
  interact").  The default is migrated; where the repository's CI or compose
  files also pass that ARG (``--build-arg IMAGE=...``), their value wins at
  build time, so a review finding names them (:mod:`build_arg_overrides`).
  The default is NOT edited when anything besides those FROMs reads it
  (issue 11 class 2: never edit a binding something else reads); a review
  names the uses.  Readers: another global ARG's default (``ARG B=${IMAGE}``),
  another word of a FROM, and, in a stage that re-declares ``ARG IMAGE``
  (Docker: a global ARG is out of scope after FROM until re-declared without
  a value), every instruction mentioning it (heredoc bodies included) and
  every RUN (it sees the ARG in its environment).  A stage that does not
  re-declare it, or re-declares it with its own value, does not read it.
* a registry from a build argument, in a FROM or in such an ARG default:
  ``FROM ${REG}/astronomer/ap-airflow:2.3.4``.  Docker's substitution gives
  the registry's value with no build arguments (the last global ``ARG REG``
  default, then ``${REG:-x}`` / ``${REG-x}``); :mod:`registry_variable`
  decides: quay.io or no default migrates ``ap-airflow:TAG``, anything else is
  a mirror review naming the Runtime image.  When CI or compose files pass
  that registry ARG (:mod:`build_arg_overrides`), their registry wins at build
  time: a review finding names them.

Anything else holding an AC image (a tag built from ARGs, an ARG no FROM uses
whole, ``COPY --from=`` / ``RUN --mount=...,from=`` taking files out of it) is
reported for review with the reason.  Only the reference's own
characters change.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Dict, List, Optional, Set, Tuple

from ..prefilter import may_spell_ac_image
from ..sources.dockerfile import Instruction, Word, instructions
from ..versions import VersionTable
from .ac_images import REFERENCE, ImageMigration, edits, reference_spans, runtime_reference
from .registry_variable import NAMES_AC_REPOSITORY, decide

_MENTION = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
# A registry from a variable, then the rest of the reference: $REG/..., ${REG}/..., ${REG:-quay.io}/...
_REGISTRY_WORD = re.compile(
    r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<operator>:?[-+?])(?P<argument>[^${}\\]*))?\}"
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)
MAX_LISTED = 5
_VARIABLE = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)\}|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))")
BUILD_ARG_CODE = "review-ac-image-build-arg"

__all__ = ["migrations", "edits", "ImageMigration"]


def migrations(text: str, versions: VersionTable, path: Optional[str] = None) -> List[ImageMigration]:
    found: List[ImageMigration] = []
    if not may_spell_ac_image(text):
        return found
    lines = _LineNumbers(text)
    seen_from = False
    # name -> each declaration before the first FROM holding an AC image (redeclarations too)
    global_args: Dict[str, List[_Declaration]] = {}
    other_args: List[_Declaration] = []
    used_args: Dict[str, bool] = {}
    readers: Dict[str, List[str]] = {}  # name -> what else reads that global ARG ("RUN (line 4)")
    defaults: Dict[str, str] = {}  # every global ARG default, to explain tags built from them
    latest: Dict[str, Optional[str]] = {}  # each global ARG's value so far (None: declared without one)
    in_scope: Dict[str, bool] = {}  # global AC-image ARGs the current stage re-declares (so reads)
    unrun: Dict[str, bool] = {}  # those of them no RUN has run with yet
    registry_names: Dict[int, str] = {}  # file offset of a registry-form edit -> its registry's ARG
    inline_names: Dict[int, str] = {}  # file offset of a migrated ${NAME:-<AC image>} default -> NAME
    for instruction in instructions(text):
        where = f"{instruction.keyword} (line {lines.of(instruction.start)})"
        if instruction.keyword == "ARG":
            # word by word, in order: ARG REG=mirror IMAGE=${REG}/... reads the REG just declared
            for word in instruction.words:
                name, equals, value = word.text.partition("=")
                if equals:
                    reader = f"ARG {name} (line {lines.of(word.start)})"
                    _note_reads(value, in_scope if seen_from else global_args, readers, reader)
                if seen_from and name in global_args:
                    if equals:
                        in_scope.pop(name, None)  # its own default now, not the global one
                        unrun.pop(name, None)
                    else:
                        in_scope[name] = unrun[name] = True
                declared = _arg_default(instruction, word)
                if declared is not None:
                    start, end, value, places = declared
                    if not seen_from:
                        defaults.setdefault(name, value)
                    if REFERENCE.search(value) is not None or ("$" in value and NAMES_AC_REPOSITORY.search(value)):
                        registry = _split_registry_form(places, start, end, latest, versions, registry_names)
                        declaration = _Declaration(word, start, end, value, registry, places)
                        if seen_from:
                            other_args.append(declaration)
                        else:
                            global_args.setdefault(name, []).append(declaration)
                if not seen_from:
                    if equals:
                        latest[name] = _unquoted(value)
                    else:
                        latest.setdefault(name, None)
        elif instruction.keyword == "FROM":
            seen_from = True
            in_scope, unrun = {}, {}
            image = _image_word(instruction)
            variable = _VARIABLE.fullmatch(image.text) if image is not None else None
            for word in instruction.words:
                if word is not image or variable is None:
                    _note_reads(word.text, global_args, readers, where)
            if image is None:
                continue
            if variable is not None:
                name = variable.group("braced") or variable.group("bare")
                if name in global_args:
                    used_args[name] = True
                continue
            found.extend(_migrate_word(image, versions, defaults, latest, registry_names, text, inline_names))
        else:
            if in_scope:
                read = " ".join(word.text for word in instruction.words)
                read += "".join(text[first:last] for first, last in instruction.bodies)
                mentioned = _note_reads(read, in_scope, readers, where)
                if instruction.keyword == "RUN":
                    # the first RUN after a re-declaration is enough to name (and keeps this linear)
                    for name in unrun:
                        if name not in mentioned:
                            readers.setdefault(name, []).append(f"{where}, in its environment")
                    unrun = {}
            found.extend(_flag_sources(instruction, versions))
    for name, declarations in global_args.items():
        uses = _listed(readers.get(name, []))
        for declaration in declarations:
            if used_args.get(name) and uses:
                found.append(_review_read_elsewhere(name, declaration, uses, versions))
            elif used_args.get(name):
                found.append(_migrate_value(declaration, versions, f"ARG {name}, the image of a FROM", defaults, text))
            else:
                found.append(_review_value(
                    declaration.start, declaration.end, declaration.value,
                    f"ARG {name} is not used as a whole image by a FROM"
                    + (f" (read by {uses}: text around the expansion, or another ARG, makes a different image)"
                       if uses else ""),
                ))
        if used_args.get(name):
            found.extend(_overridden(name, declarations[0].word, path))
    for declaration in other_args:
        name = declaration.word.text.split("=", 1)[0]
        found.append(_review_value(
            declaration.start, declaration.end, declaration.value,
            f"ARG {name} comes after the first FROM, so no FROM reads it",
        ))
    found.extend(_registry_overridden(found, registry_names, path))
    found.extend(_inline_overridden(found, inline_names, path))
    return sorted(found, key=lambda m: m.start)


@dataclass
class _Declaration:
    """An ``ARG NAME=value`` holding an AC image: the word, the value's file span, the value, and the
    migration of its ``ap-airflow:TAG`` part when the registry comes from a variable (else None)."""

    word: Word
    start: int
    end: int
    value: str
    registry: Optional[ImageMigration]
    # the value's characters with their file offsets: split by a line continuation when not contiguous
    # (red team 13, F13: ARG IMG=quay.io/astronomer/\ + ap-airflow:2.3.4 is the image, joined)
    places: Optional[Word] = None


class _LineNumbers:
    """Line number of a file offset, by bisection over the line starts (computed once)."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def of(self, offset: int) -> int:
        return bisect_right(self.starts, offset)


def _note_reads(text: str, names, readers: Dict[str, List[str]], where: str) -> Set[str]:
    """Record ``where`` as a reader of each of ``names`` that ``text`` mentions (``$NAME``, ``${NAME...}``)."""
    mentioned: Set[str] = set()
    if "$" not in text:
        return mentioned
    for match in _MENTION.finditer(text):
        name = match.group(1)
        if name in names and name not in mentioned:
            mentioned.add(name)
            readers.setdefault(name, []).append(where)
    return mentioned


def _listed(uses: List[str]) -> str:
    unique = list(dict.fromkeys(uses))
    if len(unique) > MAX_LISTED:
        return ", ".join(unique[:MAX_LISTED]) + f" and {len(unique) - MAX_LISTED} more"
    return ", ".join(unique)


def _review_read_elsewhere(name: str, declaration: _Declaration, uses: str, versions: VersionTable) -> ImageMigration:
    """Issue 11 class 2 for Dockerfiles: a default that something besides the FROM reads is never edited."""
    if declaration.registry is not None:
        target = declaration.registry.new or declaration.registry.reason
        hint = f"{declaration.registry.old} -> {target}" if declaration.registry.new else target
    else:
        new, note = runtime_reference(declaration.value, versions)
        hint = new or note
    reason = (
        f"ARG {name} is the image of a FROM but is also read by {uses}: a new default would change what "
        f"they read too; change the FROM and those uses by hand ({hint})"
    )
    return ImageMigration(declaration.start, declaration.end, declaration.value, None, reason)


_ASTRONOMER_PATH = "/astronomer"


def _registry_form(
    value: str, start: int, latest: Dict[str, Optional[str]], versions: VersionTable, names: Dict[int, str]
):
    """``${REG}/astronomer/ap-airflow:TAG`` (at file offset ``start``): the migration or review of its
    ``ap-airflow:TAG`` part by :mod:`registry_variable`, or None for any other form.

    The registry's value without build arguments follows Docker's substitution: ``${REG:-x}`` is x
    when REG has no non-empty default, ``${REG-x}`` when REG has none at all."""
    match = _REGISTRY_WORD.match(value)
    if match is None:
        return None
    name = match.group("braced") or match.group("bare")
    operator, argument = match.group("operator") or "", match.group("argument") or ""
    declared = latest.get(name)
    default = declared
    if operator == ":-" and not declared:
        default = argument
    elif operator == "-" and declared is None:
        default = argument
    verdict = decide(value[match.end():], name, default, operator in (":+", "+"), versions)
    offset = match.end()
    if verdict is None and default and default.endswith(_ASTRONOMER_PATH) and operator not in (":+", "+"):
        # ARG REG=quay.io/astronomer, then ${REG}/ap-airflow:TAG (red team 5, F6): the variable holds the
        # registry and the astronomer/ path; decided as quay.io + /astronomer/ap-airflow:TAG would be.
        host = default[: -len(_ASTRONOMER_PATH)]
        verdict = decide(_ASTRONOMER_PATH + value[match.end():], name, host, False, versions)
        if verdict is None:
            return None
        shift = len(_ASTRONOMER_PATH)
        reason = verdict.reason.replace(f"default {host!r}", f"default {default!r}", 1)
        reason = reason.replace(f"(default {host})", f"(default {default})", 1)
        verdict = type(verdict)(verdict.start - shift, verdict.end - shift, verdict.old, verdict.new, reason)
    if verdict is None:
        return None
    names[start + offset + verdict.start] = name
    return ImageMigration(start + offset + verdict.start, start + offset + verdict.end, verdict.old, verdict.new, verdict.reason)


def _inline_default(word: Word, latest: Dict[str, Optional[str]], versions: VersionTable) -> Optional[ImageMigration]:
    """``FROM ${NAME:-<AC image>}`` / ``${NAME-<AC image>}``: the inline default is the image when NAME
    has no value of its own (Docker's substitution), so it is migrated then, like a compose default;
    when a global ``ARG NAME`` default takes precedence, it is reviewed.  None for any other form."""
    match = _REGISTRY_WORD.fullmatch(word.text)
    if match is None or match.group("operator") not in (":-", "-"):
        return None
    image = match.group("argument")
    if not REFERENCE.fullmatch(image):
        return None
    name = match.group("braced")
    new, note = runtime_reference(image, versions)
    declared = latest.get(name)
    shadowed = bool(declared) if match.group("operator") == ":-" else declared is not None
    span = Instruction("FROM").word_offsets(word, match.start("argument"), match.end("argument"))
    if new is not None and shadowed:
        new, note = None, f"ARG {name} has a default ({declared!r}) that is used instead: migrate by hand to {new}"
    elif new is not None and span is None:
        new, note = None, f"the reference is split across lines: use {new}"
    elif new is not None:
        if name in latest:
            wins = f"the default when build argument {name} is unset: a --build-arg {name} still wins"
        else:
            wins = f"no ARG {name} is declared before the FROM, so this default is always the image"
        note = f"{note}; {wins}" if note else wins
    if span is None:
        return ImageMigration(word.start, word.end, word.text, None, note)
    return ImageMigration(span[0], span[1], image, new, note)


def _registry_overridden(found: List[ImageMigration], names: Dict[int, str], path: Optional[str]) -> List[ImageMigration]:
    """A registry-form edit whose registry ARG CI or compose files also pass (``--build-arg REG=...``):
    their registry wins at build time and must carry astronomer/astro-runtime (review)."""
    return _build_arg_reviews(found, names, path, lambda name, places, new: (
        f"the registry ARG {name} is also set by {places}: that registry wins at build time and must carry astronomer/{new}"
    ))


def _inline_overridden(found: List[ImageMigration], names: Dict[int, str], path: Optional[str]) -> List[ImageMigration]:
    """Red team 17 (report 13), F6: ``ARG NAME`` then ``FROM ${NAME:-<AC image>}`` whose NAME CI or
    compose files pass (``--build-arg NAME=...``, compose ``args: [NAME]``): their value wins over the
    migrated inline default at build time, exactly as over an ``ARG NAME=<AC image>`` default, so the
    same ``review-ac-image-build-arg`` names each place."""
    return _build_arg_reviews(found, names, path, lambda name, places, new: (
        f"also set by {places}: that value wins over this inline default at build time; migrate it too (to {new})"
    ))


def _build_arg_reviews(found: List[ImageMigration], names: Dict[int, str], path: Optional[str], reason) -> List[ImageMigration]:
    """A ``review-ac-image-build-arg`` beside each migration whose ARG (``names``: edit start -> ARG name) CI or
    compose files also set; ``reason(name, places, new image)`` says why.  Each name's places are looked up once."""
    if not names or not path or path == "-":
        return []
    from .build_arg_overrides import places_setting

    extra = []
    places_of: Dict[str, List[str]] = {}
    for migration in found:
        name = names.get(migration.start)
        if migration.new is None or name is None:
            continue
        if name not in places_of:
            places_of[name] = places_setting(path, name)
        if places_of[name]:
            why = reason(name, ", ".join(places_of[name]), migration.new)
            extra.append(ImageMigration(migration.start, migration.end, f"ARG {name}", None, why, BUILD_ARG_CODE))
    return extra


def _unquoted(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _flag_sources(instruction: Instruction, versions: VersionTable) -> List[ImageMigration]:
    """``COPY --from=<AC image>``, ``RUN --mount=...,from=<AC image>``: files taken from the image.

    What is copied changes with the image, so these are reviewed, never rewritten.
    """
    found = []
    for word in instruction.words:
        if not word.text.startswith("--"):
            break  # flags come first
        for first, last, reference in reference_spans(word.text):
            new, note = runtime_reference(reference, versions)
            # split by a line continuation (red team 13, F13): reviewed all the same, over the lines it spans
            span = instruction.word_offsets(word, first, last) or (word.offsets[first], word.offsets[last - 1] + 1)
            hint = f"the equivalent is {new}" if new else note
            reason = (
                f"an AC image used as a source of files in {instruction.keyword} {word.text.split('=', 1)[0]}: "
                f"what is copied changes with the image; choose by hand ({hint})"
            )
            found.append(ImageMigration(span[0], span[1], reference, None, reason))
    return found


def _image_word(instruction: Instruction) -> Optional[Word]:
    for word in instruction.words:
        if not word.text.startswith("--"):
            return word
    return None


def _migrate_word(
    word: Word, versions: VersionTable, defaults: Dict[str, str], latest: Dict[str, Optional[str]],
    registry_names: Dict[int, str], text: str = "", inline_names: Optional[Dict[int, str]] = None,
) -> List[ImageMigration]:
    match = REFERENCE.fullmatch(word.text)
    if match is None:
        inline = _inline_default(word, latest, versions)
        if inline is not None:
            name = _REGISTRY_WORD.fullmatch(word.text).group("braced")
            if inline.new is not None and name in latest and inline_names is not None:
                inline_names[inline.start] = name  # declared before the FROM: a --build-arg reaches it
            return [inline]
        relative: Dict[int, str] = {}
        registry = _registry_form(word.text, 0, latest, versions, relative) if "$" in word.text else None
        if registry is not None:
            span = Instruction("FROM").word_offsets(word, registry.start, registry.end)
            if span is not None and registry.start in relative:
                registry_names[span[0]] = relative[registry.start]
            if span is None:
                return [ImageMigration(word.start, word.end, word.text, None, f"split across lines: {registry.reason}")]
            return [ImageMigration(span[0], span[1], registry.old, registry.new, registry.reason)]
        if REFERENCE.search(word.text) is None:
            if "$" in word.text and NAMES_AC_REPOSITORY.search(word.text):
                reason = "the image is built from build arguments: choose an Astro Runtime image by hand"
                return [ImageMigration(word.start, word.end, word.text, None, reason)]
            return []
        return [ImageMigration(word.start, word.end, word.text, None, "the image is built from build arguments: choose by hand")]
    if "$" in word.text:
        return [ImageMigration(word.start, word.end, word.text, None,
                               _from_arguments(word.text, versions, defaults, declared=latest, text=text))]
    new, note = runtime_reference(word.text, versions)
    if new is not None and not word.on_one_line:
        split = _split_edit(word, match, new, text)
        if split is None:
            return [ImageMigration(word.start, word.end, word.text, None,
                                   f"the reference is split across lines: use {new} (the continuation is inside its tag, "
                                   "so it is not rewritten)")]
        start, end, replacement = split
        note = "; ".join(filter(None, (note, "split by a line continuation: the new reference is written where its tag is, "
                                       "the continuation kept")))
        return [ImageMigration(start, end, word.text, new, note, replacement=replacement)]
    return [ImageMigration(word.start, word.end, word.text, new, note)]


def _split_edit(word: Word, match: "re.Match[str]", new: str, text: str) -> Optional[Tuple[int, int, str]]:
    """A FROM image split by line continuations (``FROM quay.io/astronomer/ap-\\`` then ``airflow:2.3.4``,
    red team 7, F9): (file start, file end, bytes to write) that make the joined word ``new``.

    Only when the tag's characters sit together on one line: the reference's characters from its
    last repository component on are taken out of the earlier lines and ``new``'s are written where
    the tag was; the continuations (escape, line break, the comment and blank lines BuildKit skips)
    stay as they are, so the instruction keeps its lines and joins to ``new``.  None otherwise.
    """
    old = word.text
    tag_start = match.start("tag")
    if not text or tag_start < 1 or not word.word_offsets_contiguous(tag_start - 1):
        return None
    component = old.rfind("/", 0, match.end("repository")) + 1
    if old[:component] != new[:component]:
        component = 0  # another registry or path (astronomerinc/...): the whole reference is rewritten
    offsets = word.offsets[component:]
    moved = []  # the bytes between the runs of the word's characters: kept, in order
    for before, after in zip(offsets, offsets[1:]):
        if after != before + 1:
            moved.append(text[before + 1 : after])
    return offsets[0], offsets[-1] + 1, "".join(moved) + new[component:]


# An ARG instruction's first name (case-insensitive, as Docker reads instructions): one run after a fixed prefix.
_ARG_NAME = re.compile(r"(?im)^[ \t]*arg[ \t]+([A-Za-z_][A-Za-z0-9_]*)")


def _from_arguments(
    reference: str, versions: VersionTable, defaults: Dict[str, str], what: str = "FROM ", declared: Optional[Dict] = None,
    text: str = "",
) -> str:
    """Why a tag built from ARGs is left alone, and the image its defaults would migrate to.

    ``declared``: the names the file's global ARGs declare, when known.  A variable none declares is no
    build argument (red team 24, report 11b, side note: a ``Dockerfile.tmpl`` that ``envsubst`` fills was
    told "the tag comes from ARG AC_VERSION", a line the file does not have): it is named as written.  One
    declared inside a stage only is no global ARG either: a FROM does not see it.
    """
    names = [m.group("braced") or m.group("bare") for m in _VARIABLE.finditer(reference)]
    resolved = _VARIABLE.sub(lambda m: defaults.get(m.group("braced") or m.group("bare"), m.group()), reference)
    in_stages = set(_ARG_NAME.findall(text)) if declared is not None else set()

    def named(name: str) -> str:
        if declared is None or name in declared:
            return f"ARG {name}"
        if name in in_stages:
            return f"ARG {name} (declared after the first FROM, so a FROM does not see it)"
        return f"${{{name}}} (no ARG declares it: filled before the build)"

    listed = ", ".join(named(name) for name in dict.fromkeys(names))
    if "$" not in resolved:
        new, note = runtime_reference(resolved, versions)
        if new is not None:
            return (
                f"the tag comes from {listed}; with the defaults it is {resolved}: write {what}{new} "
                "(or change the ARGs to match) by hand"
            )
        return f"the tag comes from {listed}; with the defaults it is {resolved}: {note}"
    return f"the tag comes from {listed}: choose an Astro Runtime image by hand"


def _arg_default(instruction: Instruction, word: Word) -> Optional[Tuple[int, int, str, Word]]:
    """(file start, file end, value, the value's characters and offsets) of ``NAME=value``, quotes
    excluded; None without a value.  A value split by line continuations is read joined, as BuildKit
    does (red team 13, F13): its span then runs over the continuations."""
    name, equals, value = word.text.partition("=")
    if not equals or not value:
        return None
    first = len(name) + 1
    last = len(word.text)
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        first, last = first + 1, last - 1
        value = value[1:-1]
    if first >= last:
        return None
    return word.offsets[first], word.offsets[last - 1] + 1, value, Word(value, word.offsets[first:last])


def _migrate_value(
    declaration: _Declaration, versions: VersionTable, where: str, defaults: Optional[Dict[str, str]] = None,
    text: str = "",
) -> ImageMigration:
    start, end, value = declaration.start, declaration.end, declaration.value
    if declaration.registry is not None:
        return declaration.registry
    match = REFERENCE.fullmatch(value)
    if match is None:
        return _review_value(start, end, value, f"{where} holds more than an AC image: choose by hand")
    if "$" in value:
        # ARG BASE=.../ap-airflow:${TAG}-onbuild (red team 10, F11): the image its defaults migrate to,
        # as for the same tag written in the FROM
        name = declaration.word.text.split("=", 1)[0]
        return ImageMigration(start, end, value, None, _from_arguments(value, versions, defaults or {}, f"ARG {name}="))
    new, note = runtime_reference(value, versions)
    places = declaration.places
    if new is not None and places is not None and not places.on_one_line:
        split = _split_edit(places, match, new, text)
        if split is None:
            return ImageMigration(start, end, value, None, f"the reference is split across lines: use {new} (the "
                                  "continuation is inside its tag, so it is not rewritten)")
        first, last, replacement = split
        note = "; ".join(filter(None, (note, "split by a line continuation: the new reference is written where its "
                                       "tag is, the continuation kept")))
        return ImageMigration(first, last, value, new, note, replacement=replacement)
    return ImageMigration(start, end, value, new, note)


def _split_registry_form(
    places: Word, start: int, end: int, latest: Dict[str, Optional[str]], versions: VersionTable,
    names: Dict[int, str],
) -> Optional[ImageMigration]:
    """:func:`_registry_form` of an ARG default, whose characters may be split by continuations: the
    edit is kept where its characters sit together on one line, else reviewed."""
    if places.on_one_line:
        return _registry_form(places.text, start, latest, versions, names)
    relative: Dict[int, str] = {}
    registry = _registry_form(places.text, 0, latest, versions, relative)
    if registry is None:
        return None
    span = Instruction("ARG").word_offsets(places, registry.start, registry.end)
    if span is None:
        return ImageMigration(start, end, places.text, None, f"split across lines: {registry.reason}")
    if registry.start in relative:
        names[span[0]] = relative[registry.start]
    return ImageMigration(span[0], span[1], registry.old, registry.new, registry.reason)


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
