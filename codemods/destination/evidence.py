"""One piece of evidence about where a document goes.

Each piece says which way it points (``houston``: True for Houston, False
against), how much it weighs, and, in a few words a person can check, what it
is and where it was seen: ``url houston.example.com (call at line 12)``.
The words are what ``check --explain``, ``--format json`` and the HTML report
show, so they name the thing seen, not the conclusion drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

# Weights, strongest first.  Only their order matters (see verdict.weigh).
DECISIVE = 4  # the call's own endpoint
STRONG = 3  # the name a person gave the document; the call running it in process
CONTEXT = 2  # the file around the document (its imports, endpoints, schema)
WEAK = 1  # the document's own words
NOTE = 0  # said for the record, weighs nothing (``houston`` is None)

WEIGHT_NAMES = {DECISIVE: "decisive", STRONG: "strong", CONTEXT: "context", WEAK: "weak", NOTE: "note"}


@dataclass(frozen=True)
class Evidence:
    kind: str  # url, name, endpoint, executed-locally, schema, sdl, test-client, other-apis, vocabulary, generic
    houston: Optional[bool]  # True: points at Houston; False: away from it; None: a note
    weight: int
    text: str

    def __post_init__(self) -> None:
        # The words quote the scanned file (a URL, a name), and a file may hold the very token
        # this run was given (``...houston.example.com/v1?t=<token>``): never shown.
        from ..houston_token import leaks, redact, without_credentials

        text = without_credentials(self.text) if self.text else self.text  # a URL's password or key (RT22 11a f7)
        if text and leaks(text):
            text = redact(text)
        if text is not self.text:
            object.__setattr__(self, "text", text)

    def describe(self) -> str:
        """``+ url houston.example.com (call at line 12) [decisive]``: direction, words, weight."""
        sign = {True: "+", False: "-", None: "?"}[self.houston]
        return f"{sign} {self.text} [{WEIGHT_NAMES[self.weight]}]"

    def __str__(self) -> str:
        return self.text
