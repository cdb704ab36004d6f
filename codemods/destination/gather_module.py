"""Evidence from the file around a document, gathered once per file.

Evidence of weight ``CONTEXT``: it speaks for the whole file, so a name
given to one document or the URL of its own call outranks it.

For Houston (only for documents the file sends over HTTP): the
file's code names a Houston endpoint, as a host (``houston.example.com``,
``f"houston.{domain}"``) or a setting (``HOUSTON_URL``, ``houston_api``);
comments and docstrings never count (code_text, red team 7 F1), nor code that
mentions Houston without naming an endpoint: an import's module path, a
parameter, a function's name, a regular expression, a setting removed
(red team 10, F9); nor a mention for another program or a person (red team 18,
report 12, F1/F3/F4): the argv of a program run (``astro login <host>``; curl and
wget excepted), an environment handed to a child (a pod's ``env_vars``,
``env=``, ``V1EnvVar``, ``env["HOUSTON_API_TOKEN"] = ...``), a membership test
(``"HOUSTON_URL" in os.environ``) or another guard (``if not os.environ.get("HOUSTON_URL")``), a message
(a logger's, ``print``, ``sys.exit``, a raised exception's, a one-line string with spaces); nor a dotted
name that is no host (``"houston.tasks.sync_users"``), a data store's or bucket's address
(``redis://houston.cache.internal``, ``s3://houston-data/``) (red team 22, report 12, f5, f12).  A document whose own send
is traced to another service's URL gets no such context either (verdict.decide).

Against Houston (for every document of the file):

* a GraphQL server framework is imported (graphene, strawberry, ariadne, ...):
  the module defines or tests a schema of its own;
* a schema is built or executed here with graphql-core (``build_schema``,
  ``GraphQLSchema``, ``graphql_sync(schema, ...)``), or imported from the
  project (``from .schema import schema``);
* SDL type definitions (``type Query {``) are written in the file;
* a test client of the project's own server posts from the file
  (``self.client.post(reverse("graphql"), ...)``, ``TestClient(app).post("/v1")``);
* every URL in a file that never names Houston belongs to another GraphQL API.

Python files are read through the finder's tree (imports and calls, never
comments or strings that merely mention a name); the text searches are plain
linear regular expressions.
"""

from __future__ import annotations

import ast
import bisect
import re
from typing import List, Optional, Tuple

from .code_text import without_prose
from .evidence import CONTEXT, Evidence
from .gather_calls import _HTTP_VERBS, TEST_CLIENTS, test_client_call, url_direction
from ..sources.tree_nodes import walk

# Houston named as a host (houston.example.com, f"houston.{domain}", "https://houston." + domain)
# or an endpoint setting or credential (HOUSTON_URL, houston_api, HOUSTON_TOKEN); prose that merely compares with Houston is not.
# Red team 9, F12: a host only as a URL's (``://houston.``, ``://houston:8871``) or as a quoted string that
# starts with it (or a setting's value: ``host: houston.acme.io``) and has a domain after it
# (``"houston.acme.io"``, ``f"houston.{domain}"``): never a city
# (``"houston.tx"``), an e-mail address (``ops@houston.acme.com``) or a module path (``mock_houston.main``).
# Red team 22, report 12, f12/f6: a URL's host only under an HTTP or websocket scheme (a Redis DSN
# ``redis://houston.cache.internal``, a bucket ``s3://houston-data/`` are no endpoint) and only the label
# ``houston`` itself (``houston-dc1.inventory.acme.net`` is a company's datacenter, not Houston's host).
HOUSTON_ENDPOINT = re.compile(
    r"(?:(?<=\bhttps)|(?<=\bhttp)|(?<=\bwss)|(?<=\bws)|(?<=\}))://houston(?![\w-])|(?<=[\"'`=\s])(?<!import )(?<!from )houston\.(?:[{$%]|[\w-]+\.[\w{$%])|houston_?(?:url|host|api|endpoint|domain|token)", re.IGNORECASE
)
_URL = re.compile(r"https?://[^\s'\"]+", re.IGNORECASE)
# SDL type definitions: "type Query {", "extend type User @key", "input NewUser {".
# Each whitespace run is scanned by at most the one keyword before it: linear.
_SDL_DEFINITION = re.compile(r"\b(?:type|input|interface)[ \t]+[A-Z_]\w*[ \t]*(?:\{|implements\b|@)|\bschema[ \t]*\{[ \t\r\n]*query[ \t]*:")
SDL_DEFINITION = _SDL_DEFINITION  # also read in a project's SDL files (project_sdl)

# Top-level packages of GraphQL server frameworks and their test utilities.
SERVER_FRAMEWORKS = frozenset({
    "graphene", "graphene_django", "graphene_sqlalchemy", "graphene_mongo", "graphene_federation",
    "strawberry", "strawberry_django", "ariadne", "tartiflette", "graphql_server", "flask_graphql",
    "starlette_graphql", "graphql_relay", "django_graphql_jwt", "graphql_jwt",
})
# graphql-core (and friends) calls that build or run a schema in this process.
SCHEMA_BUILDERS = frozenset({
    "GraphQLSchema", "build_schema", "build_ast_schema", "extend_schema", "make_executable_schema",
    "build_client_schema", "GraphQLObjectType", "load_schema_from_path", "build_federated_schema",
})
LOCAL_EXECUTORS = frozenset({"graphql", "graphql_sync", "execute", "execute_sync", "subscribe", "validate", "parse_and_validate"})


