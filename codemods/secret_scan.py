"""Finding a secret (an API token) in text, in any spelling a server or a library may give it.

One redactor for every path that may show text from outside: Houston's answers
and errors, GitHub's answers and errors, exceptions.  A server that wants the
token printed (or that copies request headers into its answers) rarely sends it
verbatim; it percent-encodes it, wraps it in base64 behind a prefix
(``base64("Bearer " + token)``), hex-encodes it, writes HTML entities, splits it
over lines, or drops its last characters.  So a text *leaks* a secret when one
of its views holds a long run of one of the secret's forms:

* views: the text itself, percent-decoded, HTML-entity-decoded, JSON-unescaped
  (``\\uXXXX``, at any depth, and every backslash dropped), and each of these with all whitespace removed; all
  compared in lower case;
* forms: the secret, its hex, and the stable base64 core of the secret at each
  of the three byte alignments (standard and URL-safe alphabets), so base64 of
  the secret behind any prefix is recognised;
* a long run: ``min(len(form), RUN)`` characters of a form, where RUN is 8
  characters of the secret (16 hex digits, 11 base64 characters).  So any
  8-character substring of the token counts, which covers "all of the token but
  its last two characters", a prefix, a suffix or a middle part.

A secret shorter than ``MIN_SECRET`` (8) characters is too short to tell from
ordinary words in encoded forms: it is found only as a whole, word-bounded match
of the secret itself (in the text, percent-decoded or entity-decoded views), so
a one-letter token does not turn every message into asterisks.

Work is linear in the text: every search is ``str.find`` of a fixed literal
(no regular expression over the text but the linear ``\\uXXXX`` one); for each
form we look for its aligned half-run pieces and check each hit by extending
it, which costs at most the form's length per hit: bounded by the token length.
"""

from __future__ import annotations

import base64
import html
import re
from typing import Iterable, List, Tuple
from urllib.parse import unquote

MIN_SECRET = 8
RUN = 8  # characters of the secret that make a leak
# ``\uXXXX`` behind any number of backslashes (JSON inside JSON).  Only the first backslash
# of a run may start a match (the lookbehind), so each run is scanned once: linear.
_JSON_ESCAPE = re.compile(r"(?<!\\)\\+u([0-9a-fA-F]{4})")
_WITHHELD = "(message withheld: it contained a secret in an encoded form)"


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


def _forms(secret: str) -> List[Tuple[str, int]]:
    """(lower-case form, run length that makes a leak) for every spelling of a long secret."""
    raw = secret.encode("utf-8", "surrogatepass")
    run = min(len(secret), RUN)
    forms = {(secret.lower(), run), (raw.hex(), 2 * min(len(raw), RUN))}
    skeleton = _skeleton(secret.lower())
    if len(skeleton) >= MIN_SECRET:  # the token with zero-width spaces, dashes or dots between its letters
        forms.add((skeleton, min(len(skeleton), RUN)))
    b64_run = -(-8 * min(len(raw), RUN) // 6)
    for core in _b64_cores(raw):
        forms.add((core.lower(), min(len(core), b64_run)))
    return sorted(forms)


def _views(text: str) -> List[str]:
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
    return list(dict.fromkeys(views))


def _skeleton(text: str) -> str:
    """Only the ASCII letters and digits: what is left of a token however it was split."""
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())


def _compact(views: List[str]) -> List[str]:
    """The views with all whitespace removed (a token split over lines or words), and their
    skeletons (a token with zero-width spaces, dashes or other marks between its characters)."""
    compacts = ["".join(view.split()) for view in views] + [_skeleton(view) for view in views]
    return [compact for compact in dict.fromkeys(compacts) if compact not in views]


def _has_run(view: str, form: str, run: int) -> bool:
    """Does ``view`` hold ``run`` consecutive characters of ``form``?  Linear in ``view`` for a fixed form."""
    if run <= 0 or len(view) < run:
        return False
    piece = max(1, (run + 1) // 2)  # any run of ``run`` characters holds one aligned piece of this length
    for start in range(0, len(form) - piece + 1, piece):
        needle = form[start : start + piece]
        found = view.find(needle)
        while found != -1:
            back = 0
            while back < start and found - back > 0 and view[found - back - 1] == form[start - back - 1]:
                back += 1
            ahead = piece
            while start + ahead < len(form) and found + ahead < len(view) and view[found + ahead] == form[start + ahead]:
                ahead += 1
            if back + ahead >= run:
                return True
            found = view.find(needle, found + 1)
    return False


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


def leaks(text: str, secrets: Iterable[str]) -> bool:
    """Does ``text`` hold any of ``secrets`` in any spelling (see the module docstring)?"""
    views = None
    for secret in secrets:
        if not secret:
            continue
        if views is None:
            views = _views(str(text))
            every = views + _compact(views)
        if len(secret) < MIN_SECRET:  # whole words only: whitespace is what bounds them
            short = secret.lower()
            if any(_has_word(view, short) for view in views):
                return True
            continue
        for form, run in _forms(secret):
            if any(_has_run(view, form, run) for view in every):
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
