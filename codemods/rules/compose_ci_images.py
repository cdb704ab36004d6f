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
double-quoted scalar), or GitLab's ``image: name:``.  An AC image anywhere
else in the file (a ``run: |`` script, a build argument) is reported for
review with the image to use, never edited.

Interpolation (red team pass 4): a value holding ``$`` is read with the
file's own grammar.  Compose files: compose-spec interpolation, parsed
exactly by :mod:`sources.compose_interpolation`.  The value is edited only
when it is ``${VAR:-<AC image>}`` / ``${VAR-<AC image>}`` (nesting allowed:
``${A:-${B-<AC image>}}``), i.e. the default IS the whole image, or when the
registry alone is a variable (``${REG:-quay.io}/astronomer/ap-airflow:TAG``,
decided by :mod:`registry_variable`).  A ``:?`` / ``?`` error message, a
``:+`` / ``+`` replacement, ``$$``-escaped literal text, a default beside
other text and an interpolation compose rejects are reviewed, never edited.
GitLab CI expands only ``$VAR`` / ``${VAR}`` (so only the registry form
migrates there); GitHub workflows expand no ``$`` in an image (only
``${{ }}`` expressions), so any ``$`` there is reviewed.

Two steps: a line scanner PROPOSES edits (cheap, finds every reference), and
PyYAML's composer CONFIRMS each one: an edit stays only if its span lies
inside a one-line plain or quoted ScalarNode that is the value of an
``image`` / ``container`` key (or ``name`` in an ``image`` mapping) AT A PATH
the file's tool reads as an image (red team pass 5, F7: ``environment:``,
``labels:``, a step's ``env:`` / ``with:`` may hold a key named ``image``
that is only a string): compose ``services.<name>.image``; GitHub
``jobs.<id>.container``, ``jobs.<id>.container.image``,
``jobs.<id>.services.<name>.image`` (the workflow syntax reference); GitLab
``image`` / ``image:name`` at the top level, in ``default:`` and in a job,
and ``name`` of a ``services:`` entry (the ``.gitlab-ci.yml`` keyword
reference).  A ``<<`` merge of an anchored mapping into a service or job
counts as written there.  Every other AC image is a review.  Hand
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
from ..sources.compose_interpolation import (
    DEFAULT_OPERATORS,
    MESSAGE_OPERATORS,
    REPLACEMENT_OPERATORS,
    Escape,
    Text,
    Variable,
    parse,
    texts,
    unset_value,
    whole_default,
)
from .ac_images import REFERENCE, ImageMigration, runtime_reference
from .registry_variable import NAMES_AC_REPOSITORY, NO_DEFAULT, decide

_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_KEY = re.compile(r"(?P<indent>[ \t]*)(?:-[ \t]+)?(?P<key>[\w.-]+|\"[^\"]*\"|'[^']*')[ \t]*:(?:[ \t]+|$)(?P<value>(?:[^ \t].*)?)")  # value: from its first non-blank (linear)
_BLOCK_INDICATOR = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?")
_PROPERTIES = re.compile(r"(?:[&!][^ \t]*[ \t]+)*")  # each property ends at its blank: linear
IMAGE_KEYS = frozenset({"image", "container"})


def migrations(text: str, versions: VersionTable, grammar: str = "compose") -> List[ImageMigration]:
    """Every AC image in the file; ``grammar`` is how the file expands ``$``: "compose" (compose-spec
    interpolation), "gitlab" (``$VAR`` / ``${VAR}`` only) or "none" (GitHub workflows: ``${{ }}`` only)."""
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
        if (name in IMAGE_KEYS or (grammar == "gitlab" and name == "services")) and not _without_comment(value).strip():
            image_indent = len(key.group("indent"))  # GitLab's services: entries name an image too
        elif name in IMAGE_KEYS or (name == "name" and image_indent >= 0):
            found.extend(_image_value(line, start, key.start("value"), value, versions, grammar))
        else:
            found.extend(_review_all(line, start, versions, f"under the key {name!r}, not an image or container key"))
    if any(m.new is not None for m in found):
        found = _confirmed(text, found, grammar)
    return found