class ModuleEvidence:
    """What one file says about where its documents go."""

    def __init__(self, against: List[Evidence], endpoint: Optional[Evidence], sends_http: bool = False) -> None:
        self.against = against  # applies to every document of the file
        self.endpoint = endpoint  # applies to documents sent over HTTP from the file
        # The file imports an HTTP or GraphQL client: a document no call visibly sends
        # (built with "%" and passed along, say) may still be sent from here.
        self.sends_http = sends_http
        # The endpoint named is a URL or host (HOUSTON_URL, houston.acme.com), not only a credential (HOUSTON_TOKEN).
        self.endpoint_names_url = False
        # Offsets of the mentions that named it: whose construction holds them (instance_tokens, red team 24, report 12, f6).
        self.mentions: List[int] = []

    @classmethod
    def gather(cls, text: str, module: Optional[ast.Module], line_of, code: Optional[str] = None) -> "ModuleEvidence":
        """``module``: the tree of ``text``, if Python; ``code``: ``text`` with its prose blanked (code_text)."""
        against: List[Evidence] = []
        endpoint = None
        if code is None:
            code = text
            if module is not None and HOUSTON_ENDPOINT.search(text) is not None:  # the tokenizer only when it matters
                code = without_prose(text, module)
        accepted = _endpoint_matches(code, module)
        match = accepted[0] if accepted else None
        # Red team 18, report 12, F1: a Houston URL or host (not only a token) named: a document whose own
        # send is traced to another URL is not sent there (verdict.decide).
        names_url = names_a_url(code, accepted)
        if match is not None:
            snippet = endpoint_quote(code, match.start())
            endpoint = Evidence("endpoint", True, CONTEXT, f"Houston endpoint named in the file: {snippet} (line {line_of(match.start())})")
        else:
            urls = _URL.findall(text)
            if module is not None and code is text and any(url_direction(url) is False for url in urls):
                # Red team 17, report 12, F2: a URL in a comment or docstring (an ariadne-codegen
                # header "# Source: https://.../graphql") weighs nothing either way: code only.
                code = without_prose(text, module)
            if code is not text:
                urls = _URL.findall(code)
            if urls and all(url_direction(url) is False for url in urls):
                against.append(Evidence("other-apis", False, CONTEXT, f"all URLs in the file are other APIs' ({len(urls)}, e.g. {urls[0][:60]})"))
        if module is not None:
            against.extend(_from_tree(module))
        sdl = _SDL_DEFINITION.search(text)
        if sdl is not None:
            against.append(Evidence("sdl", False, CONTEXT, f"SDL type definitions in the file: {' '.join(sdl.group().split())} (line {line_of(sdl.start())})"))
        facts = cls(against, endpoint, module is not None and _imports_http_client(module))
        facts.endpoint_names_url = endpoint is not None and names_url
        facts.mentions = [found.start() for found in accepted] if endpoint is not None else []
        return facts


_QUOTE_MOST = 80  # characters quoted: a host with its path, a setting's name


def endpoint_quote(code: str, start: int) -> str:
    """The file's own words at a ``HOUSTON_ENDPOINT`` match starting at ``start``, whole.

    Red team 22, report 12, f7: the quote was the match's tail, from where the pattern matched to a
    quote or bracket, so ``ASTRONOMER_HOUSTON_URL`` read ``HOUSTON_URL`` (a name the file does not hold),
    a pydantic field ``houston_url: str`` read ``houston_url:``, and ``f"https://houston.{os.environ['X']}/v1"``
    read ``houston.{os.environ``.  A name is quoted from its first character to its last; a host up to a
    quote, a space or a call's parenthesis, an f-string's ``{...}`` whole (to its closing brace).  At most
    ``_QUOTE_MOST`` characters either way: constant work.
    """
    begin = start
    while _WORD.match(code, start, start + 1).group() and begin > 0 and start - begin < _QUOTE_MOST and (code[begin - 1].isalnum() or code[begin - 1] == "_"):
        begin -= 1  # ASTRONOMER_HOUSTON_URL: the whole name, not its tail
    name = _WORD.match(code, begin, begin + _QUOTE_MOST).group()
    if name and not (name.lower().endswith("houston") and code[begin + len(name) : begin + len(name) + 1] == "."):
        return name  # a setting: houston_url (never its annotation's colon), ASTRONOMER_HOUSTON_URL
    end, limit, depth = start, min(len(code), start + _QUOTE_MOST), 0
    while end < limit:
        char = code[end]
        if char == "{":
            depth += 1
        elif char == "}" and depth:
            depth -= 1
        elif char in "\r\n" or (not depth and (char.isspace() or char in "'\",()[]}")):
            break
        end += 1
    return (code[start:end] + joined_tail(code, end)).lstrip(":/")


def joined_tail(code: str, end: int) -> str:
    """What a ``+`` chain joins to the string literal closing at ``end``, written as an f-string's text:
    ``'https://houston.' + os.environ['BASEDOMAIN'] + '/v1'`` goes on as ``{os.environ['BASEDOMAIN']}/v1``.

    Red team 23, report 12, f20: the quote stopped at the literal's closing quote, ``houston.``, a fragment the
    file never writes as a name, while the f-string form of the same URL was quoted whole.  A literal is written
    in (never one holding a backslash), any other operand as a ``{...}`` field (to a ``+``, ``,`` or closing
    bracket outside brackets and quotes).  One pass of at most ``_QUOTE_MOST`` * 2 characters: constant work.
    """
    if end >= len(code) or code[end] not in "'\"":
        return ""
    position, limit, out = end + 1, min(len(code), end + 2 * _QUOTE_MOST), []
    while position < limit:
        while position < limit and code[position] in " \t":
            position += 1
        if position >= limit or code[position] != "+":
            break
        position += 1
        while position < limit and code[position] in " \t":
            position += 1
        if position < limit and code[position] in "'\"":
            quote = code[position]
            close = code.find(quote, position + 1, limit)
            if close < 0 or "\\" in code[position + 1 : close] or "\n" in code[position + 1 : close]:
                break
            out.append(code[position + 1 : close])
            position = close + 1
            continue
        begin, depth, quote = position, 0, ""
        while position < limit:
            char = code[position]
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char in "([{":
                depth += 1
            elif char in ")]}" and depth:
                depth -= 1
            elif char in "\r\n" or (not depth and char in "+,)]}"):
                break
            position += 1
        operand = code[begin:position].strip()
        if not operand or quote or depth:
            break
        out.append("{" + operand + "}")
    text = "".join(out)
    return text if len(text) <= _QUOTE_MOST else text[: _QUOTE_MOST - 3] + "..."


