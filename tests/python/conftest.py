import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))  # int8_groups_sim (test_precision)


def _path(var, default):
    p = Path(os.environ.get(var, ROOT / default))
    if not p.exists():
        pytest.fail(f"{p} not found (set {var}); `./build.sh test` generates it")
    return p


@pytest.fixture(scope="session")
def cli():
    return _path("KQA_CLI", "target/release/korean-qa")


@pytest.fixture(scope="session")
def bundle():
    return _path("KQA_BUNDLE", "models/bundles/fp32")


@pytest.fixture(scope="session")
def refs():
    return _path("KQA_REFS", "models/refs")


@pytest.fixture(scope="session")
def export_dir():
    return _path("KQA_EXPORT", "models/exports/random")


@pytest.fixture(scope="session")
def tiny_export():
    return _path("KQA_TINY_EXPORT", "models/exports/tiny")


@pytest.fixture(scope="session")
def korquad():
    return _path("KQA_DATA", "../shared/data") / "korquad" / "KorQuAD_v1.0_dev.json"


@pytest.fixture(scope="session")
def bundles():
    """One bundle per weights precision: fp32/, fp16/, int8/."""
    return _path("KQA_BUNDLES", "models/bundles")
