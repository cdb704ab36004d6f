"""Red team 27 (report 11b), f4: a JavaScript, TypeScript or Ruby script reads a ``.graphql`` file and fills its AC text.

``scripts/create-deployment.js`` reads ``queries/create.graphql`` with ``fs.readFileSync`` and posts
``.replace("2.3.4-11", version)`` of it to Houston.  The identical Python script holds the file
(``review-template-fill``), but with only the Node script the file was rewritten to ``runtimeVersion: "5.5.0"``:
the fill then matched nothing and every Deployment got Runtime 5.5.0 whatever version the operator passed.  Same for
Ruby's ``File.read(...).sub(...)`` and TypeScript's ``.replaceAll(...)``.  Such scripts' fills now hold the file
as a Python fill does; controls: a fill of text the rewrite does not touch, a whitespace minifier, and a script
naming another file leave the migration in place.
"""

import pytest

from trust_cli import git_tree, run_cli

CREATE = """mutation Create($ws: Uuid!, $label: String!) {
  createDeployment(workspaceUuid: $ws, label: "__LABEL__", type: "airflow", executor: CeleryExecutor, airflowVersion: "2.3.4-11") {
    id
    releaseName
  }
}
"""

POST_JS = """
fetch(process.env.HOUSTON_URL, {
  method: "POST",
  headers: { "content-type": "application/json", authorization: process.env.HOUSTON_API_TOKEN },
  body: JSON.stringify({ query, variables: { ws: process.argv[3] } }),
}).then((r) => r.json()).then(console.log);
"""

HELD = {
    "js_replace": ("scripts/create-deployment.js", 'const fs = require("fs");\nconst version = process.argv[2] || "2.3.4-11";\n'
                   'const query = fs.readFileSync("queries/create.graphql", "utf8").replace("2.3.4-11", version);\n' + POST_JS),
    "ts_replace_all": ("scripts/create-deployment.ts", 'import { readFileSync } from "fs";\nimport * as path from "path";\n'
                       'const version: string = process.argv[2];\n'
                       'const query = readFileSync(path.join(__dirname, "../queries/create.graphql"), "utf8")\n'
                       '  .replaceAll("2.3.4-11", version);\n' + POST_JS),
    "js_regex": ("scripts/create.mjs", 'import fs from "node:fs";\nconst version = process.argv[2];\n'
                 'const query = fs.readFileSync("queries/create.graphql", "utf8").replace(/2\\.3\\.4-\\d+/, version);\n' + POST_JS),
    "ruby_sub": ("scripts/create_deployment.rb", 'require "net/http"\nrequire "json"\nversion = ARGV[0] || "2.3.4-11"\n'
                 'query = File.read("queries/create.graphql").sub("2.3.4-11", version)\n'
                 'Net::HTTP.post(URI(ENV["HOUSTON_URL"]), { query: query }.to_json, "authorization" => ENV["HOUSTON_API_TOKEN"])\n'),
    "ruby_gsub_bang": ("bin/create.rb", 'query = File.read("queries/create.graphql")\nquery.gsub!("2.3.4-11", ARGV[0])\n'
                       'Net::HTTP.post(URI(ENV["HOUSTON_URL"]), { query: query }.to_json)\n'),
}

MIGRATED = {
    "js_placeholder": ("scripts/create-deployment.js", 'const fs = require("fs");\n'
                       'const query = fs.readFileSync("queries/create.graphql", "utf8").replace("__LABEL__", process.argv[2]);\n' + POST_JS),
    "js_minify": ("scripts/create-deployment.js", 'const fs = require("fs");\n'
                  'const query = fs.readFileSync("queries/create.graphql", "utf8").replace(/\\s+/g, " ");\n' + POST_JS),
    "js_newlines": ("scripts/create-deployment.js", 'const fs = require("fs");\n'
                    'const query = fs.readFileSync("queries/create.graphql", "utf8").replace("\\n", " ");\n' + POST_JS),
    "js_other_file": ("scripts/notes.js", 'const fs = require("fs");\nconst v = process.argv[2];\n'
                      'const text = fs.readFileSync("docs/notes.md", "utf8").replace("2.3.4-11", v);\n'),
}


def _rewrite(tmp_path, path, text):
    git_tree(tmp_path, {"queries/create.graphql": CREATE, path: text, "docs/notes.md": "Airflow 2.3.4-11\n"})
    done = run_cli("rewrite", "--diff", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.mark.parametrize("case", sorted(HELD))
def test_a_script_filling_the_files_ac_text_holds_it(tmp_path, case):
    path, text = HELD[case]
    done = _rewrite(tmp_path, path, text)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "runtimeVersion" not in done.stdout, done.stdout
    review = [line for line in done.stderr.splitlines() if line.startswith("queries/create.graphql:") and "review-template-fill" in line]
    assert review, done.stderr
    assert f"{path} (line " in review[0] and "edits its text at run time" in review[0], review[0]
    assert "0 would be rewritten, 1 need review" in done.stderr, done.stderr


@pytest.mark.parametrize("case", sorted(MIGRATED))
def test_a_fill_the_rewrite_leaves_working_does_not_hold_it(tmp_path, case):
    done = _rewrite(tmp_path, *MIGRATED[case])
    assert done.returncode == 1, done.stdout + done.stderr
    assert '+  createDeployment(workspaceUuid: $ws, label: "__LABEL__", type: "airflow", executor: CeleryExecutor, runtimeVersion: "5.5.0")' in done.stdout, done.stdout
    assert "review-template-fill" not in done.stderr, done.stderr
