"""Evidence from the calls that send a document: their endpoint, or a schema in this process.

* **url** (decisive): the URL a call posts to, or the URL its client or helper
  was built with (followed through the module by the finder).  ``houston`` in
  its host (a label ``houston``, never its path) or outside any URL is
  Houston; a known other GraphQL API, or a ``/graphql`` path (Houston
  serves ``/v1``), or a known other API's host (``api.monday.com``, any
  path), is not.  A host we cannot place decides nothing: Houston
  often sits behind a company's own name.
* **url** also (decisive, against): a bare path such as ``"/graphql/"``, which
  only a test client of the project's own server posts to.
* **test-client** (decisive, against): a test client of the project's own
  server posts it (Django's ``self.client.post(reverse(...))``, FastAPI's
  ``TestClient(app).post("/api/v1")``, Flask's ``app.test_client()``).
* **helper** (strong, for): the module's own helper that sends it is named
  for Houston (``houston(url, token, QUERY)``, ``call_houston(...)``); (strong,
  against) named for another API as a document name would be (``astro(q, v)``,
  ``call_github(...)``; see gather_names).
* **executed-locally** (strong, against): ``schema.execute_sync(...)``, or a
  client built with a local ``schema=`` (or a schema as its first argument:
  graphene's test ``Client(schema)``) and no transport: the document runs
  against the project's own schema, in process, and never reaches Houston.
"""

from __future__ import annotations

import ast
import re
from typing import Iterable, List, Optional

from . import call_url, gather_names, instance_url
from .evidence import DECISIVE, STRONG, Evidence

HOUSTON_URL = re.compile(r"houston", re.IGNORECASE)
# Astro (cloud) API, GitHub, and the /graphql path of most other servers (Houston serves /v1).
OTHER_API_URL = re.compile(r"api\.astronomer\.io|api\.github\.com|/graphql\b", re.IGNORECASE)
_HOST = re.compile(r"https?://([^/\s'\"{}?#]+)", re.IGNORECASE)
_SCHEMA_WORD = re.compile(r"schema", re.IGNORECASE)


# Hosts of public GraphQL APIs that are not Houston (red team 6, F1: monday.com's /v2 is not
# Houston's /v1).  A host is matched as itself or any sub-domain of it; each is a registered
# name of exactly two labels.
OTHER_API_HOSTS = frozenset({
    "monday.com", "linear.app", "gitlab.com", "github.com", "shopify.com", "myshopify.com", "hasura.app",
    "railway.app", "contentful.com", "graphcms.com", "hygraph.com", "datocms.com", "fauna.com", "yelp.com",
    "atlassian.net", "atlassian.com", "spacex.land", "trevorblades.com", "netlify.com", "vercel.com",
    "stepzen.net", "saleor.cloud", "zora.co", "thegraph.com", "cloudflare.com", "buildkite.com",
    "sourcegraph.com", "braintreegateway.com", "producthunt.com", "opencollective.com", "circleci.com",
})


def other_api_host(hint: str) -> Optional[str]:
    """The host of the first URL in ``hint`` when it is a known other API's (``api.monday.com``)."""
    match = _HOST.search(hint)
    if match is None:
        return None
    host = match.group(1).rsplit("@", 1)[-1].split(":", 1)[0].lower().rstrip(".")
    # Every known host is a registered name of two labels: only the last two are compared,
    # so a host of any length costs one split (linear).
    if ".".join(host.rsplit(".", 2)[-2:]) in OTHER_API_HOSTS:
        return host
    return None


# A URL in a hint: its host (up to the first "/", "?", "#", quote or space), then the rest.
# The rest must start with a character the host cannot hold: no two repeats share a character.
_URL_SPLIT = re.compile(r"https?://([^/\s'\"?#]*)(?:[/?#][^\s'\"]*)?", re.IGNORECASE)


# Characters that end a URL's host or path where _URL_SPLIT reads one: inside a template's field they are the
# field's code (``{os.environ['CORP_DOMAIN']}``), not the URL's.
_URL_ENDS = frozenset("/?#'\" \t\r\n")
_JUDGED_MEMO: dict = {}


def judged(hint: str) -> str:
    """``hint`` as the URL rules read it: a ``+`` chain opening with a literal written as its f-string
    (``_joined_as_fstring``), and each ``{...}`` field inside a URL (after ``://``) with the characters that
    would end the URL there (quotes, ``/``, ``?``, ``#``, blanks) written ``_``, so the field is one opaque part
    of the host or path and the path after it is read.

    Red team 27, report 12, f4: ``f"https://houston.{os.environ['CORP_DOMAIN']}/graphql"`` was read up to the
    field's first quote, host ``houston.{os.environ[`` with no path: decisive for Houston, while
    ``f"https://houston.{DOMAIN}/graphql"`` was undecided (the /graphql path against).  One rule for every
    field.  The same length for the same text (offsets kept); one pass, memoised for a few thousand hints."""
    if "://" not in hint or len(hint) > 2000:
        return hint
    known = _JUDGED_MEMO.get(hint)
    if known is not None:
        return known
    text = _joined_as_fstring(hint) or hint
    out = []
    in_url = False
    depth = 0
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if not in_url:
            if text.startswith("://", index):
                in_url = True
                out.append("://")
                index += 3
                continue
        elif char == "{":
            depth += 1
        elif char == "}" and depth:
            depth -= 1
        elif depth and char in _URL_ENDS:
            char = "_"
        elif not depth and char in "'\" \t\r\n":
            in_url = False
        out.append(char)
        index += 1
    result = "".join(out)
    if len(_JUDGED_MEMO) > 4096:
        _JUDGED_MEMO.clear()
    _JUDGED_MEMO[hint] = result
    return result


def names_houston(hint: str) -> bool:
    """``houston`` as a host label (``houston.BASEDOMAIN``, ``houston:8871``) or outside any URL.

    A URL's path or query is someone else's words (red team 7, F4:
    ``https://weather.example.com/v1/cities/houston``): only its host counts, and
    there only a label ``houston`` (``houston_host``: never ``houston-dc1``), or
    a placeholder naming it (``https://{HOUSTON_HOST}/v1``).  Text outside URLs
    (``HOUSTON_URL``, ``os.environ["HOUSTON_URL"]``) counts as before.  One pass.
    """
    hint = judged(hint)
    outside = []
    position = 0
    for match in _URL_SPLIT.finditer(hint):
        outside.append(hint[position : match.start()])
        position = match.end()
        host = match.group(1).rsplit("@", 1)[-1].lower()
        if any(c in host for c in "{}%$<"):
            if "houston" in host:  # a placeholder or a template: the host's name is in it
                return True
            host = re.split(r"[{}%$<]", host, maxsplit=1)[0]
        if houston_host(host) and not _graphql_path(match) and not _path_never_houstons(hint, match):
            return True
    outside.append(hint[position:])
    return HOUSTON_URL.search("".join(outside)) is not None


