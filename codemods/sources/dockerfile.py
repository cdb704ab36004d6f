"""A Dockerfile as its instructions, each word with its exact place in the file.

What a line-oriented regular expression gets wrong, and this reads the way
BuildKit's Dockerfile frontend does:

* line continuations (``FROM \\`` then the image on the next line), with the
  escape character the ``# escape=`` parser directive chooses, and the comment
  and blank lines BuildKit skips inside a continued instruction;
* heredocs (``RUN <<EOF`` ... ``EOF``, ``<<-EOF`` with tabs stripped, quoted
  delimiters, several per instruction, ``COPY <<EOF /file``): their bodies are
  file content or a script, never instructions, so a ``FROM`` inside one is
  not an instruction and is never touched;
* comments (``#`` lines) are not instructions.

One pass over the lines; every word keeps the file offsets of its characters,
so an edit replaces exactly the bytes of a word that sits on one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

_LINE = re.compile(r"[^\n]*\n|[^\n]+")
# The value's leading blanks belong to it only before a non-blank: the blanks around an
# empty value cannot be split two ways (quadratic under fullmatch).
_DIRECTIVE = re.compile(r"#[ \t]*([A-Za-z]+)[ \t]*=(?:[ \t]*(\S+))?[ \t]*")
# <<EOF, <<-EOF, <<"EOF", <<'EOF' (not <<< here-strings).
_HEREDOC = re.compile(r"[0-9]*<<(?!<)(-?)([\"']?)([A-Za-z0-9_.-]+)\2")
HEREDOC_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})


@dataclass
class Word:
    text: str
    offsets: List[int]  # file offset of each character

    @property
    def start(self) -> int:
        return self.offsets[0]

    @property
    def end(self) -> int:
        return self.offsets[-1] + 1

    def word_offsets_contiguous(self, start: int) -> bool:
        """Its characters from ``start`` on are contiguous in the file."""
        offsets = self.offsets[start:]
        return bool(offsets) and offsets[-1] - offsets[0] == len(offsets) - 1

    @property
    def on_one_line(self) -> bool:
        """Its characters are contiguous in the file (not split by a continuation)."""
        return self.offsets[-1] - self.offsets[0] == len(self.offsets) - 1


@dataclass
class Instruction:
    keyword: str  # upper case
    words: List[Word] = field(default_factory=list)  # the arguments, keyword excluded
    start: int = 0  # file offset of the keyword
    bodies: List[Tuple[int, int]] = field(default_factory=list)  # file spans of its heredoc bodies

    def word_offsets(self, word: Word, start: int, end: int) -> Optional[Tuple[int, int]]:
        """File span of ``word.text[start:end]`` if contiguous there."""
        offsets = word.offsets[start:end]
        if not offsets or offsets[-1] - offsets[0] != len(offsets) - 1:
            return None
        return offsets[0], offsets[-1] + 1


def instructions(text: str) -> List[Instruction]:
    lines = [(m.start(), m.group()) for m in _LINE.finditer(text)]
    escape = _escape_character(lines)
    found: List[Instruction] = []
    chars: List[str] = []
    offsets: List[int] = []
    heredocs: List[Tuple[str, bool]] = []
    continuing = False
    index = 0
    while index < len(lines):
        start, raw = lines[index]
        index += 1
        line = raw.rstrip("\n").rstrip("\r")
        stripped = line.strip()
        if not continuing:
            if not stripped or stripped.startswith("#"):
                continue
        elif not stripped or stripped.startswith("#"):
            continue  # BuildKit drops comment and empty lines inside a continued instruction
        body = line.rstrip(" \t")
        continued = body.endswith(escape)
        if continued:
            body = body[: -len(escape)]
        for position, char in enumerate(body):
            chars.append(char)
            offsets.append(start + position)
        if continued:
            # BuildKit joins a continued line to the next with nothing between them:
            # "ap-airflow:2.3.4\\" + "-onbuild" is one word, "ap-airflow:2.3.4-onbuild".
            continuing = True
            continue
        continuing = False
        instruction = _instruction("".join(chars), offsets)
        chars, offsets = [], []
        if instruction is None:
            continue
        found.append(instruction)
        if instruction.keyword in HEREDOC_INSTRUCTIONS:
            # A heredoc starts only at an unquoted "<<" (BuildKit reads it from the shell
            # words): RUN echo "<<X" opens none, so the FROM lines after it stay instructions.
            heredocs = [(m.group(3), m.group(1) == "-") for m in _heredoc_markers(instruction.words)]
            for delimiter, strip_tabs in heredocs:
                first = index
                index = _skip_heredoc(lines, index, delimiter, strip_tabs)
                if index > first:
                    instruction.bodies.append((lines[first][0], lines[index - 1][0] + len(lines[index - 1][1])))
    if chars:
        instruction = _instruction("".join(chars), offsets)
        if instruction is not None:
            found.append(instruction)
    return found


def _heredoc_markers(words: List[Word]):
    """BuildKit matches each whole shell word against ``^(\\d*)<<(-?)([^<]*)$``: a heredoc opens only
    where ``<<`` starts the word (after an optional fd number). ``\\<<EOF`` (escaped), ``x<<EOF`` and
    ``"<<EOF"`` open none, so the instructions after them stay instructions (red team 13, F15)."""
    for word in words:
        match = _HEREDOC.match(_unquoted_prefix(word.text))
        if match is not None:
            yield match


def _unquoted_prefix(text: str) -> str:
    """The part of a word before its first quote that is not a heredoc delimiter's own quote.

    ``<<"EOF"`` quotes the delimiter (still a heredoc); ``"<<X"`` and ``'a <<X'`` are text.
    """
    quote_at = min((i for i in (text.find('"'), text.find("'")) if i >= 0), default=-1)
    if quote_at < 0:
        return text
    if text[max(0, quote_at - 3) : quote_at].endswith(("<<", "<<-")):
        return text  # the delimiter's quote
    return text[:quote_at]


def _escape_character(lines) -> str:
    """The ``# escape=`` parser directive, read only where BuildKit reads it: the file's first lines."""
    for _start, raw in lines:
        match = _DIRECTIVE.fullmatch(raw.rstrip("\r\n"))
        if match is None:
            break
        if match.group(1).lower() == "escape" and match.group(2) in ("\\", "`"):
            return match.group(2)
    return "\\"


def _skip_heredoc(lines, index: int, delimiter: str, strip_tabs: bool) -> int:
    while index < len(lines):
        line = lines[index][1].rstrip("\n").rstrip("\r")
        index += 1
        if (line.lstrip("\t") if strip_tabs else line) == delimiter:
            break
    return index


def _instruction(logical: str, offsets: List[int]) -> Optional[Instruction]:
    words = _words(logical, offsets)
    if not words:
        return None
    keyword = words[0]
    return Instruction(keyword.text.upper(), words[1:], keyword.start)


def _words(logical: str, offsets: List[int]) -> List[Word]:
    """Split on blanks outside quotes; a word may span a continuation (its offsets then jump)."""
    words: List[Word] = []
    text: List[str] = []
    places: List[int] = []
    quote = ""
    for char, offset in zip(logical, offsets):
        if not quote and char in " \t":
            if text:
                words.append(Word("".join(text), places))
                text, places = [], []
            continue
        if quote and char == quote:
            quote = ""
        elif not quote and char in "\"'":
            quote = char
        text.append(char)
        places.append(offset)
    if text:
        words.append(Word("".join(text), places))
    return words
