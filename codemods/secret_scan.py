"""Finding a secret (an API token) in text, in any spelling a server or a library may give it.

One redactor for every path that may show text from outside: Houston's answers
and errors, GitHub's answers and errors, exceptions.  A server that wants the
token printed (or that copies request headers into its answers) rarely sends it
verbatim; it percent-encodes it, wraps it in base64 behind a prefix
(``base64("Bearer " + token)``), hex-encodes it, writes HTML entities, splits it
over lines, or drops its last characters.  So a text *leaks* a secret when one
of its views holds a long run of one of the secret's forms:

* views: the text itself, percent-decoded, HTML-entity-decoded, JSON-unescaped
  (``\\uXXXX``, at any depth, and every backslash dropped), C-unescaped (octal
  ``\\164\\157``, ``\\x74``), each of these NFKC-normalised (fullwidth ``ｔｏｋ`` is
  ``tok``), as a terminal shows them (backspace overstrike, red team 28, report 11a, f2) and as markup
  renders them (tags and empty links removed), and each of these with all whitespace removed; all
  compared in lower case;
* forms: the secret, its hex, and the stable base64 core of the secret at each
  of the three byte alignments (standard and URL-safe alphabets), so base64 of
  the secret behind any prefix is recognised; likewise the base32 core at each
  of the five byte alignments (standard and "extended hex" alphabets); and the
  secret reversed and in rot13 (and the letters-and-digits skeleton of each); its
  UTF-16 hex (either byte order); and its ascii85 and base85 (RFC 1924) cores at
  each of the four byte alignments;
* a long run: ``min(len(form), RUN)`` characters of a form, where RUN is 8
  characters of the secret (16 hex digits, 11 base64 characters).  So any
  8-character substring of the token counts, which covers "all of the token but
  its last two characters", a prefix, a suffix or a middle part.

A secret shorter than ``MIN_SECRET`` (8) characters is too short to tell from
ordinary words in encoded forms: it is found only as a whole, word-bounded match
of the secret itself (in the text, percent-decoded or entity-decoded views), so
a one-letter token does not turn every message into asterisks.

Minimum token length per form, below which a form is not looked for (it would be
too short to tell from ordinary text): the secret itself, hex, UTF-16 hex,
reversed and rot13, 8 characters; base64 and base32, 8 bytes (a shorter core at
an alignment counts as a whole); ascii85 and base85, two whole 4-byte groups at
an alignment, so 8 bytes at the best alignment and 11 for all four.

:func:`json_text` turns a parsed JSON answer into one stream (every string, keys
included, in document order, and then the strings under each key concatenated):
a server that spreads the token over consecutive descriptions, with names and
kinds between them, is then seen holding it whole.

:func:`scrub` removes the secret from a whole multi-line output (a report, a
diff) and keeps everything else byte for byte: exact spellings are cut out,
then any whitespace- or quote-bounded piece that still holds one is masked, and
what still leaks after that (a secret scattered over lines) is refused whole.

Work is linear in the text, and does not grow with the token's length: each view is
cut once into windows of half a run, and only the windows that are also windows of a
form (one set intersection) are extended to see if a whole run is there
(:class:`_Windows`).  No regular expression runs over the text but the linear
``\\uXXXX`` and C-escape ones.
"""

from __future__ import annotations

import base64
import codecs
import functools
import html
import re
import time
import unicodedata
from typing import Iterable, List, Optional, Tuple
from urllib.parse import unquote