def houston_host(host: str) -> bool:
    """Is ``host`` (``name[:port]``, lower case) Houston's: a first label exactly ``houston`` (``houston.BASEDOMAIN``,
    ``houston:8871``), or an Astronomer release's in-cluster service (``astronomer-houston``, ``houston-api``:
    a hyphenated first label holding the word, as a single label, in a ``.svc`` name or on Houston's port 8871)?

    Red team 22, report 12, f6: a first label that merely holds the word, ``houston-dc1.inventory.acme.net`` (a
    company's Houston datacenter) or ``houston-tx.weather.example.org`` (a weather service for Houston, TX), was
    Houston's host, decisive; Astronomer serves Houston at ``houston.BASEDOMAIN`` only.  Constant work per label.
    Red team 23, report 12, f5: only the FIRST label: ``inventory.houston.acme-corp.net`` (a company's Houston
    datacenter as a sub-domain) is another host.
    """
    name, _, port = host.partition(":")
    labels = name.rstrip(".").split(".")
    if labels[0] == "houston":
        return True
    return "houston" in labels[0].split("-") and (len(labels) == 1 or "svc" in labels[1:4] or port == "8871")


_GRAPHQL_PATH = re.compile(r"/graphql\b", re.IGNORECASE)


def _graphql_path(match) -> bool:
    """The URL ``_URL_SPLIT`` matched has a ``/graphql`` path (Houston serves ``/v1``)."""
    return _GRAPHQL_PATH.search(match.group(0), match.end(1) - match.start()) is not None


def houston_serves(path: str) -> bool:
    """May Houston serve ``path`` (a URL's path, without its query or fragment)?

    Asked for a ``houston`` host's URL written whole.  Houston serves GraphQL at exactly ``/v1`` and
    subscriptions at ``/ws`` (each with or without a trailing slash).  Red team 23, report 12, f1:
    ``https://houston.acme-corp.io/api/query`` (a company's own service code-named houston), ``/gql``,
    ``/api``: Houston never answers GraphQL there.  Red team 24, report 12, f15: one rule for every path, so a
    path that merely holds or ends in ``v1`` (``/api/v1``, ``/internal/v1``) is another service's too, and no path
    (``https://houston.acme-corp.net``) is the root ``/``, and both are a Houston host with no endpoint: a base the
    script may extend (``f"{BASE}/v1"``, ``urljoin(BASE, "v1")``, a client's ``base_url``), so served here; where a
    send is seen posting to it as written, ``gather`` says the missing endpoint against (``no_endpoint``).
    Repeated slashes are one (``f"{BASE}/v1"`` of a base ending in "/": the ingress in front of Houston merges
    them).  Linear in the path.
    """
    return "/".join(segment for segment in path.lower().split("/") if segment) in ("", "v1", "ws")


def _path_never_houstons(hint: str, match) -> bool:
    """The URL ``_URL_SPLIT`` matched is written whole (a quoted literal, nothing joined to it) at a path Houston
    never serves (``houston_serves``).  A path built from placeholders, or a URL another string is joined to
    (``"https://houston.x/" + path``), places nothing."""
    path = hint[match.end(1) : match.end()]
    path = re.split(r"[?#]", path, maxsplit=1)[0]
    if any(c in path for c in "{}%$<\\") or not _written_whole(hint, match):
        return False
    return not houston_serves(path)


def _written_whole(hint: str, match) -> bool:
    """Is the URL ``_URL_SPLIT`` matched the whole hint: a quoted literal with nothing joined to it?"""
    if match.start() != _first_non_quote(hint):
        return False
    closing = hint[match.end() : match.end() + 1]
    if closing in ("'", '"') and _filled_after(hint[match.end() + 1 :]):
        return True  # "https://houston.%s/api/query" % D, "...{}/api/query".format(D): the fields fill the host
    return not closing or (closing in ("'", '"') and hint[match.end() :].strip(closing) == "")


def _filled_after(rest: str) -> bool:
    """Is ``rest`` (what follows a URL literal's closing quote) a ``%`` or ``.format(...)`` filling the literal's
    own fields, nothing joined after it (red team 27, report 12, f4)?  A caller reads the path only when it holds
    no field of its own."""
    rest = rest.lstrip()
    if rest.startswith(".format(") and rest.rstrip().endswith(")"):
        return "+" not in rest  # ``.format(D) + path``: joined after
    return rest.startswith("%") and "+" not in rest


_PATH_ONLY = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")


def joined_base_path(hint: str, path: str) -> str:
    """``hint`` (a client's ``base_url`` as written) with the relative ``path`` its send posts to joined on, where the
    base is a Houston host (``houston.X``): ``httpx.Client(base_url=f"https://houston.{os.environ['D']}")
    .post("/graphql")`` posts to ``f"https://houston.{os.environ['D']}/graphql"``, judged as that URL written whole.

    Red team 27, report 12, f4: the path was dropped and the base alone, a Houston host, decided for Houston, so a
    company's own "houston" service at ``/graphql`` or ``/api/query`` was validated and rewritten.  A string literal or
    f-string is joined inside its quotes, a ``+`` chain gets one more literal; any other form, a path holding other
    characters than a path's, or a base on another host is left as it was (constant work)."""
    path = path[:200]
    if not path.strip("/") or any(c not in _PATH_ONLY for c in path) or "://" not in hint:
        return hint
    match = _URL_SPLIT.search(judged(hint))
    if match is None or not houston_host(re.split(r"[{}%$<]", match.group(1).rsplit("@", 1)[-1].lower(), maxsplit=1)[0]):
        return hint
    tail = "/" + path.lstrip("/")
    start = _first_non_quote(hint)
    quote = hint[start - 1 : start] if start else ""
    if quote and hint.endswith(quote) and len(hint) > start and _written_whole(judged(hint), match):
        return hint[:-1].rstrip("/") + tail + quote
    if quote and _joined_as_fstring(hint) is not None:
        return f'{hint} + "{tail}"'
    return hint


