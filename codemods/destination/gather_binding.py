"""Evidence from the URL binding of the call that sends a document (red team 8, F2, E3).

A script that talks to Houston and to something else keeps a helper per
destination: ``def houston(q): requests.post(HOUSTON, ...)`` beside
``def status(q): requests.post(SLACK_LIKE, ...)`` with ``SLACK_LIKE =
os.environ["STATUS_API"]``.  The file names Houston, but the second helper's
documents never go there: the call's own URL binding says so, and it speaks
before anything the file as a whole says (context).

For each call that sends the document (the helper's own HTTP call, for a
document passed to a helper) the URL expression and the names it is bound to
are read, shallowly (the expression, each name's bound values, one level into
``os.environ[...]``/``getenv(...)`` keys and f-string parts):

* it names Houston (``HOUSTON_URL``, ``https://houston.example.com/v1``):
  decisive, for, as the URL itself is (unless the call's URL already decided):
  it outranks an ``ASTRO_*`` name the document was given (red team 9, F7);
* it names another API (``ASTRO_API_URL``; see gather_names): strong, against;
* it is a concrete binding that names no Houston (an environment variable, a
  URL string, a value known only at run time: ``sys.argv``, ``input()``,
  argparse's ``args.x``, a loaded config: red team 11, F1) whose path is not Houston's ``/v1`` (or whose host is seen and is
  not Houston's, whatever the path: red team 9, F3), the call's other arguments
  (headers, token) name no Houston either, and another sending call of the
  same file names Houston: strong, against -- the file itself tells its
  destinations apart;
* otherwise it is shown as a note (``posted to URL = os.environ['API_URL']``),
  so ``--explain`` always says where the call posts.

Cost: every call's words are read once per file (memoised on the finder),
each from its direct arguments and their bound values only, so nested calls
are never re-read: linear in the file.
"""

from __future__ import annotations

import ast
import re
import urllib.parse
from typing import List, Optional, Tuple

from ..sources import url_values
from . import call_url, container_urls, gather_names, instance_tokens, instance_url, url_wrappers
from .evidence import DECISIVE, NOTE, STRONG, WEAK, Evidence
from .gather_calls import describe_url, filled_fstring, foreign_path, houston_host_graphql_path, names_houston, url_direction
from . import houston_path  # a Houston host at a path it never serves, the URL built over a name (RT27 12 f4)

_SENDING_VERBS = frozenset({"post", "request", "put", "patch", "get", "urlopen", "Request", "execute", "execute_async"})
_PAYLOAD = ("json", "data", "content")
_BODY_BUILDERS = frozenset({"dumps", "dict"})  # calls that build a body, not send it
# Calls whose value is only known when the program runs: the command line, the terminal, a config
# file read at start (red team 11, F1).  A URL from one is as concrete as os.environ["X"].
_LOADERS = frozenset({"load", "loads", "safe_load", "full_load", "parse_args", "parse_known_args",
                      # a .env file or an ini read at start (red team 18, report 12, F14)
                      "dotenv_values", "ConfigParser", "RawConfigParser"})
_MAX_WORDS = 24  # a few names say where a call goes; more is a computed URL
_V1_PATH = re.compile(r"/v1/?['\"]?$")
# The kind of the note for a send traced to a concrete URL naming no Houston, no /v1 path (os.environ["CMDB_URL"]):
# a Houston URL merely named in the file is no context for that document (verdict.decide; red team 18, report 12, F1).
ELSEWHERE = "sent-elsewhere"
# Words of a URL's names that name no service: how a setting is read or where it runs (os.environ, args, prod).
_NO_SERVICE = frozenset({
    "environ", "getenv", "argv", "sys", "input", "self", "default", "defaults", "http", "https", "www", "address",
    "addr", "server", "service", "services", "remote", "target", "root", "link", "local", "localhost", "internal",
    "public", "private", "platform", "astronomer", "astro", "software", "primary", "conn", "connection", "endpoint",
    "env", "environment", "var", "variable", "value", "values", "option", "options", "airflow", "http_default",
})


def service_named(url_words: List[str]) -> Optional[str]:
    """The first word of a URL's names (``CMDB_URL``, ``os.environ["INVENTORY_GRAPHQL_URL"]``, a connection id
    ``inventory_api``) naming a service: not Houston's, not a word of its schema nor of how a URL is kept
    (``API_URL``, ``GRAPHQL_ENDPOINT``, ``args.url`` name none), else None.  Red team 18, report 12, F1/F3."""
    for word in url_words[:_MAX_WORDS]:
        if word.isidentifier():
            found = [w for w in gather_names.foreign_words(word) if w not in _NO_SERVICE]
            if found:
                return found[0]
    return None


class CallWords:
    """What one sending call says about where it posts."""

    def __init__(self, url: Optional[str], url_words: List[str], other_words: List[str], concrete: bool) -> None:
        self.url = url  # the URL expression as written, with what its name is bound to
        self.url_words = url_words  # the names and strings of the URL expression
        self.other_words = other_words  # those of its other arguments (headers, auth)
        self.concrete = concrete  # bound to a string or an environment variable, not a parameter
        self.literal = False  # the URL is written in the call itself ("https://...")
        self.picked = False  # the URL is a dict entry the caller's argument picks (ENDPOINTS[name])
        self.split: Optional[str] = None  # bindings of the URL that disagree: the one naming no Houston (``_split``)

    @property
    def names_houston(self) -> bool:
        return any(names_houston(word) for word in self.url_words + self.other_words)

    @property
    def url_names_houston(self) -> bool:
        return any(names_houston(word) for word in self.url_words)

    @property
    def other_api(self) -> bool:
        return any(gather_names.direction(word) is False for word in self.url_words if word.isidentifier())

    @property
    def foreign_host(self) -> bool:
        """A whole URL whose host is seen and is not Houston's: its /v1 path says nothing (red team 9, F3)."""
        return any(foreign_path(word) is not None for word in self.url_words)

    @property
    def houston_path(self) -> bool:
        return any(_V1_PATH.search(word) for word in self.url_words)


