"""Plain files and folders: kinds, ids, order, caps and every kind of broken file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ingest_helpers import RSS, good, page, problems

from episignal.document import RawItem
from episignal.ingest import read_sources


def read(*sources: str | Path, max_bytes: int = 5_000_000) -> list[RawItem]:
    return list(read_sources([str(s) for s in sources], max_bytes=max_bytes))


def test_text_markdown_and_html_files_come_as_bytes(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"Cholera cases rose to 40 in the north.")
    (tmp_path / "b.md").write_bytes(b"# Bulletin\n\nTwo deaths from measles.")
    (tmp_path / "c.html").write_bytes(page("Flu", "Flu season starts."))
    (tmp_path / "d.htm").write_bytes(page("Mpox", "One mpox case."))
    items = read(tmp_path / "a.txt", tmp_path / "b.md", tmp_path / "c.html", tmp_path / "d.htm")
    assert [i.format for i in items] == ["text", "text", "html", "html"]
    assert items[0].content == b"Cholera cases rose to 40 in the north."
    assert all(isinstance(i.content, bytes) for i in items)
    assert [i.id for i in items] == [
        str(tmp_path / n) for n in ("a.txt", "b.md", "c.html", "d.htm")
    ]
    assert all(i.origin == i.id and i.error is None and i.skip_reason is None for i in items)


def test_folder_is_walked_sorted_recursively_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "inner.txt").write_bytes(b"inner story about typhoid")
    (tmp_path / "a.txt").write_bytes(b"first story about rabies")
    (tmp_path / "c.txt").write_bytes(b"last story about anthrax")
    (tmp_path / ".hidden.txt").write_bytes(b"never read")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_bytes(b"never read either")
    folder = f"{tmp_path}/"  # ids join the folder as given
    items = read(folder)
    assert [i.id for i in items] == [
        f"{tmp_path}/a.txt",
        f"{tmp_path}/b/inner.txt",
        f"{tmp_path}/c.txt",
    ]


def test_explicitly_named_hidden_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".note.txt").write_bytes(b"a hidden but named file about polio")
    assert good(read(tmp_path / ".note.txt"))


def test_order_of_sources_is_kept(tmp_path: Path) -> None:
    names = ["z.txt", "a.txt", "m.txt"]
    for n in names:
        (tmp_path / n).write_bytes(f"story {n}".encode())
    items = read(*(tmp_path / n for n in names))
    assert [Path(i.id).name for i in items] == names


def test_missing_path_is_an_error_item_and_the_rest_still_comes(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_bytes(b"a readable story about dengue")
    items = read(tmp_path / "nope.txt", tmp_path / "ok.txt")
    assert problems(items) == [(str(tmp_path / "nope.txt"), "no such file or directory")]
    assert good(items)[0].id == str(tmp_path / "ok.txt")


def test_empty_and_whitespace_files_are_skipped_as_empty(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_bytes(b" \n\t\n")
    items = read(tmp_path)
    assert [i.skip_reason for i in items] == ["empty", "empty"]


def test_binary_junk_named_txt_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "controls.txt").write_bytes(b"\x01\x02\x03\x04\x05\x06abc\x07\x08" * 300)
    items = read(tmp_path / "junk.txt", tmp_path / "controls.txt")
    assert "NUL bytes" in (items[0].error or "")
    assert "control characters" in (items[1].error or "")


def test_wrong_encodings_pass_through_as_bytes(tmp_path: Path) -> None:
    latin1 = "Fièvre à Nîmes: 12 cas signalés.".encode("latin-1")
    cp1252 = "Outbreak \u201cunder control\u201d".encode("cp1252")
    utf16 = "Sarampión en Lima: 30 casos.".encode("utf-16")  # with a BOM
    utf16_nobom = "Cholera in the delta, 212 cases.".encode("utf-16-le")
    for name, data in [
        ("l.txt", latin1),
        ("c.txt", cp1252),
        ("u.txt", utf16),
        ("v.txt", utf16_nobom),
    ]:
        (tmp_path / name).write_bytes(data)
    items = read(tmp_path / "l.txt", tmp_path / "c.txt", tmp_path / "u.txt", tmp_path / "v.txt")
    assert problems(items) == []
    assert [i.content for i in items] == [latin1, cp1252, utf16, utf16_nobom]


def test_file_over_the_cap_is_skipped_with_its_size(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"x" * 101)
    (tmp_path / "fits.txt").write_bytes(b"y" * 100)
    items = read(tmp_path, max_bytes=100)
    assert problems(items) == [(str(tmp_path / "big.txt"), "too large: 101 bytes > 100")]
    assert good(items)[0].content == b"y" * 100


def test_ten_megabyte_single_line_is_skipped_at_the_default_cap(tmp_path: Path) -> None:
    big = tmp_path / "one-line.txt"
    big.write_bytes(b"word " * 2_000_000)  # 10 MB, no newline
    (tmp_path / "small.txt").write_bytes(b"a short story about plague")
    items = read(tmp_path)
    assert problems(items) == [(str(big), "too large: 10000000 bytes > 5000000")]
    assert len(good(items)) == 1
    # with a higher cap the same line is read whole
    (item,) = read(big, max_bytes=20_000_000)
    assert len(item.content) == 10_000_000


def test_unsupported_extension_is_skipped_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (tmp_path / "README").write_bytes(b"plain words without a known extension")
    items = read(tmp_path)
    assert problems(items) == [
        (str(tmp_path / "README"), "unsupported file type: no extension"),
        (str(tmp_path / "photo.png"), "unsupported file type: '.png'"),
    ]


def test_unknown_extension_sniffed_as_feed_or_html(tmp_path: Path) -> None:
    (tmp_path / "feed.cgi").write_bytes(RSS)
    (tmp_path / "page.php").write_bytes(page("Page", "A served page about tuberculosis."))
    items = read(tmp_path / "feed.cgi", tmp_path / "page.php")
    assert [i.format for i in items] == ["html", "html", "html", "html"]
    assert items[0].source == "Harbour Health News"
    assert items[-1].id == str(tmp_path / "page.php")


def test_html_file_holding_a_feed_is_read_as_a_feed(tmp_path: Path) -> None:
    (tmp_path / "news.html").write_bytes(RSS)
    items = read(tmp_path / "news.html")
    assert len(items) == 3 and items[0].title == "Cholera cases rise in the delta"


def test_xml_that_is_not_a_feed_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "sitemap.xml").write_bytes(
        b'<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>'
    )
    (items,) = [read(tmp_path / "sitemap.xml")]
    assert problems(items) == [
        (str(tmp_path / "sitemap.xml"), "XML document that is not an RSS/Atom feed")
    ]


def test_special_and_dangling_paths_do_not_raise(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    items = read(tmp_path)
    assert problems(items) == [
        (str(tmp_path / "dangling.txt"), "no such file or directory"),
        (str(fifo), "not a regular file"),
    ]


def test_symlink_loop_in_a_folder_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "s.txt").write_bytes(b"story about leprosy")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    items = read(tmp_path)
    assert [i.id for i in items] == [str(tmp_path / "sub" / "s.txt")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_an_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_bytes(b"secret")
    locked.chmod(0)
    (item,) = read(locked)
    assert item.error is not None and item.error.startswith("cannot read")


def test_unreadable_file_is_an_error_item_even_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_bytes(b"story one about cholera")
    (tmp_path / "b.txt").write_bytes(b"story two about cholera")
    real_open = open

    def failing_open(path: object, *args: object, **kwargs: object) -> object:
        if str(path).endswith("a.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", failing_open)
    items = read(tmp_path)
    assert problems(items) == [(str(tmp_path / "a.txt"), "cannot read: Permission denied")]
    assert good(items)[0].content == b"story two about cholera"


def test_folder_members_are_read_lazily(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"story one about rabies")
    (tmp_path / "b.txt").write_bytes(b"story two about rabies")
    items = read_sources([str(tmp_path)])
    assert next(items).id == str(tmp_path / "a.txt")
    (tmp_path / "b.txt").write_bytes(b"rewritten after the walk began")
    assert next(items).content == b"rewritten after the walk began"
    assert list(items) == []


def test_a_lone_string_is_taken_as_one_source(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"story about yellow fever")
    assert len(list(read_sources(str(tmp_path / "a.txt")))) == 1


def test_unsupported_url_scheme_is_an_error_item() -> None:
    (item,) = list(read_sources(["ftp://example.org/a.txt"]))
    assert item.error == "unsupported URL scheme: ftp"