def no_endpoint(hint: str) -> bool:
    """``"https://houston.acme-corp.net"`` / ``"https://houston.acme-corp.net/"``: a Houston host written whole with no
    path (red team 24, report 12, f15): no endpoint Houston answers GraphQL at, if a send posts to it as written."""
    hint = judged(hint)
    match = _URL_SPLIT.search(hint)
    if match is None or not _written_whole(hint, match):
        return False
    host = match.group(1).rsplit("@", 1)[-1].lower()
    path = re.split(r"[?#]", hint[match.end(1) : match.end()], maxsplit=1)[0]
    return houston_host(host) and not any(c in host for c in "{}%$<") and path.rstrip("/") == ""


def posted_whole(call: ast.AST, scope, finder) -> bool:
    """Does ``call`` post to its own URL argument as it is (``requests.post(HOUSTON, ...)``, ``urlopen(URL, data)``),
    not to a base a path is joined onto (``urljoin(BASE, "v1")``, an f-string, ``httpx.Client(base_url=BASE)
    .post("/v1")``, a client built with it)?  Red team 24, report 12, f15: only then is a Houston host with no
    path no endpoint; a base keeps counting for Houston."""
    if finder is None or not isinstance(call, ast.Call):
        return False
    node = call_url.url_node(call, scope, finder)
    own = [argument for argument in call.args] + [keyword.value for keyword in call.keywords]
    if node is None or not any(node is argument for argument in own):
        return False
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and "://" not in node.value:
        return False  # a path the client joins onto its base_url (``self.http.post("/v1")``): not the URL as written
    return isinstance(node, (ast.Name, ast.Attribute, ast.Subscript, ast.Constant))


def no_endpoint_evidence(hint: str, where: str) -> List[Evidence]:
    """The host for Houston and the missing endpoint against it, at the same weight: undecided, both shown."""
    shown = describe_url(hint)
    return [
        Evidence("url", True, DECISIVE, f"url {shown}: a host named houston ({where})"),
        Evidence("url", False, DECISIVE, f"url {shown}: no endpoint path, Houston serves /v1 ({where})"),
    ]


def houston_host_graphql_path(hint: str) -> Optional[str]:
    """``https://houston.platform.acme-corp.net/graphql``: a ``houston`` host label at a ``/graphql`` path, or
    (red team 23, report 12, f1) written whole at another path Houston never serves (``/api/query``).

    Red team 17, report 12, F6.  The host label is decisive for Houston and the
    path decisive against it (README's table): both are weighed, so the
    URL places nothing by itself (``url_direction`` None, ``foreign_path`` None, the
    label not counted by ``names_houston``) and its sending call says both (``url_evidence``).
    ``houston`` is a common code name for a company's own platform service.  One pass.
    """
    hint = judged(hint)
    for match in _URL_SPLIT.finditer(hint):
        host = match.group(1).rsplit("@", 1)[-1].lower()
        if houston_host(re.split(r"[{}%$<]", host, maxsplit=1)[0]) and (_graphql_path(match) or _path_never_houstons(hint, match)):
            return match.group(0)
    return None


def _setting_said(items: List[Evidence], hint: str, site, finder) -> List[Evidence]:
    """``url "HOUSTON_URL"`` was untrue (red team 17, report 12, F20): a hint that is a quoted name is the
    name of the setting the URL is read from (``os.environ.get("HOUSTON_URL", ...)``), so the evidence
    says ``environment variable HOUSTON_URL`` (or ``setting HOUSTON_URL`` when it is not seen read from
    the environment).  At most four values of the URL of each of eight calls (the helper's) are looked at."""
    word = hint[1:-1] if len(hint) > 2 and hint[0] == hint[-1] and hint[0] in "'\"" else ""
    if not items or not word.isidentifier():
        return items
    kind = "setting"
    sends = [(site.call, site.scope)] if finder is not None and isinstance(site.call, ast.Call) else []
    if sends and site.kind == "helper" and isinstance(site.call.func, ast.Name):  # houston(q): the helper's own send
        definitions = finder.callee_definitions(site.call, site.scope)[:1] if hasattr(finder, "callee_definitions") else []
        sends = [s for d in definitions for s in finder.collector.calls_in_def.get(id(d), [])[:8] if s[0].args or s[0].keywords]
    values: list = []
    for call, scope in sends[:8]:
        node = call_url.url_node(call, scope, finder)
        bound = [(node, scope)] + [(v, s) for v, s in (instance_url.values(node, scope, finder) or ())[:4] if s is not None]
        for value, value_scope in bound if node is not None else ():
            values.extend([value] + list(finder._resolve(value, value_scope))[:4])
    for value in values[:40]:
        if isinstance(value, ast.Call) and call_url.callee(value) in ("get", "getenv") and value.args:
            first = value.args[0]
        elif isinstance(value, ast.Subscript) and _is_environ_read(value.value):
            first = value.slice
        else:
            continue
        if isinstance(first, ast.Constant) and first.value == word:
            kind = _setting_kind(value)
            break
    said = f"url {describe_url(hint)}"
    return [Evidence(i.kind, i.houston, i.weight, i.text.replace(said, f"{kind} {word}", 1)) for i in items]


def _setting_kind(read: ast.AST) -> str:
    """What ``read`` takes a setting's name from, said as the file reads it (red team 23, report 12, f3: every
    ``X.get(NAME)`` was "environment variable NAME"): ``os.environ[...]``, ``os.environ.get``, ``os.getenv`` an
    environment variable; Airflow's ``Variable.get("houston_url")`` an Airflow Variable; configparser's
    ``config.get("houston", "url")`` a config section and its option; any other ``.get`` a setting."""
    if isinstance(read, ast.Subscript) or call_url.callee(read) == "getenv":
        return "environment variable"
    owner = read.func.value if isinstance(read.func, ast.Attribute) else None
    if owner is None or _is_environ_read(owner):
        return "environment variable"
    if (isinstance(owner, ast.Name) and owner.id == "Variable") or (isinstance(owner, ast.Attribute) and owner.attr == "Variable"):
        return "Airflow Variable"
    option = read.args[1] if len(read.args) > 1 else next((k.value for k in read.keywords if k.arg == "option"), None)
    if isinstance(option, ast.Constant) and isinstance(option.value, str) and option.value.isidentifier():
        return f"option {option.value} of config section"
    return "setting"


