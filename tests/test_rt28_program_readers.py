"""Red team 27 (report 11b, "never edit anything other code also reads"), f1 f2 f3 f5 f6: a program in another
language, or an inline program, reading the AC image file was not seen as a reader, so the image was migrated
silently while that program then read something else (a regex matching nothing, a pin of the wrong version).

f1: a Jenkinsfile's ``readFile('Dockerfile') =~ /ap-airflow:.../`` or ``readYaml file: 'docker-compose.yml'`` then
``.image.tokenize(':')``, a Go ``os.ReadFile("Dockerfile")`` + ``strings.SplitN(l, ":", 2)`` (``tools/NAME/main.go``),
PowerShell ``Get-Content Dockerfile | Select-String '^FROM'``.
f2: ``actions/github-script``'s ``script:`` reading ``fs.readFileSync('Dockerfile')``.
f3: ``node -p``, ``node --print``, ``node --eval``, ``python3 -Sc``, ``bun -e``, ``deno eval``, ``php -r``.
f5: a GitHub step with ``shell: python`` / ``python3 {0}`` / ``pwsh`` / ``node {0}``: its ``run:`` is that program.
f6: JS, Ruby and a Tiltfile cutting the tag out of FROM (or compose's ``image:`` via js-yaml) without AC text.

Each reader now holds the file (not edited, a review naming the reader).  Controls: a program that only names the
file (``docker build -f Dockerfile``, ``hadolint``, ``sha256sum``, a Tiltfile's ``dockerfile=``, ``node -r``) holds
nothing: the file is migrated.
"""

import pytest

from trust_cli import run_cli, git_tree

FROM = "FROM quay.io/astronomer/ap-airflow:2.3.4-11\nCOPY dags/ /usr/local/airflow/dags/\n"
COMPOSE = "services:\n  scheduler:\n    image: quay.io/astronomer/ap-airflow:2.3.4-11\n"


