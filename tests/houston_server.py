"""A real GraphQL HTTP server speaking Houston's protocol, on 127.0.0.1, for the live tests.

It serves the bundled schema with graphql-core, checks the ``authorization``
header, can refuse introspection (as Apollo Server does when
``astronomer.apollo.introspection`` is off) and answers ``runtimeReleases``
from a catalogue the test chooses.
"""

import json
import time
from http.server import BaseHTTPRequestHandler

from graphql import graphql_sync

from codemods.houston_schema import HoustonSchema
from local_server import ThreadedServer

TOKEN = "hx-test-token-5f1d2c9a"


class HoustonServer(ThreadedServer):
    def __init__(self, *, catalogue, introspection=True, delay=0.0, echo_token_in_errors=False,
                 redirect_to=None, answer=None, drip=None, token=TOKEN, echo_token_in_schema=False):
        """``redirect_to``: answer every POST with a 307 to that URL (as a hostile or moved server).
        ``answer``: send this JSON object instead of executing the query (error shapes).
        ``drip``: send a valid answer one byte every ``drip`` seconds (at most 120 bytes, then close).
        ``token``: the ``authorization`` accepted (None: any, or none).
        ``echo_token_in_schema``: copy the ``authorization`` header into every type's and field's
        description and a deprecation reason on every field of an introspection answer."""
        self.redirect_to = redirect_to
        self.answer = answer
        self.drip = drip
        self.schema = HoustonSchema.bundled().schema
        self.catalogue = catalogue  # airflow version -> [runtime versions]
        self.introspection = introspection
        self.delay = delay
        self.echo_token_in_errors = echo_token_in_errors
        self.token = token
        self.echo_token_in_schema = echo_token_in_schema
        self.requests = []
        super().__init__(self._handler())

    def _root(self):
        def runtime_releases(info, airflowVersion=None, clusterId=None):
            versions = self.catalogue.get(airflowVersion, []) if airflowVersion else sum(self.catalogue.values(), [])
            return [{"version": v, "airflowVersion": airflowVersion} for v in versions]

        return {"runtimeReleases": runtime_releases}

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append({"headers": dict(self.headers), "body": body})
                time.sleep(server.delay)
                if server.redirect_to:
                    self.send_response(307)
                    self.send_header("Location", server.redirect_to)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if server.drip:
                    return self._drip()
                if server.answer is not None:
                    return self._send(200, server.answer)
                token = self.headers.get("authorization")
                if server.token is not None and token != server.token:
                    detail = f" (got {token})" if server.echo_token_in_errors else ""
                    return self._send(401, {"errors": [{"message": "AUTH_TOKEN_REFRESH_FAILED" + detail}]})
                if not server.introspection and "__schema" in body["query"]:
                    message = "GraphQL introspection is not allowed, but the query contained __schema or __type."
                    return self._send(400, {"errors": [{"message": message}]})
                result = graphql_sync(server.schema, body["query"], server._root(), variable_values=body.get("variables"))
                payload = {"data": result.data}
                if result.errors:
                    payload["errors"] = [e.formatted for e in result.errors]
                if server.echo_token_in_schema and result.data and "__schema" in result.data:
                    for kind in result.data["__schema"]["types"]:
                        kind["description"] = f"see {token or ''}"
                        for field in kind.get("fields") or []:
                            field["description"] = f"auth {token or ''}"
                            field["isDeprecated"] = True
                            field["deprecationReason"] = f"use the token {token or ''} instead"
                self._send(200, payload)

            def _drip(self):
                data = json.dumps({"data": {"runtimeReleases": [{"version": "5.0.10"}]}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data) + 10_000))
                self.end_headers()
                for byte in (data + b" " * 10_000)[:120]:  # bounded: the test ends long before
                    try:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                    except OSError:
                        return
                    time.sleep(server.drip)

            def _send(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