def _is_environ_read(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ"


def url_evidence(hint: str, where: str) -> List[Evidence]:
    """The evidence of a URL a call posts to (``where``: ``call at line N``), or none if it places nothing."""
    both = houston_host_graphql_path(hint)
    if both is not None:
        shown = describe_url(hint)
        path = "a /graphql path" if _GRAPHQL_PATH.search(both) else "a path Houston never serves"
        return [
            Evidence("url", True, DECISIVE, f"url {shown}: a host named houston ({where})"),
            Evidence("url", False, DECISIVE, f"url {shown}: {path}, Houston serves /v1 ({where})"),
        ]
    direction = url_direction(hint)
    if direction is not None:
        return [Evidence("url", direction, DECISIVE, f"url {describe_url(hint)} ({where})")]
    foreign = foreign_path(hint)
    if foreign is not None:  # red team 8, F6: outweighs any vocabulary, not a document's HOUSTON_* name
        why = "a host that is not Houston's" if foreign.lower().endswith("/v1") else "neither Houston's host nor its /v1 path"
        return [Evidence("url", False, STRONG, f"endpoint {foreign}: {why} ({where})")]
    return []


def url_direction(hint: str) -> Optional[bool]:
    """True for a Houston URL, False for another API's, None when it cannot be placed."""
    if houston_host_graphql_path(hint) is not None:
        return None  # both ways (red team 17, report 12, F6): said by url_evidence
    if names_houston(hint):
        return True
    if OTHER_API_URL.search(hint) or other_api_host(hint) is not None:
        return False
    return None


def foreign_path(hint: str) -> Optional[str]:
    """``inventory.internal.example.com/api``: a whole URL whose host is not Houston's and whose path is not Houston's.

    Red team 8, F6.  Houston serves its API at ``/v1`` (``https://houston.BASEDOMAIN/v1``,
    or ``/v1`` behind a company's own gateway); a URL written out in full, with a
    host that names no Houston and a path that does not end in ``/v1``, goes to
    another API.  A host or path built from placeholders (``f"https://{host}/api"``)
    or a URL with no path at all places nothing.  One pass of ``_URL_SPLIT``.
    """
    if names_houston(hint) or houston_host_graphql_path(hint) is not None:
        return None
    hint = judged(hint)
    match = _URL_SPLIT.search(hint)
    if match is None or match.start() != _first_non_quote(hint):
        return None  # not a URL written out from its start ("%s/api" % base): nothing placed
    host = match.group(1)
    rest = hint[match.end(1) : match.end()]
    path = re.split(r"[?#]", rest, maxsplit=1)[0].rstrip("/")
    if not host or not path or any(c in host + path for c in "{}%$<"):
        return None
    host = host.rsplit("@", 1)[-1]  # never a user's credentials
    # Red team 9, F3: /v1 says Houston only where the host cannot be seen to be another's:
    # a company's gateway path (/astro/v1), a local or single-label host (localhost:8871/v1).
    if path.lower().endswith("/v1") and (not visible_host(host) or _GATEWAY_V1.search(path)):
        return None
    return host + path


# A gateway in front of Houston keeps its /v1 path under a prefix naming it: /astro/v1, /houston/v1.
_GATEWAY_V1 = re.compile(r"/(?:astro|astronomer|houston)[\w.-]*/v1$", re.IGNORECASE)
_IP_HOST = re.compile(r"[\d.]+|\[[0-9a-fA-F:.]*\]")


def visible_host(host: str) -> bool:
    """A registered-looking domain name (``api.acme-internal.com``): not an address, localhost or a
    single-label service name, and not on Houston's own port 8871 (a local Houston in development)."""
    name, _, port = host.lower().partition(":")
    if port == "8871" or _IP_HOST.fullmatch(name) or name in ("localhost", "") or name.endswith(".localhost"):
        return False
    labels = name.rstrip(".").split(".")
    return len(labels) >= 2 and labels[-1].isalpha()


def _first_non_quote(hint: str) -> int:
    """Offset of a hint's first character after its quotes and string prefix (``f"``, ``'``)."""
    head = re.match(r"[rRbBfFuU]{0,2}['\"]{1,3}", hint)
    return head.end() if head else 0


_FSTRING_HEAD = re.compile(r"[rRbBuU]?[fF][rR]?('''|\"\"\"|'|\")")


def describe_url(hint: str) -> str:
    """The host of a URL hint (``houston.example.com``), or the hint itself, shortened.

    Never a credential the URL holds: its user information (``svc:pa55@``) and its query
    (``?token=...``) are left out, since reports travel further than the script (red team 21,
    report 11a, f5: they were copied into the JSON and HTML evidence and ``--explain``)."""
    joined = _joined_as_fstring(hint)
    if joined is not None:
        hint = joined  # 'https://houston.' + os.environ['BASEDOMAIN'] + '/v1': quoted as its f-string form (RT23 12 f20)
    match = _HOST.search(hint)
    template = _FSTRING_HEAD.match(hint)
    # a module's URL rendered with its fields as code, no quotes around it (``https://houston.{os.environ.get('D',
    # 'x')}/v1``, sources.url_values): a template too (red team 23, report 12, f15)
    rendered = template is None and match is not None and match.start() == 0
    if match is not None and (template is not None or rendered) and "{" in hint[match.start() :]:
        # f"https://houston.{os.environ['BASEDOMAIN']}/v1": the whole template, fields and all, never cut
        # inside a field at its first quote or bracket (report 12, F21).  Bounded: at most 80 characters.
        quote = template.group(1) if template is not None else "\0"
        body = hint[match.start(1) : len(hint) - len(quote) if hint.endswith(quote) else len(hint)]
        body = " ".join(body.split())
        authority = body.split("/", 1)[0]
        if "@" in authority:
            body = body[authority.rindex("@") + 1 :]
        return body if len(body) <= 80 else body[:77] + "..."
    if match is not None:
        path = re.split(r"['\"\s?#;]", hint[match.end() :], maxsplit=1)[0]  # ;jsessionid=: RT22 11a f7
        host = match.group(1).rsplit("@", 1)[-1]
        return host + (path if len(path) <= 30 else path[:27] + "...")
    text = " ".join(hint.split())
    return text if len(text) <= 60 else text[:57] + "..."


def _joined_as_fstring(hint: str) -> Optional[str]:
    """``'https://houston.' + os.environ['BASEDOMAIN'] + '/v1'`` as ``f"https://houston.{os.environ['BASEDOMAIN']}/v1"``,
    each operand that is no literal written as the file writes it.

    Red team 23, report 12, f20: the evidence quoted the first literal's host, ``houston.``, where the f-string
    form of the same URL is quoted whole.  Only a ``+`` chain opening with a string literal (at most 500
    characters, parsed once); a literal is written in, any other operand as a field.  None otherwise."""
    if "+" not in hint or len(hint) > 500 or not _first_non_quote(hint):
        return None
    try:
        tree = ast.parse(hint, mode="eval").body
    except (SyntaxError, ValueError):
        return None
    operands = []
    while isinstance(tree, ast.BinOp) and isinstance(tree.op, ast.Add):
        operands.append(tree.right)
        tree = tree.left
    operands.append(tree)
    operands.reverse()
    if len(operands) < 2 or not (isinstance(operands[0], ast.Constant) and isinstance(operands[0].value, str)):
        return None
    parts = []
    for operand in operands:
        if isinstance(operand, ast.Constant) and isinstance(operand.value, str):
            if '"' in operand.value:
                return None
            parts.append(operand.value.replace("{", "{{").replace("}", "}}"))
        else:
            # the operand as the file writes it (red team 24, report 12, f13: ast.unparse turned the file's
            # os.environ["BASEDOMAIN"] into os.environ['BASEDOMAIN'], text the file does not hold)
            parts.append("{" + (ast.get_source_segment(hint, operand) or ast.unparse(operand)) + "}")
    text = "".join(parts)
    return None if "\n" in text else 'f"' + text + '"'


def gather(sites: Iterable, finder) -> List[Evidence]:
    found: List[Evidence] = []
    for site in sites:
        line = getattr(site.call, "lineno", 0)
        # request("POST", "https://..."), client.execute(gql(DOC)): a URL the site's hint missed (red team 9, F1/F2)
        hint = site.target_hint if site.target_hint is not None else call_url.literal_url(site, finder)
        if hint is not None:
            hint = filled_fstring(hint, finder)  # f"https://{MONDAY_HOST}/v2": the host the constant names
            if site.kind != "helper" and no_endpoint(hint) and posted_whole(site.call, site.scope, finder):
                found.extend(no_endpoint_evidence(hint, f"call at line {line}"))  # red team 24, report 12, f15
            else:
                found.extend(_setting_said(url_evidence(hint, f"call at line {line}"), hint, site, finder))
        own_path = _server_path(site.call)
        if own_path is not None and hint is not None and _host_visible(hint):
            own_path = None  # a client built with another host's base URL: that URL says it (RT18 report 12, F16)
        if own_path is not None and site.target_hint is None:
            found.append(Evidence("url", False, DECISIVE, f"url {own_path}: a path of this project's own server (call at line {line})"))
        if own_path is None:
            local_client = _test_client(site, finder)
            if local_client is not None:
                found.append(Evidence("test-client", False, DECISIVE, f"{local_client} (call at line {line})"))
        helper = call_url.callee(site.call) if site.kind == "helper" else None
        if helper is not None and "houston" in helper.lower():
            found.append(Evidence("helper", True, STRONG, f"sent by helper {helper}() (line {line})"))
        elif helper is not None and gather_names.direction(helper) is False:
            # astro(q, v), call_github(...): the helper is named for another API (red team 7, F3)
            found.append(Evidence("helper", False, STRONG, f"sent by helper {helper}() (another API) (line {line})"))
        if helper is not None:
            # PlatformClient().query(Q): the imported class's method, by the name the run's index knows (RT12 F6)
            key = finder.imported_helper_key(site.call, site.scope) if hasattr(finder, "imported_helper_key") else None
            found.extend(_imported_helper_sends(key or helper, finder, line))
        local = _executed_locally(site, finder)
        if local is not None:
            copy = _houstons_copy(site, finder)  # a contract test's stub of Houston's schema (red team 20, report 12, F13)
            found.append(Evidence("executed-locally", bool(copy), STRONG, f"executed locally: {local} (line {line})"
                                  + (f" against a copy of Houston's schema ({copy})" if copy else "")))
    return _unique(found)


def _host_visible(hint: str) -> bool:
    """Does the URL ``hint`` name a registered-looking host (``catalog.acme-corp.net``), not a test server's?"""
    match = _HOST.search(hint)
    return match is not None and visible_host(match.group(1).rsplit("@", 1)[-1])


# sources.cross_module.SENDS: how a helper's words say where it posts (kept here as text: no import of sources).
_SENDS = " sends "


def _imported_helper_sends(helper: str, finder, line: int) -> List[Evidence]:
    """``from lib.platform_client import run_query``; ``run_query(DOC)``: where ``run_query`` posts (red team 10, F8).

    The run-wide module index (``sources.cross_module``) read the helper's module once and
    noted each sending call's URL there: Houston's endpoint (``requests.post(HOUSTON_URL, ...)``)
    is decisive for Houston, as the same helper in this file would be; another API's URL
    decisive (a known API's host) or strong (a whole URL on a foreign host) against.  The helper's
    line is its own file's, written ``helpers.py:8``: a notebook renumbers only a bare ``line N``
    into its cells (red team 13, F16; pass 12, F11).
    """
    helpers = getattr(getattr(finder, "file", None), "imported_helpers", None) or {}
    entry = helpers.get(helper)
    if not entry:
        return []
    definer, words = entry[0], entry[1]
    found = []
    for key, at in words.items():
        if key.startswith(_SENDS + "houston "):
            what = key[len(_SENDS + "houston "):]
            # an Airflow connection's id is a name, strong as in the file (connection_evidence; RT24 12 f12)
            weight = STRONG if what.startswith("the Airflow connection ") else DECISIVE
            found.append(Evidence("helper", True, weight, f"sent by {helper}() of {definer}, which posts to {what} ({definer}:{at}) (call at line {line})"))
        elif key.startswith(_SENDS + "other "):
            what = key[len(_SENDS + "other "):]
            found.append(Evidence("helper", False, STRONG, f"sent by {helper}() of {definer}, which posts to {what}, not Houston's ({definer}:{at}) (call at line {line})"))
    return found


_FIELD = re.compile(r"\{([A-Za-z_]\w*)\}")


def filled_fstring(hint: str, finder) -> str:
    """An f-string hint with each ``{NAME}`` bound once in the module to a string written in for it (red team 9, F13).

    ``f"https://{MONDAY_HOST}/v2"`` with ``MONDAY_HOST = "api.monday.com"`` is
    ``https://api.monday.com/v2``; a field bound to anything else stays as written.
    One pass of a linear pattern, one lookup per field.
    """
    if finder is None or not hint[:1] in "fF" or "{" not in hint:
        return hint
    scope = finder.collector.module_scope
    # a field that is a parameter or local where the f-string is written (red team 27, report 12, f2)
    shadowed = getattr(finder, "memo", {}).get("shadowed_fields", {}).get(hint, ())

    def fill(match) -> str:
        if match.group(1) in shadowed:
            return match.group(0)
        values = scope.bindings.get(match.group(1), [])
        if len(values) == 1 and isinstance(values[0], ast.Constant) and isinstance(values[0].value, str) and "{" not in values[0].value:
            return values[0].value
        return match.group(0)

    return _FIELD.sub(fill, hint[:500])


def sent_over_http(sites: Iterable, finder) -> bool:
    """Does some call send the document out of the process (anything but local execution)?"""
    return any(_executed_locally(site, finder) is None for site in sites)


def _houstons_copy(site, finder) -> str:
    """The SDL file (or "an SDL string") of the schema the site executes against when it is a copy of Houston's
    (``sources.executed_schema``: read, not named), else "".  The module's bindings are indexed once per file."""
    call = site.call
    if not isinstance(call, ast.Call) or finder is None or getattr(finder, "module", None) is None:
        return ""
    schema = call.args[0] if isinstance(call.func, ast.Name) and call.args else call.func.value if isinstance(call.func, ast.Attribute) else None
    if schema is None:
        return ""
    from ..sources import executed_schema

    memo = getattr(finder, "memo", None)
    bindings = memo.setdefault("executed_schema.bindings", {}) if isinstance(memo, dict) else {}
    return executed_schema.houstons(schema, finder.module, getattr(getattr(finder, "file", None), "path", None), bindings) or ""


def _executed_locally(site, finder) -> Optional[str]:
    """``schema.execute_sync`` / ``Client(schema=...)`` when the site runs the document in process."""
    call = site.call
    if site.kind == "execute" and isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.args:
        # graphql_sync(schema, {"query": ...}): the schema object is the first argument (red team 9, F13)
        first = ast.unparse(call.args[0])[:200]
        if call.func.id in ("graphql", "graphql_sync") and _SCHEMA_WORD.search(first):
            return f"{call.func.id}({first}, ...)"
        return None
    if site.kind != "execute" or not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
        return None
    receiver = call.func.value
    receiver_text = ast.unparse(receiver) if hasattr(ast, "unparse") else ""
    if _SCHEMA_WORD.search(receiver_text):
        return f"{receiver_text}.{call.func.attr}"
    if finder is None:
        return None
    built = _executor_handed_in(receiver, site, finder)  # engine / gql_client fixture, get_engine() (RT17 F12, F13)
    if built is not None:
        return f"{receiver.id}.{call.func.attr}, {built}"
    for value in finder._resolve(receiver, site.scope):
        if isinstance(value, ast.Call):
            keywords = {k.arg for k in value.keywords}
            if "schema" in keywords and not keywords & {"transport", "url"}:
                return f"{ast.unparse(value.func)}(schema=...) with no transport"
            first = value.args[0] if len(value.args) == 1 else None  # a second positional may be a transport
            if isinstance(first, ast.Name) and _SCHEMA_WORD.search(first.id) and not keywords & {"transport", "url", "endpoint"}:
                # graphene.test's Client(schema).execute(Q) (gql's Client(schema) too): runs it in process (red team 11, F8)
                return f"{ast.unparse(value.func)}({first.id}).{call.func.attr}"
    return None


def _server_path(call) -> Optional[str]:
    """``client.post("/graphql/", ...)``: a test client posting to a path of the project's own server."""
    arguments = list(getattr(call, "args", None) or ()) + [k.value for k in getattr(call, "keywords", None) or () if k.arg in ("url", "path")]
    for argument in arguments[:2]:
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            if argument.value.startswith("/") and "graphql" in argument.value.lower():
                return argument.value
    return None


# Constructors of in-process test clients of a project's own web server (Starlette/FastAPI,
# Django REST framework, Flask's app.test_client()): what they post never leaves the process.
# Red team 10, F7: WebTest's ``TestApp(app)`` and pytest-aiohttp's ``await aiohttp_client(app)`` too.
TEST_CLIENTS = frozenset({"TestClient", "test_client", "APIClient", "TestApp", "aiohttp_client"})
_HTTP_VERBS = frozenset({"post", "get", "put", "patch", "request", "execute", "post_json", "put_json", "patch_json"})


def _test_client(site, finder) -> Optional[str]:
    """``self.client.post(reverse("graphql"), ...)``, ``TestClient(app).post("/api/v1", ...)``: the project's own server.

    Red team 6, F13.  Either the call posts to ``reverse(...)`` (Django's own URL
    table), or its receiver is a test client: Django's ``self.client``, a name
    bound to ``TestClient(...)`` / ``app.test_client()`` / ``APIClient()``, and
    it posts to a relative path (a real client needs a whole URL, or a
    ``base_url`` the finder would have followed as the call's URL).
    """
    def resolve(receiver):
        if finder is None:
            return []
        values = list(finder._resolve(receiver, site.scope))
        # self.http = TestClient(app), self.api = APIClient() in setUp: any name on self (red team 13, F13)
        values.extend(value for value, _scope in instance_url.values(receiver, site.scope, finder) or ())
        if isinstance(receiver, ast.Name):  # ``with app.test_client() as c``: the finder binds no with-targets
            for value in call_url.with_targets(finder, site.scope).get(receiver.id, ()):
                values.append(value)
                values.extend(finder._resolve(value, site.scope))
        return values

    in_process = _in_process_transport(site.call, resolve)
    if in_process is not None:
        return in_process
    own_server = _own_test_server(site)
    if own_server is not None:
        return own_server
    if site.target_hint is not None:
        return None
    found = test_client_call(site.call, resolve)
    if found is None and finder is not None:
        found = _fixture_client(site, finder)
    return found


# pytest-django's ``live_server`` and pytest-flask's ``live_server`` fixtures: a server of the project started for the test.
LIVE_SERVER_FIXTURES = frozenset({"live_server"})


def _own_test_server(site) -> Optional[str]:
    """A test's request to the server the test itself started (red team 12, F4).

    pytest-django / pytest-flask: ``requests.post(live_server.url + "/graphql/", ...)`` with
    ``live_server`` a parameter of the enclosing function.  (tornado's ``self.fetch`` and
    django.test's ``Client()`` need the file's imports: ``gather_module``.)  Judged from the
    call's own arguments: constant work per call.
    """
    call = site.call
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
        return None
    first = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg in ("url", "path")), None)
    function = getattr(site.scope, "node", None)
    if call.func.attr not in _HTTP_VERBS or not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    parameters = {a.arg for a in function.args.args + function.args.kwonlyargs}
    base = first
    while isinstance(base, ast.BinOp) and isinstance(base.op, ast.Add):
        base = base.left
    if isinstance(base, ast.JoinedStr) and base.values and isinstance(base.values[0], ast.FormattedValue):
        base = base.values[0].value
    if (
        isinstance(base, ast.Attribute) and base.attr == "url" and isinstance(base.value, ast.Name)
        and base.value.id in LIVE_SERVER_FIXTURES and base.value.id in parameters
    ):
        return f"the test's own live server: {base.value.id}.url"
    return None


