"""Evidence from the Python names a document is bound to.

Scripts that talk to several APIs name their documents after them, often in
one constants module: ``HOUSTON_WORKSPACES`` is Houston's,
``ASTRO_CLOUD_WORKSPACES``, ``ASTRO_CREATE`` or ``GITHUB_QUERY`` another API's
(``ASTRO_SOFTWARE_*`` and astro-apply's ``ASTRO_APPLY_*`` excepted).  Strong: a
person chose the name to say where the document goes.
"""

from __future__ import annotations

import ast
import re
from typing import Iterable, List, Optional

from .evidence import DECISIVE, NOTE, STRONG, Evidence
from ..sources.tree_nodes import walk as tree_walk  # ast.walk's order, listed once per tree (shared by the analyses)

# Words of a Python name that point at another GraphQL API than Houston.  ``astro`` is Astro's
# (cloud) API: a script moving Deployments from Software to Astro names the two sides
# ``HOUSTON_*`` and ``ASTRO_*`` (red team 7, F3: ``ASTRO_CREATE``, a helper ``astro(...)``).
OTHER_API_WORDS = frozenset({"cloud", "github", "gitlab", "hasura", "hub", "shopify", "linear", "datahub", "astro"})
# ...unless the name says it is Astronomer Software's: ``ASTRO_SOFTWARE_QUERY``, astro-apply's
# ``ASTRO_APPLY_TEMPLATE`` (a Houston client), Astro Runtime (what Software 0.29+ deploys).
SOFTWARE_WORDS = frozenset({"software", "apply", "runtime"})
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def words(name: str) -> set:
    return {w.lower() for w in _WORD.findall(name)}


def direction(name: str) -> Optional[bool]:
    """True for a name of Houston's (``HOUSTON_*`` first), False for another API's, None otherwise."""
    name_words = words(name)
    if "houston" in name_words:
        return True
    other = name_words & OTHER_API_WORDS
    if other == {"astro"} and name_words & SOFTWARE_WORDS:
        return None
    return False if other else None


# Words a Houston document's name may hold besides ``houston`` and the words of Houston's schema
# (every version's type, field, argument and enum names): how people name a GraphQL document.
API_WORDS = frozenset({
    "api", "url", "uri", "token", "endpoint", "host", "domain", "query", "queries", "mutation", "mutations", "gql",
    "graphql", "doc", "docs", "document", "documents", "request", "req", "op", "ops", "operation", "operations",
    "fragment", "fragments", "body", "payload", "template", "tpl", "text", "str", "string", "sdl", "schema",
    "client", "call", "data", "get", "list", "fetch", "all", "new", "old", "by", "for", "the", "to", "and", "with",
    "many", "my", "base", "main", "test", "sample", "example", "details", "detail", "read", "write", "set",
    "raw", "full", "short", "min", "check", "health", "ping", "ids", "dev", "prod", "staging", "stage",
    # the words of programs around a request: what it is, how it is sent, which copy it is
    "execute", "exec", "run", "post", "send", "sends", "sent", "helper", "headers", "header", "response",
    "results", "params", "args", "kwargs", "vars", "inputs", "cfg", "conf", "settings", "setting", "ctx",
    "context", "json", "dict", "map", "file", "path", "only", "part", "parts", "other", "common", "shared",
    "extra", "second", "third", "simple", "basic", "nested", "named", "anon", "mock", "fake", "stub", "demo",
    "case", "cases", "typo", "broken", "bad", "legacy", "help", "class", "async", "gen", "generated",
})


def _houston_words() -> frozenset:
    """The lower-case words of every name in Houston's schema, all versions (built once)."""
    global _HOUSTON_WORDS
    if _HOUSTON_WORDS is None:
        from .gather_vocabulary import every_version_schema

        found = set()
        for named in every_version_schema().type_map.values():
            found.update(words(named.name))
            for field_name, field in (getattr(named, "fields", None) or {}).items():
                found.update(words(field_name))
                found.update(w for argument in (getattr(field, "args", None) or {}) for w in words(argument))
            found.update(w for value in (getattr(named, "values", None) or {}) for w in words(value))
        _HOUSTON_WORDS = frozenset(found)
    return _HOUSTON_WORDS


_HOUSTON_WORDS = None


def foreign_words(name: str) -> List[str]:
    """The words of a ``HOUSTON_*`` name that Houston's API never uses (``HOUSTON_FORECAST``: forecast).

    Pass 12, F9: Houston is also a city; a name whose other words are a weather or traffic
    API's says where the data is about, not where the document goes.  Short words (``v2``,
    ``ws``) and plurals of Houston's words count as Houston's.
    """
    known = _houston_words()
    return [
        word for word in sorted(words(name) - {"houston"})
        if len(word) > 2 and word.isalpha() and word not in API_WORDS and word not in known
        and word.rstrip("s") not in known and word[:-2] not in known and word + "s" not in known
    ]