# Names a regular expression is bound to: HOUSTON_URL_PATTERN, houston_re, HOST_REGEX.
_PATTERN_WORDS = frozenset({"pattern", "patterns", "regex", "regexp", "re", "rx"})
# Calls that remove a setting (os.environ.pop("HOUSTON_API_TOKEN", None), os.unsetenv(...)).
_REMOVING = frozenset({"pop", "unsetenv", "remove", "discard", "delenv"})
_MATCHES_LOOKED_AT = 64  # the first few mentions settle it: a bound on the work per file
# Red team 18, report 12, F1/F3/F4: code that mentions Houston for another program or for a person, never as a
# destination this file sends to.  Calls running another program (its argv: ``astro login <host>``) ...
_PROGRAM_RUNNERS = frozenset({
    "run", "Popen", "call", "check_call", "check_output", "getoutput", "getstatusoutput", "system", "popen",
    "create_subprocess_exec", "create_subprocess_shell", "execv", "execve", "execvp", "execvpe", "execl", "execlp",
    "spawnv", "spawnve", "spawnvp", "spawnl", "spawnlp",
})
_PROGRAM_MODULES = frozenset({"subprocess", "os", "asyncio", "sp"})
_PROGRAM_FUNCTIONS = frozenset({"Popen", "check_call", "check_output", "getoutput", "getstatusoutput"})  # from subprocess import ...
# ... unless that program is an HTTP client: ``subprocess.run(["curl", HOUSTON_URL, ...])`` does send there.
_HTTP_PROGRAMS = frozenset({"curl", "wget", "http", "https", "xh", "httpie", "curlie"})
# ... the environment handed to a child (a pod's env_vars, subprocess's env=) ...
_CHILD_ENVIRONMENT = frozenset({"env", "env_vars", "envs", "environment", "extra_env", "env_variables", "environment_variables", "container_env"})
_ENV_VARIABLES = frozenset({"V1EnvVar", "EnvVar"})  # k8s.V1EnvVar(name="HOUSTON_API_TOKEN", ...)
# ... and messages: a logger's, print's, a warning's, an exit's (``sys.exit("unset HOUSTON_URL")``).
_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"})
_MESSAGE_CALLS = frozenset({"print", "exit", "quit", "echo", "secho"})


# ``://houston.platform.acme-corp.net/graphql``: a host (bounded run) then a path holding ``/graphql`` within a
# bounded run: each match is anchored at one HOUSTON_ENDPOINT match and reads at most 600 characters: linear.
_GRAPHQL_PATH_AFTER = re.compile(r"://[^/\s'\"?#]{0,300}/[^\s'\"?#]{0,300}?(?<=/)graphql\b", re.IGNORECASE)
# ``://houston:s3cret@reports.acme-corp.net/v1``, ``"houston.acme-corp.io/api/query"``: the authority (a bounded run
# of characters that are no "/", quote, space, "?" or "#") then, optionally, a path starting with "/" (a bounded
# run) and the character after it.  The path's first character is one the authority cannot hold: no trade;
# anchored at one HOUSTON_ENDPOINT match, at most 601 characters read: linear.
_AUTHORITY_PATH = re.compile(r"(?:://)?([^/\s'\"`?#]{0,300})(/[^\s'\"`?#]{0,300})?(.?)")


def _endpoint_match(code: str, module: Optional[ast.Module]):
    """The first mention of a Houston endpoint in ``code`` that names one, else None (see ``_endpoint_matches``)."""
    found = _endpoint_matches(code, module)
    return found[0] if found else None


_WORD = re.compile(r"\w*")
# ``/etl:1.4.2``, ``/team/etl@sha256:...`` after a host written without a scheme: an image's repository path (a
# bounded run with no ":" or "@") then its tag or digest, ending the string.  One bounded run then fixed text: linear.
_IMAGE_TAIL = re.compile(r"/[\w./-]{1,253}(?::[\w][\w.-]{0,127}|@sha256:[0-9a-fA-F]{8,64})[\"'`]")
_DOTTED = re.compile(r"[\w.-]{0,253}")
# Last labels of the hosts a script names without a scheme (``"houston.astro.acme.com"``): generic top-level
# domains and private suffixes, never a word a module path ends with (``tasks``, ``settings``, ``local``, ``dev``).
_TOP_LEVEL = frozenset({
    "com", "net", "org", "io", "co", "cloud", "tech", "info", "biz", "edu", "gov", "mil", "xyz", "online",
    "site", "internal", "corp", "intranet", "lan", "localdomain", "example", "svc", "ai",
})
_MODULE_WORDS = frozenset({"db", "ui", "ml", "os", "re", "py", "js", "ts", "qa"})  # short module names, not countries
# Two-letter file extensions a file's name ends with (``houston.tar.gz``, ``houston.report.md``, ``houston.deploy.sh``).
_FILE_SUFFIXES = frozenset({"gz", "xz", "bz", "lz", "md", "sh", "rb", "rs", "pl", "so", "ps", "cs", "hs", "kt", "tf", "cc", "hh", "el", "mk", "go"})