def gather(sites, finder, facts) -> List[Evidence]:
    """The evidence of each sending call's URL binding; ``facts`` (FileFacts) knows the file's Houston senders."""
    if finder is None:
        return []
    found: List[Evidence] = []
    for site in sites:
        for call, scope in _sending_calls(site, finder):
            words = call_words(call, scope, finder)
            own = _instance_words(site, call, scope, finder) if site.kind == "helper" and words is not None else None
            instance = instance_url.instance_of(site.call, site.scope, finder) if site.kind == "helper" and own is None else None
            if instance is not None and words is not None:  # catalog.query(q) posting to f"{self.base}/v1": its own base (RT17 F28)
                with instance_url.placed(instance):
                    words = _call_words(call, scope, finder)
                own = words
            if site.kind == "helper" and words is not None:  # gql_post(URL, q): the helper's url parameter (red team 9, F4)
                words = own or _through_parameter(site.call, site.scope, call, scope, finder) or words
            if words is None or words.url is None:
                continue
            line = getattr(site.call, "lineno", 0)
            where = f"posted to {words.url} (call at line {line})"
            imported = imported_value(words.url, finder)  # red team 10, F12: the value the imported setting holds
            if imported is not None:
                found.append(Evidence("url-binding", None, NOTE, f"{words.url} = {describe_url(imported)} (imported, call at line {line})"))
            elif imported_environment(words.url, finder) is not None:  # API_URL = os.environ["HOUSTON_URL"] there (RT22 12 f9)
                read = imported_environment(words.url, finder)
                # the binding as written there, in the send's own item, as a binding here is (``_describe``): the
                # verdict reads the setting's name in it (HOUSTON_DC1_URL names another service: RT23 12 f15)
                written = imported_written(words.url, finder) or f'os.environ["{read}"]'
                where = f"posted to {words.url} = {written} (imported, call at line {line})"
            wrong = houston_path.wrong_path(call, scope, finder) if own is None and instance is None else None
            if wrong is not None and not _hint_both(site, finder):
                # f"{BASE}/graphql" on BASE = f"https://houston.{...}", client.post("/api/query") on a houston base_url:
                # the host for, the path against, at the same weight, as written whole (red team 27, report 12, f4)
                shown = f"url {describe_url(repr(wrong))}"
                what = "a /graphql path" if _GRAPHQL_PATH.search(wrong) else "a path Houston never serves"
                found.append(Evidence("url-binding", True, DECISIVE, f"{where}: {shown}, a host named houston"))
                found.append(Evidence("url-binding", False, DECISIVE, f"{where}: {shown}, {what}, Houston serves /v1"))
                continue
            if words.split:  # HOUSTON_URL or os.environ["INVENTORY_URL"]: rebound, stored again, two with blocks (RT19 F14/F15/F19)
                found.append(Evidence("url-binding", True, DECISIVE, f"{where}: Houston's URL is one of them"))
                found.append(Evidence("url-binding", False, DECISIVE, f"{where}: another of them names no Houston, {words.split}"))
                continue
            split = None if own is not None else _instances_disagree(call, scope, finder)  # hasura.query(q): its own (RT15 F1)
            if split is not None:  # Acme(HOUSTON_URL) and Acme("https://api.acme.com/query"): not ours to guess
                houston_line, other_line = split
                found.append(Evidence("url-binding", True, STRONG, f"{where}: given Houston's URL at line {houston_line}"))
                found.append(Evidence("url-binding", False, STRONG, f"{where}: given a URL naming no Houston at line {other_line}"))
                continue
            # A note only says what the call's URL is bound to: a literal URL says it itself (gather_calls),
            # and a parameter or an imported name is bound to nothing this file shows.
            note = None if words.literal or not words.concrete else Evidence("url-binding", None, NOTE, where)
            path = None if words.url_names_houston else graphql_path(words, site, finder)
            if path is not None:  # f"{BASE}/graphql" on a base known at run time (red team 18, report 12, F7)
                found.append(Evidence("url-binding", False, DECISIVE, f"{where}: a {path} path, Houston serves /v1"))
                continue
            elsewhere = _default_elsewhere(words) if words.url_names_houston else None
            if elsewhere is not None:  # os.environ.get("HOUSTON_URL", "https://mission-control.acme.io/graphql"): the name is said below
                found.append(Evidence("url-binding", False, DECISIVE, f"{where}: its default {describe_url(elsewhere)} is not Houston's endpoint"))
            if words.url_names_houston:
                # a Houston URL the call's hint did not carry (an env var's name), or carried without placing it:
                # f"https://{HOST}/v1" with HOST = os.environ["HOUSTON_HOST"] (red team 18, report 12, F8)
                if site.target_hint is None or not _hint_placed(site.target_hint, finder):
                    # decisive, as the URL itself: it outranks a name the document was given (red team 9, F7)
                    found.append(Evidence("url-binding", True, DECISIVE, where))
                elif note is not None:
                    found.append(note)
            elif words.other_api:
                found.append(Evidence("url-binding", False, STRONG, f"{where}: another API"))
            elif imported is not None and url_direction(imported) is False:
                found.append(Evidence("url-binding", False, DECISIVE, f"{where}: another API"))
            elif words.concrete and not words.names_houston and (not words.houston_path or words.foreign_host):
                houston_line = facts.houston_sender_line(call) if facts is not None else None
                if houston_line is None and own is not None:
                    # cmdb.run(Q) beside houston.run(L), one class's one send: a sibling instance built with
                    # Houston's URL is the file's Houston endpoint (red team 22, report 12, f3)
                    houston_line = (_instances_disagree(call, scope, finder) or (None, None))[0]
                if houston_line is None and own is not None:
                    houston_line = _sibling_houston_line(site, call, scope, finder)  # its headers' token (RT23 12 f21)
                if houston_line is None and own is None:
                    # directory = httpx.Client(...) beside platform = httpx.Client(headers={... HOUSTON_API_TOKEN}),
                    # or requests.Session()s with .headers set: platform's headers go with its sends only (RT24 12 f6)
                    built = instance_tokens.receiver_construction(call, scope, finder)
                    houston_line = instance_tokens.library_sibling_line(built, finder, _argument_names_houston(finder), scope) if built is not None else None
                if houston_line is not None:
                    found.append(Evidence("url-binding", False, STRONG, f"{where}, not to the file's Houston endpoint (call at line {houston_line})"))
                elif imported is not None and foreign_path(imported) is not None:
                    found.append(Evidence("url-binding", False, STRONG, f"{where}: a host that is not Houston's"))
                elif words.picked and words.foreign_host:  # ENDPOINTS["houston"] = "https://catalog...": the value speaks
                    found.append(Evidence("url-binding", False, STRONG, f"{where}: a host that is not Houston's"))
                elif note is not None:  # CMDB_URL: a URL named for another service is not the file's Houston URL (RT18 F1)
                    found.append(Evidence(ELSEWHERE if service_named(words.url_words) else "url-binding", None, NOTE, where))
            elif note is not None:
                found.append(note)
    seen, unique = set(), []
    for item in found:
        if item.text not in seen:
            seen.add(item.text)
            unique.append(item)
    return unique


_GRAPHQL_PATH = re.compile(r"/graphql\b", re.IGNORECASE)


def _default_elsewhere(words: CallWords) -> Optional[str]:
    """The whole URL among a Houston-named send's words that is another API's (a ``/graphql`` path, a host
    that is not Houston's, a known other API), else None.

    Red team 22, report 12, f11: ``HOUSTON_URL = os.environ.get("HOUSTON_URL", "https://mission-control.acme.io/graphql")``
    was judged by the variable's name in its own module, by the default when imported from ``settings.py``.
    The name and the default are both decisive: the document is undecided, never validated on the name.
    One pass over the call's words.
    """
    for word in words.url_words[:_MAX_WORDS]:
        if "://" not in word or names_houston(word):
            continue
        path = _path_of(word)
        if url_direction(word) is False or (path is not None and _GRAPHQL_PATH.search(path)):
            return word
        if foreign_path(word) is not None and _domain_name(word):  # localhost:8871, an IP address: places nothing
            return word
    return None


def _domain_name(url: str) -> bool:
    """Is the URL's host a domain name (``mission-control.acme.io``), not ``localhost``, an IP address or one label?"""
    try:
        host = urllib.parse.urlsplit(url[:200]).hostname or ""
    except ValueError:
        return False
    return "." in host and host != "localhost" and not host.replace(".", "").isdigit() and not host.endswith(".localhost")


def graphql_path(words: CallWords, site, finder) -> Optional[str]:
    """The ``/graphql`` path fragment of a URL built over a base known only at run time, else None.

    Red team 18, report 12, F7/F10: ``f"{BASE}/graphql"``, ``BASE + "/v1/graphql"`` (Hasura),
    ``URL = f"{API}/api/graphql/"`` posted by a helper, ``httpx.Client(base_url=env).post("/graphql")``,
    gql's ``RequestsHTTPTransport(url=f"{API}/graphql")``: the host is unknown, the path is not, and
    Houston serves ``/v1``: decisive against, as the same path on a written URL is (``gather_calls``).
    Not for a URL that is one string (``gather_calls`` and the own-server rule say it), nor where the
    site's own hint already carries the path, nor where another word of the URL is Houston's ``/v1``
    (a name bound to either).  One pass over the call's words (at most ``_MAX_WORDS``).
    """
    if len(words.url_words) < 2 or words.houston_path:
        return None
    path = next((p for p in map(_path_of, words.url_words) if p is not None and _GRAPHQL_PATH.search(p)), None)
    if path is None:
        return None
    said = site.target_hint if site.target_hint is not None else call_url.literal_url(site, finder)
    if said is not None and _GRAPHQL_PATH.search(said):
        return None  # the written URL said it (gather_calls)
    return "/" + path.strip("/")[:60]


_PLACEHOLDER_HEAD = re.compile(r"%s|\{\w*\}")


def _path_of(word: str) -> Optional[str]:
    """The path a URL fragment holds (``"/graphql"``; ``"%s/graphql"`` or ``"{}/api/graphql"`` after the
    base's placeholder), its query and fragment cut; None for a whole URL or a word that is no path."""
    if "://" in word:
        return None
    head = _PLACEHOLDER_HEAD.match(word)
    if head is not None:
        word = word[head.end() :]
    return re.split(r"[?#]", word, maxsplit=1)[0] if word.startswith("/") else None


def _hint_placed(hint: str, finder) -> bool:
    """Did the URL written at the call (its hint) already say where it goes (``gather_calls`` weighed it)?
    A Houston host at a path Houston never serves is said both ways there (red team 27, report 12, f4)."""
    hint = filled_fstring(hint, finder)
    return url_direction(hint) is not None or foreign_path(hint) is not None or houston_host_graphql_path(hint) is not None


def _hint_both(site, finder) -> bool:
    """Did ``gather_calls`` already say the site's URL both ways (a Houston host at a path it never serves)?"""
    hint = site.target_hint if site.target_hint is not None else call_url.literal_url(site, finder)
    return hint is not None and houston_host_graphql_path(filled_fstring(hint, finder)) is not None


# Keywords naming an Airflow connection (its host and credentials are kept in Airflow, not in the code).
_CONNECTION_KEYWORDS = frozenset({"http_conn_id", "conn_id", "connection_id"})