# httpx's transports that call an ASGI/WSGI app in this process (``httpx.AsyncClient(transport=
# httpx.ASGITransport(app=app))``): whatever base_url the client has, nothing leaves the process.
IN_PROCESS_TRANSPORTS = frozenset({"ASGITransport", "WSGITransport"})


def _in_process_transport(call, resolve) -> Optional[str]:
    """The words for a request made through a client whose transport is an app in this process (red team 8, F5)."""
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute) or call.func.attr not in _HTTP_VERBS:
        return None
    for client in [call.func.value, *resolve(call.func.value)]:
        if not isinstance(client, ast.Call):
            continue
        for keyword in client.keywords:
            if keyword.arg == "transport":
                for transport in [keyword.value, *resolve(keyword.value)]:
                    if isinstance(transport, ast.Call) and call_url.callee(transport) in IN_PROCESS_TRANSPORTS:
                        return f"in-process client: {call_url.callee(client)}(transport={call_url.callee(transport)}(...)).{call.func.attr}"
            elif keyword.arg == "app" and call_url.callee(client) in ("AsyncClient", "Client"):
                return f"in-process client: {call_url.callee(client)}(app=...).{call.func.attr}"  # httpx before 0.28
    return None


# Fixtures pytest plugins give tests (pytest-django, pytest-flask, DRF): a test client of the project's server.
TEST_CLIENT_FIXTURES = frozenset({"client", "test_client", "api_client", "async_client", "admin_client"})


