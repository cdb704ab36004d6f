"""Weigh the evidence about a document and give the verdict: Houston, not Houston, or undecided.

The rule is short on purpose, so a person can check it against
``check --explain``:

* look at the strongest weight that has any evidence (decisive: the call's
  URL; strong: the document's name, or a call running it in process;
  context: the file around it; weak: its own words; notes weigh nothing);
* if everything at that weight points one way, that is the verdict;
* if it points both ways, or there is no evidence at all, the verdict is
  ``None``: undecided, listed with its evidence, neither validated nor
  rewritten.

So the URL a call posts to outranks the name a script gave the document,
which outranks what the document's own fields suggest; and a schema the
module defines itself outranks any resemblance to Houston's schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from . import airflow_connections, call_url, file_sends, instance_tokens, mocked_urls, gather_binding, gather_calls, gather_names, gather_vocabulary, imported_instance, project_sdl, read_beside, sdk_sends, send_forms, sent_url
from .evidence import CONTEXT, DECISIVE, NOTE, STRONG, WEAK, Evidence
from .gather_module import ModuleEvidence


@dataclass
class Verdict:
    houston: Optional[bool]
    evidence: List[Evidence] = field(default_factory=list)

    def explain(self) -> List[str]:
        return [e.describe() for e in self.evidence]


@dataclass
class FileFacts:
    """What a file says about all its documents, gathered once (see gather_module)."""

    module: ModuleEvidence
    finder: object = None  # the Python finder, to follow a call's receiver to its construction
    _houston_senders: Optional[list] = None
    project: Optional[tuple] = None  # (schema, SDL file name) of the project's own SDL (project_sdl.schema_of)

    @classmethod
    def gather(cls, source_file, finder=None) -> "FileFacts":
        def line_of(offset: int) -> int:
            return source_file.line_col(offset)[0]

        module = getattr(finder, "module", None)
        return cls(ModuleEvidence.gather(source_file.text, module, line_of), finder)

    def houston_sender_line(self, call) -> Optional[int]:
        """The line of a sending call of this file, other than ``call``, whose URL or headers name Houston."""
        if self.finder is None:
            return None
        if self._houston_senders is None:  # read once per file, when a document first asks
            self._houston_senders = gather_binding.houston_senders(self.finder)
        return next((line for sender, line in self._houston_senders if sender is not call), None)


def decide(document, source, facts: Optional[FileFacts]) -> Verdict:
    """Gather every kind of evidence about ``source`` (its parsed ``document`` may be None), weigh it."""
    finder = facts.finder if facts is not None else None
    evidence: List[Evidence] = []
    evidence.extend(gather_calls.gather(source.sites, finder))
    evidence.extend(gather_binding.gather(source.sites, finder, facts))
    evidence.extend(imported_instance.gather(source.sites, finder))  # houston = ImportedClient(URL) (14-F7)
    evidence.extend(imported_instance.gather_subclasses(source.sites, finder))  # class Inventory(ImportedApi): URL = ... (19-F17)
    evidence.extend(gather_binding.connection_evidence(source.sites, finder))  # http_conn_id="houston" (pass 12, F10)
    evidence.extend(airflow_connections.gather(source.sites, finder))  # get_connection("houston_api"), cmdb_graphql (RT17 F26, F17)
    evidence.extend(sdk_sends.gather(source, finder))  # shopify.GraphQL().execute(q), PyGithub (F6)
    evidence.extend(sent_url.gather(source.sites, finder))  # a URL not written at the call (red team 10, F1-F3)
    evidence.extend(gather_names.gather(source.names, finder))  # finder: sibling names (F4, DALLAS_QUERY)
    data = gather_names.read_as_data(source, finder)  # HOUSTON_CONFIG read by yaml.safe_load (F11)
    if data is not None:
        evidence.append(data)
    evidence.extend(getattr(source, "elsewhere", ()))  # what another module of the run does with it (cross_module)
    evidence.extend(_where_the_whole_goes(source, finder, facts))
    evidence = _places(evidence, finder)  # HOUSTON_API_URL beside DALLAS_API_URL: the city (red team 20 F12)
    if not any(item.weight > CONTEXT and item.houston is not None for item in evidence):
        evidence.extend(send_forms.gather(source, finder))  # QUERIES[name], for q in QS, f(): red team 12, F1
        evidence.extend(read_beside.gather(source, finder))  # gh api graphql, pycurl, websockets: 14-F1
    if facts is not None:
        sent = gather_calls.sent_over_http(source.sites, finder) if source.sites else facts.module.sends_http
        other = _another_instances(source, facts) if facts.module.endpoint is not None and sent else None
        if facts.module.endpoint is not None and sent and _sent_elsewhere(evidence, facts.module):
            evidence.append(Evidence("endpoint", None, NOTE, f"{facts.module.endpoint.text[len('Houston endpoint named in the file: '):]} "
                                     "names Houston in the file, but this document's send is traced to another URL"))
        elif other is not None:  # platform = GraphQL(URL1, {"authorization": HOUSTON_API_TOKEN}) beside directory (RT24 12 f6)
            evidence.append(Evidence("endpoint", None, NOTE, f"{facts.module.endpoint.text[len('Houston endpoint named in the file: '):]} "
                                     f"is given to another instance, {instance_tokens.bound_names(other, facts.finder)[0]}, not to the one this document is sent through"))
        elif facts.module.endpoint is not None and sent:
            evidence.append(facts.module.endpoint)
            evidence.extend(_endpoint_not_for_this_one(evidence, source, facts))
        evidence.extend(_not_said_by_the_call(facts.module.against, evidence))
        evidence.extend(mocked_urls.gather(finder))  # responses.add(POST, "https://cmdb..."): its tests' copies (RT20 f14)
    if document is not None and facts is not None and facts.project is not None:
        fit = project_sdl.fits(document, facts.project)  # 13-F10: a client of the project's own API
        if fit is not None:
            evidence.append(fit)
    if document is not None:
        evidence.extend(gather_vocabulary.gather(document))
    else:
        evidence.extend(gather_vocabulary.gather_unparsed(source.text))
    evidence = _said_once(_other_services(_places(evidence, finder)))
    evidence = _named_elsewhere(_traced_elsewhere(evidence))
    evidence.extend(_other_service_in_file(evidence, facts))
    evidence.extend(_untraced_beside_another_service(evidence, source, facts))
    evidence.sort(key=lambda e: -e.weight)
    mixed = mixed_destinations(source, finder, facts) if getattr(source, "wholes", None) else None
    if mixed is not None:  # a part of a Houston document and of another API's: held (F19)
        evidence.insert(0, Evidence(
            "shared-part", None, NOTE,
            f"part of a document sent to Houston (call at line {mixed[0]}) and of one sent elsewhere "
            f"(call at line {mixed[1]}): held, neither validated nor edited",
        ))
        return Verdict(None, evidence)
    return Verdict(weigh(evidence), evidence)


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _places(evidence: List[Evidence], finder) -> List[Evidence]:
    """Evidence for Houston resting only on a name of Houston the city is a note (red team 20, report 12, F12).

    ``gather_names.city_names``: ``HOUSTON_API_URL`` among ``DALLAS_API_URL`` and ``AUSTIN_API_URL`` names a
    place, as ``HOUSTON_QUERY`` beside ``DALLAS_QUERY`` does for a document's name.  An item for Houston whose
    words name such a name and no other Houston word (a ``houston.`` host, another ``HOUSTON_*`` name) says
    so and weighs nothing.  The file's names are read once; each item's words once.
    """
    cities = gather_names.city_names(finder) if finder is not None else {}
    if not cities:
        return evidence
    kept = []
    for item in evidence:
        if item.houston is True and item.kind != "name":
            named = [word for word in _IDENTIFIER.findall(item.text) if "houston" in word.lower() and word != "Houston"]  # not the prose's
            if named and all(word in cities for word in named):
                item = Evidence(item.kind, None, NOTE, f"{item.text}: {named[0]}, beside {cities[named[0]]}, names a place, not Houston's API")
        kept.append(item)
    return kept


def _said_once(evidence: List[Evidence]) -> List[Evidence]:
    """An item ``send_forms`` added for a call whose URL another reader already said for this document, both now
    saying the same thing (``posted to U (call at line 10, sending STOCK): houston, beside dallas, ...`` beside
    ``posted to U (call at line 10): houston, beside dallas, ...``), is left out (red team 24, report 12, f13: the
    note was printed twice).  Only the same claim at the same weight and direction; the texts are indexed once."""
    said = {(item.text, item.houston, item.weight) for item in evidence}
    kept = []
    for item in evidence:
        head, sending, rest = item.text.partition(", sending ")
        close = rest.rfind(")")
        if sending and close >= 0 and (head + ")" + rest[close + 1 :], item.houston, item.weight) in said:
            continue
        kept.append(item)
    return kept


def _other_services(evidence: List[Evidence]) -> List[Evidence]:
    """Evidence for Houston resting only on settings named for another service is a note, for a document
    whose own words are not Houston's (red team 22, report 12, f14).

    ``os.environ["HOUSTON_WEATHER_API_URL"]`` (the Houston office's weather), ``HOUSTON_OFFICE_DIRECTORY_URL``:
    the rule ``gather_names.gather`` applies to a document's name (``HOUSTON_FORECAST``, the city), applied to
    the ``HOUSTON_*`` names an item's words rest on, less the words of how a setting reaches Houston
    (``gather_names.SETTING_WORDS``).  Only when the document's root fields or arguments are ones Houston never
    had: a Houston client posting to ``HOUSTON_SANDBOX_URL`` keeps its URL.  Each item's words are read once.
    """
    if not any(item.kind == "vocabulary" and item.houston is False and item.text.startswith(_NOT_HOUSTONS) for item in evidence):
        return evidence
    kept = []
    for item in evidence:
        if item.houston is True and item.kind != "name":
            named = [word for word in _IDENTIFIER.findall(item.text) if "houston" in word.lower() and word != "Houston"]  # not the prose's
            other = [gather_names.setting_foreign_words(word) for word in named]
            # the object a setting is read from (houston_settings.api_url = HOUSTON_DC1_API_URL) names no setting:
            # its words are not weighed (red team 23, report 12, f13); one that names another service still is
            receivers = _receivers(item.text)
            kept_words = [(word, words) for word, words in zip(named, other) if words or word not in receivers]
            named, other = [w for w, _ in kept_words], [o for _, o in kept_words]
            if named and all(other):
                item = Evidence(item.kind, None, NOTE, f"{item.text}: {named[0]}, whose other words are not Houston's API: {', '.join(other[0][:3])}")
        kept.append(item)
    return kept


_NOT_HOUSTONS = ("root fields Houston never had", "arguments Houston never declared")
_RECEIVER = re.compile(r"(?<![A-Za-z0-9_./@-])([A-Za-z_][A-Za-z0-9_]*)\.[A-Za-z_][A-Za-z0-9_]*(?![A-Za-z0-9_.-])")  # one attribute read from a name, never a host: linear


def _receivers(text: str) -> set:
    """The names an attribute is read from in an evidence text (``houston_settings`` of ``houston_settings.api_url``)."""
    return set(_RECEIVER.findall(text[:500]))


def _traced_elsewhere(evidence: List[Evidence]) -> List[Evidence]:
    """A send traced to a URL named for another service, of root fields Houston never had: strong, against.

    Red team 22, report 12, f1: ``requests.post(os.environ["WEATHER_GRAPHQL_URL"], json={"query":
    HOUSTON_QUERY})`` with ``getCityByName`` at its root was Houston on its name alone, the send a note.
    A name (``HOUSTON_QUERY``, a helper ``houston()``) says what a person called the document; the URL its
    own send was traced to, named for another service, and root fields no Houston version had say where it
    goes.  Both strong: undecided at most, never validated nor edited on the name.  A decisive Houston URL
    still decides.  Each item is read once.
    """
    sent = next((item for item in evidence if item.kind == gather_binding.ELSEWHERE and item.houston is None), None)
    if sent is None or not any(item.kind == "vocabulary" and item.houston is False and item.text.startswith(_NEVER_HAD)
                               for item in evidence):
        return evidence
    where = _LINE_OF_CALL.search(sent.text)
    service = _service_in(sent.text[len("posted to "):where.start() if where else None])
    if service is None:
        return evidence
    kept = [item for item in evidence if item is not sent]
    kept.append(Evidence(gather_binding.ELSEWHERE, False, STRONG,
                         f"{sent.text}: a URL named for another service ({service}), and root fields Houston never had"))
    return kept


# ``OFFICES["dallas"]["url"]``, ``os.environ["CMDB_GRAPHQL_URL"]``: a quoted key of a subscript, one bounded run of
# name characters between "[" and a quote, and a quote and "]": linear.
_QUOTED_KEY = re.compile(r"""\[["']([A-Za-z_][A-Za-z0-9_-]{0,99})["']\]""")


def _service_in(expression: str) -> Optional[str]:
    """The service a send's URL expression is named for: the words of the setting it reads, a subscript's quoted
    keys first (``os.environ["CMDB_GRAPHQL_URL"]``: cmdb; ``OFFICES["dallas"]["url"]``: dallas, the entry, never
    ``offices``, the table a local name holds: red team 24, report 12, f13), else its names (``CMDB_URL``)."""
    keys = [word for key in _QUOTED_KEY.findall(expression[:500]) for word in _IDENTIFIER.findall(key)]
    return gather_binding.service_named(keys) or gather_binding.service_named(_IDENTIFIER.findall(expression))


_ELSEWHERE_PREFIXES = ("posted to ", "sent through Airflow connection ")


def _named_elsewhere(evidence: List[Evidence]) -> List[Evidence]:
    """A send traced to a URL or Airflow connection named for another service weighs against, at the words' weight.

    Red team 23, report 12, f8: a dashboard posting ``deployments { id releaseName airflowVersion }`` to
    ``os.environ["INVENTORY_GRAPHQL_URL"]``, or a DAG sending it through ``http_conn_id="inventory_api"``,
    never talks to Houston, yet the send was only a note and Houston's vocabulary made the document Houston's
    (validated, and rewritten to ``airflowVersion: runtimeAirflowVersion``).  The note left by
    ``_traced_elsewhere`` (the document's words are not said to be foreign) is said against at the weight of
    the document's own words: vocabulary alone then leaves it undecided, never validated nor edited, while a
    name, a run or a file context for Houston (a Houston token the send may carry) still outranks it.  A URL
    naming no service (``API_URL``, ``GRAPHQL_ENDPOINT``, ``args.url``) leaves no such note.  Each item is
    read once.
    """
    sent = next((item for item in evidence if item.kind == gather_binding.ELSEWHERE and item.houston is None), None)
    if sent is None:
        return evidence
    prefix = next((p for p in _ELSEWHERE_PREFIXES if sent.text.startswith(p)), None)
    if prefix is None:
        return evidence
    where = _LINE_OF_CALL.search(sent.text)
    service = _service_in(sent.text[len(prefix):where.start() if where else None])
    if service is None:
        return evidence
    kept = [item for item in evidence if item is not sent]
    kept.append(Evidence(gather_binding.ELSEWHERE, False, WEAK, f"{sent.text}: named for another service ({service})"))
    return kept


def _other_service_in_file(evidence: List[Evidence], facts: Optional[FileFacts]) -> List[Evidence]:
    """Red team 22, report 12, f4: a document the file's Houston endpoint alone made Houston's, whose root fields or
    arguments Houston never had, in a file that also binds another service's URL (``CMDB_URL =
    os.environ["CMDB_GRAPHQL_URL"]``, ``GITHUB_URL = "https://api.github.com/graphql"``): its send was not traced
    (``url, token = ENDPOINTS[name]``, a record handed to a helper, a serialized body, curl's argv), so it may be that
    service's.  Said against at the context's weight: undecided, neither validated nor edited.  The file's settings
    are read once (``file_sends.other_service_setting``)."""
    if facts is None or facts.finder is None or not any(item.kind == "endpoint" and item.houston is True for item in evidence):
        return []
    if any(item.houston is not None and (item.weight > CONTEXT or (item.weight == CONTEXT and item.houston is False)) for item in evidence):
        return []  # its own send, name or run decided, or something already weighs against the context
    words = next((item for item in evidence if item.kind == "vocabulary" and item.houston is False and item.text.startswith(_NOT_HOUSTONS)), None)
    setting = file_sends.other_service_setting(facts.finder) if words is not None else None
    if setting is None:
        return []
    name, line, service = setting
    return [Evidence("other-send", False, CONTEXT, f"the file also binds {name} (line {line}), a URL for another service "
                     f"({service}), and this document's own send was not traced; its {words.text[0].lower()}{words.text[1:]}")]


def _untraced_beside_another_service(evidence: List[Evidence], source, facts: Optional[FileFacts]) -> List[Evidence]:
    """A Python document made Houston's only by the file's context and its own words, in a file whose code names
    another service's endpoint anywhere, is undecided (red team 25, report 12, f1 f2 f6 f7 f8 f10).

    ``_other_service_in_file`` asked for a module-level binding and root fields Houston never had; a CMDB's
    ``createDeployment(releaseName, label, airflowVersion)`` sent through a route not followed
    (``GraphQLClient(os.environ["CMDB_URL"])``, ``functools.partial``, a parameter's default, ``url or X``, a
    websocket, an instance kept on ``self``) has Houston's words, and was validated and rewritten.  Where nothing
    stronger than context speaks for Houston about this document (no URL, helper, client, connection, name or run
    of its own) and the file names another service's endpoint (``file_sends.other_service_endpoint``: an
    environment variable, a binding or a URL literal anywhere in code), that endpoint is said against at the
    weight of the strongest evidence for Houston: undecided, listed, neither validated nor edited.  A send traced
    to Houston keeps its verdict; a file naming no other service keeps its context.  The module is read once."""
    if facts is None or facts.finder is None:
        return []
    if any(item.houston is not None and item.weight > CONTEXT for item in evidence) or weigh(evidence) is not True:
        return []  # its own send, name or run decided, or it is not Houston's anyway
    if _own_send(source, facts.finder) != _UNTRACED:
        return []  # its send is traced to a URL that places nothing (a gateway's /v1): that URL, not another one, is where it goes
    top = max(item.weight for item in evidence if item.houston is True)
    named = file_sends.other_service_endpoint(facts.finder)
    if named is not None:
        what, line = named
        return [Evidence("other-send", False, top, f"the file also sends to {what} (line {line}); {_UNTRACED}")]
    handed = _helper_naming_another_service(source, facts.finder)
    if handed is not None:
        helper, definer, what, line = handed
        return [Evidence("other-send", False, top, f"handed to {helper}() of {definer}, whose module also sends to {what} "
                         f"({definer}:{line}); this document's send was not traced")]
    return []


# sources.cross_module.NAMES_OTHER (kept as text: no import of sources)
_NAMES_OTHER = " names other "


def _helper_naming_another_service(source, finder) -> Optional[Tuple[str, str, str, int]]:
    """(helper, its module, the other service's endpoint, its line) when the document is handed to a helper imported
    from a module of the run whose code names another service's endpoint (``cross_module._note_other_service``)."""
    helpers = getattr(getattr(finder, "file", None), "imported_helpers", None) or {}
    if not helpers:
        return None
    for site in source.sites[:8]:
        if site.kind != "helper":
            continue
        name = call_url.callee(site.call)
        key = finder.imported_helper_key(site.call, site.scope) if hasattr(finder, "imported_helper_key") else None
        entry = helpers.get(key or name) or helpers.get(name)
        if not entry:
            continue
        for word, line in entry[1].items():
            if isinstance(word, str) and word.startswith(_NAMES_OTHER):
                return key or name, entry[0], word[len(_NAMES_OTHER):], line
    return None


_NEVER_HAD = "root fields Houston never had"
_LINE_OF_CALL = re.compile(r" \(call at line \d+\)$")


def _where_the_whole_goes(source, finder, facts: Optional[FileFacts]) -> List[Evidence]:
    """A part spliced into documents sent (``requests.post(GH, json={"query": Q + FRAG})``) goes where they go.

    The evidence of each whole's send and name, as the whole's (red team 10, F5): a part of a
    composition sent to GitHub is not Houston's because the file also names Houston.
    """
    found: List[Evidence] = []
    for whole, said, _direction in _wholes_said(source, finder, facts):
        for item in said:
            found.append(Evidence(item.kind, item.houston, item.weight, f"part of a document sent: {item.text}"))
    return found


def _wholes_said(source, finder, facts: Optional[FileFacts]) -> list:
    """(whole, its send's and name's evidence above context, the direction that evidence weighs to), per whole.

    Read once per part (memo on the finder: ``composed.held_parts`` asks again for the same parts).
    """
    wholes = getattr(source, "wholes", ())[:8]
    if not wholes:
        return []
    memo = getattr(finder, "memo", None) if finder is not None else None
    key = ("verdict.wholes_said", id(source))
    if memo is not None and key in memo:
        return memo[key]
    answer = []
    for whole in wholes:
        said = gather_calls.gather(whole.sites, finder) + gather_binding.gather(whole.sites, finder, facts) + sent_url.gather(whole.sites, finder) + gather_names.gather(whole.names)
        said = [item for item in said if item.houston is not None and item.weight > CONTEXT]
        answer.append((whole, said, weigh(said)))
    if memo is not None:
        memo[key] = answer
    return answer


def mixed_destinations(source, finder, facts: Optional[FileFacts]) -> Optional[Tuple[int, int]]:
    """(line of a whole sent to Houston, line of a whole sent elsewhere) when a part is spliced into both.

    Red team 13, report 12, F19: ``houston(H_Q + FRAG)`` and ``inventory(INV_Q + FRAG)``: FRAG is
    Houston's in one request and another API's in the other, so no verdict is true of it; editing
    it (even the alias every Houston reader shares) changes the other API's request.
    """
    houston_line = other_line = None
    for whole, _said, direction in _wholes_said(source, finder, facts):
        line = next((site.call.lineno for site in whole.sites if getattr(site.call, "lineno", None)), 0)
        if direction is True and houston_line is None:
            houston_line = line
        elif direction is False and other_line is None:
            other_line = line
    if houston_line is None or other_line is None:
        return None
    return houston_line, other_line


def _sent_elsewhere(evidence: List[Evidence], module: ModuleEvidence) -> bool:
    """Red team 18, report 12, F1/F3: the document's own send is traced to a destination naming no Houston
    (``requests.post(CMDB_URL, ...)`` with ``CMDB_URL = os.environ["CMDB_GRAPHQL_URL"]``, an Airflow
    connection ``inventory_api``), and the file names a Houston URL or host (not only a token, which may
    travel with that send): that URL is not where this document goes, so it is no context for it."""
    return module.endpoint_names_url and any(item.kind == gather_binding.ELSEWHERE for item in evidence)


def _endpoint_not_for_this_one(evidence: List[Evidence], source, facts: FileFacts) -> List[Evidence]:
    """Red team 12, F1: the file's Houston endpoint speaks for an untraced document only when the
    file sends GraphQL to Houston alone (file_sends).  When it also sends to another destination,
    that send is said against at the same weight, so the document stays undecided, not Houston's."""
    if any(item.weight > CONTEXT and item.houston is not None for item in evidence):
        return []  # its own send, name or run decided: the file's context weighs nothing then
    if instance_tokens.own_instance(facts.module.mentions, instance_tokens.document_instances(source, facts.finder), facts.finder):
        return []  # platform.post(...) of the instance given the Houston token: directory's sends are another's (RT24 12 f6)
    own = [call for site in source.sites for call in [site.call] + [c for c, _s in gather_binding._sending_calls(site, facts.finder)]]
    other = file_sends.other_destination(facts.finder, own)
    if other is None:
        return []
    url, line = other
    own_send = _own_send(source, facts.finder)
    if file_sends.builds_client(facts.finder, line):
        if own_send == _UNTRACED and _through_a_client(source, facts.finder):
            # FACTORIES[name]().execute(gql(Q)) beside Client(transport=...(url=CMDB_URL)): maybe its own client (RT20 f9)
            return [Evidence("other-send", False, CONTEXT, f"the file builds a client for {url} (line {line}), maybe the one this document's untraced send uses")]
        # directory.execute(TEAMS) traced to DIRECTORY_URL beside platform's client: its send is no untraced one
        # (red team 24, report 12, f13), and the client is built, not seen sending
        return [Evidence("other-send", False, CONTEXT, f"the file builds a client for {url} (line {line}); {own_send}")]
    return [Evidence("other-send", False, CONTEXT, f"the file also sends to {url} (line {line}); {own_send}")]


def _another_instances(source, facts: FileFacts):
    """The construction the file's Houston mentions all belong to when it is another instance of the class (or
    library client) this document is sent through only, else None (red team 24, report 12, f6: each instance is
    judged by what its own construction passes; ``instance_tokens``)."""
    if facts.finder is None or not facts.module.mentions:
        return None
    return instance_tokens.another_instances(facts.module.mentions, instance_tokens.document_instances(source, facts.finder), facts.finder)


def _through_a_client(source, finder) -> bool:
    """Is the document sent by a client's ``execute`` (``gql(DOC)`` handed to one), or by no send seen at all?"""
    calls = [call for site in source.sites[:4] for call, _scope in gather_binding._sending_calls(site, finder)[:2]]
    return not calls or any(call_url.callee(call) in call_url.EXECUTE_METHODS for call in calls)


def _own_send(source, finder) -> str:
    """What the document's own send is, said truly (red team 18, report 12, F2/F8/F10): the URL its send was
    traced to, which placed nothing (``http://localhost:8000/v1``, ``f"https://{HOST}/v1"``), or that it
    was not traced.  The call's words are memoised per call (``gather_binding.call_words``)."""
    for site in source.sites[:4]:
        for call, scope in gather_binding._sending_calls(site, finder)[:2]:
            words = gather_binding.call_words(call, scope, finder)
            if words is not None and words.url is not None and (words.concrete or words.literal):  # not a bare parameter
                return f"this document's send (to {gather_calls.describe_url(words.url)}, line {call.lineno}) places nothing"
    return _UNTRACED


_UNTRACED = "this document's send was not traced"


_LINE = re.compile(r"\(line (\d+)\)$")


def _not_said_by_the_call(module_evidence: List[Evidence], call_evidence: List[Evidence]) -> List[Evidence]:
    """The file's evidence less what a call of this document already said, stronger (red team 8, E2).

    ``schema.execute_sync(Q)`` is seen both as this document's call (strong) and as
    something the file does (context): one line, once, at the call's weight.
    """
    said = set()
    # Its own call runs it in process: another call of the file doing so says nothing more (red team 9, F13).
    own_kinds = {item.kind for item in call_evidence if item.kind == "executed-locally"}
    module_evidence = [item for item in module_evidence if item.kind not in own_kinds]
    for item in call_evidence:
        match = _LINE.search(item.text)
        if match is not None:
            said.add((item.kind, match.group(1)))
    kept = []
    for item in module_evidence:
        match = _LINE.search(item.text)
        if match is None or (item.kind, match.group(1)) not in said:
            kept.append(item)
    return kept


def weigh(evidence: List[Evidence]) -> Optional[bool]:
    for weight in (DECISIVE, STRONG, CONTEXT, WEAK):
        directions = {e.houston for e in evidence if e.weight == weight and e.houston is not None}
        if len(directions) == 1:
            return directions.pop()
        if directions:
            return None  # evidence of the same weight both ways: not ours to guess
    return None
