"""Where is a document going: Houston, another API, or we cannot tell?

One flow, one module per step, read top to bottom:

1. **gather** evidence, each kind in its own module:

   ========================  ==============================================  =========
   module                    evidence                                        weight
   ========================  ==============================================  =========
   ``gather_calls``          the URL or client of the call that sends it     DECISIVE
                             (a known other API's host at any path; a test
                             client of the project's own server)
                             a helper named for Houston sends it             STRONG
                             executed in process against a schema object     STRONG
                             a whole URL, neither Houston's host nor /v1     STRONG
                             (or any path, on a visible non-Houston host)
                             an in-process client (fixture, ASGITransport)   DECISIVE
   ``call_url``              which argument of the call is its URL (the
                             2nd of ``request("POST", URL)``; the client's
                             for ``client.execute(gql(DOC))``, also through
                             ``with client as session`` and
                             ``connect_async()``; an sgqlc endpoint's for
                             ``ep(DOC)``)
   ``instance_url``          what ``self.url`` is: a class attribute, a
                             ``self.url = ...``, or the constructor's
                             argument at every ``Acme(...)`` of the module
   ``gather_binding``        what the sending call's URL is bound to         STRONG
                             (``HOUSTON_URL``: DECISIVE; another API's name; a value
                             naming no Houston when another call of the
                             file posts to Houston), else shown as a note
   ``sent_url``              the URL a send posts to where the call does     DECISIVE
                             not write it: urllib, http.client, partial,     (STRONG:
                             gql sessions; a parameter's default or a        foreign
                             caller's argument up to 3 helper levels,        whole URL)
                             tuples, urljoin, dict subscripts, a function
                             returning it
   ``url_parameter``         an imported helper's URL parameter              DECISIVE
                             (``def run_query(q, url=HOUSTON_URL)``): what   (STRONG:
                             the call passes there, else its default         other)
   ``send_forms``            the URL of a send carrying it through a value   DECISIVE
                             the finder does not follow (``QUERIES[name]``,  (STRONG:
                             ``for q in QS``, ``Q.format()``, ``f()``,        concrete
                             ``Enum.X.value``, a mapped lambda), for a       URL naming
                             document nothing stronger than context decided  no Houston)
                             (``loop_values``: what a loop variable takes)
   ``gather_names``          the name it is bound to (``HOUSTON_*``,         STRONG
                             ``ASTRO_*``, ``GITHUB_*``)
   ``gather_module``         a Houston endpoint named in the file's code     CONTEXT
                             (``code_text``: never comments, docstrings; never
                             another program's argv, a child's environment, a
                             guard or a message), when the document is sent
                             over HTTP from it, its send not traced to a URL
                             named for another service (or nothing
                             visibly sends it and the file imports an HTTP
                             or GraphQL client); a GraphQL
                             schema defined in the module or imported from
                             its package, SDL type definitions, a server
                             framework or its test client imported; a file
                             whose URLs all belong to other APIs; a test
                             client posting from the file
   ``file_sends``            the file also sends GraphQL to a destination    CONTEXT
                             seen not to be Houston's: against, beside the   (against)
                             file's Houston endpoint, for a document whose
                             own send is not traced (undecided)
   ``project_sdl``           the project's own SDL files around a            CONTEXT
                             ``.graphql`` file, or named by a graphql-config
                             / codegen file (one naming only Houston's       (STRONG,
                             endpoint: for Houston); for Python documents    for)
                             and SDL in another folder of the run, only
                             documents that fit it (indexed once per run)
   ``gather_vocabulary``     what the document itself says: root fields and  WEAK
                             arguments only Houston has, or only generic
                             names (``users``, ``node``, ``User``), or
                             fields Houston's types lack
                             no root field Houston's nor a typo of one       CONTEXT
                             (only fragments: no type Houston's), against
   ========================  ==============================================  =========

2. **weigh** it (``verdict.weigh``): the strongest level that has any evidence
   decides; if it points both ways, nothing is decided.  Schema fit is the
   weakest evidence there is, and generic names never count for Houston.

3. **verdict**: ``True`` (Houston: rewritten and validated, every error
   reported), ``False`` (another API: left alone), ``None`` (undecided: listed
   with its evidence, neither validated nor rewritten).

:mod:`evidence` defines the noun every step shares.
"""

from .evidence import CONTEXT, DECISIVE, STRONG, WEAK, Evidence
from .verdict import FileFacts, Verdict, decide

__all__ = ["CONTEXT", "DECISIVE", "STRONG", "WEAK", "Evidence", "FileFacts", "Verdict", "decide"]