def _fixture_client(site, finder) -> Optional[str]:
    """``def test_x(client): client.post("/v1", ...)`` with ``client`` a fixture returning a test client (red team 8, F5).

    The receiver is a parameter of the test function.  When this module defines a
    fixture of that name, its body must build a test client (``app.test_client()``,
    ``TestClient(app)``, an in-process transport); when it does not (the fixture is a
    plugin's or a ``conftest.py``'s), the parameter must be one of the names pytest's
    web plugins give their test clients, and the request goes to a relative path,
    which no client of a remote API can send without a base URL.
    """
    call = site.call
    if isinstance(call, ast.Call) and isinstance(call.func, ast.Name):
        return _fixture_closure(call, site, finder)
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute) or call.func.attr not in _HTTP_VERBS:
        return None
    receiver = call.func.value
    function = getattr(site.scope, "node", None)
    if not isinstance(receiver, ast.Name) or not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    parameters = {a.arg for a in function.args.args + function.args.kwonlyargs}
    if receiver.id not in parameters:
        return None
    fixture = finder.collector.function_defs.get(receiver.id)
    if fixture is not None and _is_fixture(fixture):
        built = _fixture_builds_test_client(finder, fixture)
        return f"test client from fixture {receiver.id}(): {built}.{call.func.attr}" if built else None
    # Red team 12, F4: a conftest.py fixture of any name that builds a test client (not only ``client``).
    conftest = (getattr(getattr(finder, "file", None), "conftest_clients", None) or {}).get(receiver.id)
    from ..sources.cross_module import IN_PROCESS

    if conftest and fixture is None and not conftest[1].startswith(IN_PROCESS):  # an executor: _executed_locally
        return f"test client from fixture {receiver.id}() of {conftest[0]}: {conftest[1]}.{call.func.attr}"
    first = call.args[0] if call.args else None
    relative = isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value.startswith("/") and not first.value.startswith("//")
    if relative and receiver.id in TEST_CLIENT_FIXTURES and function.name.startswith("test"):
        return f"test client fixture {receiver.id} of a test: {receiver.id}.{call.func.attr}({first.value!r})"
    return None