# Words of a setting's name that say how Houston is reached, not what is reached (``HOUSTON_BASEDOMAIN``,
# ``HOUSTON_JWT``, ``HOUSTON_CA_BUNDLE``): never another service's (red team 22, report 12, f14).
SETTING_WORDS = frozenset({
    "basedomain", "svc", "jwt", "bearer", "port", "scheme", "apikey", "bundle", "ssl", "tls", "cert", "certs",
    "verify", "retries", "retry", "root", "software", "astronomer", "astro", "gateway", "proxy", "server",
    "internal", "external", "local", "localhost", "remote", "public", "private", "primary", "secondary", "backup",
    "override", "timeout", "environ", "getenv", "default", "defaults", "http", "https", "www", "address", "addr",
    "service", "services", "target", "link", "platform", "conn", "connection", "endpoint", "env", "environment",
    "var", "variable", "value", "values", "option", "options", "airflow", "admin", "cluster", "sso", "oauth",
    "oidc", "creds", "credential", "credentials", "secret", "secrets", "pass", "pwd", "passwd", "login",
    # which copy, where it runs, who uses it
    "nonprod", "preprod", "uat", "sandbox", "canary", "blue", "green", "east", "west", "north", "south", "central",
    "source", "src", "dest", "destination", "from", "old", "new", "cache", "cached", "readonly", "bot", "automation",
    "job", "jobs", "cron", "monitor", "monitoring", "rest", "wss", "sub", "playground", "healthcheck", "tenant",
})


# What a setting of Houston's own may be about besides how it is reached: Houston's things a script keeps
# settings for (``HOUSTON_SERVICE_ACCOUNT_TOKEN``, ``HOUSTON_WORKSPACE_ID``, ``HOUSTON_AUTH_TOKEN``).
HOUSTON_SETTING_NOUNS = frozenset({
    "account", "workspace", "deployment", "release", "namespace", "user", "auth", "authorization", "key", "pat",
    "id", "uuid", "name", "label", "version", "runtime", "image", "tag", "graphql", "gql", "web", "subscription",
    "websocket", "socket", "ingress", "registry", "system",
})
# A document's name with "ops" lists operations; a setting's names a team (``HOUSTON_OPS_URL``).
_OPERATION_WORDS = frozenset({"op", "ops", "operation", "operations"})


def setting_foreign_words(name: str) -> List[str]:
    """The words of a ``HOUSTON_*`` setting or Airflow connection id (read alike: red team 24, report 12, f1,
    ``houston_ops``, ``houston_directory``) that name another service (``HOUSTON_WEATHER_API_URL``:
    weather), and its parts of digits or two letters (``HOUSTON_DC1_URL``: dc1, see ``short_other_words``).

    Red team 22, report 12, f14: the words of how a setting reaches Houston (``SETTING_WORDS``) and of a
    request (``API_WORDS``) keep ``HOUSTON_BASEDOMAIN`` naming Houston.  Red team 24, report 12, f1: a word of
    Houston's schema is not one of them: ``HOUSTON_DIRECTORY_URL``, ``HOUSTON_OPS_URL``, ``HOUSTON_TEAM_URL``
    (an office directory, an ops team) name things of a company's, as ``HOUSTON_SALES_URL`` does, though
    Houston's schema has users, teams and metrics; only the nouns a Houston script keeps settings for
    (``HOUSTON_SETTING_NOUNS``) stay Houston's.
    """
    found = []
    for word in sorted(words(name[:200]) - {"houston"}):
        if len(word) <= 2 or not word.isalpha():
            continue
        stems = {word, word.rstrip("s"), word[:-2]} if word.endswith("es") else {word, word.rstrip("s")}
        if any(s in SETTING_WORDS or s in HOUSTON_SETTING_NOUNS or (s in API_WORDS and s not in _OPERATION_WORDS) for s in stems):
            continue
        found.append(word)
    return found + [word for word in short_other_words(name) if word not in found]


# A setting's or connection id's parts, split at "_", "-", "." (``HOUSTON_DC1_URL``: houston, dc1, url).
_PART = re.compile(r"[A-Za-z0-9]+")
_VERSION_PART = re.compile(r"v\d+")
# Two-letter parts that say how or where Houston is reached, never another service (``HOUSTON_CA_BUNDLE``).
SHORT_SETTING_WORDS = frozenset({
    "ca", "ws", "io", "ip", "id", "qa", "ui", "dr", "ha", "lb", "pw", "tz", "eu", "us", "uk", "ap", "au", "in",
    "of", "to", "on", "at", "by", "my", "gw", "ns", "pr", "ci", "cd", "tf",
})