def _names_a_host(code: str, match) -> bool:
    """Does the HOUSTON_ENDPOINT ``match`` name a host, not a dotted name that only starts like one?

    Red team 22, report 12, f12: ``@shared_task(name="houston.tasks.sync_users")`` in a project code-named
    houston is a Celery task's name, as ``"houston.settings.local"`` is a module's and ``getLogger("houston.
    sync.jobs")`` a logger's: no endpoint.  A quoted ``houston.X.Y`` counts when it is a DNS name (no
    underscore) whose last label is a top-level domain (``com``, ``io``, any other two letters), or is
    followed by a port or a path (``"houston.acme.corp:8871"``), or is a template (``houston.{domain}``).
    At most 253 characters read per match (the first few matches of a file): linear.
    """
    head = match.group()
    if not head.lower().startswith("houston.") or head[-1] in "{$%":
        return True  # ://houston, HOUSTON_URL, houston.{domain}
    name = _DOTTED.match(code, match.start()).group()
    after = code[match.start() + len(name) : match.start() + len(name) + 1]
    name = name.rstrip(".-")
    if after == ":":  # a port ("houston.acme.corp:8871"), never a module's attribute ("houston.api.main:app")
        return code[match.start() + len(name) + 1 : match.start() + len(name) + 2].isdigit() and "_" not in name
    if after == "/" and _IMAGE_TAIL.match(code, match.start() + len(name)) is not None:
        return False  # "houston.azurecr.io/etl:1.4.2": a container image's reference (red team 23, report 12, f9)
    if after in ("{", "$", "%", "/") or "{" in name:
        return True
    if "_" in name:
        return False
    last = name.rsplit(".", 1)[-1].lower()
    # "houston.tar.gz", "houston.report.md": a file's name, its extension no country's domain (red team 24, report 12, f11)
    return last in _TOP_LEVEL or (len(last) == 2 and last.isalpha() and last not in _MODULE_WORDS and last not in _FILE_SUFFIXES)
def _not_houstons_host(code: str, match) -> bool:
    """Does the HOUSTON_ENDPOINT ``match`` sit in a URL or host whose host is not Houston's, or whose path Houston
    never serves?

    Red team 23, report 12, f6: ``https://houston:s3cret@reports.acme-corp.net/v1``: ``houston`` there is the
    user name (userinfo is no host; the host is ``reports.acme-corp.net``); ``https://houston_api.acme-corp.net/v1``:
    ``houston_api`` is a host's first label, never the setting ``houston_api`` (that host is not Houston's, as
    ``gather_calls`` says).  f1: ``https://houston.acme-corp.io/api/query`` written whole (a quote right after the
    path): a path Houston never serves (``gather_calls.houston_serves``); the bare root ``/`` may be a base the
    script extends, so it still counts.  Constant work per match (bounded runs).
    """
    from .gather_calls import houston_host, houston_serves

    head = match.group()
    if not head.startswith("://") and not head.lower().startswith("houston."):
        return code[max(0, match.start() - 3) : match.start()] == "://" or code[match.start() - 1 : match.start()] == "@"
    found = _AUTHORITY_PATH.match(code, match.start())
    authority, path, after = found.group(1), found.group(2) or "", found.group(3)
    if "@" in authority and not houston_host(authority.rsplit("@", 1)[-1].lower()):
        return True
    if not path or path == "/" or after not in ("'", '"', "`") or any(c in path for c in "{}%$<\\"):
        return False
    return not houston_serves(path.split(";", 1)[0])


_CREDENTIAL = re.compile(r"token|password|secret|key|auth", re.IGNORECASE)  # HOUSTON_API_TOKEN, houston_api_key


def names_a_url(code: str, accepted: list) -> bool:
    """Does one of the mentions ``accepted`` (``_endpoint_matches``) name a URL or host, not only a credential
    (``HOUSTON_API_TOKEN``, ``houston_api_key``)?  A token may travel with a send to any URL (RT18 F1)."""
    return any(_CREDENTIAL.search(_WORD.match(code, found.start(), found.start() + 60).group()) is None for found in accepted)


def _endpoint_matches(code: str, module: Optional[ast.Module]) -> list:
    """The mentions of a Houston endpoint in ``code`` that name one, among the first few looked at (red team 10, F9).

    Without a tree (not Python), the first match.  In Python, a match inside code that
    names no endpoint is skipped: an import's module path (``import lib.houston_api``),
    a parameter (``def f(houston_url=None)``), a function's name where it is defined or
    called (``houston_url(``: its body's URL is what counts), a regular expression
    (``HOUSTON_URL_PATTERN = r"^https://houston\\."``), a setting removed
    (``os.environ.pop("HOUSTON_API_TOKEN", None)``, ``del os.environ[...]``).
    """
    matches = []
    for match in HOUSTON_ENDPOINT.finditer(code):
        window, at = _judged_window(code, match)
        if _GRAPHQL_PATH_AFTER.match(window.text, at) is not None:
            continue  # https://houston.acme.net/graphql: the path says against as much (red team 17, report 12, F6)
        if match.group().startswith("://") and _joined_elsewhere(code, match):
            continue  # "https://houston." + os.environ["D"] + "/graphql": the path joined on says against (RT27 12 f4)
        if _not_houstons_host(window.text, window):
            continue  # houston:s3cret@reports..., houston.acme.io/api/query, ://houston_api.x (red team 23, report 12, f1, f6)
        if not _names_a_host(code, match):
            continue  # "houston.tasks.sync_users": a Celery task, a module or a logger's name (red team 22, report 12, f12)
        matches.append(match)
        if module is None or len(matches) >= _MATCHES_LOOKED_AT:
            break
    if module is None or not matches:
        return matches[:1]
    spans = _spans_naming_no_endpoint(module)
    starts = [0]
    for found in re.finditer(r"\r\n|\r|\n", code):
        starts.append(found.end())
    accepted = []
    for match in matches:
        line = bisect.bisect_right(starts, match.start())
        column = len(code[starts[line - 1] : match.start()].encode("utf-8", "surrogatepass"))
        where = (line, column)
        if not any(start <= where < end for start, end in spans):
            accepted.append(match)
    return accepted


