import pytest

from data_access.imports.registry_import import import_registry
from tests.support.registry_file import coverage_rows, real_registry_records, write_registry_csv

# Real LAOs with real quirks: Pattaya (code starts with 3, special type) and a เทศบาลตำบล with an อบต.-style code.
SAMPLE_CODES = ("3200408", "6130408", "5810401", "2500101", "6500101", "6720123")


@pytest.fixture(scope="session")
def sample_records():
    records = {r["dlaCode"]: r for r in real_registry_records()}
    return [records[c] for c in SAMPLE_CODES if c in records] or real_registry_records()[:6]


@pytest.fixture
def sample_registry_file(tmp_path, sample_records):
    return write_registry_csv(tmp_path / "registry.csv", coverage_rows(sample_records, rows_per_lao=3))


@pytest.fixture
def registry_2566(eng, sample_registry_file, sample_records):
    import_registry(eng, sample_registry_file, 2566)
    return [r["dlaCode"] for r in sample_records]
