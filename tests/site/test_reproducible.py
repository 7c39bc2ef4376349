"""Reproducible builds: the same commit builds the same bytes, wherever and whenever it is built.

Two clones in different folders are built at different times with a different time zone, hash
seed and locale, without SOURCE_DATE_EPOCH: every file of site/ must be identical, sitemap.xml.gz
and the search index included, with either site engine. Dates on pages come from the commit, or
from SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import gzip
import os
import struct
import subprocess
import time
from pathlib import Path

import pytest

from support import ENGINES, KB, REPO


def build(root: Path, engine: str = "properdocs", **env: str) -> Path:
    clean = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    proc = subprocess.run([str(KB), "--root", str(root), "build", "--engine", engine],
                          env={**clean, "NO_COLOR": "1", **env},
                          capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    return root / "site"


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def utc_date(epoch: int) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(epoch))


@pytest.fixture(scope="module")
def clones(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("repro")
    first, second = base / "a", base / "second-clone-with-a-longer-path"
    for target in (first, second):
        subprocess.run(["git", "clone", "--quiet", str(REPO), str(target)], check=True)
    return first, second


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def two_sites(clones: tuple[Path, Path], engine: str) -> tuple[dict[str, bytes], dict[str, bytes]]:
    first = tree(build(clones[0], engine, TZ="UTC", PYTHONHASHSEED="1", LC_ALL="C.UTF-8"))
    time.sleep(1.1)  # a different wall-clock second for the second build
    second = tree(build(clones[1], engine, TZ="Asia/Shanghai", PYTHONHASHSEED="4242", LC_ALL="C"))
    return first, second


def test_two_clones_build_byte_identical_sites(two_sites: tuple[dict[str, bytes], dict[str, bytes]],
                                               engine: str) -> None:
    first, second = two_sites
    assert sorted(first) == sorted(second)
    different = [rel for rel in first if first[rel] != second[rel]]
    assert different == []
    expected = ["sitemap.xml", "index.html", "build-info.json", "pagefind/pagefind-entry.json"]
    if engine == "properdocs":  # Zensical writes no gzipped sitemap (README, Engines)
        expected.append("sitemap.xml.gz")
    for rel in expected:
        assert rel in first


def test_no_absolute_path_leaks_into_the_site(clones: tuple[Path, Path],
                                              two_sites: tuple[dict[str, bytes], dict[str, bytes]]) -> None:
    for clone, files in zip(clones, two_sites):
        needle = str(clone).encode("utf-8")
        assert [rel for rel, data in files.items() if needle in data] == []


def test_dates_come_from_the_commit(clones: tuple[Path, Path],
                                    two_sites: tuple[dict[str, bytes], dict[str, bytes]], engine: str) -> None:
    epoch = int(subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=clones[0], capture_output=True, text=True,
                               check=True).stdout)
    files = two_sites[0]
    assert_dated(files, utc_date(epoch), sitemap_dates=engine == "properdocs")


def test_source_date_epoch_is_honoured(clones: tuple[Path, Path]) -> None:
    files = tree(build(clones[0], SOURCE_DATE_EPOCH="1700000000"))
    assert_dated(files, "2023-11-14")


def assert_dated(files: dict[str, bytes], date: str, sitemap_dates: bool = True) -> None:
    """Checklists carry ``date``; with ``sitemap_dates`` (ProperDocs; Zensical's sitemap has no
    lastmod) so do the sitemap and its gzip header."""
    checklists = [rel for rel in files if rel.startswith("checklists/") and rel.endswith("/index.html")
                  and rel != "checklists/index.html"]
    assert checklists
    for rel in checklists:
        assert f" · {date}</p>".encode() in files[rel], rel
    if not sitemap_dates:
        assert b"<lastmod>" not in files["sitemap.xml"]
        return
    sitemap = files["sitemap.xml"].decode("utf-8")
    assert sitemap.count("<lastmod>") == sitemap.count(f"<lastmod>{date}</lastmod>") > 0
    assert gzip.decompress(files["sitemap.xml.gz"]) == files["sitemap.xml"]
    gzip_mtime = struct.unpack("<I", files["sitemap.xml.gz"][4:8])[0]
    assert utc_date(gzip_mtime) == date