def connection_evidence(sites, finder) -> List[Evidence]:
    """An Airflow connection id the send uses, read as a name (pass 12, F10): strong, like a helper's name.

    ``SimpleHttpOperator(http_conn_id="houston", data=json.dumps({"query": Q}))`` and
    ``HttpHook(http_conn_id="houston_api").run("v1", data=...)``: the connection's URL is in
    Airflow, not in the file, so the id a person gave it is all the file says of where it posts:
    ``houston`` for Houston, ``github`` against, as ``gather_names`` reads names.
    """
    if finder is None:
        return []
    found: List[Evidence] = []
    for site in sites:
        for call, scope in _sending_calls(site, finder)[:2] + _hook_runs(site, finder):
            made = [(call, scope)]
            receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
            if isinstance(receiver, ast.Call):  # HttpHook(...).run(...)
                made.append((receiver, scope))
            elif isinstance(receiver, ast.Name) and receiver.id == "self":  # self.run(...) of a hook subclass (RT24 12 f12)
                made.extend(_hook_super_init(scope, finder))
            elif isinstance(receiver, ast.Name):  # hook = HttpHook(...); hook.run(...)
                made.extend((v, scope) for v in finder._resolve(receiver, scope)[:4] if isinstance(v, ast.Call))
            endpoint = _airflow_graphql_endpoint(call, [built for built, _s in made], scope, finder)
            if endpoint is not None:  # SimpleHttpOperator(endpoint="graphql"), hook.run("graphql") (RT18 report 12, F5/F6)
                found.append(Evidence("url", False, DECISIVE, f"Airflow endpoint {endpoint!r}: a /graphql path, Houston serves /v1 (call at line {getattr(site.call, 'lineno', 0)})"))
            for built, built_scope in made:
                for keyword in built.keywords:
                    # http_conn_id=conn_id: the parameter's argument, or its default where the call passes none (RT24 12 f12)
                    value = _connection_id(keyword.value, built_scope, site, finder) if keyword.arg in _CONNECTION_KEYWORDS else None
                    if value is not None:
                        pointing = gather_names.direction(value.value[:100])
                        if pointing is not None:
                            other = "" if pointing else " (another API)"
                            # Red team 15, F4: the id this call uses is about this send, as a helper named for
                            # an API is: strong, above a Houston endpoint named elsewhere in the file (context);
                            # an id whose other words are not Houston's API (houston_weather) stays weak.
                            # read as a setting's name is (RT23 12 f12): the vendor's and product's own words,
                            # astronomer_houston, houston_software, keep it strong; houston_dc1 is weak (f2)
                            weight = WEAK if pointing and gather_names.setting_foreign_words(value.value[:100]) else STRONG
                            found.append(Evidence("connection", pointing, weight, f"Airflow connection {keyword.arg}={value.value[:100]!r}{other} (call at line {getattr(site.call, 'lineno', 0)})"))
    seen, unique = set(), []
    for item in found:
        if item.text not in seen:
            seen.add(item.text)
            unique.append(item)
    return unique


def _hook_runs(site, finder) -> List[Tuple[ast.Call, object]]:
    """The ``.run(endpoint, data=...)`` calls of an Airflow hook inside the helper a document is handed to
    (``def run_query(q, conn_id="houston"): HttpHook(http_conn_id=conn_id).run("v1", data=...)``, a hook subclass's
    ``def query(self, q): self.run("v1", data=...)``): the send, which ``_sending_calls`` (HTTP verbs) does not take.
    Red team 24, report 12, f12.  The finder's (class, name) index: at most two, as ``_sending_calls``."""
    if site.kind != "helper":
        return []
    found = []
    for call, scope in finder.calls_of_callee(site.call, site.scope):
        if (isinstance(call.func, ast.Attribute) and call.func.attr == "run"
                and (any(k.arg in _PAYLOAD for k in call.keywords) or len(call.args) >= 2)):
            found.append((call, scope))
            if len(found) == 2:
                break
    return found


def _hook_super_init(scope, finder) -> List[Tuple[ast.Call, object]]:
    """``super().__init__(method="POST", http_conn_id=houston_conn_id)`` of the class whose method calls
    ``self.run(...)``, read in its ``__init__``'s scope: the connection the hook subclass uses (RT24 12 f12)."""
    owner = scope
    while owner is not None and getattr(owner, "kind", None) != "class":
        owner = getattr(owner, "parent", None)
    node = getattr(owner, "node", None)
    if not isinstance(node, ast.ClassDef):
        return []
    klass = instance_url._index(finder)["classes"].get(id(node))
    for member in instance_url.module_mro(klass) if klass is not None else []:
        if member.init is not None:
            if member.super_call is None or member.super_call[1] is not None:
                return []  # Base.__init__(self, ...): read only super()'s (the hook's own keywords)
            init_scope = getattr(finder.collector, "def_scopes", {}).get(id(member.init))
            return [(member.super_call[0], init_scope)] if init_scope is not None else []
    return []


def _connection_id(value: ast.AST, scope, site, finder) -> Optional[ast.Constant]:
    """The string an Airflow connection keyword holds: written there, a name bound once to one, or a parameter of
    the function (or hook ``__init__``) it is in, read as the site's call (or construction) gives it, else its
    default (``def run_query(q, conn_id="houston")``, ``houston_conn_id: str = default_conn_name`` with the class's
    ``default_conn_name = "houston_default"``).  Red team 24, report 12, f12.  At most three links."""
    for _ in range(3):
        if isinstance(value, ast.Constant):
            return value if isinstance(value.value, str) else None
        if not isinstance(value, ast.Name) or scope is None:
            return None
        definition = getattr(scope, "node", None)
        if isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef)) and value.id in {
                a.arg for a in definition.args.posonlyargs + definition.args.args + definition.args.kwonlyargs}:
            value, scope = _parameter_given(value.id, definition, scope, site, finder)
            continue
        values = [v for v in finder._resolve(value, scope)[:2] if v is not value]
        if len(values) != 1:
            return None
        value = values[0]
    return None


def _parameter_given(name: str, definition, scope, site, finder) -> Tuple[Optional[ast.AST], object]:
    """(what ``site``'s call gives ``definition``'s parameter ``name``, the scope to read it in): the helper's own
    call, or for a hook's ``__init__`` the one construction the site's receiver is; else the parameter's default
    (read where the def stands: a class attribute for a method).  (None, None): a splat, or nothing known."""
    call, call_scope, method = None, None, False
    if site.kind == "helper" and isinstance(site.call, ast.Call):
        if isinstance(site.call.func, ast.Name) and finder.collector.function_defs.get(site.call.func.id) is definition:
            call, call_scope = site.call, site.scope
        elif definition.name == "__init__":
            instance = instance_url.instance_of(site.call, site.scope, finder)
            if instance is not None and definition is instance[0].init:
                call, call_scope, method = instance[1], instance[2], True
    if call is not None:
        if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            return None, None
        given = next((k.value for k in call.keywords if k.arg == name), None)
        positional = [a.arg for a in definition.args.posonlyargs + definition.args.args][1 if method else 0:]
        if given is None and name in positional and positional.index(name) < len(call.args):
            given = call.args[positional.index(name)]
        if given is not None:
            return given, call_scope
    return _default_for(name, ast.Call(func=definition, args=[], keywords=[]), definition), scope.parent


# Airflow's HTTP senders: the operator takes ``endpoint=``, the hook's ``run`` takes it first.
_AIRFLOW_HTTP = frozenset({"SimpleHttpOperator", "HttpOperator", "HttpSensor", "HttpHook"})


def _airflow_graphql_endpoint(call: ast.Call, made: List[ast.Call], scope, finder) -> Optional[str]:
    """The endpoint of an Airflow HTTP send when it is a ``/graphql`` path (``"graphql"``, ``"/api/graphql/"``).

    Red team 18, report 12, F5/F6: ``SimpleHttpOperator(http_conn_id="cmdb_api", endpoint="graphql", data=...)``
    and ``HttpHook(http_conn_id=...).run("graphql", data=...)``: Airflow joins the endpoint onto the
    connection's host with one slash, so ``"graphql"`` is the ``/graphql`` path, which Houston does not
    serve (``/v1``).  Read only on a send made by an Airflow operator or hook, or one given a connection id;
    the endpoint written at the call or bound once to a string.  A few bounded look-ups.
    """
    airflow = any(call_url.callee(built) in _AIRFLOW_HTTP or any(k.arg in _CONNECTION_KEYWORDS for k in built.keywords) for built in made)
    if not airflow:
        return None
    node = next((k.value for k in call.keywords if k.arg == "endpoint"), None)
    if node is None and call_url.callee(call) == "run" and call.args:
        node = call.args[0]
    if isinstance(node, ast.Name):
        values = [v for v in finder._resolve(node, scope)[:2] if v is not node]
        node = values[0] if len(values) == 1 else None
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or "://" in node.value:
        return None
    path = "/" + node.value[:200].lstrip("/")
    return node.value[:60] if _GRAPHQL_PATH.search(path.split("?", 1)[0]) else None