# Where each file kind reads an image (red team 5, F7: a key named ``image`` under
# ``environment:``, ``labels:``, a step's ``env:`` / ``with:`` is a string, not an image).
IMAGE_PLACES = {
    "compose": "services.<name>.image",
    "none": "jobs.<id>.container, jobs.<id>.container.image, jobs.<id>.services.<name>.image",
    "gitlab": "image / image:name at the top level, in default:, in a job, or in a services: entry",
}
# Top-level GitLab keys that are not jobs (a job is any other top-level mapping, hidden ``.x`` ones included).
GITLAB_GLOBAL_KEYS = frozenset(
    {"default", "include", "stages", "variables", "workflow", "image", "services", "cache",
     "before_script", "after_script", "spec"}
)


def _confirmed(text: str, proposed: List[ImageMigration], grammar: str = "compose") -> List[ImageMigration]:
    """The scanner's proposals, each edit kept only where the YAML parser confirms it."""
    from bisect import bisect_right

    spans, problem = _image_value_spans(text, grammar)
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
            where = (
                "not the one-line plain or quoted value of a key the file's tool reads as an image "
                f"({IMAGE_PLACES.get(grammar, IMAGE_PLACES['compose'])})"
            )
        reason = f"{where}: migrate it by hand to {migration.new}"
        result.append(ImageMigration(migration.start, migration.end, migration.old, None, reason))
    return result


def _image_value_spans(text: str, grammar: str = "compose") -> Tuple[Set[Tuple[int, int]], Optional[str]]:
    """(start, end) character offsets of every editable image value, and why the text does not parse (or None).

    Editable: a ScalarNode in plain, single- or double-quoted style, on one
    line, written right after its key (not an alias of a node defined
    elsewhere), that is the value of an ``image`` / ``container`` key or of
    ``name`` in an ``image`` mapping, each a block (not flow) mapping, at a path where the
    file's tool reads an image (:data:`IMAGE_PLACES`; ``grammar`` names the tool as
    :func:`migrations` does).  Each place is looked up by its path from the document's
    root, each mapping once (a ``<<`` merge of an anchored mapping counts as the
    mapping it is merged into), so the work is linear in the nodes.
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
    for root in documents:
        for owner, key, value in _image_places(root, grammar):
            if owner.flow_style:
                continue  # `{image: x}`: flow content, reviewed like the scanner reads it
            _add_span(spans, key, value)
            if isinstance(value, yaml.MappingNode) and not value.flow_style and _is_key(key, ("image",)):
                for inner_key, inner_value in value.value:
                    if _is_key(inner_key, ("name",)):
                        _add_span(spans, inner_key, inner_value)
    return spans, None


def _entries(node, seen: Set[int]):
    """(mapping, key, value) of a block or flow mapping, its ``<<`` merged mappings' entries included; each mapping once."""
    import yaml

    stack = [node]
    while stack:
        mapping = stack.pop()
        if not isinstance(mapping, yaml.MappingNode) or id(mapping) in seen:
            continue
        seen.add(id(mapping))
        for key, value in mapping.value:
            if isinstance(key, yaml.ScalarNode) and key.tag == "tag:yaml.org,2002:merge":
                stack.extend(value.value if isinstance(value, yaml.SequenceNode) else [value])
            else:
                yield mapping, key, value


