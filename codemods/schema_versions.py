"""Per-platform-version Houston schemas, derived from the one annotated SDL.

``schema/houston.graphql`` is the single source of truth: every type, field,
argument, input field and enum value that was not always there carries
``@since(version:)`` and/or ``@removed(version:)``.  The schema of a platform
version keeps exactly the elements served by that version.

The AC items are ``@deprecated`` in the SDL because the migration starts at
Software 0.29 (Runtime support); before that version nothing replaces them, so
derived schemas older than 0.29 carry no deprecations.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import List, Optional, Tuple

from .houston_schema import HoustonSchema, SchemaError, one_line

Version = Tuple[int, int, int]
MIGRATION_START = (0, 29, 0)  # Runtime arrives; AC items become deprecated
# The newest platform version that still serves both AC and Runtime items
# (Houston API 1.0.1 drops the AC ones).
DEFAULT_VERSION = "1.0.0"


def parse_version(text: str) -> Version:
    match = re.fullmatch(r"\s*v?(\d+)\.(\d+)(?:\.(\d+))?\s*", text)
    if match is None:
        raise SchemaError(f"not a Houston version: {text!r} (expected X.Y or X.Y.Z)")
    major, minor, patch = match.groups()
    return int(major), int(minor), int(patch or 0)


def format_version(version: Version) -> str:
    return ".".join(map(str, version))


def derive(sdl: str, version: str, origin: str) -> HoustonSchema:
    """The schema served by platform ``version``, from an annotated SDL."""
    return _derive_cached(sdl, parse_version(version), origin)


@lru_cache(maxsize=16)
def _derive_cached(sdl: str, version: Version, origin: str) -> HoustonSchema:
    from graphql import GraphQLError, build_ast_schema

    try:
        document = parsed_sdl(sdl)
    except GraphQLError as exc:
        raise SchemaError(f"{origin}: schema does not parse: {one_line(exc.message)}") from None
    pruned = _prune(document, version)
    try:
        # The bundled SDL's text is not validated again at every start (it cost more than building
        # the schema): tests/test_validation_startup.py validates it at every version boundary.
        schema = build_ast_schema(pruned, assume_valid_sdl=is_bundled(sdl))
    except (GraphQLError, TypeError, ValueError) as exc:
        raise SchemaError(f"{origin} at {format_version(version)}: schema does not build: {one_line(str(exc))}") from None
    if not is_bundled(sdl):  # the bundled one is checked by tests at every version boundary
        from .houston_schema import checked

        checked(schema, f"{origin} at {format_version(version)}")
    return HoustonSchema(schema, f"{origin} (Houston {format_version(version)})")


@lru_cache(maxsize=1)
def parsed_sdl(sdl: str):
    """The SDL's syntax tree, parsed once per process: the served schema is derived from it and
    the every-version one (``gather_vocabulary``) built from it; neither changes it."""
    from graphql import parse

    return parse(sdl)


def boundaries(sdl: str) -> List[Version]:
    """Every version at which some element appears or disappears, sorted."""
    from graphql import Visitor, parse, visit

    found = set()

    class Collect(Visitor):
        def enter_directive(self, node, *_args):
            if node.name.value in ("since", "removed"):
                found.add(parse_version(node.arguments[0].value.value))

    visit(parse(sdl), Collect())
    return sorted(found)


def _served(node, version: Version) -> bool:
    for directive in getattr(node, "directives", None) or ():
        name = directive.name.value
        if name in ("since", "removed"):
            value = parse_version(directive.arguments[0].value.value)
            if name == "since" and version < value:
                return False
            if name == "removed" and version >= value:
                return False
    return True


def _prune(document, version: Version):
    from graphql import REMOVE, Visitor, visit

    keep_deprecations = version >= MIGRATION_START

    class Pruner(Visitor):
        def _filter(self, node, *_args):
            return None if _served(node, version) else REMOVE

        enter_object_type_definition = _filter
        enter_input_object_type_definition = _filter
        enter_enum_type_definition = _filter
        enter_scalar_type_definition = _filter
        enter_union_type_definition = _filter
        enter_interface_type_definition = _filter
        enter_field_definition = _filter
        enter_input_value_definition = _filter
        enter_enum_value_definition = _filter

        def enter_directive(self, node, *_args):
            if node.name.value == "deprecated" and not keep_deprecations:
                return REMOVE
            return None

    return visit(document, Pruner())


def bundled_sdl() -> str:
    from .houston_schema import BUNDLED_SDL
    from .package_data import read_text

    return read_text(BUNDLED_SDL)


def is_bundled(sdl: str) -> bool:
    """Whether ``sdl`` is the bundled SDL's exact text, whose validity the test suite proves."""
    return sdl == bundled_sdl()


def load(schema_path: Optional[str], version: Optional[str]) -> HoustonSchema:
    """The schema to use: a file or the bundled SDL, at ``version`` (default: DEFAULT_VERSION)."""
    if schema_path:
        from .files import read_bytes

        try:  # a regular file of bounded size only: not a FIFO, not /dev/zero
            sdl = read_bytes(schema_path).decode("utf-8")
        except OSError as exc:
            raise SchemaError(f"{schema_path}: cannot read schema: {one_line(exc.strerror or str(exc))}") from None
        except UnicodeDecodeError as exc:
            raise SchemaError(f"{schema_path}: cannot read schema: {one_line(str(exc))}") from None
        origin = schema_path
    else:
        sdl, origin = bundled_sdl(), "bundled houston.graphql"
    return derive(sdl, version or DEFAULT_VERSION, origin)
