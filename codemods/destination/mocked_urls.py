"""The URLs a test file mocks are where the code it tests sends (red team 20, report 12, f14).

A test pins the exact document a client sends: ``EXPECTED = \"\"\"mutation Record(...)\"\"\"`` compared
with the body a ``responses`` mock of ``https://cmdb.acme-corp.net/api`` captured.  The test's copy is
tied to no send of its own (the client module sends it), so only its words spoke, and the copy of
another API's document was judged Houston's and rewritten while the client's own copy was not.

An HTTP mock registered in the file (responses' ``responses.add(responses.POST, URL)`` /
``responses.post(URL)`` / ``rsps.add(...)``, requests-mock's ``m.post(URL)``, respx's
``respx.post(URL)``, pytest-httpx's ``httpx_mock.add_response(url=URL)``, aioresponses'
``m.post(URL)``, httpretty's ``register_uri(POST, URL)``) names a destination of the code under test.
When the file imports such a library, mocks at least one URL, and every URL it mocks is seen not to be
Houston's (a known other API's host, a ``/graphql`` path, a whole URL on a host that is neither
Houston's nor at ``/v1``), that is context against Houston for the file's documents, said with the
first such URL and its line: the weight of "all URLs in the file are other APIs'" (gather_module).
A mock of a Houston URL, or of a URL known only at run time, gives nothing.

One pass over the module's calls, memoised on the finder: linear in the file.
"""

from __future__ import annotations

import ast
from typing import List, Optional

from .evidence import CONTEXT, Evidence
from .gather_calls import foreign_path, names_houston, url_direction

# Libraries whose calls register a mocked response for a URL.
_MOCK_LIBRARIES = frozenset({"responses", "requests_mock", "respx", "pytest_httpx", "aioresponses", "httpretty"})
# Their registering calls.
_REGISTERING = frozenset({"add", "replace", "upsert", "add_response", "add_callback", "register_uri", "post", "get", "put", "patch", "route"})
_MAX_MOCKS = 32


def gather(finder) -> List[Evidence]:
    """The file's mocked-URL evidence (at most one item), once per file."""
    if finder is None or getattr(finder, "module", None) is None:
        return []
    memo = finder.__dict__.get("_mocked_urls")
    if memo is None:
        memo = finder.__dict__["_mocked_urls"] = _gather(finder)
    return list(memo)


def _gather(finder) -> List[Evidence]:
    if not _imports_mocking(finder.module):
        return []
    mocked = []
    for call, scope in finder.collector.calls:
        if len(mocked) >= _MAX_MOCKS:
            break
        callee = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", None)
        if callee not in _REGISTERING:
            continue
        url = _mocked_url(call, scope, finder)
        if url is not None:
            mocked.append((url, call.lineno))
    if not mocked:
        return []
    for url, _line in mocked:
        if names_houston(url) or not (url_direction(url) is False or foreign_path(url) is not None):
            return []
    url, line = mocked[0]
    return [Evidence("mocked-url", False, CONTEXT, f"the file mocks only other APIs' endpoints: {url[:80]} (line {line})")]


def _mocked_url(call: ast.Call, scope, finder) -> Optional[str]:
    """The whole URL a registering call names (``url=`` or its first string argument), else None."""
    candidates = [k.value for k in call.keywords if k.arg == "url"] + list(call.args[:2])
    for node in candidates:
        if isinstance(node, ast.Name):
            values = [v for v in finder._resolve(node, scope)[:2] if v is not node]
            node = values[0] if len(values) == 1 else node
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith(("http://", "https://")):
            return node.value[:300]
    return None


def _imports_mocking(module: ast.Module) -> bool:
    for statement in module.body:
        if isinstance(statement, ast.Import):
            if any(alias.name.split(".")[0] in _MOCK_LIBRARIES for alias in statement.names):
                return True
        elif isinstance(statement, ast.ImportFrom) and statement.module and statement.module.split(".")[0] in _MOCK_LIBRARIES:
            return True
    return False