def houston_senders(finder) -> List[Tuple[ast.Call, int]]:
    """Every sending call of the module whose URL or other arguments name Houston, with its line."""
    found = []
    cities = gather_names.city_names(finder)  # HOUSTON_API_URL beside DALLAS_API_URL: the city (red team 20, report 12, F12)
    for call, scope in finder.collector.calls:
        if _is_sending(call):
            words = call_words(call, scope, finder)
            if words is not None and words.url is not None and words.names_houston and not (
                cities and all(any(c in w for c in cities) for w in words.url_words + words.other_words if names_houston(w))
            ) and houston_path.wrong_path(call, scope, finder) is None:  # houston.{D}/graphql: no Houston endpoint (RT27 12 f4)
                found.append((call, call.lineno))
        elif isinstance(call.func, ast.Name) and call.func.id in finder.collector.function_defs:
            # gql_post(HOUSTON_URL, q): a helper given Houston's URL for its url parameter
            for inner, inner_scope in finder.collector.calls_in_function.get(call.func.id, [])[:8]:
                if _is_sending(inner):
                    words = _through_parameter(call, scope, inner, inner_scope, finder)
                    if words is not None and words.url_names_houston:
                        found.append((call, call.lineno))
                        break
    return found


def _through_parameter(outer: ast.Call, outer_scope, inner: ast.Call, inner_scope, finder) -> Optional[CallWords]:
    """The words of the argument ``outer`` (a call of a module helper) gives the parameter ``inner`` posts to.

    ``def gql_post(url, q): requests.post(url, ...)`` called as ``gql_post(CATALOG_URL, Q)``:
    the helper's URL is its caller's ``CATALOG_URL``.  None when ``inner``'s URL is no parameter.
    """
    name = outer.func.id if isinstance(outer.func, ast.Name) else None
    definition = finder.collector.function_defs.get(name or "")
    node = call_url.url_node(inner, inner_scope, finder)
    if not isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    if isinstance(node, ast.Name):
        # url = cfg[section]["url"] in the helper, then requests.post(url, ...): the entry, as written at the send
        node = _local_value(node, definition, finder) or node
    if isinstance(node, ast.Subscript) or _dict_get(node):  # ENDPOINTS[name], target["url"], ENDPOINTS.get(name) (red team 13, F12)
        return _picked_entry(node, outer, outer_scope, definition, inner, inner_scope, finder)
    if not isinstance(node, ast.Name):
        return None
    argument = _argument_for(node.id, outer, definition)
    if argument is None:
        # def catalog(q, url=os.environ.get("CATALOG_URL")) called as catalog(q): the default, read where
        # the def stands (red team 18, report 12, F15); a caller splatting arguments is not read
        argument = _default_for(node.id, outer, definition)
        def_scope = getattr(finder.collector, "def_scopes", {}).get(id(definition))
        outer_scope = getattr(def_scope, "parent", None)
        if argument is None or outer_scope is None:
            return None
    inner_words = call_words(inner, inner_scope, finder)
    url_words: List[str] = []
    concrete = _words(argument, outer_scope, finder, url_words, 0)
    words = CallWords(_describe(argument, outer_scope, finder), url_words, inner_words.other_words if inner_words else [], concrete)
    words.literal = isinstance(argument, (ast.Constant, ast.JoinedStr))
    return words


def _instance_words(site, call: ast.Call, scope, finder) -> Optional[CallWords]:
    """The words of ``self.url`` for the one instance ``site``'s receiver is (``hasura.query(q)`` with
    ``hasura = HasuraClient(...)``): its own class's and construction's values, never a sibling's (red
    team 15, report 12, F1-F3; ``instance_url.of_instance``).  None when the receiver is not placed."""
    node = call_url.url_node(call, scope, finder)
    bound = instance_url.of_instance(node, scope, finder, site.call, site.scope)
    if not bound:
        return None
    url_words: List[str] = []
    concrete = True
    for value, value_scope in bound:
        if value_scope is None:  # a parameter nobody is seen to fill: unknown
            concrete = False
            continue
        concrete = _words(value, value_scope, finder, url_words, instance_url.built_depth(value_scope)) and concrete
    shown = f"{_source(node, finder)} = {_source(bound[0][0], finder)}" if len(bound) == 1 else _describe(node, scope, finder)
    instance = instance_url.instance_of(site.call, site.scope, finder)
    if instance is not None:  # self.token of this instance, never its Houston sibling's (red team 22, report 12, f3)
        with instance_url.placed(instance):
            inner = _call_words(call, scope, finder)
    else:
        inner = call_words(call, scope, finder)
    words = CallWords(shown, url_words, inner.other_words if inner else [], concrete)
    words.literal = len(bound) == 1 and isinstance(bound[0][0], (ast.Constant, ast.JoinedStr))
    # c = Client(HOUSTON_URL); c.url = os.environ["INVENTORY_URL"]: the instance's values disagree (RT19 F19)
    words.split = _disagree([(v, s, instance_url.built_depth(s)) for v, s in bound if s is not None], finder)
    return words


def _argument_for(parameter: str, outer: ast.Call, definition) -> Optional[ast.AST]:
    """The argument ``outer`` gives ``definition``'s ``parameter`` (by keyword or position), or None."""
    parameters = [a.arg for a in definition.args.posonlyargs + definition.args.args]
    argument = next((k.value for k in outer.keywords if k.arg == parameter), None)
    if argument is None and parameter in parameters:
        index = parameters.index(parameter)
        plain = [a for a in outer.args if not isinstance(a, ast.Starred)]
        if len(plain) == len(outer.args) and index < len(plain):
            argument = plain[index]
    return argument


def _default_for(parameter: str, outer: ast.Call, definition) -> Optional[ast.AST]:
    """The default of ``definition``'s ``parameter`` when ``outer`` passes nothing for it (no splat), else None."""
    if any(isinstance(a, ast.Starred) for a in outer.args) or any(k.arg is None for k in outer.keywords):
        return None
    arguments = definition.args
    positional = arguments.posonlyargs + arguments.args
    pairs = list(zip(positional[len(positional) - len(arguments.defaults):], arguments.defaults))
    pairs += [(a, d) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is not None]
    return next((default for argument, default in pairs if argument.arg == parameter), None)


def _dict_get(node: ast.AST) -> bool:
    """``TABLE.get(key)`` or ``TABLE.get(key, default)``: a lookup by a key, like ``TABLE[key]``; also on a
    section, ``CFG[section].get("url")``."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
            and isinstance(node.func.value, (ast.Name, ast.Subscript)) and 1 <= len(node.args) <= 2 and not node.keywords)


def _option_get(node: ast.Call) -> bool:
    """``cfg.get(section, "url")``: configparser's option of a section, the option a written URL key."""
    option = node.args[1] if len(node.args) == 2 else None
    return isinstance(option, ast.Constant) and isinstance(option.value, str) and option.value.lower() in _URL_KEYS


def _local_value(name: ast.Name, definition, finder) -> Optional[ast.AST]:
    """The entry lookup a helper's own local is bound to, once, by a plain assignment in ``definition``:
    ``sec = cfg[section]`` (then ``sec["url"]``), ``url = cfg[section]["url"]`` or ``cfg[section].get("url")``.

    Red team 27, report 12, f3: ``def post(section, q): sec = cfg[section]; requests.post(sec["url"], ...)``
    called as ``post("houston", Q)`` and ``post("cmdb", Q2)`` was a note, both judged on their words
    (verdicts swapped), while ``cfg[section]["url"]`` written at the send was judged per call.  Only a name of
    the helper itself (not a parameter, a loop or ``with`` target, a global) stored exactly once; its reads of
    the name are indexed once per name (``sources.bindings``).  None otherwise.
    """
    names = getattr(finder, "names", None)
    if names is None or names.home(name.id, name) is not definition:
        return None
    stores = names.uses_of_binding(name.id, "stores", name)
    if len(stores) != 1 or not isinstance(stores[0], ast.Name):
        return None
    assignment = names.parent(stores[0])
    if not (isinstance(assignment, ast.Assign) and len(assignment.targets) == 1 and assignment.targets[0] is stores[0]):
        return None
    value = assignment.value
    return value if isinstance(value, ast.Subscript) or _dict_get(value) else None


