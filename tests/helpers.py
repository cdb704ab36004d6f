"""Small helpers shared by the test modules."""

from codemods.pipeline import FileResult, Options, process


def rewrite_bytes(path: str, data: bytes, options: Options) -> FileResult:
    return process(path, data, options)


def output_bytes(result: FileResult, data: bytes) -> bytes:
    assert result.error is None, result.error
    return result.new_bytes() if result.changed else data


def finding_lines(result: FileResult, severities=("warning", "error")):
    return [f.as_text() for f in sorted(result.findings, key=lambda f: f.sort_key()) if f.severity in severities]


def cli_runner():
    """A click test runner that keeps stderr apart from stdout on every click version.

    click 8.2 always does; 8.1 (the last for Python 3.9) mixes them unless asked not to.
    """
    from click.testing import CliRunner

    try:
        return CliRunner(mix_stderr=False)
    except TypeError:
        return CliRunner()
