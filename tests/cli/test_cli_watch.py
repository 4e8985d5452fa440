"""The watcher's commands: sources, watch, alerts, status, signals --since, --log-format."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from episignal.cli import cli
from tests.watch.servers import FeedServer, Route, feed_server, outbreak_article, rss


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with feed_server() as s:
        yield s


def serve(server: FeedServer, numbers: list[int]) -> None:
    items = []
    for n in numbers:
        server.routes[f"/a{n}"] = Route(outbreak_article(n))
        items.append({"guid": f"g{n}", "link": server.url(f"/a{n}"), "title": f"Report {n}"})
    server.routes["/feed.xml"] = Route(
        rss(items), content_type="application/rss+xml", etag=f'"{len(items)}"'
    )


def write_config(tmp_path: Path, server: FeedServer) -> Path:
    path = tmp_path / "episignal.toml"
    path.write_text(
        f'[database]\npath = "watch.db"\n\n'
        '[watch]\nsettle = "0"\nevents_every = "0"\n\n'
        '[fetch]\ntotal_timeout = "5s"\n\n'
        '[[rules]]\nname = "new events"\non = ["new_event"]\nchannels = ["hook", "daily"]\n\n'
        f'[channels.hook]\ntype = "webhook"\nurl = "{server.url("/hook")}"\nallow_private = true\n\n'
        '[channels.daily]\ntype = "digest"\nat = "00:00"\nfile = "digests/{date}.html"\n'
    )
    return path


def test_sources_add_list_remove(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    added = run(
        "sources", "add", "https://news.example/rss", "--db", db, "--every", "15m", "--name", "wire"
    )
    assert added.exit_code == 0 and "added source 1: wire (feed, every 15m)" in added.output
    run("sources", "add", str(tmp_path), "--db", db, "--kind", "folder")
    listed = json.loads(run("sources", "list", "--db", db, "--format", "json").output)
    assert [(s["name"], s["kind"], s["every"]) for s in listed] == [
        ("wire", "feed", "15m"),
        (tmp_path.name, "folder", "30m"),
    ]
    table = run("sources", "list", "--db", db).output
    assert "NEXT_POLL" in table and "wire" in table
    assert run("sources", "remove", "wire", "--db", db).exit_code == 0
    assert len(json.loads(run("sources", "list", "--db", db, "--format", "json").output)) == 1
    missing = run("sources", "remove", "nothing", "--db", db)
    assert missing.exit_code == 1 and "no source 'nothing'" in missing.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ftp://a.example/x"], "only http and https"),
        (["https://a.example/x", "--every", "often"], "every: cannot read 'often'"),
    ],
)
def test_sources_add_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = run("sources", "add", *args, "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 1 and message in result.output


def test_sources_import(tmp_path: Path) -> None:
    listing = tmp_path / "sources.yaml"
    listing.write_text("- https://a.example/rss\n- url: https://b.example/rss\n  every: 1h\n")
    db = str(tmp_path / "s.db")
    result = run("sources", "import", str(listing), "--db", db)
    assert result.output.strip() == f"imported 2 sources from {listing}: 2 added, 0 updated"
    again = run("sources", "import", str(listing), "--db", db)
    assert "0 added, 2 updated" in again.output


def test_watch_once_then_alerts_status_and_signals_since(
    server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    serve(server, [0, 1])
    write_config(tmp_path, server)
    added = run("sources", "add", server.url("/feed.xml"), "--allow-private", "--every", "1m")
    assert added.exit_code == 0, added.output
    assert (tmp_path / "watch.db").exists()  # the configuration's database

    watched = run("watch", "--once", "--format", "json")
    assert watched.exit_code == 0, watched.output
    summary = json.loads(watched.stdout)
    assert summary["documents"] == {"new": 2} and summary["alerts_sent"] == 2
    assert len(server.posts()) == 2
    assert len(list((tmp_path / "digests").glob("*.html"))) == 1

    listed = json.loads(run("alerts", "list", "--format", "json").output)
    # Today's digest went out when the watcher started; these wait for the next one.
    assert {(a["channel"], a["status"]) for a in listed} == {("hook", "sent"), ("daily", "digest")}
    assert all(a["kind"] == "new_event" for a in listed)
    digest = run("alerts", "digest")
    assert (
        digest.exit_code == 0
        and "digest daily" in digest.output
        and "sent, 2 alerts" in digest.output
    )
    status = run("status")
    assert status.exit_code == 0
    assert "documents: 2" in status.output and "alerts: sent 4" in status.output
    status_json = json.loads(run("status", "--format", "json").output)
    assert status_json["sources"][0]["items"] == 2 and status_json["events"] == 2
    assert status_json["deltas_pending"] == 0  # every event change handled by the alerting

    first = json.loads(
        run("signals", "--db", "watch.db", "--since", "last-run", "--format", "json").stdout
    )
    assert {r["change"] for r in first} == {"new"}  # no earlier run: everything is new
    serve(server, [0, 1, 2])
    assert run("watch", "--once", "--poll-all").exit_code == 0
    reported = run("report", "--db", "watch.db", "--mark-since", "last-run", "--out", "rep")
    assert reported.exit_code == 0, reported.output
    index = (tmp_path / "rep" / "index.html").read_text(encoding="utf-8")
    assert "<th>Change</th>" in index and '<span class="badge badge-new">NEW</span>' in index
    assert index.count("badge-new") == 1 + index.count("badge-new{")  # one event arrived
    table = run("signals", "--db", "watch.db", "--since", "last-run").stdout
    lines = {line.split()[0] for line in table.splitlines()[1:]}
    assert "NEW" in lines and table.splitlines()[0].startswith("CHANGE")
    marked = json.loads(
        run("signals", "--db", "watch.db", "--since", "last-run", "--format", "json").stdout
    )
    assert marked == []  # nothing new or changed since the last look

    # A scan into the same database changes events: the alerting sees it, then handles it.
    (tmp_path / "extra.html").write_bytes(outbreak_article(5))
    assert run("scan", "extra.html", "--db", "watch.db", "--workers", "1").exit_code == 0
    assert json.loads(run("status", "--format", "json").output)["deltas_pending"] > 0
    assert "event changes not alerted on yet" in run("status").output
    assert run("watch", "--once").exit_code == 0
    assert json.loads(run("status", "--format", "json").output)["deltas_pending"] == 0


def test_a_failing_channel_shows_in_alerts_list(
    server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    serve(server, [3])
    write_config(tmp_path, server)
    server.fail_first = 10
    run("sources", "add", server.url("/feed.xml"), "--allow-private")
    result = run("watch", "--once")
    assert result.exit_code == 0
    failed = run("alerts", "list", "--status", "failed")
    assert "HTTP 500" in failed.output and "hook" in failed.output


def test_log_format_json(
    server: FeedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    server.routes["/broken.xml"] = Route(b"", status=500)
    run("sources", "add", server.url("/broken.xml"), "--allow-private", "--db", "j.db")
    result = CliRunner().invoke(
        cli, ["--log-format", "json", "watch", "--once", "--db", "j.db"], catch_exceptions=False
    )
    records = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    failure = next(r for r in records if "failed (1 in a row)" in r["message"])
    assert failure["level"] == "warning" and failure["logger"] == "episignal.watch.loop"
    assert failure["time"].endswith("+00:00")


def test_alerts_digest_needs_a_digest_channel(tmp_path: Path) -> None:
    config = tmp_path / "empty.toml"
    config.write_text("")
    result = run("alerts", "digest", "--config", str(config), "--db", str(tmp_path / "d.db"))
    assert result.exit_code == 1 and "no digest channel" in result.output


def test_status_without_a_database(tmp_path: Path) -> None:
    result = run("status", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1 and "no database" in result.output


def test_watch_without_sources_says_so(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    result = run("watch", "--once", "--db", str(tmp_path / "e.db"))
    assert result.exit_code == 0 and "polls: 0" in result.stdout
    assert "no source to watch" in caplog.text