def _picked_entry(node: ast.Subscript, outer, outer_scope, definition, inner, inner_scope, finder) -> Optional[CallWords]:
    """The words of the dict entry a helper posts to, for the entry ``outer``'s arguments pick.

    ``ENDPOINTS[name]`` with ``ENDPOINTS = {"houston": ..., "catalog": ...}`` called as
    ``post_graphql("catalog", q)``: the catalog URL, not the word "catalog" (a key is never a
    URL); ``target["url"]`` called with ``{"url": CATALOG}``: CATALOG.  None when the key or
    the dict is not a literal seen here.
    """
    if isinstance(node, ast.Subscript):
        key, table, table_scope = node.slice, node.value, inner_scope
    else:  # ENDPOINTS.get(name[, default])
        key, table, table_scope = node.args[0], node.func.value, inner_scope
    if isinstance(key, ast.Constant) and isinstance(key.value, str) and isinstance(table, ast.Name):
        # sec = cfg[section] in the helper, then sec["url"] / sec.get("url"): cfg[section]["url"] (RT27 12 f3)
        local = _local_value(table, definition, finder)
        table = local if isinstance(local, ast.Subscript) else table
    if isinstance(node, ast.Call) and isinstance(key, ast.Name) and isinstance(table, ast.Name) and _option_get(node):
        option = node.args[1].value
        if not any(isinstance(held, ast.Dict) for held in finder._resolve(table, table_scope)[:4]):
            # configparser's cfg.get(section, "url") in the helper: section and option, as cfg.get("houston", "url")
            # written at the send is read (red team 27, report 12, f3)
            section = ast.copy_location(ast.Subscript(value=table, slice=key, ctx=ast.Load()), node)
            return _picked_section(node, option, section, outer, definition, inner, inner_scope, finder)
    if isinstance(key, ast.Name) and isinstance(table, ast.Name):  # ENDPOINTS[name]: the key is the caller's
        argument = _argument_for(key.id, outer, definition) or _default_for(key.id, outer, definition)
        if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
            return None
        key_text = argument.value
    elif (isinstance(key, ast.Constant) and isinstance(key.value, str) and isinstance(table, ast.Subscript)
            and isinstance(table.slice, ast.Name) and isinstance(table.value, ast.Name)):
        return _picked_section(node, key.value, table, outer, definition, inner, inner_scope, finder)
    elif isinstance(key, ast.Constant) and isinstance(key.value, str) and isinstance(table, ast.Name):
        argument = _argument_for(table.id, outer, definition)  # target["url"]: the dict is the caller's
        if argument is None:
            return None
        key_text, table, table_scope = key.value, argument, outer_scope
    else:
        return None
    entries = [held for held in finder._resolve(table, table_scope)[:4] if isinstance(held, ast.Dict)]
    picked = [entry for held in entries for entry in [finder._dict_entry(held, key_text)] if entry is not None]
    if len(picked) != 1:
        return None
    url_words: List[str] = []
    concrete = _words(picked[0], table_scope, finder, url_words, 0)
    inner_words = call_words(inner, inner_scope, finder)
    words = CallWords(_describe(picked[0], table_scope, finder), url_words, inner_words.other_words if inner_words else [], concrete)
    words.literal = isinstance(picked[0], (ast.Constant, ast.JoinedStr))
    words.picked = True
    return words


def _picked_section(node: ast.Subscript, key: str, table: ast.Subscript, outer, definition, inner, inner_scope, finder) -> Optional[CallWords]:
    """The words of ``CFG[section]["url"]`` in a helper, for the section ``outer``'s argument (or the parameter's
    default) picks: the entry of a dict literal, or, in a config read at run time, the entry named by its
    section's key (``houston_url``, as ``cfg["houston"]["url"]`` written at the call is: ``_section_word``).

    Red team 24, report 12, f3: ``def post(section, q): requests.post(CFG[section]["url"], ...)`` called as
    ``post("houston", DEPLOYMENTS)`` with CFG loaded from YAML was a note, the typo unreported, while
    ``CFG["houston"]["url"]`` at the call was decisive.  Judged per call, as ``ENDPOINTS[name]`` is.  Constant work.
    """
    parameter = table.slice.id
    argument = _argument_for(parameter, outer, definition) or _default_for(parameter, outer, definition)
    if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)) or not _SECTION.fullmatch(argument.value[:61]):
        return None
    section = argument.value
    shown = f'{_source(node, finder)} = {table.value.id}["{section}"]["{key[:40]}"]'
    inner_words = call_words(inner, inner_scope, finder)
    other_words = inner_words.other_words if inner_words else []
    tables = [held for held in finder._resolve(table.value, inner_scope)[:4] if isinstance(held, ast.Dict)]
    if tables:  # CFG = {"houston": {"url": ...}, ...} written in the module: the entry's value speaks
        sections = [entry for held in tables for entry in [finder._dict_entry(held, section)] if isinstance(entry, ast.Dict)]
        picked = [entry for held in sections for entry in [finder._dict_entry(held, key)] if entry is not None]
        if len(picked) != 1:
            return None
        url_words: List[str] = []
        concrete = _words(picked[0], inner_scope, finder, url_words, 0)
        words = CallWords(shown, url_words, other_words, concrete)
        words.literal = isinstance(picked[0], (ast.Constant, ast.JoinedStr))
        words.picked = True
        return words
    if key.lower() not in _URL_KEYS or not _run_time(table.value, inner_scope, finder, 0):
        return None
    words = CallWords(shown, [key[:200], f"{section.replace('-', '_')}_{key}"], other_words, True)
    words.picked = True
    return words


def _is_sending(call: ast.Call) -> bool:
    """``requests.post(URL, json=...)``, ``client.execute(...)``: a call that puts a request body on the wire."""
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", None)
    if name in ("execute", "execute_async"):
        return True
    return name in _SENDING_VERBS and any(k.arg in _PAYLOAD + ("query",) for k in call.keywords)


def _sending_calls(site, finder):
    """The call that puts the document on the wire: the site's own, or the helper's HTTP call inside."""
    if site.kind == "gql":  # gql(DOC) wraps the document: client.execute(gql(DOC)) is the send
        return call_url.executing(finder).get(id(site.call), [])
    if site.kind != "helper":
        # data=json.dumps({"query": Q}).encode(), json=dict(query=Q), Request(URL, data=...): the body is
        # built by a call inside the send; the send is the call that carries it (red team 11, F2)
        call = site.call
        for _ in range(3):
            if call_url.callee(call) not in _BODY_BUILDERS:
                break
            outer = call_url.enclosing_call(call, finder) or call_url.carrying_call(call, site.scope, finder)
            if outer is None:
                break
            call = outer
        return [(call, site.scope)]
    # Acme(URL).q(doc): Acme's q only, found by the finder's (class, name) index: linear (issue 10, E4)
    inner = []
    for call, scope in finder.calls_of_callee(site.call, site.scope):
        if _is_sending(call) or call_url.sends_splat(call, scope, finder):  # post(**kwargs) (RT15 F6)
            inner.append((call, scope))
            if len(inner) == 2:  # the first two, as before, without reading the rest of a long list
                break
    return inner


def call_words(call: ast.Call, scope, finder) -> Optional[CallWords]:
    """The words of one call (memoised per call on the finder)."""
    memo = finder.__dict__.setdefault("_destination_call_words", {})
    if id(call) not in memo:
        memo[id(call)] = _call_words(call, scope, finder)
    return memo[id(call)]


def _call_words(call: ast.Call, scope, finder) -> Optional[CallWords]:
    """The words of one call, read afresh (inside ``instance_url.placed``: for that instance)."""
    # requests.request("POST", URL), client.execute(DOC): the URL is not the first argument (call_url)
    url_node = None if call_url.is_wrapper(call) else call_url.url_node(call, scope, finder)
    words = None
    if url_node is not None:
        url_words: List[str] = []
        concrete = _words(url_node, scope, finder, url_words, 0)
        other_words: List[str] = []
        for keyword in call.keywords:
            if keyword.arg not in _PAYLOAD + ("url", "query", "variables", "variable_values"):
                _words(keyword.value, scope, finder, other_words, 0)
        words = CallWords(_describe(url_node, scope, finder), url_words, other_words, concrete)
        words.literal = isinstance(url_node, (ast.Constant, ast.JoinedStr))
        joined = _joined_path(call, url_node)
        if joined is not None:
            url_words.append(joined)
        words.split = _split(url_node, scope, finder)
    return words


def _split(url_node: ast.AST, scope, finder) -> Optional[str]:
    """Red team 19, F14/F15/F19: every binding of the URL that can reach the send, each read on its own: does
    one name Houston while another, concrete (a string, an environment variable), names none?  The URLs a
    client may hold (``call_url._either``: its endpoint stored again, two ``with`` blocks of one name), a
    name bound more than once where the send reads it (``global url; url = os.environ["INVENTORY_URL"]``),
    an instance attribute given several values (``c.url = ...`` after the construction).  Read together,
    the Houston word of one made the whole send Houston's.  At most four bindings, each read as the
    call's URL is (``_words``)."""
    if getattr(url_node, "either", False):
        bindings = [(alternative, scope) for alternative in call_url.alternatives(url_node)[:4]]
    elif isinstance(url_node, ast.Name) and scope is not None:
        bindings = [(value, scope) for value in _fallbacks_whole(finder._resolve(url_node, scope)[:5], finder) if value is not url_node]
    elif isinstance(url_node, ast.Attribute) and instance_url.values(url_node, scope, finder) is not None:
        bindings = [(value, value_scope) for value, value_scope in (instance_url.values(url_node, scope, finder) or ())[:5] if value_scope is not None]
    elif isinstance(url_node, (ast.Subscript, ast.Attribute)):
        # CMDB_URLS[env], CMDB.url, m["url"] in a loop over a module list: each value written there (RT20 f1/f2/f11)
        held = container_urls.values(url_node, scope, finder) or []
        return _disagree([(value, scope, 1) for value in held], finder, most=len(held))
    else:
        return None
    return _disagree([(value, value_scope, 1) for value, value_scope in bindings], finder)


