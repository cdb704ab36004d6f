"""pytest spec for platform_tools.versions (AC tag parsing and Runtime lookup).

Collected by the platform_tools test run (its conftest adds ``*_spec.py``).
"""
import pytest

from platform_tools.versions import (
    AcVersion,
    equivalent_runtime,
    image_for,
    parse_ac_version,
)

AC_CASES = [
    ("2.3.4-11", "2.3.4", 11),
    ("2.3.4-1", "2.3.4", 1),
    ("2.2.5-3", "2.2.5", 3),
    ("2.3.1", "2.3.1", None),
    ("2.1.4-2", "2.1.4", 2),
    ("1.10.15-7", "1.10.15", 7),
]


@pytest.mark.parametrize("tag, airflow, hotfix", AC_CASES)
def test_parse_ac_version(tag, airflow, hotfix):
    parsed = parse_ac_version(tag)
    assert parsed == AcVersion(airflow=airflow, hotfix=hotfix)
    assert str(parsed) == tag


@pytest.mark.parametrize(
    "ac_version, runtime",
    [
        ("2.3.4-11", "5.5.0"),
        ("2.3.1", "5.0.2"),
        ("2.2.5-3", "4.2.9"),
        ("2.4.3-6", "6.10.0"),
    ],
)
def test_equivalent_runtime(ac_version, runtime):
    assert equivalent_runtime(ac_version) == runtime


@pytest.mark.parametrize("ac_version", ["2.1.4-2", "2.0.2-5", "1.10.15-7"])
def test_no_runtime_equivalent(ac_version):
    with pytest.raises(LookupError, match="no Runtime"):
        equivalent_runtime(ac_version)


@pytest.mark.parametrize(
    "ac_version, onbuild, expected",
    [
        ("2.3.4-11", True, "quay.io/astronomer/ap-airflow:2.3.4-11-onbuild"),
        ("2.3.4-11", False, "quay.io/astronomer/ap-airflow:2.3.4-11"),
        ("2.2.5-3", True, "quay.io/astronomer/ap-airflow:2.2.5-3-onbuild"),
    ],
)
def test_image_for(ac_version, onbuild, expected):
    assert image_for(ac_version, onbuild=onbuild) == expected


@pytest.mark.parametrize("bad", ["", "2.3", "v2.3.4", "2.3.4-", "2.3.4-x", "5.0.2-rc1"])
def test_rejects_garbage(bad):
    with pytest.raises(ValueError):
        parse_ac_version(bad)


def test_houston_payload_shape():
    # what the inventory job stores per deployment
    record = {"releaseName": "quasaric-sun-1234", "airflowVersion": "2.3.4-11", "runtimeVersion": ""}
    assert parse_ac_version(record["airflowVersion"]).airflow == "2.3.4"