def _image_places(root, grammar: str):
    """(mapping, key, value) of each key at a place the tool reads an image (see :data:`IMAGE_PLACES`).

    Each role (the services of a compose file, a job, an image holder ...) has its own set
    of mappings already read: a mapping reached again (an anchor merged into many services)
    has had its image keys reported already, so every mapping is read at most once a role.
    """
    import yaml

    seen = {role: set() for role in ("top", "holders", "holder", "image", "container", "services", "name")}
    if grammar == "compose":
        for _, key, services in _entries(root, seen["top"]):
            if _is_key(key, ("services",)):
                for _, _, service in _entries(services, seen["services"]):
                    yield from _keyed(service, ("image",), seen["image"])
        return
    if grammar == "none":
        for _, key, jobs in _entries(root, seen["top"]):
            if not _is_key(key, ("jobs",)):
                continue
            for _, _, job in _entries(jobs, seen["holders"]):
                for owner, job_key, value in _entries(job, seen["holder"]):
                    if _is_key(job_key, ("container",)):
                        if isinstance(value, yaml.MappingNode):
                            yield from _keyed(value, ("image",), seen["container"])
                        else:
                            yield owner, job_key, value
                    elif _is_key(job_key, ("services",)):
                        for _, _, service in _entries(value, seen["services"]):
                            yield from _keyed(service, ("image",), seen["image"])
        return
    # GitLab: the top level, default:, every job; and the mapping entries of their services: lists.
    holders = [root]
    for _, key, value in _entries(root, seen["top"]):
        if isinstance(key, yaml.ScalarNode) and (key.value == "default" or key.value not in GITLAB_GLOBAL_KEYS):
            holders.append(value)
    for holder in holders:
        for owner, key, value in _entries(holder, seen["holder"]):
            if _is_key(key, ("image",)):
                yield owner, key, value
            elif _is_key(key, ("services",)) and isinstance(value, yaml.SequenceNode) and id(value) not in seen["services"]:
                seen["services"].add(id(value))
                for entry in value.value:
                    yield from _keyed(entry, ("name",), seen["name"])


def _keyed(mapping, names, seen: Set[int]):
    """(mapping, key, value) of the entries of ``mapping`` (merges followed) whose key is one of ``names``."""
    for owner, key, value in _entries(mapping, seen):
        if _is_key(key, names):
            yield owner, key, value


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


def _image_value(
    line: str, start: int, value_start: int, value: str, versions: VersionTable, grammar: str
) -> List[ImageMigration]:
    body = _without_comment(value)
    if "ap-airflow" not in body:
        return []
    if body[:1] == '"' and "\\" in body:
        return _review_all(line, start, versions, "a double-quoted value with escapes")
    content, offset = _scalar_content(body)
    base = start + value_start + offset
    if "$" not in content:
        if REFERENCE.fullmatch(content):
            new, note = runtime_reference(content, versions)
            return [ImageMigration(base, base + len(content), content, new, note)]
        return _review_text(content, base, versions, "the value holds more than an image reference")
    if grammar == "none":
        where = "GitHub Actions expands no $ variables in an image (only ${{ }} expressions)"
        return _review_text(content, base, versions, where)
    parts = parse(content)
    if parts is None:
        return _review_text(content, base, versions, "an interpolation docker compose rejects (unclosed or invalid ${...})")
    if grammar == "gitlab" and any(v.operator for v in _variables(parts)):
        where = "GitLab CI expands only $VAR and ${VAR}, not ${VAR:-...} forms"
        return _review_text(content, base, versions, where)
    default = whole_default(parts)
    if default is not None:
        text, around = default
        old = content[text.start : text.end]
        if REFERENCE.fullmatch(old) and "$" not in old:
            new, note = runtime_reference(old, versions)
            if new is not None:
                names = " and ".join(v.name for v in around) + (" are" if len(around) > 1 else " is")
                wins = f"the default when {names} unset: a value set in the environment or .env still wins"
                note = f"{note}; {wins}" if note else wins
            return [ImageMigration(base + text.start, base + text.end, old, new, note)]
    registry = _registry(content, parts, versions)
    if registry is not None:
        return [_shifted(registry, base)]
    return _review_parts(content, parts, base, versions)


def _scalar_content(body: str) -> Tuple[str, int]:
    """A one-line scalar's characters without its node properties (``&anchor``, ``!tag``), quotes or
    trailing blanks, and where they start."""
    properties = _PROPERTIES.match(body)
    skipped = properties.end()
    body = body[skipped:].rstrip(" \t")
    if len(body) >= 2 and body[0] == body[-1] and body[0] in "\"'":
        return body[1:-1], skipped + 1
    return body, skipped


def _variables(parts):
    stack = list(parts)
    while stack:
        part = stack.pop()
        if isinstance(part, Variable):
            yield part
            stack.extend(part.argument)