def environment_or_default(node: ast.AST) -> bool:
    """``os.environ.get("HOUSTON_URL") or "http://localhost:8871/v1"``: an environment read (or several) with a
    string fallback, read as ``os.environ.get("HOUSTON_URL", "http://localhost:8871/v1")`` is: one setting.

    Red team 24, report 12, f8: the operands were two bindings of the URL, the fallback naming no Houston, so the
    document was undecided where the ``.get(..., default)`` spelling was Houston's (the variable's name speaks, a
    localhost / port 8871 default places nothing, another API's default is said against: ``_default_elsewhere``)."""
    if not (isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or) and 2 <= len(node.values) <= 4):
        return False
    *reads, fallback = node.values
    return (isinstance(fallback, ast.Constant) and isinstance(fallback.value, str)
            and all(url_values.environment_read(read) is not None for read in reads))


def _fallbacks_whole(values: List[ast.AST], finder) -> List[ast.AST]:
    """The bindings of a name with the operands of an environment read's fallback (``environment_or_default``),
    which the finder follows one by one, put back together as the one setting they are.  Constant work a value."""
    names = getattr(finder, "names", None)
    if names is None:
        return values
    out, seen = [], set()
    for value in values:
        parent = names.parent(value)
        whole = parent if parent is not None and environment_or_default(parent) else value
        if id(whole) not in seen:
            seen.add(id(whole))
            out.append(whole)
    return out


def _disagree(bindings: list, finder, most: int = 4) -> Optional[str]:
    """(value, scope, depth) of 2 to ``most`` bindings of one URL: when one names Houston and another, concrete,
    does not, that other one as written (and its line); else None."""
    if len(bindings) < 2 or len(bindings) > max(most, 4):
        return None
    houston, other = False, None
    for value, value_scope, depth in bindings:
        alone: List[str] = []
        concrete = _words(value, value_scope, finder, alone, depth)
        if any(names_houston(word) for word in alone):
            houston = True
        elif concrete and alone and other is None:
            other = f"{_source(value, finder)} (line {getattr(value, 'lineno', '?')})"
    return other if houston else None


def _joined_graphql(node: ast.AST) -> bool:
    """A path string a URL join puts after the base (``"graphql"``, ``"api/graphql/"``) that is a ``/graphql`` path."""
    return call_url.is_base_path(node) and _GRAPHQL_PATH.search("/" + node.value) is not None


def _joined_path(call: ast.Call, url_node: ast.AST) -> Optional[str]:
    """``client.post("/graphql")`` on ``httpx.Client(base_url=os.environ["X"])``: the ``/graphql`` path joined
    onto the base URL (``call_url`` reads the base as the URL), else None.  Red team 18, report 12, F7 (p32):
    only a GraphQL path is added, so a ``"/v1"`` joined onto a run-time base weighs as before."""
    first = call.args[0] if call.args else None
    if first is None or first is url_node or not (call_url.is_relative(first) or call_url.is_base_path(first)):
        return None
    path = "/" + first.value.lstrip("/")
    return path[:200] if _GRAPHQL_PATH.search(path) else None


def _instances_disagree(call: ast.Call, scope, finder) -> Optional[Tuple[int, int]]:
    """(line of a Houston value, line of a concrete other value) when ``self.url`` is given both."""
    bound = instance_url.values(call_url.url_node(call, scope, finder), scope, finder)
    if not bound or len(bound) < 2:
        return None
    houston_line = other_line = None
    for value, value_scope in bound:
        if value_scope is None:
            continue
        out: List[str] = []
        concrete = _words(value, value_scope, finder, out, 1)
        if any(names_houston(word) for word in out):
            houston_line = houston_line or getattr(value, "lineno", 0)
        elif concrete:
            other_line = other_line or getattr(value, "lineno", 0)
    return (houston_line, other_line) if houston_line and other_line else None


def _sibling_houston_line(site, call: ast.Call, scope, finder) -> Optional[int]:
    """The line of another construction of the class ``site``'s instance belongs to whose own URL or other
    arguments (its headers' token) name Houston, read as that instance holds them; else None.

    Red team 23, report 12, f21: ``platform = GraphQL(PLATFORM_URL, {"authorization": HOUSTON_API_TOKEN})`` beside
    ``directory = GraphQL(DIRECTORY_URL, {"x-api-key": ...})``: ``directory.query(q)`` took the file's Houston
    token as its context, while the same two sends written as two functions were "not to the file's Houston
    endpoint".  Each instance is read with its own construction: at most eight siblings, one send each.
    """
    instance = instance_url.instance_of(site.call, site.scope, finder)
    if instance is None:
        return None
    klass, construction, _scope = instance
    for other, other_scope in klass.built[:8]:
        if other is construction:
            continue
        with instance_url.placed((klass, other, other_scope)):
            words = _call_words(call, scope, finder)
        if words is not None and words.names_houston:
            return getattr(other, "lineno", 0)
    # self.headers = headers or {}, dict(headers), {**headers}, {"authorization": token}, a session's headers: the
    # argument kept on the instance only, however it is kept (red team 24, report 12, f6)
    return instance_tokens.kept_sibling_line(instance, finder, _argument_names_houston(finder))


def _argument_names_houston(finder):
    """``names(node, scope)``: do the words of an argument (``{"authorization": os.environ["HOUSTON_API_TOKEN"]}``)
    name Houston?  Read as a call's other arguments are (``_words``)."""
    def names(node: ast.AST, scope) -> bool:
        out: List[str] = []
        _words(node, scope, finder, out, 0)
        return any(names_houston(word) for word in out)
    return names


def _describe(node: ast.AST, scope, finder) -> str:
    text = _source(node, finder)
    variable = settings_variable(node, scope, finder) if isinstance(node, ast.Attribute) else None
    if variable is not None:  # the variable is shown, and weighed as where the send names it itself (RT23 12 f13)
        return f"{text} = {variable[0].split(' ', 1)[0]} ({variable[1]})"
    bound = instance_url.values(node, scope, finder)
    if bound:
        if len(bound) == 1:
            return f"{text} = {_source(bound[0][0], finder)}"
        return f"{text} (given at lines {', '.join(str(getattr(v, 'lineno', '?')) for v, _s in bound[:4])})"
    if isinstance(node, ast.Name):
        values = finder._resolve(node, scope) or [v for v in (scope.lookup(node.id)[:2] if scope is not None else []) if isinstance(v, ast.Attribute)]
        if len(values) == 1 and values[0] is not node:
            text = f"{node.id} = {_source(values[0], finder)}"
    elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and scope is not None:
        # HOUSTON["url"] with HOUSTON = cfg["houston"]: the section it reads is what speaks (RT22 report 12, f2)
        values = [v for v in finder._resolve(node.value, scope)[:2] if v is not node.value]
        if len(values) == 1 and _section_of(values[0], None, finder) is not None:
            text = f"{text} of {node.value.id} = {_source(values[0], finder)}"
    return text


def _source(node: ast.AST, finder) -> str:
    """The node's code as written, its first 70 characters (a slice, never the whole of a large expression)."""
    if getattr(node, "either", False):  # the URLs a client may hold (call_url._either): each as written
        return _source(node.body, finder) + " or " + _source(node.orelse, finder)
    try:
        start, end = finder.span_of(node)
        text = finder.file.text[start : min(end, start + 120)]
        cut = end > start + 120
    except Exception:  # a node the finder cannot place (made up, not parsed from the file)
        return getattr(node, "id", type(node).__name__)
    text = " ".join(text.split())
    return text if len(text) <= 70 and not cut else text[:67] + "..."


def settings_variable(node: ast.Attribute, scope, finder) -> Optional[Tuple[str, str]]:
    """(environment variable, how it is named) of ``s.api_url`` when ``s`` is an instance of a settings class of
    this module that pydantic-settings fills from the environment (``model_config = SettingsConfigDict(env_prefix=
    "HOUSTON_")``: ``HOUSTON_API_URL``; ``sources.settings_fields.class_environment``), else None.

    Red team 23, report 12, f13: the field's name ``api_url`` said nothing; the variable it is read from speaks,
    as ``os.environ["HOUSTON_API_URL"]`` does.  The module's settings classes are read once per file; the instance
    is a name bound to the class's construction (at most four bindings, all of that class) or the construction itself.
    """
    if not isinstance(node, ast.Attribute) or finder is None:
        return None
    memo = finder.__dict__
    if "_settings_classes" not in memo:
        from ..sources import settings_fields

        memo["_settings_classes"] = settings_fields.environment_classes(getattr(finder, "module", None))
    classes = memo["_settings_classes"]
    if not classes:
        return None
    receiver = node.value
    made = [receiver] if isinstance(receiver, ast.Call) else (
        [v for v in finder._resolve(receiver, scope)[:4] if v is not receiver] if isinstance(receiver, ast.Name) and scope is not None else [])
    owners = {v.func.id for v in made if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id in classes}
    if len(owners) != 1 or len(made) != sum(1 for v in made if isinstance(v, ast.Call) and getattr(v.func, "id", None) in owners):
        return None
    owner = owners.pop()
    if any(k.arg == node.attr for v in made for k in v.keywords):
        return None  # HoustonSettings(api_url=...): the construction gives it
    variable = classes[owner].get(node.attr)
    return (variable, "a pydantic-settings field") if variable is not None else None