def _fixture_closure(call, site, finder) -> Optional[str]:
    """``def test_q(gql): gql(Q)`` with the fixture ``gql`` returning a closure around a test client (red team 10, F7).

    The called name is a parameter of the test function, and this module defines a
    pytest fixture of that name (``def gql(...)`` or ``@pytest.fixture(name="gql")``)
    whose body builds a test client (``TestClient(app)``, ``app.test_client()``, an
    in-process transport): what the closure posts never leaves the process.
    """
    function = getattr(site.scope, "node", None)
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    name = call.func.id
    if name not in {a.arg for a in function.args.args + function.args.kwonlyargs}:
        return None
    fixture = _fixtures_by_name(finder).get(name)
    if fixture is None:  # a conftest.py fixture above this file (sources.cross_module, once per run)
        conftest = (getattr(getattr(finder, "file", None), "conftest_clients", None) or {}).get(name)
        return f"test client from fixture {name}() of {conftest[0]}: {conftest[1]}, called as {name}(...)" if conftest else None
    built = _fixture_builds_test_client(finder, fixture)
    return f"test client from fixture {name}(): {built}, called as {name}(...)" if built else None


def _fixtures_by_name(finder) -> dict:
    """Fixture name -> its definition in this module (``@pytest.fixture(name="gql")`` counts), once per file."""
    memo = finder.__dict__.get("_destination_fixtures")
    if memo is None:
        memo = {}
        for name, definition in finder.collector.function_defs.items():
            if not _is_fixture(definition):
                continue
            memo.setdefault(name, definition)
            for decorator in definition.decorator_list:
                if isinstance(decorator, ast.Call):
                    for keyword in decorator.keywords:
                        if keyword.arg == "name" and isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
                            memo[keyword.value.value] = definition
        finder.__dict__["_destination_fixtures"] = memo
    return memo


