"""A ``.graphql``/``.gql`` file is one document, mapped onto itself."""

from __future__ import annotations

from typing import List

from ..model import Source
from ..source_file import SourceFile
from .text_map import TextMap


def find_sources(source_file: SourceFile) -> List[Source]:
    text_map = TextMap()
    text_map.add_verbatim(source_file.text, 0)
    if not source_file.text.strip():
        return []
    return [Source(text_map=text_map, start=0, evidence="file", ignored=_ignored(source_file.text))]


def _ignored(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0]
    return first.startswith("#") and "houston-codemod: ignore" in first