def imported_value(local: str, finder) -> Optional[str]:
    """The URL a module of the run binds to a name this file imports (``from config import STAGING_API``,
    ``config.API_URL``, ``as`` aliases, an ``os.environ.get(NAME, "https://...")`` default), else None.

    Red team 10, F12: the imported *name* said nothing about Houston; its value does.  Read from the
    run-wide module index (``sources.cross_module``), built once per run; only a value holding a URL
    (``://``) counts, so a constant that is a document is never taken for an endpoint.
    """
    imports = getattr(getattr(finder, "file", None), "imported_constants", None) or {}
    entry = imports.get(local)
    if not entry or not isinstance(entry[0], str) or "://" not in entry[0][:200]:
        return None
    return entry[0][:200]


def imported_environment(local: str, finder) -> Optional[str]:
    """The environment variable a module of the run reads into a name this file imports (``from lib.settings import
    API_URL`` with ``API_URL = os.environ["HOUSTON_URL"]`` there: ``HOUSTON_URL``), else None.

    Red team 22, report 12, f9: read in the importer, ``os.environ["HOUSTON_URL"]`` speaks by the variable's name;
    imported, the name ``API_URL`` said nothing.  Read from the run-wide index (``sources.cross_module``).
    """
    reads = getattr(getattr(finder, "file", None), "imported_environment", None) or {}
    entry = reads.get(local)
    return entry[0][:100] if entry and isinstance(entry[0], str) else None


def imported_reading(local: str, finder) -> Optional[List[str]]:
    """The words a module of the run reads into a name this file imports when it binds a URL over an environment
    read (``sources.url_values.reading``: ``os.environ["HOUSTON_URL"].rstrip("/")``, ``f"{os.environ['HOUSTON_BASE']}/v1"``,
    ``os.environ.get("HOUSTON_URL", "http://localhost:8871/v1")``), else None.

    Red team 23, report 12, f15/f4: the send reads them as it reads the same expression written here (``_words``).
    """
    reads = getattr(getattr(finder, "file", None), "imported_environment", None) or {}
    entry = reads.get(local)
    if not entry or len(entry) < 4 or not isinstance(entry[3], list):
        return None
    words = [word[:200] for word in entry[3][:_MAX_WORDS] if isinstance(word, str)]
    return words or None


def imported_entry(container: ast.AST, key: str, finder) -> Optional[List[str]]:
    """The words of ``HOUSTON["url"]`` (``settings.HOUSTON["url"]``) where ``HOUSTON`` is a dict a module of the run
    binds and this file imports, its entry a URL there (``cross_module._dict_url_entries``), else None.

    Red team 24, report 12, f10: ``HOUSTON = {"url": os.environ.get("HOUSTON_URL", "https://houston.../v1")}`` in
    ``ops/settings.py``: the entry is read as the same dict written in the script is.  One look-up."""
    imported = getattr(finder.collector, "imported", {})
    if isinstance(container, ast.Name) and container.id in imported:
        local = container.id
    elif isinstance(container, ast.Attribute) and isinstance(container.value, ast.Name) and container.value.id in imported:
        local = f"{container.value.id}.{container.attr}"
    else:
        return None
    return imported_reading(f'{local}["{key[:60]}"]', finder)


def imported_written(local: str, finder) -> Optional[str]:
    """The code a module of the run binds an imported URL setting to (``os.environ["HOUSTON_URL"].rstrip("/")``), else None."""
    reads = getattr(getattr(finder, "file", None), "imported_environment", None) or {}
    entry = reads.get(local)
    return entry[4][:80] if entry and len(entry) > 4 and isinstance(entry[4], str) else None


def _local_once(name: str, scope) -> Optional[ast.AST]:
    """The one value a function binds its own local ``name`` to (no parameter, no other binding), else None."""
    if getattr(scope, "kind", None) != "function" or name in scope.parameters() or name in getattr(scope, "declared", {}):
        return None
    values = scope.bindings.get(name) or []
    value = values[0] if len(values) == 1 else None
    return value if isinstance(value, ast.expr) and not (isinstance(value, ast.Name) and value.id == name) else None


