"""The tool never runs the user's code and never touches the network unless given a URL."""

import socket
from pathlib import Path

import pytest
from helpers import cli_runner

from codemods.cli import main

CORPUS = Path(__file__).parent / "corpus" / "scripts"


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.mark.parametrize("command", [["check", "--jobs", "1"], ["rewrite", "--diff", "--jobs", "1"], ["check", "--format", "html", "--jobs", "1"]])
def test_no_network_without_a_url(command, no_network):
    result = cli_runner().invoke(main, [*command, str(CORPUS)])
    assert result.exit_code in (0, 1), result.output
    assert no_network == []


def test_user_code_is_never_imported_or_run(tmp_path):
    marker = tmp_path / "ran.txt"
    (tmp_path / "sneaky.py").write_text(
        f"open({str(marker)!r}, 'w').write('imported')\n"
        "import requests\n"
        'Q = """mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.1") { id } }"""\n'
        "if __name__ == '__main__':\n    requests.post('https://houston.example.com/v1', json={'query': Q})\n"
    )
    for command in (["check"], ["rewrite"]):
        cli_runner().invoke(main, [*command, "--jobs", "1", str(tmp_path)])
    assert not marker.exists()
    assert 'runtimeVersion: "5.0.2"' in (tmp_path / "sneaky.py").read_text()