class _Window:
    """A HOUSTON_ENDPOINT match read in a bounded window of the code around it (``_judged_window``)."""

    def __init__(self, text: str, start: int, group: str) -> None:
        self.text, self._start, self._group = text, start, group

    def start(self) -> int:
        return self._start

    def group(self) -> str:
        return self._group


def _judged_window(code: str, match) -> Tuple[_Window, int]:
    """The code from 3 characters before ``match`` to 640 after it, each f-string field of a URL there written as one
    opaque part (``gather_calls.judged``), and the match's offset in it.

    Red team 27, report 12, f4: ``f"https://houston.{os.environ['CORP_DOMAIN']}/graphql"`` was read up to the field's
    quote, so its /graphql path was not seen and the file was said to name a Houston endpoint at it.  Constant work a
    match (the same length, so offsets hold)."""
    from .gather_calls import judged

    begin = max(0, match.start() - 3)
    text = judged(code[begin : match.start() + 640])
    at = match.start() - begin
    return _Window(text, at, text[at : at + len(match.group())]), at


def _joined_elsewhere(code: str, match) -> bool:
    """Is the URL at ``match``, with what a ``+`` chain joins to it (``endpoint_quote``), a Houston host at a path
    Houston never serves?  Constant work (the quote is bounded)."""
    from .gather_calls import houston_host_graphql_path

    quote = endpoint_quote(code, match.start())
    return "+" in code[match.start() : match.start() + 2 * _QUOTE_MOST] and houston_host_graphql_path('f"https://' + quote + '"') is not None


