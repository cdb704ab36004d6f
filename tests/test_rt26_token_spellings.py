"""Red team 25, report 11a, f3, f4, f6: a hostile Houston's answer and the token's search in it.

f3: a 401 message echoing the token with Cyrillic look-alike letters (``dерlоу-tоkеn...``) was printed: on
screen it reads as the token.  f4: the token with ``ESC[0m`` between its characters was printed, every
character in order.  Both are now views the token is searched in (``secret_scan._views``), so the message
is refused.  f6: the search of a large answer ran after the request's deadline, with memory of about 80
bytes per answer byte; it now cuts its windows a slice at a time and stops at the deadline
(``ScanTimeout``), and an answer not searched in time is not used.
"""

import time

import pytest

from codemods import secret_scan
from houston_server import HoustonServer
from trust_cli import run_cli

TOKEN = "deploy-token-4f7ac9e2b81d"
CYRILLIC = "dерlоу-tоkеn-4f7ас9е2b81d"  # е, р, о, у, а, с are Cyrillic
ESCAPED = "".join(character + "\x1b[0m" for character in TOKEN)


@pytest.mark.parametrize("echo", [CYRILLIC, ESCAPED], ids=["look-alikes", "terminal-escapes"])
def test_a_disguised_echo_of_the_token_is_refused(tmp_path, echo):
    answer = {"errors": [{"message": f"invalid authorization: {echo}"}]}
    with HoustonServer(catalogue={}, answer=answer, token=None) as server:
        done = run_cli("schema", "fetch", server.url, env={"HOUSTON_API_TOKEN": TOKEN})
    assert done.returncode == 2, done.stderr
    said = done.stdout + done.stderr
    assert "4f7" not in said and "b81d" not in said, said
    assert "HOUSTON_API_TOKEN" in said and "Traceback" not in said, said


def test_ordinary_cyrillic_and_coloured_text_is_not_taken_for_the_token():
    assert not secret_scan.leaks("ошибка авторизации: токен отклонён \x1b[31mred\x1b[0m", [TOKEN])
    assert secret_scan.leaks(CYRILLIC, [TOKEN]) and secret_scan.leaks(ESCAPED, [TOKEN])


def test_the_search_stops_at_its_deadline():
    text = "x" * 200_000
    with pytest.raises(secret_scan.ScanTimeout):
        secret_scan.leaks(text, [TOKEN], deadline=time.monotonic() - 1)
    assert not secret_scan.leaks(text, [TOKEN], deadline=time.monotonic() + 3600)


def test_an_answer_not_searched_in_time_is_not_used(monkeypatch):
    from codemods import live

    monkeypatch.setenv("HOUSTON_API_TOKEN", TOKEN)
    with pytest.raises(live.LiveError) as raised:
        live._result("https://houston.example.com/v1", 200, b'{"data": {"x": 1}}', None, time.monotonic() - 1)
    assert "could not be searched" in str(raised.value) and TOKEN not in str(raised.value)


def test_the_windows_of_a_large_view_are_cut_a_slice_at_a_time(monkeypatch):
    """Count the windows held at once (not time, not bytes): at most a slice's worth, whatever the view's size."""
    largest = []
    real_isdisjoint = dict.keys
    windows = secret_scan._windows(TOKEN)

    class Keys:
        def __init__(self, keys):
            self.keys_ = keys

        def isdisjoint(self, other):
            largest.append(len(other))
            return self.keys_.isdisjoint(other)

    for width, table in list(windows._by_width.items()):
        windows._by_width[width] = type("Table", (dict,), {"keys": lambda self: Keys(real_isdisjoint(self))})(table)
    try:
        assert not windows.found_in("y" * 1_000_000)
    finally:
        secret_scan._windows.cache_clear()
    assert largest and max(largest) <= secret_scan._SLICE, max(largest)