MIN_SECRET = 8
RUN = 8  # characters of the secret that make a leak
# ``\uXXXX`` behind any number of backslashes (JSON inside JSON).  Only the first backslash
# of a run may start a match (the lookbehind), so each run is scanned once: linear.
_JSON_ESCAPE = re.compile(r"(?<!\\)\\+u([0-9a-fA-F]{4})")
# C escapes: octal (``\\164``, one to three digits) and ``\\xHH`` (the text is lower-cased first).
# One backslash, then a bounded run: linear.
_C_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-f]{2}))")
WITHHELD = _WITHHELD = "(message withheld: it contained a secret in an encoded form)"
# One number per byte (red team 18, report 11a, F1): a whole word of at most eight hex-alphabet
# characters, with an optional ``0x``/``0o``/``0b`` prefix.  The lookbehind fails at once inside a
# word, and at a word's start the bounded run backtracks at most eight steps: linear.
_BYTE_NUMBER = re.compile(r"(?<![0-9a-z])(?:0[xob])?[0-9a-f]{1,8}(?![0-9a-z])")
_ALNUM = re.compile(r"[0-9a-z]")
# base -> (the prefix it may carry, its digits, the most digits one byte takes)
_BYTE_BASES = {10: ("", "0123456789", 3), 16: ("0x", "0123456789abcdef", 2), 8: ("0o", "01234567", 4), 2: ("0b", "01", 8)}