def _spans_naming_no_endpoint(module: ast.Module) -> List[Tuple[Tuple[int, int], Tuple[int, int]]]:
    """((line, column), (end line, end column)) of the code that mentions Houston without naming an endpoint."""
    spans = []

    def add(node: ast.AST) -> None:
        end_line = getattr(node, "end_lineno", None)
        if end_line is not None:
            spans.append(((node.lineno, node.col_offset), (end_line, node.end_col_offset)))

    imported = set()  # names an import binds (import lib.houston_api, from lib import houston_api as api)
    namespaces = []  # X of each X.attr whose dotted X mentions houston: a module's name if X's root is imported
    bare_hosts: List[ast.Call] = []  # calls a host written without a scheme may be given to that are no HTTP client
    defined = set()  # the module's own functions and classes: what they do with a host is their code's, read as before
    loads: dict = {}  # name -> how many times it is read
    hosts: List[ast.Assign] = []  # NAME = "houston.x.y": a host without a scheme bound to a name
    for node in walk(module):
        if isinstance(node, (ast.If, ast.While, ast.Assert, ast.IfExp)):
            for read in _presence_reads(node.test):
                add(read)  # if not os.environ.get("HOUSTON_URL"): sys.exit(...): a guard (red team 22, report 12, f5)
        elif isinstance(node, ast.Assign) and any(_store_named(target) for target in node.targets):
            add(node.value)  # REDIS_URL = "redis://houston.cache.internal:6379/0": a store's address (f12)
        elif isinstance(node, ast.keyword) and node.arg is not None and _store_words(node.arg):
            add(node.value)  # Celery(broker="redis://houston...")
        elif isinstance(node, ast.Call) and (_store_words(_dotted_words(node.func)) or _store_words(_dotted_name(node.func))):
            for argument in node.args:
                add(argument)  # redis.Redis("houston.cache.internal"), boto3.client("s3").upload_file(..., "houston-data", ...)
            for keyword in node.keywords:
                add(keyword.value)  # psycopg2.connect(host="houston.db.acme-corp.net") (red team 23, report 12, f9)
        if isinstance(node, ast.Call) and _callee(node.func) not in _HOST_TAKERS:
            bare_hosts.append(node)  # tarfile.open("houston.tar.gz"), KafkaProducer(bootstrap_servers="houston...:9092")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            loads[node.id] = loads.get(node.id, 0) + 1
        elif (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
              and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str) and node.value.value[:8].lower() == "houston."):
            hosts.append(node)  # TARGET = "houston.backups.io": where its every read goes is read below
        if _mentions_for_another(node):
            add(node)  # "HOUSTON_URL" in os.environ, argv of astro, a pod's env_vars, a log message (RT18 F1/F3/F4)
        elif isinstance(node, ast.keyword) and node.arg in _CHILD_ENVIRONMENT:
            add(node.value)
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
            add(node.slice)  # env["HOUSTON_API_TOKEN"] = token: a setting given, not read
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imported.update(a.asname or (a.name.split(".")[0] if isinstance(node, ast.Import) else a.name) for a in node.names)
        if isinstance(node, ast.Attribute) and "houston" in _dotted_words(node.value):
            namespaces.append(node.value)
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.arg, ast.Delete)):
            add(node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            # "def houston_url(": from the keyword to the parameters' parenthesis
            keyword = "async def " if isinstance(node, ast.AsyncFunctionDef) else "def "
            spans.append(((node.lineno, node.col_offset), (node.lineno, node.col_offset + len(keyword) + len(node.name))))
        elif isinstance(node, ast.Call):
            name = _callee(node.func)
            if isinstance(node.func, ast.Name):
                add(node.func)  # a function's name: houston_url()
            elif name in _REMOVING or (isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"):
                add(node)  # os.environ.pop("HOUSTON_API_TOKEN"), re.compile(r"houston\.")
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and {w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", t.id)} & _PATTERN_WORDS for t in targets):
                add(node)
        elif isinstance(node, ast.keyword) and node.arg is not None and node.arg.endswith("conn_id"):
            add(node.value)  # http_conn_id="houston_api": an Airflow connection's name, read as one (gather_binding)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "houston\\." in node.value.lower():
            add(node)  # a regular expression's escaped dot: r"^https://houston\."
    # Red team 16 (report 12), F11: houston_api.list_deployments(), houston_api.__name__, lib.houston_api.run():
    # an imported module (or name) used as a namespace is the project's Houston module, not an endpoint; the
    # attribute read from it still counts (houston_api.HOUSTON_URL names the setting).
    # Red team 24, report 12, f11: a host written without a scheme given to a call that is no HTTP or websocket
    # client, nor a URL or setting builder, nor the module's own function: a file name, a broker's host:port, a
    # bucket, an SSH host (only an http(s) or ws(s) URL's host, or a host an HTTP client is given, counts)
    given: dict = {}  # name -> how many of its reads are given to such a call
    for call in bare_hosts:
        if isinstance(call.func, ast.Name) and call.func.id in defined:
            continue
        for argument in list(call.args) + [keyword.value for keyword in call.keywords]:
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str) and argument.value[:8].lower() == "houston.":
                add(argument)
            elif isinstance(argument, ast.Name):
                given[argument.id] = given.get(argument.id, 0) + 1
    for assignment in hosts:  # TARGET = "houston.backups.io" read only by upload_file(f, TARGET, key)
        name = assignment.targets[0].id
        if loads.get(name) and given.get(name, 0) >= loads[name]:
            add(assignment.value)
    for value in namespaces:
        root = value
        while isinstance(root, ast.Attribute):
            root = root.value
        if isinstance(root, ast.Name) and root.id in imported:
            add(value)
    return spans


# Red team 22, report 12, f12: names of a data store, a broker or a bucket: the address such a name holds
# (``REDIS_URL = "redis://houston.cache.internal:6379/0"``, ``EXPORT_BUCKET``, ``redis.Redis(host=...)``) is
# where data is kept, never an HTTP endpoint this file sends GraphQL to.
_STORE_WORDS = frozenset({
    "redis", "postgres", "postgresql", "psycopg", "psycopg2", "mysql", "mariadb", "sqlite", "database", "db", "dsn",
    "broker", "celery", "cache", "memcache", "memcached", "bucket", "s3", "gcs", "blob", "kafka", "amqp",
    "rabbitmq", "mongo", "mongodb", "pymongo", "smtp", "sqlalchemy", "elasticsearch", "sftp", "ftp", "ldap",
    # red team 23, report 12, f9: more database and mail drivers, and a container image's registry
    # (``IMAGE = "houston.azurecr.io/etl:1.4.2"``, ``image=``): where images are pulled from, never sent GraphQL
    "asyncpg", "aiopg", "pymysql", "mysqldb", "aiomysql", "oracledb", "cx", "snowflake", "clickhouse", "cassandra",
    "pyodbc", "odbc", "pymssql", "redshift", "vertica", "trino", "presto", "hive", "neo4j", "influxdb", "pika",
    "paramiko", "ssh", "smtplib", "imaplib", "imap", "poplib", "ftplib", "image", "images", "registry",
})
_NAME_WORDS = re.compile(r"[A-Z]?[a-z]+\d*|[A-Z]+\d*(?![a-z])|\d+")


# Calls a host written without a scheme (``"houston.acme.io"``) may be given to and still name an HTTP endpoint:
# HTTP and websocket clients (``http.client.HTTPSConnection(HOST)``), URL and string builders, setting reads with a
# default (``os.environ.get("HOUSTON_HOST", "houston.acme.io")``, pydantic's ``Field``, click's ``option``).
_HOST_TAKERS = frozenset({
    "HTTPSConnection", "HTTPConnection", "HTTPSConnectionPool", "HTTPConnectionPool", "connection_from_url", "PoolManager",
    "request", "post", "get", "put", "patch", "delete", "head", "options", "urlopen", "Request", "fetch", "stream",
    "Client", "AsyncClient", "Session", "ClientSession", "GraphqlClient", "GraphQLClient", "HTTPEndpoint", "RequestsEndpoint",
    "RequestsHTTPTransport", "AIOHTTPTransport", "HTTPXTransport", "HTTPXAsyncTransport", "WebsocketsTransport",
    "create_connection", "WebSocketApp", "ws_connect",
    "format", "join", "urljoin", "urlunsplit", "urlunparse", "urlsplit", "urlparse", "URL", "str", "getenv", "setdefault",
    "replace", "strip", "rstrip", "lstrip", "removeprefix", "removesuffix", "lower", "SplitResult", "ParseResult", "dict",
    "Field", "field", "option", "Option", "add_argument", "Variable", "HttpUrl", "AnyHttpUrl", "parse_obj_as",
})


def _dotted_name(node: ast.AST) -> str:
    """``kafka.KafkaProducer`` as written (its case kept, so its words split: ``Kafka``, ``Producer``), "" for a
    chain that is no dotted name; at most ``_MAX_DOTTED`` steps."""
    parts = []
    while isinstance(node, ast.Attribute) and len(parts) < _MAX_DOTTED:
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return parts[0] if parts else ""  # boto3.client("s3").upload_file: the method's own name
    parts.append(node.id)
    return ".".join(reversed(parts))


def _store_words(name: str) -> bool:
    """Does ``name`` (``REDIS_URL``, ``export_bucket``, ``redis.StrictRedis``) name a data store?"""
    words = {word.lower() for word in _NAME_WORDS.findall(name[:200].replace("Redis", "_Redis"))}
    return bool(words & _STORE_WORDS)


def _store_named(target: ast.AST) -> bool:
    if isinstance(target, ast.Name):
        return _store_words(target.id)
    if isinstance(target, ast.Attribute):
        return _store_words(target.attr)
    return False


_PRESENCE_CALLS = frozenset({"bool", "len"})
_MAX_GUARD_PARTS = 16


def _presence_reads(test: ast.AST) -> List[ast.AST]:
    """The settings a condition only tests for presence: ``not os.environ.get("HOUSTON_URL")``,
    ``os.getenv("HOUSTON_URL") is None``, ``not settings.HOUSTON_URL``, ``bool(HOUSTON_URL) and ...``.

    Red team 22, report 12, f5: ``if not os.environ.get("HOUSTON_URL"): sys.exit("set ...")`` in a script
    logging in with the astro CLI was "Houston endpoint named in the file": a guard says a setting must be
    there, never that this file sends GraphQL to it (a read of its value elsewhere still counts).  A
    walrus (``if not (url := os.environ.get(...))``) binds the value and is no guard.  At most
    ``_MAX_GUARD_PARTS`` parts of the condition are looked at.
    """
    found: List[ast.AST] = []
    stack = [test]
    looked = 0
    while stack and looked < _MAX_GUARD_PARTS:
        node = stack.pop()
        looked += 1
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            stack.append(node.operand)
        elif isinstance(node, ast.BoolOp):
            stack.extend(node.values)
        elif isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.Is, ast.IsNot, ast.Eq, ast.NotEq)):
            other = node.comparators[0]
            if isinstance(other, ast.Constant) and other.value in (None, "", False):
                stack.append(node.left)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _PRESENCE_CALLS and len(node.args) == 1:
            stack.append(node.args[0])
        elif isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)) or (
            isinstance(node, ast.Call) and _callee(node.func) in ("get", "getenv") and _dotted_words(node.func).startswith("os.")
        ):
            found.append(node)
    return found