def _is_fixture(definition) -> bool:
    for decorator in getattr(definition, "decorator_list", ()):
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if (isinstance(target, ast.Attribute) and target.attr == "fixture") or (isinstance(target, ast.Name) and target.id == "fixture"):
            return True
    return False


def _fixture_builds_test_client(finder, fixture) -> Optional[str]:
    """What test client a fixture builds (``app.test_client()``), walked once per fixture and file."""
    memo = finder.__dict__.setdefault("_destination_fixture_clients", {})
    if id(fixture) not in memo:
        built = None
        for node in ast.walk(fixture):
            if isinstance(node, ast.Call):
                if call_url.callee(node) in TEST_CLIENTS:
                    built = f"{call_url.callee(node)}(...)"
                    break
                if call_url.callee(node) in IN_PROCESS_TRANSPORTS:
                    built = f"{call_url.callee(node)}(...)"
                    break
        memo[id(fixture)] = built
    return memo[id(fixture)]


def test_client_call(call, resolve=lambda receiver: []) -> Optional[str]:
    """The words for ``call`` when it is a test client's request to this project's server (else None)."""
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
        return None
    if call.func.attr not in _HTTP_VERBS:
        return None
    first = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg in ("path", "url")), None)
    if isinstance(first, ast.Call) and call_url.callee(first) in ("reverse", "reverse_lazy", "url_for"):
        return f"posted to {call_url.callee(first)}(...): a URL of this project's own server"
    relative = isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value.startswith("/") and not first.value.startswith("//")
    if not relative:
        return None
    receiver = call.func.value
    # Judged by the receiver's shape, never by printing it (a chain of N calls stays linear).
    if isinstance(receiver, ast.Attribute) and isinstance(receiver.value, ast.Name) and receiver.value.id in ("self", "cls") and receiver.attr in ("client", "async_client"):
        return f"test client of this project's server: {receiver.value.id}.{receiver.attr}.{call.func.attr}({first.value!r})"
    if isinstance(receiver, ast.Call) and call_url.callee(receiver) in TEST_CLIENTS:
        return f"test client of this project's server: {call_url.callee(receiver)}(...).{call.func.attr}({first.value!r})"
    for value in resolve(receiver):
        if isinstance(value, ast.Await):  # client = await aiohttp_client(app) (pytest-aiohttp)
            value = value.value
        if isinstance(value, ast.Call) and call_url.callee(value) in TEST_CLIENTS:
            return f"test client of this project's server: {call_url.callee(value)}(...).{call.func.attr}({first.value!r})"
    return None


def _executor_handed_in(receiver, site, finder) -> Optional[str]:
    """An in-process executor the receiver of ``X.execute(DOC)`` holds (red team 17, report 12, F12, F13).

    A parameter of the enclosing function naming a pytest fixture that builds one (the module's
    own fixture, or a ``conftest.py``'s above it: ``async def test_d4(engine): await engine.execute(D4)``),
    or a name bound to what a function builds (``engine = await get_engine()``, a function of the
    module or imported from a module of the run, or ``await create_engine(sdl)`` itself): tartiflette's
    engine, graphene's test ``Client(schema)`` (``sources.in_process_executors``).  Each function is
    read once per file (memo); the conftest's and imported helpers' from the run index.
    """
    from ..sources.cross_module import BUILDS_EXECUTOR, IN_PROCESS
    from ..sources.in_process_executors import builds_executor

    if not isinstance(receiver, ast.Name):
        return None
    text = getattr(getattr(finder, "file", None), "text", "") or ""
    memo = finder.__dict__.setdefault("_destination_executors", {})

    def built_by(definition) -> Optional[str]:
        if id(definition) not in memo:
            memo[id(definition)] = builds_executor(definition, text)
        return memo[id(definition)]

    function = getattr(site.scope, "node", None)
    if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) and receiver.id in {a.arg for a in function.args.args + function.args.kwonlyargs}:
        fixture = _fixtures_by_name(finder).get(receiver.id)
        if fixture is not None:
            built = built_by(fixture)
            return f"{built} from fixture {receiver.id}()" if built else None
        conftest = (getattr(getattr(finder, "file", None), "conftest_clients", None) or {}).get(receiver.id)
        if conftest and conftest[1].startswith(IN_PROCESS):
            return f"{conftest[1][len(IN_PROCESS):]} from fixture {receiver.id}() of {conftest[0]}"
        return None
    helpers = getattr(getattr(finder, "file", None), "imported_helpers", None) or {}
    for value in finder._resolve(receiver, site.scope)[:4]:
        if isinstance(value, ast.Await):
            value = value.value
        if not isinstance(value, ast.Call):
            continue
        name = call_url.callee(value)
        if name in ("create_engine", "Engine") and "tartiflette" in text:
            return f"tartiflette {name}(...)"
        definition = finder.collector.function_defs.get(name) if isinstance(value.func, ast.Name) else None
        if definition is not None:
            built = built_by(definition)
            if built:
                return f"{built} from {name}()"
            continue
        entry = helpers.get(name)
        if entry:
            said = next((key[len(BUILDS_EXECUTOR):] for key in entry[1] if key.startswith(BUILDS_EXECUTOR)), None)
            if said:
                return f"{said} from {name}() of {entry[0]}"
    return None


def _unique(found: List[Evidence]) -> List[Evidence]:
    seen, unique = set(), []
    for item in found:
        if item.text not in seen:
            seen.add(item.text)
            unique.append(item)
    return unique