def _b64_cores(raw: bytes) -> List[str]:
    """The base64 characters that depend only on ``raw``, at byte offsets 0, 1 and 2 in a stream."""
    cores = []
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + raw + b"\0\0\0").decode("ascii")
        start = -(-8 * offset // 6)  # first character made only of raw's bits
        end = (8 * (offset + len(raw))) // 6  # characters wholly inside raw's bits
        core = encoded[start:end]
        for spelling in (core, core.replace("+", "-").replace("/", "_")):
            if spelling:
                cores.append(spelling)
    return cores


_B32_HEX = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789ABCDEFGHIJKLMNOPQRSTUV")


def _b32_cores(raw: bytes) -> List[str]:
    """The base32 characters that depend only on ``raw``, at byte offsets 0 to 4 in a stream
    (RFC 4648's alphabet and its "extended hex" one)."""
    cores = []
    for offset in range(5):
        encoded = base64.b32encode(b"\0" * offset + raw + b"\0" * 5).decode("ascii")
        start = -(-8 * offset // 5)  # first character made only of raw's bits
        end = (8 * (offset + len(raw))) // 5  # characters wholly inside raw's bits
        core = encoded[start:end]
        if core:
            cores += [core, core.translate(_B32_HEX)]
    return cores


_GROUP_RUN = 2  # whole 4-byte groups of the secret that make an ascii85/base85 leak (10 characters)


def _b85_cores(raw: bytes) -> List[str]:
    """The ascii85 and base85 characters of the 4-byte groups wholly inside ``raw``, at byte offsets 0 to 3
    in a stream; only alignments with at least two whole groups (fewer would be too short a needle)."""
    cores = []
    for offset in range(4):
        first = (4 - offset) % 4  # the first byte of raw that starts a group
        groups = [raw[at : at + 4] for at in range(first, len(raw) - 3, 4)]
        if len(groups) >= _GROUP_RUN:
            for encode in (base64.a85encode, base64.b85encode):
                cores.append("".join(encode(group).decode("ascii") for group in groups))
    return cores


@functools.lru_cache(maxsize=16)
def _forms(secret: str) -> Tuple[Tuple[str, int], ...]:
    """(lower-case form, run length that makes a leak) for every spelling of a long secret.

    A fixed number of forms, each a precomputed needle: the views of a text stay
    few, and each search stays a plain substring search.
    """
    raw = secret.encode("utf-8", "surrogatepass")
    run = min(len(secret), RUN)
    lowered = secret.lower()
    forms = {(raw.hex(), 2 * min(len(raw), RUN))}
    for utf16 in ("utf-16-le", "utf-16-be"):  # 74006f00...: a server that hex-dumps a wide string
        wide = secret.encode(utf16, "surrogatepass").hex()
        forms.add((wide, min(len(wide), 4 * RUN)))
    for spelling in (lowered, lowered[::-1], codecs.encode(lowered, "rot13")):  # as is, reversed, rot13
        forms.add((spelling, run))
        skeleton = _skeleton(spelling)
        if len(skeleton) >= MIN_SECRET:  # the token with zero-width spaces, dashes or dots between its letters
            forms.add((skeleton, min(len(skeleton), RUN)))
    b64_run = -(-8 * min(len(raw), RUN) // 6)
    for core in _b64_cores(raw):
        forms.add((core.lower(), min(len(core), b64_run)))
    for utf16 in ("utf-16-le", "utf-16-be"):
        # red team 29 (report 11a), f1 f2: base64 of the wide string (Node's Buffer.from(t, "utf16le"), .NET's
        # Encoding.Unicode): its own cores, as long a run of the secret's characters as the plain form's
        wide = secret.encode(utf16, "surrogatepass")
        wide_run = -(-8 * min(len(wide), 2 * RUN) // 6)
        for core in _b64_cores(wide):
            forms.add((core.lower(), min(len(core), wide_run)))
    b32_run = -(-8 * min(len(raw), RUN) // 5)
    for core in _b32_cores(raw):
        forms.add((core.lower(), min(len(core), b32_run)))
    for core in _b85_cores(raw):
        forms.add((core.lower(), 5 * _GROUP_RUN))
    return tuple(sorted(forms))


def _views(text: str, deadline: Optional[float] = None) -> List[str]:
    lowered = text.lower()
    views = [lowered]
    decoded = lowered
    for _ in range(3):  # percent-encoded once, twice (%2573) or three times
        if "%" not in decoded:
            break
        decoded = unquote(decoded, errors="replace")
        views.append(decoded)
    if "&" in lowered:
        views.append(html.unescape(lowered))
    if "\\" in lowered:
        views.append(_JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), lowered).replace("\\", "").lower())
        views.append(_C_ESCAPE.sub(_c_unescape, lowered).lower())
    # Compatibility forms (fullwidth letters, ligatures, superscript digits) read as what they stand for.
    views += [unicodedata.normalize("NFKC", view).lower() for view in views if not view.isascii()]
    # Letters of other scripts drawn like Latin ones (Cyrillic "о", Greek "ο"): read as those (red team 25,
    # report 11a, f3: a 401 message echoing the token with look-alikes read, on screen, as the token).
    views += [view.translate(_LOOK_ALIKES) for view in views if not view.isascii()]
    # Terminal escape sequences between the token's characters (``ESC[0m``) read as nothing (f4).
    views += [_TERMINAL_ESCAPE.sub("", view) for view in views if "\x1b" in view]
    # What a terminal (or ``col -b``) shows: a character followed by a backspace is overwritten by the
    # next one, a lone carriage return writes the line again from its start (red team 28, report 11a, f2:
    # the token with "x\b" after each character, accepted and shown as the token).  JSON's ``\b`` and
    # ``\r`` escapes (a report, a raw answer) are read as those characters first.
    if "\\b" in lowered or "\\r" in lowered:
        views.append(_JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), lowered.replace("\\b", "\b").replace("\\r", "\r")))
    views += [_as_shown(view, deadline) for view in views if "\b" in view or "\r" in view]
    # What a markdown or HTML renderer shows: tags and empty links render as nothing, a link as its text
    # (f2: "s<b></b>e<b></b>c...", ``<span/>``, ``<wbr>``, ``[](x)`` between the token's characters, posted
    # by reviewdog as a pull-request comment).  Entities of zero width are decoded by the entity view
    # above and dropped with every other mark by the skeleton (``_compact``).
    views += [_MARKDOWN_LINK.sub(r"\1", _TAG.sub("", view)) for view in views if "<" in view or "](" in view]
    return list(dict.fromkeys(views))


# A terminal's controls that move the cursor back, and the runs of text between them.
_SHOWN_PIECE = re.compile(r"\x08+|\r+|\n|[^\x08\r\n]+")  # disjoint alternatives, each one class: linear
# An HTML or XML tag (``<b>``, ``</b>``, ``<span/>``, ``<wbr>``, ``<a href=x>``): from each ``<`` the run
# stops at the next ``<`` or ``>``, so the runs tried never overlap: linear.
_TAG = re.compile(r"<[^<>]*>")
# An inline markdown link or image, ``[text](target)`` (``![](x)``): shown as its text.  The text's run
# stops at the next bracket and the target's at the next parenthesis, and a failed try's target run ends
# at the ``(`` of any later link: linear.
_MARKDOWN_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")


def _as_shown(view: str, deadline: Optional[float] = None) -> str:
    """``view`` as a terminal shows it: a backspace moves one column back (not past the line's start), a
    carriage return to the line's start, and a character written over another replaces it.  One step per
    run of text or controls, each costing its own length: linear.  A run of "x\\b" pairs is one Python step
    per three characters, so ``deadline`` is checked every ``_SLICE`` steps (ScanTimeout)."""
    lines: List[str] = []
    cells: List[str] = []
    at = 0
    for step, match in enumerate(_SHOWN_PIECE.finditer(view)):
        if deadline is not None and not step % _SLICE and time.monotonic() > deadline:
            raise ScanTimeout()
        piece = match.group()
        first = piece[0]
        if first == "\n":
            lines.append("".join(cells))
            cells, at = [], 0
        elif first == "\r":
            at = 0
        elif first == "\x08":
            at = max(0, at - len(piece))
        else:
            cells[at : at + len(piece)] = piece  # overwrites, or runs past the end: never shifts a tail
            at += len(piece)
    lines.append("".join(cells))
    return "\n".join(lines)


# Lower-case letters of Cyrillic and Greek (and a few IPA) drawn like Latin letters, and the lower case of
# capitals drawn like Latin capitals (В, Н, М, Т, К, Ρ, Τ, Χ...): a fact table, one character each.
_LOOK_ALIKES = str.maketrans({
    "а": "a", "б": "b", "в": "b", "с": "c", "ԁ": "d", "е": "e", "ё": "e", "һ": "h", "н": "h", "і": "i",
    "ї": "i", "ј": "j", "к": "k", "ӏ": "l", "м": "m", "о": "o", "р": "p", "ԛ": "q", "ѕ": "s", "т": "t",
    "у": "y", "ү": "y", "х": "x", "ԝ": "w", "ѡ": "w", "ɡ": "g", "ɩ": "i", "ν": "v", "ο": "o", "α": "a",
    "ι": "i", "κ": "k", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "β": "b", "ε": "e", "η": "n", "μ": "u",
    "ѵ": "v", "ߋ": "o", "օ": "o", "ս": "u", "ո": "n", "ց": "g", "զ": "q", "һ": "h",
})
# ECMA-48 sequences: CSI (ESC [ parameters intermediates final), OSC (ESC ] ... BEL or ESC \), and any
# other ESC plus one character.  Bounded runs after a fixed prefix: linear.
_TERMINAL_ESCAPE = re.compile(r"\x1b(?:\[[0-?]{0,64}[ -/]{0,16}[@-~]|\][^\x07\x1b]{0,256}(?:\x07|\x1b\\)?|.)?", re.S)


def _byte_number_views(views: List[str]) -> List[str]:
    """The text read as one number per byte, in decimal, hex, octal and binary (any separator).

    A server that logs ``list(token.encode())``, ``Arrays.toString(bytes)``, ``[hex(b) for b in
    raw]`` or a C/Go byte-array dump prints the token as ``115,101,107,...``, ``0x73 0x65 ...``,
    ``163 145 ...`` or ``01110011 01100101 ...``.  Runs of at least ``RUN`` such numbers separated
    only by characters that are not letters or digits are decoded in each base (a number that is
    not one byte in that base breaks the run); each decoded run is a view.  Ordinary text has few
    such runs, so this costs one linear regex scan per view.
    """
    decoded: List[str] = []
    for view in views:
        runs: List[List[str]] = []
        last_end = -1
        for match in _BYTE_NUMBER.finditer(view):
            if last_end < 0 or _ALNUM.search(view, last_end, match.start()):
                runs.append([])  # a word between: a new run
            runs[-1].append(match.group())
            last_end = match.end()
        for numbers in runs:
            if len(numbers) < RUN:
                continue
            for base, (prefix, digits, width) in _BYTE_BASES.items():
                out = bytearray()
                for number in numbers:
                    body = number[2:] if prefix and number.startswith(prefix) else number
                    if body and len(body) <= width and not body.strip(digits):
                        value = int(body, base)
                        out.append(value if value < 256 else 0)
                    else:
                        out.append(0)
                text = out.decode("utf-8", "replace").lower()
                if len(text.replace("\0", "")) >= RUN:
                    decoded.append(text)
    return decoded


def _c_unescape(match: "re.Match[str]") -> str:
    octal, hexadecimal = match.groups()
    return chr(int(octal, 8)) if octal else chr(int(hexadecimal, 16))


def json_text(value: object) -> str:
    """A parsed JSON value as one text to search: every string (object keys included) in document
    order, concatenated; then, for each key, the strings directly under it concatenated in document
    order.  So a secret spread over many strings (one piece per field description, with field names
    between them) is whole in the second part.  Iterative (no recursion limit), linear in the value.
    """
    everything: List[str] = []
    by_key: dict = {}
    stack = [(None, value)]
    while stack:
        key, item = stack.pop()
        if isinstance(item, str):
            everything.append(item)
            by_key.setdefault(key, []).append(item)
        elif isinstance(item, dict):
            for name, inner in reversed(list(item.items())):
                stack.append((name, inner))
                stack.append((None, name))
        elif isinstance(item, list):
            stack.extend((key, inner) for inner in reversed(item))  # a list's strings count under its key
    return "".join(everything) + "\n" + "\n".join("".join(parts) for parts in by_key.values())


_NOT_ALNUM = bytes(byte for byte in range(128) if not chr(byte).isalnum())


def _skeleton(text: str) -> str:
    """Only the ASCII letters and digits: what is left of a token however it was split.

    (Dropping what is not ASCII, then the ASCII that is not a letter or digit, in C: a
    character-by-character loop in Python cost a second per megabyte of report.)
    """
    return text.encode("ascii", "ignore").translate(None, _NOT_ALNUM).decode("ascii")


def _compact(views: List[str]) -> List[str]:
    """The views with all whitespace removed (a token split over lines or words), and their
    skeletons (a token with zero-width spaces, dashes or other marks between its characters)."""
    compacts = ["".join(view.split()) for view in views] + [_skeleton(view) for view in views]
    return [compact for compact in dict.fromkeys(compacts) if compact not in views]


_SLICE = 1 << 16  # about this many characters of a view are cut into windows at a time


class ScanTimeout(TimeoutError):
    """The search for a secret ran out of its caller's time: the text was not cleared."""


class _Windows:
    """Every window of each form a leak may be found by, indexed by window, for one pass over a view.

    A run of ``run`` characters of a form, wherever it sits in a view, covers a whole window of
    ``width = (run + 1) // 2`` characters starting at a multiple of ``width`` in the view (a run
    at least ``2 * width - 1`` long always does).  So a view is cut once into such windows, and
    only those that are windows of some form (a set intersection, in C) are extended both ways
    to see if a long enough run is there.  The work is one slice per ``width`` characters of the
    view per width, whatever the secret's length: searching the view once for each aligned piece
    of each form (the first way) cost the number of pieces, which grows with the token, times the
    view (red team 19, report 11a, F5: a 1,100-character JWT made ``check`` 4 to 14 times slower).

    A window that occurs in several places of the forms keeps each distinct neighbourhood once
    (``run`` characters either side), so a token with repeats costs no more per hit.
    """

    def __init__(self, forms: Iterable[Tuple[str, int]]):
        by_width: dict = {}
        for form, run in forms:
            if run <= 0 or len(form) < run:
                continue
            width = max(1, (run + 1) // 2)
            table = by_width.setdefault(width, {})
            for start in range(len(form) - width + 1):
                low = max(0, start - run)
                around = (form[low : start + width + run], start - low, run)
                places = table.setdefault(form[start : start + width], [])
                if around not in places:
                    places.append(around)
        self._by_width = by_width

    def found_in(self, view: str, deadline: Optional[float] = None) -> bool:
        """Does ``view`` hold a long enough run of one of the forms?  Linear in ``view``.

        The windows are cut a slice of the view at a time (``_SLICE`` characters), so the memory
        they take is bounded whatever the view's size (red team 25, report 11a, f6: 80 bytes per
        byte of a 6 MiB answer); ``deadline`` (``time.monotonic``) is checked after each slice.
        """
        for width, table in self._by_width.items():
            last = len(view) - width
            step = max(1, _SLICE // width) * width  # whole windows: each slice keeps the lattice of starts
            for first in range(0, last + 1, step):
                if deadline is not None and time.monotonic() > deadline:
                    raise ScanTimeout()
                stop = min(first + step, last + 1)
                windows = [view[at : at + width] for at in range(first, stop, width)]
                if table.keys().isdisjoint(windows):
                    continue
                for index, window in enumerate(windows):
                    for around, offset, run in table.get(window, ()):
                        if _run_through(view, first + index * width, width, around, offset) >= run:
                            return True
        return False


def _run_through(view: str, at: int, width: int, around: str, offset: int) -> int:
    """How long the common run is of ``view`` and ``around`` through their equal windows at
    ``at`` and ``offset`` (bounded by ``around``, which reaches ``run`` characters either side)."""
    back = 0
    while back < offset and at - back > 0 and view[at - back - 1] == around[offset - back - 1]:
        back += 1
    ahead = width
    while offset + ahead < len(around) and at + ahead < len(view) and view[at + ahead] == around[offset + ahead]:
        ahead += 1
    return back + ahead


@functools.lru_cache(maxsize=16)
def _windows(secret: str) -> _Windows:
    return _Windows(_forms(secret))


@functools.lru_cache(maxsize=16)
def _plain_windows(secret: str) -> _Windows:
    """The secret itself only (for the one-number-per-byte views, which decode to it directly)."""
    return _Windows([(secret.lower(), min(len(secret), RUN))])


def _has_word(view: str, secret: str) -> bool:
    """The whole short secret, not inside a longer word."""
    found = view.find(secret)
    while found != -1:
        before = view[found - 1] if found > 0 else " "
        end = found + len(secret)
        after = view[end] if end < len(view) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        found = view.find(secret, found + 1)
    return False


def leaks(text: str, secrets: Iterable[str], deadline: Optional[float] = None) -> bool:
    """Does ``text`` hold any of ``secrets`` in any spelling (see the module docstring)?

    ``deadline`` (``time.monotonic``): ScanTimeout once it passes (an answer that could not be
    searched in the time its request had is not cleared).
    """
    views = numbers = None
    for secret in secrets:
        if not secret:
            continue
        if views is None:
            views = _views(str(text), deadline)
            every = views + _compact(views)
        if len(secret) < MIN_SECRET:  # whole words only: whitespace is what bounds them
            short = secret.lower()
            if any(_has_word(view, short) for view in views):
                return True
            continue
        windows = _windows(secret)
        if any(windows.found_in(view, deadline) for view in every):
            return True
        if numbers is None:
            numbers = _byte_number_views(views)
        if any(_plain_windows(secret).found_in(view, deadline) for view in numbers):
            return True
    return False


def redact(text: object, secrets: Iterable[str]) -> str:
    """``text`` on one line with every word that holds a secret replaced by ``***``.

    A secret spread over several words (split by spaces or newlines) cannot be cut
    out word by word: then the whole message is withheld (a fixed sentence).
    """
    secrets = [s for s in secrets if s]
    words = str(text).split()
    if not secrets:
        return " ".join(words)
    # A long secret may sit in a word that holds other text too: cut it out first.
    for secret in secrets:
        if len(secret) >= MIN_SECRET:
            words = [_cut(word, secret) for word in words]
    words = ["***" if leaks(word, secrets) else word for word in words]
    line = " ".join(words)
    if leaks(line, secrets):
        return _WITHHELD
    return line


def _cut(word: str, secret: str) -> str:
    """``word`` with the plain secret (any letter case) replaced by ``***``."""
    lowered, target = word.lower(), secret.lower()
    if target not in lowered:
        return word
    out, at = [], 0
    found = lowered.find(target)
    while found != -1:
        out.append(word[at:found] + "***")
        at = found + len(target)
        found = lowered.find(target, at)
    return "".join(out) + word[at:]


# --------------------------------------------------------------------------- whole outputs

# What bounds a piece of an output: whitespace, quotes and angle brackets (so a JSON string's
# quotes, an HTML tag and a diff line's layout are never inside a piece that gets masked).
_PIECES = re.compile(r"([\s\"'<>`]+)")  # one character class, repeated: linear


def scrub(text: str, secrets: Iterable[str]) -> Optional[str]:
    """``text`` with every spelling of ``secrets`` masked, all else byte for byte; None if that cannot be done.

    1. exact spellings (the secret in any letter case, and each long encoded form
       above) are replaced by ``***`` where they stand;
    2. in a line that still leaks, each piece (bounded by whitespace, quotes or
       angle brackets) that leaks keeps its leading and trailing punctuation and
       has the rest replaced by ``***``;
    3. if the text still leaks (a secret scattered over pieces or lines), None:
       the caller withholds the output rather than print part of a secret.
    Without a secret that leaks, the text is returned as it is (one ``leaks`` pass).
    """
    secrets = [secret for secret in secrets if secret]
    if not secrets or not leaks(text, secrets):
        return text
    for secret in secrets:
        text = _cut_forms(text, secret)
    if not leaks(text, secrets):
        return text
    lines = text.splitlines(keepends=True)
    text = "".join(_mask_pieces(line, secrets) if leaks(line, secrets) else line for line in lines)
    return None if leaks(text, secrets) else text


def _fold(text: str) -> str:
    """Lower case with one character for one character (so offsets stay those of ``text``)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def _cut_forms(text: str, secret: str) -> str:
    """``text`` with the secret and each of its long whole forms (any letter case) replaced by ``***``."""
    needles = [secret.lower()] if len(secret) < MIN_SECRET else [form for form, _run in _forms(secret) if len(form) >= RUN]
    for needle in sorted(set(needles), key=len, reverse=True):
        folded = _fold(text)
        if needle not in folded:
            continue
        out, at = [], 0
        found = folded.find(needle)
        while found != -1:
            if len(secret) >= MIN_SECRET or _bounded(folded, found, len(needle)):
                out.append(text[at:found] + "***")
                at = found + len(needle)
            found = folded.find(needle, max(at, found + 1))
        text = "".join(out) + text[at:]
    return text


def _bounded(text: str, start: int, size: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[start + size] if start + size < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def _mask_pieces(line: str, secrets: List[str]) -> str:
    # No view of a text is longer than the text, so a piece shorter than the shortest leak
    # cannot hold one on its own (and what it might hold with its neighbours, the caller's
    # last check of the whole text catches): most pieces are skipped without a search.
    shortest = min(len(secret) if len(secret) < MIN_SECRET else RUN for secret in secrets)
    parts = _PIECES.split(line)  # pieces at even indices, the bounds between them at odd ones
    return "".join(part if index % 2 else _mask(part, secrets, shortest) for index, part in enumerate(parts))


def _mask(piece: str, secrets: List[str], shortest: int) -> str:
    """A piece that leaks becomes ``***``, keeping the punctuation at its two ends (a diff's ``+``, a comma)."""
    if len(piece) < shortest or not leaks(piece, secrets):
        return piece
    start, end = 0, len(piece)
    while start < end and not piece[start].isalnum():
        start += 1
    while end > start and not piece[end - 1].isalnum():
        end -= 1
    return piece[:start] + "***" + piece[end:]