def _mentions_for_another(node: ast.AST) -> bool:
    """Does ``node`` mention Houston for another program or a person, never as this file's destination?

    Red team 18, report 12, F1/F3/F4: a membership test (``"HOUSTON_URL" in os.environ``, a guard either
    way), a call running another program (``subprocess.run(["astro", "login", host])``; not curl or wget,
    which do send there), an environment variable built for a child (``V1EnvVar(name="HOUSTON_API_TOKEN")``),
    a message (a logger's, ``print``, ``warnings.warn``, ``sys.exit``, a raised exception's), and a
    one-line string with a space in it that names Houston (``"not using https://houston.%s/v1 here"``):
    prose, not a URL.  Constant work per node (a string is read once).
    """
    if isinstance(node, ast.Compare):
        return any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops)
    if isinstance(node, ast.Raise):
        return node.exc is not None
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and _prose(node.value)
    if isinstance(node, ast.JoinedStr):
        return _prose("".join(str(part.value) for part in node.values if isinstance(part, ast.Constant)))
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Name):
        if func.id in _ENV_VARIABLES or func.id in _MESSAGE_CALLS:
            return True
        return func.id in _PROGRAM_FUNCTIONS and not _runs_http_client(node)
    if not isinstance(func, ast.Attribute):
        return False
    receiver = _dotted_words(func.value)
    if func.attr in _ENV_VARIABLES or func.attr in ("echo", "secho") or (func.attr == "exit" and receiver == "sys"):
        return True
    if isinstance(func.value, ast.Call):  # logging.getLogger(__name__).info(...)
        receiver = _dotted_words(func.value.func)
    last = receiver.rsplit(".", 1)[-1]
    if func.attr in _LOG_METHODS and (last in ("log", "_log", "logging") or last.endswith(("logger", "_log"))):
        return True
    if func.attr == "warn" and receiver == "warnings":
        return True
    return func.attr in _PROGRAM_RUNNERS and receiver in _PROGRAM_MODULES and not _runs_http_client(node)


def _prose(value: str) -> bool:
    """A one-line string holding a space and naming Houston that is no shell command of an HTTP client."""
    if "\n" in value or not (" " in value or "\t" in value) or "houston" not in value.lower():
        return False
    words = value.split(None, 1)
    return not words or words[0].rsplit("/", 1)[-1] not in _HTTP_PROGRAMS


def _runs_http_client(call: ast.Call) -> bool:
    """Is the program ``call`` runs curl, wget or another HTTP client (its argv's first word)?"""
    argv = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "args"), None)
    if isinstance(argv, (ast.List, ast.Tuple)):
        argv = argv.elts[0] if argv.elts else None
    if isinstance(argv, ast.JoinedStr):
        argv = argv.values[0] if argv.values else None
    if not (isinstance(argv, ast.Constant) and isinstance(argv.value, str)):
        return False
    words = argv.value.split(None, 1)
    return bool(words) and words[0].rsplit("/", 1)[-1] in _HTTP_PROGRAMS


_MAX_DOTTED = 8


def _dotted_words(node: ast.AST) -> str:
    """``lib.houston_api`` for a dotted chain of names (lowercase), "" for anything else or a chain longer than
    ``_MAX_DOTTED`` (each attribute of the tree is asked once: at most that many steps each, linear)."""
    parts = []
    while isinstance(node, ast.Attribute):
        if len(parts) >= _MAX_DOTTED:
            return ""
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return ""
    parts.append(node.id)
    return ".".join(reversed(parts)).lower()