def _registry(content: str, parts, versions: VersionTable) -> Optional[ImageMigration]:
    """``${REG...}/astronomer/ap-airflow:TAG``: the verdict of :mod:`registry_variable`, offsets in ``content``."""
    if len(parts) != 2 or not isinstance(parts[0], Variable) or not isinstance(parts[1], Text):
        return None
    variable, after = parts
    operator = variable.operator
    default, literal = NO_DEFAULT, True
    if operator in DEFAULT_OPERATORS:
        argument = variable.argument
        if not argument:
            default = ""
        elif len(argument) == 1 and isinstance(argument[0], Text):
            default = content[argument[0].start : argument[0].end]
        else:
            literal = False
    verdict = decide(
        content[after.start : after.end], variable.name, default, operator in REPLACEMENT_OPERATORS, versions, literal
    )
    if verdict is None:
        return None
    return ImageMigration(after.start + verdict.start, after.start + verdict.end, verdict.old, verdict.new, verdict.reason)


def _shifted(migration: ImageMigration, base: int) -> ImageMigration:
    return ImageMigration(
        migration.start + base, migration.end + base, migration.old, migration.new, migration.reason, migration.code
    )


def _review_parts(content: str, parts, base: int, versions: VersionTable) -> List[ImageMigration]:
    """Each AC image in an interpolated value that is not a whole default: reviewed, with where it sits."""
    escaped = any(isinstance(p, Escape) for p in parts)
    pieces = list(texts(parts))
    whole = unset_value(content, parts)
    if whole is not None and not escaped and REFERENCE.fullmatch(whole) and "$" not in whole:
        if all(owner is None or owner.operator in DEFAULT_OPERATORS for _text, owner in pieces):
            new, note = runtime_reference(whole, versions)
            hint = f"migrate it by hand to {new}" if new else note
            reason = f"an image built from variables; with none set it is {whole}: {hint}"
            return [ImageMigration(base, base + len(content), content, None, reason)]
    found = []
    for text, owner in pieces:
        piece = content[text.start : text.end]
        if "ap-airflow" not in piece:
            continue
        advice = "migrate it by hand"
        if owner is None:
            where = (
                "literal text beside an escaped $$ (not an interpolation): not an image reference on its own"
                if escaped
                else "part of a value built from variables, not the whole image"
            )
        elif owner.operator in MESSAGE_OPERATORS:
            where = (
                f"the error message of ${{{owner.name}{owner.operator}...}}, not an image (left as written); "
                f"the image comes from {owner.name}"
            )
            advice = f"if it holds this AC image, set {owner.name}"
        elif owner.operator in REPLACEMENT_OPERATORS:
            where = f"the replacement of ${{{owner.name}{owner.operator}...}}, the image whenever {owner.name} is set"
        else:
            where = f"a default of ${{{owner.name}{owner.operator}...}} that is not the whole value"
        found.extend(_review_text(piece, base + text.start, versions, where, advice))
    return found


def _review_text(
    text: str, base: int, versions: VersionTable, where: str, advice: str = "migrate it by hand"
) -> List[ImageMigration]:
    """A review for each AC image in ``text`` (starting at file offset ``base``); one for the whole text
    when it names ap-airflow in a form no reference covers (``${REG}/astronomer/ap-airflow``)."""
    found = _review_all(text, base, versions, where, advice)
    if not found and NAMES_AC_REPOSITORY.search(text):
        reason = f"{where}: an AC image whose reference is built from variables; choose an Astro Runtime image by hand"
        found.append(ImageMigration(base, base + len(text), text, None, reason))
    return found


def _review_all(
    line: str, start: int, versions: VersionTable, where: str, advice: str = "migrate it by hand"
) -> List[ImageMigration]:
    body = _without_comment(line)
    found = []
    for first, last, old in _references(body):
        new, note = runtime_reference(old, versions)
        reason = f"{where}: {advice}" + (f" to {new}" if new else f" ({note})")
        found.append(ImageMigration(start + first, start + last, old, None, reason))
    return found


def _references(text: str):
    """(start, end, text) of each REFERENCE in ``text``, searched inside each literal piece of its
    interpolation when it has any, so ``${IMG-quay.io/...}`` names ``quay.io/...``, not ``IMG-quay.io/...``."""
    if "ap-airflow" not in text:
        return
    parts = parse(text) if "${" in text else None
    pieces = [(0, len(text))] if parts is None else sorted((p.start, p.end) for p, _owner in texts(parts))
    for first, last in pieces:
        for match in REFERENCE.finditer(text[first:last]):
            yield first + match.start(), first + match.end(), match.group()


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
