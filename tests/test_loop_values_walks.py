"""A module without the word ``for`` and without a module dict is not walked for loop variables (issue 15, size row).

``loop_values.values`` binds loop variables to the elements of written lists with one walk of the
whole tree.  A 1 MB generated sgqlc schema module has no loop at all, and that second walk was a
third of its check.  Work is counted (child listings asked for), never timed; a module with a loop
still binds its variable.
"""

import ast

from codemods.destination import loop_values


class _Finder:
    def __init__(self, text):
        self.module = ast.parse(text)
        self.file = type("File", (), {"text": text})()


def _walked(monkeypatch, text):
    calls = []
    real = ast.iter_child_nodes
    monkeypatch.setattr(loop_values.ast, "iter_child_nodes", lambda node: calls.append(node) or real(node))
    finder = _Finder(text)
    memo = loop_values.values(finder)
    monkeypatch.setattr(loop_values.ast, "iter_child_nodes", real)
    return len(calls), memo


def test_no_loop_no_walk(monkeypatch):
    text = "".join(f"class T{i}:\n    name = 'format platform before {i}'\n" for i in range(300))
    calls, memo = _walked(monkeypatch, text)
    assert calls == 0 and memo == {}


def test_a_loop_is_still_bound(monkeypatch):
    text = "A = 'x'\nB = 'y'\n" + "".join(f"class T{i}:\n    name = 'n'\n" for i in range(50)) + "for q in [A, B]:\n    send(q)\n"
    calls, memo = _walked(monkeypatch, text)
    assert calls > 50 and [getattr(v, "id", None) for v in memo[(0, "q")]] == ["A", "B"]


def test_a_module_dict_of_rows_is_still_walked_without_a_loop(monkeypatch):
    text = "JOBS = {'a': (U, Q)}\ndef go(name):\n    url, q = JOBS[name]\n    send(url, q)\n"
    calls, memo = _walked(monkeypatch, text)
    assert calls > 0 and any(name == "q" for _, name in memo)