def _from_tree(module: ast.Module) -> List[Evidence]:
    found: List[Evidence] = []
    seen = set()

    def add(kind: str, text: str) -> None:
        key = (kind, text.split(" (line")[0])
        if key not in seen and len(seen) < 8:  # a few examples say enough
            seen.add(key)
            found.append(Evidence(kind, False, CONTEXT, text))

    posts: List[ast.Call] = []  # NAME.post("/path", ...), matched against the names bound to Client() after the walk
    clients = set()
    self_posts: List[ast.Call] = []  # self.NAME.post("/path", ...), matched against self.NAME = TestClient(...) after the walk
    self_clients = {}  # NAME of self.NAME = TestClient(...) -> the constructor ("": django.test's Client())
    imported = set()  # modules imported (django.test, tornado.testing): whose test tools the file uses
    for node in walk(module):  # the tree's one listing (sources/tree_nodes.py)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imported.update(a.name for a in node.names) if isinstance(node, ast.Import) else imported.add(node.module or "")
            for framework, statement in _framework_imports(node):
                add("schema", f"GraphQL server framework imported: {statement} (line {node.lineno})")
            schema_import = _schema_import(node)
            if schema_import is not None:
                add("schema", f"schema imported from the project: {schema_import} (line {node.lineno})")
        elif isinstance(node, ast.Call):
            name = _callee(node.func)
            if name in SCHEMA_BUILDERS:
                add("schema", f"schema built here: {name}(...) (line {node.lineno})")
            elif name in LOCAL_EXECUTORS and node.args and _mentions_schema(node.args[0]):
                add("executed-locally", f"executed locally: {name}({ast.unparse(node.args[0])}, ...) (line {node.lineno})")
            elif isinstance(node.func, ast.Attribute) and name in ("execute", "execute_sync", "execute_async", "subscribe") and _mentions_schema(node.func.value):
                add("executed-locally", f"executed locally: {ast.unparse(node.func)} (line {node.lineno})")
            else:
                local = test_client_call(node)  # red team 6, F13: what a test client posts stays in process
                if local is not None:
                    add("test-client", f"{local} (line {node.lineno})")
                elif _relative_request(node, "fetch") and node.func.value.id == "self" or _relative_request(node, "post"):
                    posts.append(node)
                elif _self_relative_request(node):
                    self_posts.append(node)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            value = node.value
            if isinstance(value, ast.Call) and _callee(value.func) == "Client" and not value.args and not {
                k.arg for k in value.keywords} & {"base_url", "transport", "app", "url", "endpoint"}:
                clients.add(node.targets[0].id)  # c = Client(): django.test's client (no base URL to post a path to)
        elif isinstance(node, ast.Assign) and _self_attribute(node.targets[-1]) and isinstance(node.value, ast.Call):
            # self.http = TestClient(app), self.api = APIClient(), self.c = Client() in setUp (red team 13, F13)
            callee = _callee(node.value.func)
            if callee in TEST_CLIENTS:
                self_clients[node.targets[-1].attr] = callee
            elif callee == "Client" and not node.value.args and not {
                k.arg for k in node.value.keywords} & {"base_url", "transport", "app", "url", "endpoint"}:
                self_clients.setdefault(node.targets[-1].attr, "")  # django.test's Client(), when the file imports it
    for node in self_posts:
        attribute = node.func.value.attr
        made = self_clients.get(attribute)
        if made or (made == "" and "django.test" in imported):
            add("test-client", f"test client of this project's server: self.{attribute} = {made or 'Client'}(); "
                f"self.{attribute}.{node.func.attr}({node.args[0].value!r}) (line {node.lineno})")
    for node in posts:  # red team 12, F4: the test's own server, when the file imports the test tool
        if node.func.attr == "fetch" and "tornado.testing" in imported:
            # tornado's AsyncHTTPTestCase.fetch requests a path of the app the test case serves itself
            add("test-client", f"test case's own server: self.fetch({node.args[0].value!r}) (line {node.lineno})")
        elif node.func.attr == "post" and node.func.value.id in clients and "django.test" in imported:
            # c = Client(); c.post("/graphql/", {...}) with Client from django.test
            add("test-client", f"test client of this project's server: {node.func.value.id} = Client(); "
                f"{node.func.value.id}.post({node.args[0].value!r}) (line {node.lineno})")
    return found


def _self_attribute(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"


def _self_relative_request(node: ast.Call) -> bool:
    """``self.NAME.post("/path", ...)`` (any HTTP verb): a request to a path, on a client kept on the test case."""
    if not isinstance(node.func, ast.Attribute) or node.func.attr not in _HTTP_VERBS or not _self_attribute(node.func.value):
        return False
    first = node.args[0] if node.args else None
    return isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value.startswith("/") and not first.value.startswith("//")


def _relative_request(node: ast.Call, method: str) -> bool:
    """``NAME.method("/path", ...)``: a request to a path, with no host (so to a server the test runs itself)."""
    if not isinstance(node.func, ast.Attribute) or node.func.attr != method or not isinstance(node.func.value, ast.Name):
        return False
    first = node.args[0] if node.args else None
    return isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value.startswith("/") and not first.value.startswith("//")


HTTP_CLIENTS = frozenset({"requests", "httpx", "urllib", "urllib3", "aiohttp", "gql", "http", "sgqlc", "python_graphql_client"})


def _imports_http_client(module: ast.Module) -> bool:
    for node in walk(module):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] in HTTP_CLIENTS for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] in HTTP_CLIENTS:
            return True
    return False


def _framework_imports(node) -> List[Tuple[str, str]]:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
        return [(n.split(".")[0], f"import {n}") for n in names if n.split(".")[0] in SERVER_FRAMEWORKS]
    if node.level == 0 and node.module and node.module.split(".")[0] in SERVER_FRAMEWORKS:
        return [(node.module.split(".")[0], f"from {node.module} import ...")]
    return []


def _schema_import(node) -> Optional[str]:
    """``from .schema import schema``, ``from app.graphql import StarWarsSchema``: a schema of the project."""
    if not isinstance(node, ast.ImportFrom):
        return None
    module = node.module or ""
    if "houston" in module.lower() or module.split(".")[0] in ("graphql", "gql", "sgqlc"):
        return None  # a Houston schema module (sgqlc's generated one), or graphql-core's own types
    for alias in node.names:
        if re.search(r"schema", alias.name, re.IGNORECASE) and "houston" not in alias.name.lower():
            return f"from {'.' * node.level}{module} import {alias.name}"
    return None


def _mentions_schema(node: ast.AST) -> bool:
    return re.search(r"schema", ast.unparse(node), re.IGNORECASE) is not None and "houston" not in ast.unparse(node).lower()


def _callee(func: ast.AST) -> Optional[str]:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None
