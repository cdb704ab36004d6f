"""Find the GraphQL documents in a Python module (LibCST).

A string is taken for a GraphQL document on one of two kinds of evidence:

* **call**: it is used where GraphQL is sent: ``gql(...)``, the first argument
  of a client's ``.execute(...)``, a ``query=`` keyword, or the ``"query"``
  value of a JSON payload (``json=``/``data=`` or ``json.dumps``).  Names bound
  to literals in the same module are followed.
* **content**: its text starts with ``query``/``mutation``/``subscription``/
  ``fragment`` and parses as an executable GraphQL document.

Docstrings never count: they describe, they are not sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Tuple

import libcst as cst
from libcst.metadata import ByteSpanPositionProvider, MetadataWrapper

from ..model import CallSite, Source
from ..source_file import SourceFile
from . import templates

EXECUTE_METHODS = frozenset({"execute", "execute_async", "execute_sync", "subscribe", "subscribe_async"})
VARIABLE_KEYWORDS = ("variable_values", "variables")
PAYLOAD_KEYWORDS = ("json", "data", "content")
IGNORE_MARKER = re.compile(r"#\s*houston-codemod:\s*ignore\b")
_KEYWORD_START = re.compile(r"(?:\s|,|#[^\r\n]*)*(query|mutation|subscription|fragment)(?![_0-9A-Za-z])")
_KEYWORD_ANYWHERE = re.compile(r"query|mutation|subscription|fragment")
_URL_START = re.compile(r"[rRfFbBuU]*['\"]{1,3}\s*(?:https?://|[^'\"]*houston)", re.IGNORECASE)


@dataclass
class _Scope:
    kind: str  # module | class | function
    parent: Optional["_Scope"]
    bindings: Dict[str, List[cst.BaseExpression]] = field(default_factory=dict)

    def bind(self, name: str, value: cst.BaseExpression) -> None:
        self.bindings.setdefault(name, []).append(value)

    def lookup(self, name: str) -> List[cst.BaseExpression]:
        scope: Optional[_Scope] = self
        first = True
        while scope is not None:
            # Like Python: a function body does not see its enclosing class's names.
            if (first or scope.kind != "class") and name in scope.bindings:
                return scope.bindings[name]
            first = False
            scope = scope.parent
        return []


class _Collector(cst.CSTVisitor):
    """One walk: scopes and their bindings, calls, and top-level string expressions."""

    def __init__(self) -> None:
        self.module_scope = _Scope("module", None)
        self.scope = self.module_scope
        self.class_scopes: List[_Scope] = []
        self.calls: List[Tuple[cst.Call, _Scope]] = []
        # Calls made inside each named function: where a helper sends what it is given.
        self.calls_in_function: Dict[str, List[Tuple[cst.Call, _Scope]]] = {}
        self.function_names: List[str] = []
        self.function_defs: Dict[str, cst.FunctionDef] = {}
        self.strings: List[cst.BaseExpression] = []
        self.templates: Dict[int, Tuple[cst.BaseExpression, str]] = {}
        # NAME.format(...) and NAME % (...): the literal is found once names are resolved.
        self.named_templates: List[Tuple[cst.Name, "_Scope", str]] = []
        self.docstrings: set = set()

    # scopes ------------------------------------------------------------------
    def _push(self, kind: str, body: cst.CSTNode) -> None:
        self.scope = _Scope(kind, self.scope)
        if kind == "class":
            self.class_scopes.append(self.scope)
        self._note_docstring(body)

    def _pop(self) -> None:
        assert self.scope.parent is not None
        self.scope = self.scope.parent

    def visit_Module(self, node: cst.Module) -> None:
        self._note_docstring(node)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._push("function", node.body)
        self.function_names.append(node.name.value)
        self.function_defs[node.name.value] = node
        self.calls_in_function.setdefault(node.name.value, [])

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._pop()
        self.function_names.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._push("class", node.body)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._pop()

    def _note_docstring(self, body: cst.CSTNode) -> None:
        statements = getattr(body, "body", ())
        if statements and isinstance(statements[0], cst.SimpleStatementLine):
            first = statements[0].body[0]
            if isinstance(first, cst.Expr) and isinstance(first.value, (cst.SimpleString, cst.ConcatenatedString)):
                self.docstrings.add(id(first.value))

    # bindings ----------------------------------------------------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                self.scope.bind(target.target.value, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name) and node.value is not None:
            self.scope.bind(node.target.value, node.value)

    # calls and strings -------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append((node, self.scope))
        if self.function_names:
            self.calls_in_function[self.function_names[-1]].append((node, self.scope))
        literal = templates.template_literal(node)
        if literal is not None:
            self.templates[id(literal)] = (node, "{}")
        elif (
            isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "format"
            and isinstance(node.func.value, cst.Name)
        ):
            self.named_templates.append((node.func.value, self.scope, "{}"))

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> Optional[bool]:
        literal = templates.template_literal(node)
        if literal is not None:
            self.templates[id(literal)] = (node, "%")
            return None
        if isinstance(node.operator, cst.Modulo) and isinstance(node.left, cst.Name):
            self.named_templates.append((node.left, self.scope, "%"))
        if isinstance(node.operator, cst.Add) and templates.is_string_expression(node):
            self.strings.append(node)
            # The operands are parts of this one template; calls inside still count.
            return None
        return None

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self.strings.append(node)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> bool:
        self.strings.append(node)
        return False

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self.strings.append(node)


@dataclass
class _Candidate:
    node: cst.BaseExpression
    format_style: str = ""
    sites: List[CallSite] = field(default_factory=list)
    evidence: str = "content"


class PythonDocumentFinder:
    """Finds documents in one parsed module; keeps the module for later stages."""

    def __init__(self, source_file: SourceFile, module: cst.Module) -> None:
        self.file = source_file
        self.module = module
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        self._spans = wrapper.resolve(ByteSpanPositionProvider)
        self.collector = _Collector()
        module.visit(self.collector)

    # positions ---------------------------------------------------------------
    def span_of(self, node: cst.CSTNode) -> Tuple[int, int]:
        span = self._spans[node]
        return self.file.char_offset(span.start), self.file.char_offset(span.start + span.length)

    def code_of(self, node: cst.CSTNode) -> str:
        start, end = self.span_of(node)
        return self.file.text[start:end]

    # finding -----------------------------------------------------------------
    def candidates(self) -> List[_Candidate]:
        styles = {key: style for key, (_node, style) in self.collector.templates.items()}
        for name, scope, style in self.collector.named_templates:
            for value in self._resolve(name, scope):
                styles[id(value)] = style
        by_node: Dict[int, _Candidate] = {}
        for call, scope in self.collector.calls:
            for expression, site in self._documents_sent_by(call, scope):
                for node, style in self._resolve_string(expression, scope):
                    candidate = by_node.setdefault(id(node), _Candidate(node, style or styles.get(id(node), "")))
                    candidate.evidence = "call"
                    candidate.sites.append(site)
        parts_of_larger = self._parts_of_templates()
        for node in self.collector.strings:
            if id(node) in by_node or id(node) in self.collector.docstrings or id(node) in parts_of_larger:
                continue
            if _starts_like_graphql(self._head_text(node)):
                by_node[id(node)] = _Candidate(node, styles.get(id(node), ""))
        self._add_helper_call_sites(by_node)
        return sorted(by_node.values(), key=lambda c: self.span_of(c.node)[0])

    def _add_helper_call_sites(self, by_node: Dict[int, _Candidate]) -> None:
        """A document passed by name to any other call (``houston(QUERY, {...})``).

        Scripts wrap the HTTP call in a helper; the variables then travel as the
        next positional argument or a ``variables=`` keyword of that call.
        """
        for call, scope in self.collector.calls:
            positional = [a.value for a in call.args if a.keyword is None and not a.star]
            keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
            for index, argument in enumerate(positional):
                if not isinstance(argument, (cst.Name, cst.Attribute)):
                    continue
                for node, _style in self._resolve_string(argument, scope):
                    candidate = by_node.get(id(node))
                    if candidate is None or any(site.call is call for site in candidate.sites):
                        continue
                    variables = next((keywords[k] for k in VARIABLE_KEYWORDS if k in keywords), None)
                    if variables is None and index + 1 < len(positional):
                        variables = positional[index + 1]
                    if variables is None and keywords and self._takes_keyword_variables(call):
                        variables = call  # run(QUERY, deploymentUuid=..., airflowVersion=...)
                    hint = self._target_hint(positional, keywords, scope) or self._helper_target(call)
                    candidate.sites.append(CallSite("helper", call, variables, hint, scope))

    def _helper_target(self, call: cst.Call) -> Optional[str]:
        """The endpoint a module's own helper function posts to, if it names one."""
        name = _callee_name(call.func)
        for inner, scope in self.collector.calls_in_function.get(name or "", []):
            positional = [a.value for a in inner.args if a.keyword is None and not a.star]
            keywords = {a.keyword.value: a.value for a in inner.args if a.keyword is not None}
            if any(k in keywords for k in PAYLOAD_KEYWORDS + ("query",)) or _callee_name(inner.func) in EXECUTE_METHODS:
                hint = self._target_hint(positional, keywords, scope, inner)
                if hint is not None:
                    return hint
        return None

    def _takes_keyword_variables(self, call: cst.Call) -> bool:
        """Is the callee a helper of this module that gathers its keywords (``**variables``)?"""
        definition = self.collector.function_defs.get(_callee_name(call.func) or "")
        return definition is not None and isinstance(definition.params.star_kwarg, cst.Param)

    def variables_dicts(self, site: CallSite) -> Optional[List[cst.CSTNode]]:
        """The dicts (literals, ``dict(...)`` calls, keyword calls) a site sends as variables.

        An empty list: the site sends no variables.  None: it sends something we
        cannot read (a function's result, a parameter).
        """
        if site.variables is None:
            return []
        if site.variables is site.call:
            return [site.call]
        values = self._resolve(site.variables, site.scope)
        if values and all(isinstance(v, cst.Dict) or _is_dict_call(v) for v in values):
            return values
        return None

    def variable_entries(self, container: cst.CSTNode) -> Tuple[List[Tuple[str, int, int, cst.BaseExpression]], bool]:
        """(key, key text start, key text end, value) of each entry, and whether that is all of them."""
        entries = []
        complete = True
        if isinstance(container, cst.Dict):
            for element in container.elements:
                if isinstance(element, cst.DictElement) and isinstance(element.key, cst.SimpleString):
                    _prefix, _quote, body_start, body_end = templates.split_literal(element.key.value)
                    start, _ = self.span_of(element.key)
                    entries.append((element.key.value[body_start:body_end], start + body_start, start + body_end, element.value))
                else:
                    complete = False  # **other or a computed key
        else:
            for argument in container.args:
                if argument.keyword is not None:
                    start, end = self.span_of(argument.keyword)
                    entries.append((argument.keyword.value, start, end, argument.value))
                elif argument.star or _is_dict_call(container):
                    complete = False
        return entries, complete

    def sources(self) -> List[Source]:
        from ..classify import file_verdict

        ignore_file = _header_ignores(self.module)
        verdict = file_verdict(self.file.text)
        found: List[Source] = []
        for candidate in self.candidates():
            text_map = templates.build(
                candidate.node,
                self.span_of,
                self.code_of,
                format_style=candidate.format_style,
                resolve=lambda name: self._resolve(name, self.collector.module_scope),
            )
            start = self.span_of(candidate.node)[0]
            found.append(
                Source(
                    text_map=text_map,
                    start=start,
                    evidence=candidate.evidence,
                    node=candidate.node,
                    sites=candidate.sites,
                    ignored=ignore_file or self._ignored_at(start),
                    file_verdict=verdict,
                )
            )
        return found

    # helpers -----------------------------------------------------------------
    def _head_text(self, node: cst.BaseExpression) -> str:
        """The start of the decoded text: enough to see whether it starts like GraphQL.

        The keyword must be written as-is in the source (not split across
        literals or escaped): that keeps the byte prefilter exact, and nobody
        writes ``"mut" "ation"`` on purpose.
        """
        first: cst.CSTNode = node
        while isinstance(first, cst.BinaryOperation):
            first = first.left
        if not _KEYWORD_ANYWHERE.search(self.code_of(first)):
            return ""  # cheap: most strings are not GraphQL
        if isinstance(first, (cst.SimpleString, cst.ConcatenatedString)):
            return templates.build(first, lambda n: (0, 0), lambda n: "").text
        if isinstance(first, cst.FormattedString):
            return "".join(p.value for p in first.parts if isinstance(p, cst.FormattedStringText))
        return ""

    def _parts_of_templates(self) -> set:
        """Strings that are operands of a larger ``+`` template, or pieces of a concatenation."""
        parts = set()
        for node in self.collector.strings:
            if isinstance(node, cst.BinaryOperation):
                stack = [node.left, node.right]
                while stack:
                    item = stack.pop()
                    parts.add(id(item))
                    if isinstance(item, (cst.BinaryOperation, cst.ConcatenatedString)):
                        stack.extend([item.left, item.right])
        return parts

    def _ignored_at(self, offset: int) -> bool:
        line, _ = self.file.line_col(offset)
        starts = self.file.line_starts
        for number in (line - 1, line - 2):  # the literal's own line and the one above
            if 0 <= number < len(starts):
                end = starts[number + 1] if number + 1 < len(starts) else len(self.file.text)
                if IGNORE_MARKER.search(self.file.text, starts[number], end):
                    return True
        return False

    def _documents_sent_by(self, call: cst.Call, scope: _Scope) -> Iterable[Tuple[cst.BaseExpression, CallSite]]:
        name = _callee_name(call.func)
        positional = [a.value for a in call.args if a.keyword is None and not a.star]
        keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        hint = self._target_hint(positional, keywords, scope, call)
        variables = next((keywords[k] for k in VARIABLE_KEYWORDS if k in keywords), None)
        if name == "gql":
            document = positional[0] if positional else keywords.get("request_string")
            if document is not None:
                yield document, CallSite("gql", call, None, hint, scope)
            return
        if name in EXECUTE_METHODS and positional:
            if variables is None and len(positional) > 1:
                variables = positional[1]
            yield positional[0], CallSite("execute", call, variables, hint, scope)
        if "query" in keywords:
            yield keywords["query"], CallSite("query-keyword", call, variables, hint, scope)
        payloads = [keywords[k] for k in PAYLOAD_KEYWORDS if k in keywords]
        if name == "dumps" and positional:
            payloads.append(positional[0])
        for payload in payloads:
            for dictionary in self._resolve_dicts(payload, scope):
                query = _dict_value(dictionary, "query")
                if query is not None:
                    yield query, CallSite("json-payload", call, _dict_value(dictionary, "variables"), hint, scope)

    def _target_hint(
        self,
        positional: List[cst.BaseExpression],
        keywords: Dict[str, cst.BaseExpression],
        scope: _Scope,
        call: Optional[cst.Call] = None,
    ) -> Optional[str]:
        """Text naming the endpoint a call talks to: its URL, or the URL its client was built with."""
        candidates = [keywords.get("url"), positional[0] if positional else None]
        if call is not None and isinstance(call.func, cst.Attribute):
            candidates.append(call.func.value)  # client.execute(...): the client's construction
        for node in candidates:
            if node is not None:
                hint = self._url_in(node, scope, depth=0)
                if hint is not None:
                    return hint
        return None

    def _url_in(self, node: cst.BaseExpression, scope: _Scope, depth: int) -> Optional[str]:
        """A URL-looking string in ``node``, following names and the arguments of calls."""
        if depth > 4:
            return None
        for value in self._resolve(node, scope):
            if templates.is_string_expression(value):
                text = self.code_of(value)
                if _URL_START.match(text):
                    return text
            elif isinstance(value, cst.Call):
                for argument in value.args:
                    hint = self._url_in(argument.value, scope, depth + 1)
                    if hint is not None:
                        return hint
        return None

    def _resolve(self, node: cst.BaseExpression, scope: _Scope, depth: int = 0) -> List[cst.BaseExpression]:
        """Follow names (and ``gql(...)`` wrappers) to the expressions they stand for."""
        if depth > 8:
            return []
        if isinstance(node, cst.Name):
            values = scope.lookup(node.value)
            return [r for v in values for r in self._resolve(v, scope, depth + 1)]
        if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name):
            # Class.ATTR or self.ATTR: look the attribute up in the module's classes.
            return [
                r
                for class_scope in self.collector.class_scopes
                for v in class_scope.bindings.get(node.attr.value, [])
                for r in self._resolve(v, class_scope, depth + 1)
            ]
        if isinstance(node, cst.Call) and _callee_name(node.func) == "gql" and node.args:
            return self._resolve(node.args[0].value, scope, depth + 1)
        return [node]

    def _resolve_string(self, node: cst.BaseExpression, scope: _Scope) -> List[Tuple[cst.BaseExpression, str]]:
        found = []
        for value in self._resolve(node, scope):
            literal = templates.template_literal(value)
            if literal is not None:
                found.append((literal, "%" if isinstance(value, cst.BinaryOperation) else "{}"))
            elif templates.is_string_expression(value):
                found.append((value, ""))
        return found

    def _resolve_dicts(self, node: cst.BaseExpression, scope: _Scope) -> List[cst.Dict]:
        return [v for v in self._resolve(node, scope) if isinstance(v, cst.Dict)]


def _callee_name(func: cst.BaseExpression) -> Optional[str]:
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return None


def _is_dict_call(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "dict"


def _dict_value(dictionary: cst.Dict, key: str) -> Optional[cst.BaseExpression]:
    for element in dictionary.elements:
        if isinstance(element, cst.DictElement) and isinstance(element.key, cst.SimpleString):
            _prefix, _quote, body_start, body_end = templates.split_literal(element.key.value)
            if element.key.value[body_start:body_end] == key:
                return element.value
    return None


def _starts_like_graphql(head: str) -> bool:
    return _KEYWORD_START.match(head) is not None


def _header_ignores(module: cst.Module) -> bool:
    return any(IGNORE_MARKER.search(line.comment.value) for line in module.header if line.comment is not None)