def short_other_words(name: str) -> List[str]:
    """The parts of a ``HOUSTON_*`` setting or connection id that hold digits or are two letters (``HOUSTON_DC1_URL``:
    dc1, ``HOUSTON_311_URL``: 311, ``houston_pd``: pd): another place or service, as ``weather`` is.

    Red team 23, report 12, f2: ``foreign_words`` reads words of three letters or more only, so a datacenter
    ``DC1``, the city's ``311`` line or its police department ``PD`` left the setting decisive for Houston.  A
    version (``v1``) and the two-letter words of how Houston is reached (``SHORT_SETTING_WORDS``) are not.  One
    pass of a linear pattern over at most 200 characters.
    """
    found = []
    for part in _PART.findall(name[:200]):
        word = part.lower()
        if word.startswith("houston") or _VERSION_PART.fullmatch(word) or word in found:
            continue
        if not word.isalpha() or (len(word) == 2 and word not in SHORT_SETTING_WORDS and word not in API_WORDS):
            found.append(word)
    return found




# Other places a script names its documents after beside Houston the city (red team 14, report 12,
# F4: ``DALLAS_QUERY``, ``AUSTIN_QUERY``, ``HOUSTON_QUERY``, one per store): US cities and states,
# and the largest cities elsewhere.  A fact list, lower case, words joined by one space.
PLACES = frozenset({
    "dallas", "austin", "san antonio", "el paso", "fort worth", "arlington", "plano", "laredo", "lubbock",
    "irving", "garland", "frisco", "mckinney", "amarillo", "waco", "galveston", "beaumont", "corpus christi",
    "new york", "nyc", "los angeles", "chicago", "phoenix", "philadelphia", "san diego", "san jose",
    "jacksonville", "columbus", "charlotte", "indianapolis", "san francisco", "seattle", "denver",
    "washington", "boston", "nashville", "detroit", "portland", "memphis", "louisville", "baltimore",
    "milwaukee", "albuquerque", "tucson", "fresno", "sacramento", "atlanta", "miami", "oakland",
    "minneapolis", "tulsa", "cleveland", "wichita", "new orleans", "tampa", "orlando", "pittsburgh",
    "cincinnati", "kansas city", "omaha", "raleigh", "las vegas", "salt lake", "st louis", "honolulu",
    "anchorage", "buffalo", "richmond", "boise", "spokane", "madison", "reno", "newark",
    "texas", "california", "florida", "ohio", "georgia", "arizona", "colorado", "oklahoma", "louisiana",
    "london", "paris", "berlin", "madrid", "rome", "tokyo", "osaka", "seoul", "beijing", "shanghai",
    "singapore", "sydney", "melbourne", "toronto", "montreal", "vancouver", "mumbai", "delhi",
    "bangalore", "dubai", "amsterdam", "dublin", "frankfurt", "munich", "zurich", "stockholm",
    "mexico", "monterrey", "guadalajara", "sao paulo", "rio", "lagos", "cairo", "istanbul", "moscow",
})


def places_beside(name: str, siblings: Iterable[str]) -> List[str]:
    """The sibling names that put another place where ``name`` has ``houston`` (``DALLAS_QUERY``).

    Same words before and after, one to three words between that name a place in PLACES.
    Linear in the siblings' words.
    """
    parts = [w.lower() for w in _WORD.findall(name)]
    if "houston" not in parts:
        return []
    at = parts.index("houston")
    head, tail = parts[:at], parts[at + 1:]
    found = []
    for sibling in siblings:
        if sibling == name:
            continue
        other = [w.lower() for w in _WORD.findall(sibling)]
        middle = other[len(head):len(other) - len(tail)]
        if other[:len(head)] == head and other[len(other) - len(tail):] == tail and 0 < len(middle) <= 3 and " ".join(middle) in PLACES:
            found.append(sibling)
    return found