def _rewrite(tmp_path, files, image="Dockerfile", text=FROM):
    git_tree(tmp_path, {image: text, **files})
    done = run_cli("rewrite", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    said = done.stdout + done.stderr
    assert done.returncode in (0, 1) and "Traceback" not in said, said
    return said, (tmp_path / image).read_text()


def _held(tmp_path, files, reader, image="Dockerfile", text=FROM):
    said, after = _rewrite(tmp_path, files, image, text)
    assert after == text, said
    reviews = [line for line in said.splitlines() if line.startswith(f"{image}:") and "review-" in line]
    assert reviews and any(reader in line for line in reviews), said


def _migrated(tmp_path, files, image="Dockerfile", text=FROM):
    said, after = _rewrite(tmp_path, files, image, text)
    assert "astro-runtime" in after, said


# ------------------------------------------------------------------------------------------------------- f1

JENKINS_REGEX = """pipeline {
  agent any
  stages {
    stage('constraints') {
      steps {
        script {
          def df = readFile('Dockerfile')
          def m = df =~ /ap-airflow:([0-9.]+)-(\\d+)/
          env.AIRFLOW_VERSION = m[0][1]
        }
        sh 'pip download "apache-airflow==${AIRFLOW_VERSION}" -c constraints.txt'
      }
    }
  }
}
"""

JENKINS_YAML = """pipeline {
  agent any
  stages {
    stage('pull') {
      steps {
        script {
          def compose = readYaml file: 'docker-compose.yml'
          env.AIRFLOW_VERSION = compose.services.scheduler.image.tokenize(':')[1].tokenize('-')[0]
        }
        sh 'pip download "apache-airflow==${AIRFLOW_VERSION}"'
      }
    }
  }
}
"""

GO = """package main

import (
\t"fmt"
\t"os"
\t"strings"
)

func main() {
\tdata, _ := os.ReadFile("Dockerfile")
\tfor _, l := range strings.Split(string(data), "\\n") {
\t\tif strings.HasPrefix(l, "FROM") {
\t\t\tfmt.Println(strings.SplitN(l, ":", 2)[1])
\t\t}
\t}
}
"""

POWERSHELL = "$from = Get-Content Dockerfile | Select-String '^FROM'\n($from -split ':')[1]\n"


def test_f1_a_jenkinsfile_reading_the_dockerfile_holds_it(tmp_path):
    _held(tmp_path, {"Jenkinsfile": JENKINS_REGEX}, "Jenkinsfile")


def test_f1_a_jenkinsfile_reading_compose_with_read_yaml_holds_it(tmp_path):
    _held(tmp_path, {"Jenkinsfile": JENKINS_YAML}, "Jenkinsfile", "docker-compose.yml", COMPOSE)


@pytest.mark.parametrize("name, text", [("tools/airflowver/main.go", GO), ("scripts/tag.ps1", POWERSHELL)],
                         ids=["go", "powershell"])
def test_f1_a_go_or_powershell_cutter_holds_the_dockerfile(tmp_path, name, text):
    _held(tmp_path, {name: text}, name)


# ------------------------------------------------------------------------------------------------------- f2

def _workflow(step):
    return ("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
            + step)


GITHUB_SCRIPT = _workflow("""      - id: tag
        uses: actions/github-script@v7
        with:
          result-encoding: string
          script: |
            const fs = require('fs');
            const m = fs.readFileSync('Dockerfile', 'utf8').match(/ap-airflow:([\\d.]+)-(\\d+)/);
            return m[1];
      - run: pip install "apache-airflow==${{ steps.tag.outputs.result }}"
""")

GITHUB_SCRIPT_CUT = _workflow("""      - id: tag
        uses: actions/github-script@v7
        with:
          script: |
            const from = require('fs').readFileSync('Dockerfile', 'utf8').split('\\n')[0];
            return from.split(':')[1];
""")


@pytest.mark.parametrize("text", [GITHUB_SCRIPT, GITHUB_SCRIPT_CUT], ids=["match", "cut"])
def test_f2_a_github_script_reading_the_dockerfile_holds_it(tmp_path, text):
    _held(tmp_path, {".github/workflows/ci.yml": text}, ".github/workflows/ci.yml")


READ_FILE_ACTION = _workflow("""      - id: df
        uses: juliangruber/read-file-action@v1
        with:
          path: ./Dockerfile
      - id: version
        uses: actions-ecosystem/action-regex-match@v2
        with:
          text: ${{ steps.df.outputs.content }}
          regex: 'ap-airflow:([0-9.]+)'
""")


def test_f2_a_read_file_action_matched_for_the_ac_tag_holds_the_dockerfile(tmp_path):
    _held(tmp_path, {".github/workflows/ci.yml": READ_FILE_ACTION}, ".github/workflows/ci.yml")


def test_f2_control_a_read_file_action_of_another_file_leaves_the_dockerfile_migrated(tmp_path):
    _migrated(tmp_path, {".github/workflows/ci.yml": READ_FILE_ACTION.replace("./Dockerfile", "./VERSION")})


AZURE_PWSH = """steps:
  - pwsh: |
      $from = Get-Content Dockerfile | Select-String 'ap-airflow:([0-9.]+)'
      Write-Host "##vso[task.setvariable variable=AIRFLOW]$($from.Matches[0].Groups[1].Value)"
"""


def test_f5_an_azure_pwsh_step_reading_the_dockerfile_holds_it(tmp_path):
    _held(tmp_path, {"azure-pipelines.yml": AZURE_PWSH}, "azure-pipelines.yml")


# ------------------------------------------------------------------------------------------------------- f3

INLINE = {
    "node_p": "node -p \"require('fs').readFileSync('Dockerfile','utf8').match(/ap-airflow:([\\d.]+)/)[1]\"",
    "node_print": "node --print \"require('fs').readFileSync('Dockerfile','utf8').match(/ap-airflow:([\\d.]+)/)[1]\"",
    "node_eval": "node --eval \"console.log(require('fs').readFileSync('Dockerfile','utf8').match(/ap-airflow:([\\d.]+)/)[1])\"",
    "python_Sc": "python3 -Sc \"import re;print(re.search(r'ap-airflow:([\\d.]+)', open('Dockerfile').read())[1])\"",
    "bun_e": "bun -e \"console.log(require('fs').readFileSync('Dockerfile','utf8').match(/ap-airflow:([\\d.]+)/)[1])\"",
    "deno_eval": "deno eval \"console.log(Deno.readTextFileSync('Dockerfile').match(/ap-airflow:([\\d.]+)/)[1])\"",
    "php_r": "php -r \"preg_match('/ap-airflow:([\\d.]+)/', file_get_contents('Dockerfile'), \\$m); echo \\$m[1];\"",
    "node_p_cut": "node -p \"require('fs').readFileSync('Dockerfile','utf8').split(':')[1]\"",
}


@pytest.mark.parametrize("form", sorted(INLINE))
def test_f3_an_inline_program_reading_the_dockerfile_holds_it(tmp_path, form):
    script = f"#!/bin/sh\n# prints the Airflow version of the base image\n{INLINE[form]}\n"
    _held(tmp_path, {"scripts/airflow-version.sh": script}, "scripts/airflow-version.sh")


# (dicts of text, not calls: this suite's own Python would otherwise be read as running them on a Dockerfile near it)
PYTHON_RUNS = {
    "subprocess_node_p": "import subprocess\nout = subprocess.run([\"node\", \"-p\", \"require('fs').readFileSync("
                         "'Dockerfile','utf8').match(/ap-airflow:([\\\\d.]+)/)[1]\"], capture_output=True)\n",
    "os_system_python_c": "import os\nos.system(\"python3 -c \\\"import re;print(re.search(r'ap-airflow:([0-9.]+)', "
                          "open('Dockerfile').read())[1])\\\"\")\n",
}


@pytest.mark.parametrize("form", sorted(PYTHON_RUNS))
def test_f3_an_inline_program_run_from_python_holds_the_dockerfile(tmp_path, form):
    _held(tmp_path, {"scripts/airflow_version.py": PYTHON_RUNS[form]}, "scripts/airflow_version.py")


def test_f3_control_an_interpreter_running_a_file_from_python_holds_nothing(tmp_path):
    script = 'import subprocess\nsubprocess.run("python3 tools/report.py Dockerfile 2.3.4-11", shell=True)\n'
    _migrated(tmp_path, {"scripts/report_run.py": script})


# ------------------------------------------------------------------------------------------------------- f5

SHELL_STEPS = {
    "python": """      - id: tag
        shell: python
        run: |
          import os, re
          tag = re.search(r"ap-airflow:([\\d.]+)", open("Dockerfile").read()).group(1)
          with open(os.environ["GITHUB_OUTPUT"], "a") as f:
              f.write(f"airflow={tag}\\n")
""",
    "python3_bump": """      - shell: python3 {0}
        run: |
          from pathlib import Path
          p = Path("Dockerfile")
          p.write_text(p.read_text().replace("2.3.4-11", "2.4.3-6"))
""",
    "pwsh_after_run": """      - run: |
          Get-Content Dockerfile | Select-String 'ap-airflow:([0-9.]+)' | ForEach-Object { $_.Matches[0].Groups[1].Value }
        shell: pwsh
""",
    "node_cut": """      - shell: node {0}
        run: |
          const from = require("fs").readFileSync("Dockerfile", "utf8").split("\\n")[0];
          console.log(from.split(":")[1]);
""",
}


@pytest.mark.parametrize("form", sorted(SHELL_STEPS))
def test_f5_a_step_whose_shell_is_an_interpreter_holds_the_dockerfile(tmp_path, form):
    _held(tmp_path, {".github/workflows/ci.yml": _workflow(SHELL_STEPS[form])}, ".github/workflows/ci.yml")


# ------------------------------------------------------------------------------------------------------- f6

CUTTERS = {
    "js": ("scripts/airflow-version.js", 'const fs = require("fs");\nconst from = fs.readFileSync("Dockerfile", "utf8")'
           '.split("\\n").find((l) => l.startsWith("FROM"));\nconsole.log(from.split(":")[1].split("-")[0]);\n'),
    "ruby": ("scripts/airflow_version.rb", 'from = File.readlines("Dockerfile").find { |l| l.start_with?("FROM") }\n'
             'puts from.split(":")[1].split("-")[0]\n'),
    "tiltfile": ("Tiltfile", "df = str(read_file('Dockerfile'))\ntag = [l for l in df.splitlines() if "
                 "l.startswith('FROM')][0].split(':')[1]\nlocal('pip download \"apache-airflow==%s\"' % tag.split('-')[0])\n"
                 "docker_build('me/airflow', '.')\n"),
}


@pytest.mark.parametrize("form", sorted(CUTTERS))
def test_f6_a_script_cutting_the_tag_out_holds_the_dockerfile(tmp_path, form):
    name, text = CUTTERS[form]
    _held(tmp_path, {name: text}, name)


def test_f6_a_js_script_cutting_the_compose_image_holds_it(tmp_path):
    script = ('const fs = require("fs");\nconst yaml = require("js-yaml");\nconst image = yaml.load(fs.readFileSync('
              '"docker-compose.yml", "utf8")).services.scheduler.image;\nconsole.log(image.split(":")[1].split("-")[0]);\n')
    _held(tmp_path, {"scripts/compose-airflow-version.js": script}, "scripts/compose-airflow-version.js",
          "docker-compose.yml", COMPOSE)


# --------------------------------------------------------------------------------------------------- controls

NAMERS = {
    "workflow_pwsh_build": {".github/workflows/ci.yml": _workflow(
        "      - shell: pwsh\n        run: docker build -f Dockerfile -t acme/airflow .\n")},
    "github_script_no_read": {".github/workflows/ci.yml": _workflow(
        "      - uses: actions/github-script@v7\n        with:\n          script: |\n"
        "            core.info('building Dockerfile for ' + context.sha.split(':')[0]);\n")},
    "js_spawn": {"scripts/build.js": 'const { spawnSync } = require("child_process");\n'
                 'const [name, tag] = process.env.IMAGE.split(":");\n'
                 'spawnSync("docker", ["build", "-f", "Dockerfile", "-t", `${name}:${tag}`, "."]);\n'},
    "ruby_hadolint": {"scripts/lint.rb": 'system("hadolint", "Dockerfile")\n'},
    "node_require": {"scripts/build.sh": "#!/bin/sh\nnode -r dotenv/config scripts/build.js Dockerfile\n"},
    "tiltfile_build": {"Tiltfile": "docker_build('acme/airflow', '.', dockerfile='Dockerfile')\nk8s_yaml('k8s.yaml')\n"},
    "powershell_hash": {"scripts/sum.ps1": "Get-FileHash Dockerfile | Select-Object Hash\n"},
    "js_deploy_config_image": {"scripts/deploy.js": 'const fs = require("fs");\nconst { spawnSync } = require("child_process");\n'
                               'const config = JSON.parse(fs.readFileSync("deploy.json", "utf8"));\n'
                               'spawnSync("docker", ["build", "-f", "Dockerfile", "-t", config.image, "."]);\n'},
    "shell_hash_then_image_word": {"scripts/cache-key.sh": '#!/bin/sh\nHASH=$(cat Dockerfile | sha256sum | cut -c1-12)\n'
                                   'docker tag acme/airflow "acme/image-$HASH"\n'},
    "go_sha256sum": {"tools/sum/main.go": 'package main\n\nimport "os/exec"\n\nfunc main() {\n\t'
                     'exec.Command("sha256sum", "Dockerfile").Run()\n}\n'},
}


@pytest.mark.parametrize("form", sorted(NAMERS))
def test_a_program_that_only_names_the_dockerfile_leaves_it_migrated(tmp_path, form):
    _migrated(tmp_path, NAMERS[form])


def test_a_report_is_never_written_over_a_program_the_run_reads(tmp_path):
    """The programs read as readers of an image file are inputs of the run: ``-o scripts/airflow-version.js`` is
    refused (one line, exit 2), as ``-o`` over a shell script or a CI file is, and the script is left as it was."""
    name, text = CUTTERS["js"]
    git_tree(tmp_path, {"Dockerfile": FROM, name: text})
    done = run_cli("check", "--no-cache", "--format", "json", "-o", name, ".", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "is an input of this run" in done.stderr, done.stderr
    assert (tmp_path / name).read_text() == text
