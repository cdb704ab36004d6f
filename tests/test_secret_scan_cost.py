"""The token redactor's work does not grow with the token's length (red team 19, report 11a, F5).

Houston tokens are JWTs, often over a thousand characters.  The redactor searched each view of a
report once for every aligned piece of every spelling of the token, so its work was the token's
length times the report's: a 1,100-character token made ``check`` 4 to 14 times slower.  Now each
view is cut once into windows and looked up in one index of the token's windows.  These tests count
the lines the redactor runs (never time it), and check that cutting the view into windows misses
no run, whatever its offset in the view or in the token.
"""

import base64
import random

from codemods import secret_scan
from work_count import traced_lines, under

COUNTED = frozenset({under("secret_scan.py")})
TEXT = ("deployment created in workspace ws-1 with label etl; " * 400).strip()


def _token(size: int, seed: int) -> str:
    rng = random.Random(seed)
    body = base64.urlsafe_b64encode(bytes(rng.randrange(256) for _ in range(size))).decode().rstrip("=")
    return "eyJhbGciOiJSUzI1NiJ9." + body[:size]


def _lines_for(token: str, text: str) -> int:
    secret_scan.leaks("warm the index", [token])  # the token's own index is built once per run
    lines, leaked = traced_lines(lambda: secret_scan.leaks(text, [token]), COUNTED)
    assert not leaked
    return lines


def test_work_does_not_grow_with_the_token():
    short, long = _lines_for(_token(40, 1), TEXT), _lines_for(_token(1600, 2), TEXT)
    # The first way ran one search per aligned piece: about 40 times more lines for the long one.
    assert long < 1.3 * short, (short, long)


def test_work_is_linear_in_the_text():
    token = _token(600, 3)
    one, two, four = (_lines_for(token, " ".join([TEXT] * n)) for n in (1, 2, 4))
    assert abs((four - two) - 2 * (two - one)) < 0.05 * four, (one, two, four)


def test_a_run_is_found_at_every_offset_and_no_shorter_one():
    token = _token(64, 4)
    for lead in range(9):  # where the run starts in the view: every alignment of the windows
        for start in range(24):  # where the run starts in the token
            for size, expected in ((secret_scan.RUN, True), (secret_scan.RUN - 1, False)):
                text = "x" * lead + " " + token[start : start + size] + " rest of the message"
                assert secret_scan.leaks(text, [token]) is expected, (lead, start, size)


def test_a_token_with_repeats_costs_no_more_per_hit():
    repeated = "ab" * 600  # every window occurs hundreds of times in the token
    plain = _token(1200, 5)
    text = ("abab xyz " * 300).strip()
    secret_scan.leaks("warm", [repeated])
    secret_scan.leaks("warm", [plain])
    rep_lines, _ = traced_lines(lambda: secret_scan.leaks(text, [repeated]), COUNTED)
    plain_lines, _ = traced_lines(lambda: secret_scan.leaks(text, [plain]), COUNTED)
    assert rep_lines < 3 * plain_lines + 20_000, (rep_lines, plain_lines)