def city_names(finder) -> dict:
    """``HOUSTON_*`` names of the file that put Houston the city beside other places -> one such sibling.

    Red team 20, report 12, F12: ``os.environ["HOUSTON_API_URL"]`` beside ``DALLAS_API_URL`` and
    ``AUSTIN_API_URL`` (a civic-data script asking three cities' gateways) was "posted to ... [decisive]"
    for Astronomer's Houston.  The city rule ``places_beside`` applies to document names; here it is
    applied to every name of the file: the names it binds and the identifier-like strings it holds (an
    environment variable's name).  ``verdict`` then reads evidence for Houston that rests on such a
    name as a note.  Linear: each name's words are cut once into the (head, tail) shapes a place can
    stand between (at most three words each), and a ``HOUSTON`` name is looked up in them.
    """
    memo = getattr(finder, "memo", None)
    module = getattr(finder, "module", None)
    if memo is None or module is None:
        return {}
    if "gather_names.cities" not in memo:
        seen = set()
        for node in tree_walk(module):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                seen.add(node.id)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) <= 64 and node.value.isidentifier():
                seen.add(node.value)
        shapes: dict = {}  # the words of a name with a place replaced by "houston" -> that name
        houstons = []
        for name in sorted(seen):
            parts = [w.lower() for w in _WORD.findall(name)]
            if "houston" in parts:
                houstons.append((name, tuple(parts)))
                continue
            for start in range(len(parts)):
                for size in (1, 2, 3):
                    if start + size <= len(parts) and " ".join(parts[start:start + size]) in PLACES:
                        shapes.setdefault(tuple(parts[:start]) + ("houston",) + tuple(parts[start + size:]), name)
        memo["gather_names.cities"] = {name: shapes[parts] for name, parts in houstons if parts in shapes}
    return memo["gather_names.cities"]


def _sibling_names(finder) -> List[str]:
    """Every name a module (or class) binds by assignment, read once per file (memo on the finder)."""
    memo = getattr(finder, "memo", None)
    module = getattr(finder, "module", None)
    if memo is None or module is None:
        return []
    if "gather_names.siblings" not in memo:
        seen = []
        for node in tree_walk(module):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and "houston" not in node.id.lower():
                seen.append(node.id)
        memo["gather_names.siblings"] = sorted(set(seen))
    return memo["gather_names.siblings"]


def gather(names: Iterable[str], finder=None) -> List[Evidence]:
    found = []
    for name in names:
        pointing = direction(name)
        places = places_beside(name, _sibling_names(finder)) if pointing is True and finder is not None else []
        if places:  # HOUSTON_QUERY beside DALLAS_QUERY: one store per city, not the API
            found.append(Evidence("name", None, NOTE, f"name {name}, beside {', '.join(places[:3])}: a place's name, not Houston's API"))
        elif pointing is True and foreign_words(name):  # HOUSTON_FORECAST: the city, not the API
            found.append(Evidence("name", None, NOTE, f"name {name}, whose other words are not Houston's API: {', '.join(foreign_words(name)[:3])}"))
        elif pointing is True:
            found.append(Evidence("name", True, STRONG, f"name {name}"))
        elif pointing is False:
            found.append(Evidence("name", False, STRONG, f"name {name} (another API)"))
    return found


# Calls that parse a string as data (YAML, JSON, a Python literal, TOML): what they read is never sent as GraphQL.
DATA_PARSERS = frozenset({"safe_load", "load", "full_load", "unsafe_load", "safe_load_all", "load_all", "loads", "literal_eval"})


def read_as_data(source, finder) -> Optional[Evidence]:
    """Decisive against when every read of the document's names is a data parser's argument.

    Red team 13, report 12, F11: ``HOUSTON_CONFIG = "{deployments: {canUpsertDeploymentFromUI: true}}"``
    read only by ``yaml.safe_load(HOUSTON_CONFIG)`` is Houston's Helm configuration, a YAML flow
    mapping, never a request: its ``HOUSTON_*`` name says whose setting it is, not that it is a
    document.  A document with a send of its own, or any other read (passed on, printed,
    formatted), is not judged here.  Cost: the reads of each name's binding, once.
    """
    if finder is None or not source.names or source.node is None:
        return None
    if not _names_a_parser(finder):
        return None  # no parser named in the file: nothing to look up
    if any(not (isinstance(site.call, ast.Call) and _callee(site.call) in DATA_PARSERS) for site in source.sites):
        return None  # a send of its own (yaml.safe_load(DOC) is taken for a helper's: it sends nothing)
    names = finder.names
    seen = None
    for name in source.names:
        for load in names.loads_of_binding(name, source.node):
            parent = names.parent(load)
            if not (isinstance(parent, ast.Call) and load in parent.args and _callee(parent) in DATA_PARSERS):
                return None
            seen = seen or (f"{_callee(parent)}({name})", parent.lineno)
    if seen is None:
        return None
    return Evidence("data", False, DECISIVE, f"read only as data: {seen[0]} (line {seen[1]}), never sent")


def _names_a_parser(finder) -> bool:
    """Does the file name a data parser at all?  Searched once per file, not once per document
    (red team 16, report 11a, F1: 16,000 documents searched a 2 MB text 16,000 times)."""
    known = getattr(finder, "_names_a_parser", None)
    if known is None:
        text = getattr(getattr(finder, "file", None), "text", "")
        known = "load" in text or "literal_eval" in text
        try:
            finder._names_a_parser = known
        except AttributeError:  # a finder with slots: searched again, still correct
            pass
    return known


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
