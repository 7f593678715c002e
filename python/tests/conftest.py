"""Shared fixtures: one cache directory for the whole run (a temporary one,
so every source is compiled once per run and the cache tests start from
nothing), the repository's paths, and one compiled module per C++ source.
"""

import os
import pathlib
import sys

import pytest

TESTS = pathlib.Path(__file__).resolve().parent
REPO = TESTS.parent.parent
CPP = TESTS / "cpp"
EXAMPLES = REPO / "examples" / "python"

# Importable without PYTHONPATH too (the CTest sets it; a developer may not).
for path in (REPO / "python", EXAMPLES):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import adcpp  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def cache_dir(tmp_path_factory):
    """The run's cache, also for the example scripts and the notebook run as
    subprocesses (through ADCPP_CACHE_DIR)."""
    path = tmp_path_factory.mktemp("adcpp-cache")
    old = os.environ.get("ADCPP_CACHE_DIR")
    os.environ["ADCPP_CACHE_DIR"] = str(path)
    yield path
    if old is None:
        del os.environ["ADCPP_CACHE_DIR"]
    else:
        os.environ["ADCPP_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def signatures():
    """python/tests/cpp/signatures.cpp: one function per parameter form."""
    return adcpp.compile(CPP / "signatures.cpp")


def subprocess_env():
    """The environment for Python subprocesses: this package importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO / "python")] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env.setdefault("MPLBACKEND", "Agg")
    return env
