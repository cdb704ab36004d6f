"""The last line of defence of the command line: no traceback, no token, ever.

Any exception that escapes a command (a bug, or a library failing in a way we did
not foresee) becomes one line, ``internal error: <type>: <message>``, with the
token redacted, and exit 2.  The exception's chain is never printed: a chained
exception is where 0.1.0 printed a server's error object with the token in it.
"""

from __future__ import annotations

import sys

import click

EXIT_TROUBLE = 2


class GuardedGroup(click.Group):
    """``click.Group`` whose ``main`` turns an unexpected exception into one redacted line."""

    def main(self, *args, **kwargs):
        try:
            return super().main(*args, **kwargs)
        except (SystemExit, KeyboardInterrupt, GeneratorExit):
            raise
        except Exception as exc:  # noqa: BLE001 - the point of this class
            from .houston_token import redact

            message = redact(f"internal error: {type(exc).__name__}: {exc}")[:2000]
            try:
                sys.stderr.write(f"houston-codemod: {message}\n")
                sys.stderr.flush()
            except (OSError, ValueError):
                pass
            sys.exit(EXIT_TROUBLE)
