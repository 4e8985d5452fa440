"""read_sources as the scan uses it: broken inputs side by side, never an exception."""

from __future__ import annotations

import gzip
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_helpers import ATOM, RSS, Response, good, page, problems, write_warc

from episignal.ingest import read_sources

EXTENSIONS = [".txt", ".md", ".html", ".json", ".jsonl", ".xml", ".rss", ".warc", ".warc.gz", ""]


def test_broken_inputs_beside_good_ones_lose_nothing(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "01-good.txt").write_bytes(b"Ministry reports 14 cholera deaths.")
    (corpus / "02-empty.txt").write_bytes(b"")
    (corpus / "03-junk.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "04-huge.txt").write_bytes(b"z" * 6_000_000)
    (corpus / "05-feed.rss").write_bytes(RSS[:-200])  # cut short
    (corpus / "06-records.jsonl").write_bytes(b'{"text": "ok"}\nnot json\n{"text": "ok too"}\n')
    whole = write_warc(tmp_path / "w.warc.gz", [Response("https://a.example/", page("A", "a"))])
    (corpus / "07-crawl.warc.gz").write_bytes(whole.read_bytes()[:-40])
    (corpus / "08-latin1.html").write_bytes(
        page("Fièvre", "Épidémie à Lyon").decode().encode("latin-1")
    )
    (corpus / "09-image.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(64))
    (corpus / "10-atom.atom").write_bytes(ATOM)
    items = list(read_sources([str(corpus), str(tmp_path / "missing.txt")]))
    reasons = [reason for _, reason in problems(items)]
    assert all(reasons), "every problem carries a reason"
    assert [Path(i.origin).name for i in good(items) if i.id.startswith(str(corpus))] == [
        "01-good.txt",
        "06-records.jsonl#1",
        "06-records.jsonl#3",
        "08-latin1.html",
    ]
    assert sum(1 for i in good(items) if i.title == "Cholera cases rise in the delta") == 1
    assert len([i for i in good(items) if i.source == "Valley Bulletin"]) == 2
    assert "empty" in reasons and "too large: 6000000 bytes > 5000000" in reasons
    assert any(r.startswith("binary content") for r in reasons)
    assert any(r.startswith("malformed feed XML") for r in reasons)
    assert any(r.startswith("line 2: malformed JSON") for r in reasons)
    assert any(r.startswith("truncated WARC record") for r in reasons)
    assert "unsupported file type: '.jpg'" in reasons
    assert reasons[-1] == "no such file or directory"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(min_size=1, max_size=3000), ext=st.sampled_from(EXTENSIONS))
def test_any_bytes_under_any_name_never_raise(tmp_path: Path, data: bytes, ext: str) -> None:
    path = tmp_path / f"input{ext}"
    path.write_bytes(data)
    items = list(read_sources([str(path)], max_bytes=2000))
    assert items, "a non-empty file always gives at least one item"
    for item in items:
        assert item.error or item.skip_reason or item.content


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(min_size=1, max_size=2000))
def test_any_gzip_named_warc_never_raises(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "x.warc.gz"
    path.write_bytes(gzip.compress(b"WARC/1.0\r\n" + data))
    items = list(read_sources([str(path)]))
    assert items and all(i.error or i.skip_reason or i.content for i in items)