def _words(node: ast.AST, scope, finder, out: List[str], depth: int) -> bool:
    """Add the names and strings of ``node`` (names followed to their values) to ``out``; is it concrete?"""
    if node is None or depth > 2 or len(out) >= _MAX_WORDS:
        return False
    peeled = url_wrappers.leaves(node)
    if peeled is not None:  # os.environ["X"].rstrip("/"), str(URL), urljoin(BASE, "v1"): the URL inside speaks (RT18 class A)
        concrete = True
        for index, part in enumerate(peeled):
            if index and _joined_graphql(part):  # urljoin(BASE, "graphql"): the /graphql path (RT18 report 12, F7)
                out.append("/" + part.value[:200].lstrip("/"))
                continue
            concrete = _words(part, scope, finder, out, depth) and concrete
        return concrete
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        out.append(node.value[:200])
        return True
    if isinstance(node, ast.IfExp):  # A if c else B (a client's endpoint stored again: call_url, RT19 F19): either
        body = _words(node.body, scope, finder, out, depth)
        return _words(node.orelse, scope, finder, out, depth) and body
    if isinstance(node, ast.Name):
        out.append(node.id)
        values = finder._resolve(node, scope) if depth < 2 else []
        local = _local_once(node.id, scope) if depth >= 2 else None
        if local is not None:
            # self.url = f"{base}/v1" with base = os.environ["HOUSTON_BASE"].rstrip("/") in __init__: the local is
            # read as the attribute's own expression would be, at its depth (red team 28, report 12, f5).  Each
            # step adds a word, so a chain of locals ends at _MAX_WORDS.
            return _words(local, scope, finder, out, depth)
        if depth < 2 and not values and scope is not None:
            # URL = settings.CATALOG_URL: the finder follows no attribute of an imported object; the
            # binding as written is read instead (red team 18, report 12, F14)
            values = [v for v in scope.lookup(node.id)[:4] if isinstance(v, ast.Attribute)]
        if node.id in getattr(finder.collector, "imported", {}) and all(v is node for v in values):
            # from settings import CATALOG_API: a named setting, as concrete as an environment variable (red team 9, F4)
            reading = imported_reading(node.id, finder)
            if reading is not None:  # a URL built there over os.environ: read as if written here (RT23 12 f15, f4)
                out[-1:] = reading[: _MAX_WORDS - len(out) + 1]
                return True
            imported = imported_value(node.id, finder) or imported_environment(node.id, finder)
            if imported is not None:  # its value, read in the module of the run that binds it (red team 10, F12)
                out[-1] = imported  # the value speaks, never the name (houston_client = Client(...inventory...): F20)
                return True
            return node.id.isupper()
        concrete = False
        for value in values[:4]:
            if value is not node:
                concrete = _words(value, scope, finder, out, depth + 1) or concrete
        return concrete
    held = container_urls.values(node, scope, finder) if depth < 2 and isinstance(node, (ast.Subscript, ast.Attribute)) else None
    if held and not (isinstance(node, ast.Attribute) and instance_url.values(node, scope, finder) is not None):
        # CMDB_URLS[env], CMDB.url, m["url"] of a loop over a module list: every value written there (RT20 f1/f2/f11)
        concrete = True
        for value in held:
            concrete = _words(value, scope, finder, out, depth + 1) and concrete
        return concrete
    if isinstance(node, ast.Attribute):
        variable = settings_variable(node, scope, finder)
        if variable is not None:  # settings.api_url of a pydantic-settings class with env_prefix="HOUSTON_" (RT23 12 f13)
            out.extend(variable[0].split(" ", 1))  # and its URL default, as os.environ.get(NAME, URL)'s
            return True
        bound = instance_url.values(node, scope, finder) if depth < 2 else None
        if bound is not None:  # self.url: what the class is given (red team 9, F4 p13)
            out.append(node.attr)
            concrete = True
            for value, value_scope in bound:
                if value_scope is None:  # a parameter nobody is seen to fill: unknown
                    concrete = False
                    continue
                concrete = _words(value, value_scope, finder, out, depth + 1) and concrete
            return concrete
        out.append(node.attr)
        # settings.CATALOG_URL of an imported settings module: a named setting (red team 9, F4)
        setting = isinstance(node.value, ast.Name) and node.value.id in getattr(finder.collector, "imported", {})
        reading = imported_reading(f"{node.value.id}.{node.attr}", finder) if setting else None
        if reading is not None:  # import config; config.API_URL = os.environ["HOUSTON_URL"].rstrip("/") there (RT23 12 f15)
            out[-1:] = reading[: _MAX_WORDS - len(out) + 1]
            return True
        imported = (imported_value(f"{node.value.id}.{node.attr}", finder) or imported_environment(f"{node.value.id}.{node.attr}", finder)) if setting else None
        if imported is not None:  # import config; config.API_URL: the value config.py binds (red team 10, F12)
            out[-1] = imported  # the value speaks, never the name (red team 13, F20)
            return True
        return (setting and node.attr.isupper()) or _run_time(node.value, scope, finder, depth)  # args.url of parse_args()
    if isinstance(node, ast.Subscript):  # os.environ["STATUS_API"], settings["api_url"]
        key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            out.append(key.value[:200])
            if _is_environ(node.value):
                return True
            reading = imported_entry(node.value, key.value, finder)
            if reading is not None:  # from ops.settings import HOUSTON; HOUSTON["url"]: the entry there (RT24 12 f10)
                out[-1:] = reading[: _MAX_WORDS - len(out) + 1]
                return True
            _section_word(key.value, node.value, scope, finder, out)  # cfg["houston"]["url"] (RT22 report 12, f2)
        return _run_time(node, scope, finder, depth)
    if isinstance(node, ast.Call):  # os.getenv("X"), os.environ.get("X", default)
        callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if callee in ("getenv", "get") and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            out.append(node.args[0].value[:200])
            default = node.args[1] if len(node.args) > 1 else None
            if isinstance(default, ast.Constant) and isinstance(default.value, str) and "://" in default.value[:200]:
                # os.environ.get("HOUSTON_URL", "https://mission-control.acme.io/graphql"): the default may be
                # what is posted to, read as the imported setting's is (red team 22, report 12, f11)
                out.append(default.value[:200])
            if callee == "get" and isinstance(node.func, ast.Attribute) and not _is_environ(node.func.value):
                _section_word(node.args[0].value, node.func.value, scope, finder, out)  # cfg["houston"].get("url")
            return callee == "getenv" or _is_environ(node.func.value) or _run_time(node.func.value, scope, finder, depth)
        made = call_url.imported_factory(node, finder)
        if made is not None:  # client = make_client() of lib/clients.py: the URL of the client it returns (RT27 12 f5)
            out.append(made)
            return True
        if callee:
            out.append(callee)
        return callee == "input" and isinstance(node.func, ast.Name)  # url = input("catalog URL: ")
    if isinstance(node, ast.JoinedStr):
        concrete = True
        for part in node.values[:8]:
            if isinstance(part, ast.Constant):
                out.append(str(part.value)[:200])
            elif isinstance(part, ast.FormattedValue):
                concrete = _words(part.value, scope, finder, out, depth + 1) and concrete
        return concrete
    if isinstance(node, ast.Dict):  # headers={"authorization": TOKEN}
        for value in node.values[:8]:
            _words(value, scope, finder, out, depth + 1)
        return False
    if environment_or_default(node):  # os.environ.get("HOUSTON_URL") or "http://...": its .get(NAME, default) (RT24 12 f8)
        *reads, fallback = node.values
        for read in reads:
            _words(read, scope, finder, out, depth)
        if "://" in fallback.value[:200]:
            out.append(fallback.value[:200])
        return True
    if isinstance(node, ast.BoolOp):  # url or os.environ["HOUSTON_URL"]: either may be posted to
        concrete = False
        for value in node.values[:4]:
            concrete = _words(value, scope, finder, out, depth + 1)
        # url or os.environ["CMDB_URL"]: where the first operands are falsy the fallback is posted to, so a concrete
        # fallback naming no Houston places the send as one (red team 25, report 12, f6: only Houston's was read)
        return concrete and isinstance(node.op, ast.Or) and len(node.values) <= 4 and not any(names_houston(word) for word in out)
    if isinstance(node, ast.BinOp):  # BASE + "/api"
        left = _words(node.left, scope, finder, out, depth + 1)
        right = _words(node.right, scope, finder, out, depth + 1)
        return left and right
    return False


# The keys of a config section's entry that hold where it posts: ``cfg["houston"]["url"]``.
_URL_KEYS = frozenset({"url", "uri", "endpoint", "host", "hostname", "base_url", "api_url", "graphql_url", "address", "server", "domain"})
_SECTION = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,59}")


def _section_word(key: str, container: ast.AST, scope, finder, out: List[str]) -> None:
    """Add ``houston_url`` for ``cfg["houston"]["url"]``: the entry's key under its section's, one setting's name.

    Red team 22, report 12, f2: ``HOUSTON = cfg["houston"]`` (a YAML file's ``houston: {url: ...}``) then
    ``requests.post(HOUSTON["url"], ...)`` was undecided, while ``cfg["houston_url"]`` was Houston's: the
    section's key names the service the entry's URL is for, as the setting's own name does (``cfg["catalog"]["url"]``
    names the catalog).  Only for an entry holding a URL (``_URL_KEYS``) whose section is read by a string key
    (``cfg["houston"]``, ``cfg.get("houston", {})``), written there or bound once to a name; constant work.
    """
    if key.lower() not in _URL_KEYS:
        return
    section = _section_of(container, scope, finder)
    if section is not None and _SECTION.fullmatch(section):
        out.append(f"{section.replace('-', '_')}_{key}")
        # cfg["houston"]["prod"]["url"]: one subsection per environment under a service's section is that service's
        # (red team 25, report 12, f9: a note, and 'not to the file's Houston endpoint' beside cfg["houston"]["url"])
        outer = _section_of(container.value, scope, finder) if isinstance(container, ast.Subscript) else None
        if outer is not None and _SECTION.fullmatch(outer) and _environment_section(section):
            out.append(f"{outer.replace('-', '_')}_{key}")


# Names of a config subsection for one environment of a service (``cfg["houston"]["prod"]["url"]``).
_ENVIRONMENT_SECTIONS = frozenset({
    "prod", "production", "staging", "stage", "stg", "dev", "development", "test", "testing", "qa", "uat", "sandbox",
    "preprod", "live", "primary", "secondary", "default", "local", "demo", "canary", "main",
})


def _environment_section(section: str) -> bool:
    """Is ``section`` an environment's subsection (``prod``, ``eu-staging``), naming no other service?"""
    words = gather_names.words(section.replace("-", "_"))
    return bool(words) and (words <= _ENVIRONMENT_SECTIONS or service_named([section.replace("-", "_")]) is None)


def _section_of(container: ast.AST, scope, finder) -> Optional[str]:
    """``"houston"`` of ``cfg["houston"]`` / ``cfg.get("houston", {})``, or of a name bound once to one, else None."""
    if isinstance(container, ast.Name) and scope is not None:
        values = [v for v in finder._resolve(container, scope)[:2] if v is not container]
        if len(values) != 1:
            return None
        container = values[0]
    if isinstance(container, ast.Subscript) and isinstance(container.slice, ast.Constant) and isinstance(container.slice.value, str):
        return container.slice.value
    if (isinstance(container, ast.Call) and isinstance(container.func, ast.Attribute) and container.func.attr == "get"
            and container.args and isinstance(container.args[0], ast.Constant) and isinstance(container.args[0].value, str)
            and not _is_environ(container.func.value)):
        return container.args[0].value
    return None


def _run_time(node: ast.AST, scope, finder, depth: int) -> bool:
    """Is ``node`` (or the container it is read from) a value only known at run time: ``sys.argv[1]``,
    ``cfg["a"]["url"]`` with ``cfg = json.load(...)``, ``args`` of ``parser.parse_args()``?

    Red team 11, F1: such a URL names no Houston as surely as ``os.environ["CATALOG_URL"]``.
    Bounded: at most 4 subscripts and 4 bound values, ``depth`` as ``_words``.
    """
    for _ in range(4):
        if not isinstance(node, ast.Subscript):
            break
        node = node.value
    if isinstance(node, ast.Call) and call_url.callee(node) in _LOADERS:  # json.load(open(...))["catalog"]["url"] (RT18 F14)
        return True
    if isinstance(node, ast.Attribute) and node.attr == "argv":
        return True
    if not isinstance(node, ast.Name) or depth >= 2:
        return False
    if node.id == "argv":
        return True
    for value in finder._resolve(node, scope)[:4]:
        if isinstance(value, ast.Call) and call_url.callee(value) in _LOADERS:
            return True
        if value is not node and isinstance(value, (ast.Subscript, ast.Attribute)) and _run_time(value, scope, finder, depth + 1):
            return True
    return False


def _is_environ(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (isinstance(node, ast.Name) and node.id == "environ")
