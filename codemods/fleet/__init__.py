"""The organisation-wide use: every repository of an all-repos configuration.

``houston-codemod fleet [all-repos fixer options]`` migrates them
(``autofix.py``); ``houston-codemod fleet status`` reports where each one
stands (``status.py``).  all-repos is imported only here, so the other
commands never pay for it.
"""

from __future__ import annotations

from typing import Optional, Sequence


def main(argv: Optional[Sequence[str]] = None, prog: str = "houston-codemod fleet") -> int:
    """Dispatch: ``status ...`` is the dashboard, anything else is the autofixer."""
    import sys

    arguments = list(sys.argv[1:] if argv is None else argv)
    if sys.stdout is None:  # started with >&-: all-repos reads sys.stdout.isatty() for --color auto
        from ..guard import ClosedStdout

        sys.stdout = ClosedStdout()
    if arguments[:1] == ["status"]:
        from .status import main as status_main

        return status_main(arguments[1:], prog=f"{prog} status")
    from .autofix import main as autofix_main

    return autofix_main(arguments, prog=prog)
