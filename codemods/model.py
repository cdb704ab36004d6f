"""The few nouns every stage shares: Source, Edit, Finding."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, List, Optional, Tuple

from .sources.text_map import TextMap

ERROR = "error"
WARNING = "warning"
INFO = "info"


@dataclass(frozen=True)
class Edit:
    """Replace file characters [start, end) with ``replacement``.  Only the applier uses it."""

    start: int
    end: int
    replacement: str


@dataclass
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    severity: str
    code: str
    message: str
    # The edits that fix it, when a rewrite does (for SARIF fixes and review suggestions).
    fix: Tuple[Edit, ...] = ()
    # First and last line (1-based) the fix's edits touch; set with the fix.
    fix_lines: Tuple[int, int] = (0, 0)
    # Findings of one file with the same non-zero ``together`` have fixes that must land
    # together, as one (see ``fixes``): the edits of one document.  0: its fix stands alone.
    together: int = 0
    # What to say instead when the edits it was made beside are taken back: a review worded for
    # the migrated file ("the value sent as 'desiredRuntimeVersion' must now be ...") is untrue of
    # a file left as it is (red team 22, report 13, f7).  "" when it holds either way.
    held: str = ""
    # An error's own tokens (file offsets: a field's name, not its alias): where an edit of the rewrite must stand
    # for the error to say "houston-codemod rewrite does it" (``validate.settle_rewrite_hints``, red team 24,
    # report 13, f4).  Not stored in the cache: the message is settled before a result is kept.
    tokens: Tuple[Tuple[int, int], ...] = field(default=(), compare=False, repr=False)

    @property
    def needs_attention(self) -> bool:
        """What ``rewrite`` tells a person about: review items and errors."""
        return self.code.startswith("review-") or self.severity == ERROR

    def sort_key(self) -> Tuple[Any, ...]:
        return (self.path, self.line, self.column, self.code, self.message)

    @property
    def migrates(self) -> bool:
        """Does the finding carry (or announce) an edit: a fix, a migrate-* item, or a review of its result?"""
        return bool(self.fix) or self.code.startswith("migrate-") or bool(self.held)

    def withdrawn(self, code: str, why: str) -> "Finding":
        """This finding once its edit is taken back: a warning with ``code`` (or its own code if
        already a review-*), its message with ``why`` added, no fix.  Every place that holds a
        document or a file (template holes, fills, Jupytext pairs, files other code writes) says it
        this one way, so a review reads the same whoever withheld the edit."""
        from dataclasses import replace

        return replace(
            self, severity=WARNING, code=self.code if self.code.startswith("review-") else code,
            message=f"{self.held or self.message}; {why}", fix=(), fix_lines=(0, 0), together=0, held="",
        )

    def as_held(self) -> "Finding":
        """This finding in a file left as it is (``held``), or itself when it holds either way."""
        from dataclasses import replace

        return replace(self, message=self.held, held="") if self.held else self

    def as_text(self) -> str:
        from .files import printed  # a file name's control characters never reach a line of output raw

        return printed(f"{self.path}:{self.line}:{self.column}: {self.severity} {self.code} {self.message}")


@dataclass
class CallSite:
    """Where a document is sent from: the call and the variables that travel with it."""

    kind: str  # gql | execute | query-keyword | json-payload
    call: Any  # the ast.Call node
    variables: Any = None  # the ast expression given as variables, if any
    # Evidence of the API the call talks to: a URL literal or client name, if seen.
    target_hint: Optional[str] = None
    scope: Any = None  # where names in the call are looked up (the finder's scope)


@dataclass
class Source:
    """One GraphQL document found in a file."""

    text_map: TextMap
    start: int  # file offset where the literal (or .graphql file) starts
    evidence: str  # call | content | file
    node: Any = None  # the ast expression holding the document
    sites: List[CallSite] = field(default_factory=list)
    ignored: bool = False  # a `# houston-codemod: ignore` comment applies
    # The Python names the document is assigned to (HOUSTON_QUERY, ASTRO_CLOUD_QUERY).
    names: List[str] = field(default_factory=list)
    # Spliced into another document of the file that is sent (``houston(GET + DEP)``): only a part of
    # what is sent, so a fragment it spreads may be defined by another part (issue 13).
    composed: bool = False
    # The documents of the file it is spliced into, when ``composed``: they are what is sent, so
    # where they go is where it goes (red team 10, F5).
    wholes: List["Source"] = field(default_factory=list)
    # The name this text is bound to when the code then extends it (``q += "..."``): only the first
    # piece of what is sent, so it is neither checked nor edited (red team 10, F4).
    extended_as: Optional[str] = None

    @property
    def text(self) -> str:
        return self.text_map.text
