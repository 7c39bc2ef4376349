"""The search step's lookup budget: how many query pieces one search may look up."""

from __future__ import annotations

from pathlib import Path

from generator.output.search import MAX_LOOKUPS, MIN_LOOKUPS, lookup_budget


def pagefind_dir(tmp_path: Path, chunks: list[int], fixed: int, fragment: int = 1000) -> Path:
    out = tmp_path / "pagefind"
    (out / "index").mkdir(parents=True)
    (out / "fragment").mkdir()
    (out / "pagefind.js").write_bytes(b"x" * fixed)
    (out / "pagefind-entry.json").write_bytes(b"")
    (out / "fragment" / "a.pf_fragment").write_bytes(b"x" * fragment)
    for i, size in enumerate(chunks):
        (out / "index" / f"zh_{i}.pf_index").write_bytes(b"x" * size)
    return out


def test_budget_is_what_fits_beside_the_fixed_downloads(tmp_path: Path) -> None:
    # 270,000 - (150,000 + 10 results x 1,000) = 110,000 bytes left: four chunks of 25,000.
    assert lookup_budget(pagefind_dir(tmp_path, [25_000] * 40, fixed=150_000)) == 4


def test_budget_has_a_floor_and_a_ceiling(tmp_path: Path) -> None:
    assert lookup_budget(pagefind_dir(tmp_path / "big", [80_000] * 40, fixed=200_000)) == MIN_LOOKUPS
    assert lookup_budget(pagefind_dir(tmp_path / "tiny-chunks", [1_000] * 40, fixed=100_000)) == MAX_LOOKUPS


def test_a_small_index_is_looked_up_freely(tmp_path: Path) -> None:
    assert lookup_budget(pagefind_dir(tmp_path, [27_000, 700], fixed=150_000)) == MAX_LOOKUPS


def test_the_query_module_and_the_filters_count_as_fixed_downloads(tmp_path: Path) -> None:
    out = pagefind_dir(tmp_path, [25_000] * 40, fixed=150_000)
    (out / "filter").mkdir()
    (out / "filter" / "zh_1.pf_filter").write_bytes(b"x" * 5_000)
    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    (tmp_path / "assets" / "javascripts" / "kb-query.mjs").write_bytes(b"x" * 10_000)
    # 270,000 - (150,000 + 5,000 + 10,000 + 10 x 1,000) = 95,000 bytes left: three chunks of 25,000.
    assert lookup_budget(out) == 3
