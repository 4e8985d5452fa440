"""Builders for ingest test inputs: WARC archives and feeds written in the test's tmp_path."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from episignal.document import RawItem


@dataclass
class Response:
    uri: str
    body: bytes
    status: str = "200 OK"
    content_type: str | None = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)


def write_warc(path: Path, responses: list[Response], *, gzip: bool = True) -> Path:
    """A WARC with a warcinfo record, then a request and a response record per page."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for r in responses:
            uri = r.uri
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")], is_http_request=True)
            writer.write_record(writer.create_warc_record(uri, "request", http_headers=request))
            headers = list(r.headers)
            if r.content_type is not None:
                headers.append(("Content-Type", r.content_type))
            http = StatusAndHeaders(r.status, headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(r.body), http_headers=http
            )
            writer.write_record(record)
    return path


def page(title: str, body: str) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    ).encode()


def problems(items: list[RawItem]) -> list[tuple[str, str]]:
    """(id, reason) of every error or skip item."""
    return [(i.id, i.error or i.skip_reason or "") for i in items if i.error or i.skip_reason]


def good(items: list[RawItem]) -> list[RawItem]:
    return [i for i in items if not (i.error or i.skip_reason)]


RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Harbour Health News</title>
  <link>https://harbourhealth.example/</link>
  <description>Outbreak reporting from the coast</description>
  <item>
    <title>Cholera cases rise in the delta</title>
    <link>https://harbourhealth.example/2023/02/cholera-delta</link>
    <guid>hh-2023-0211</guid>
    <pubDate>Sat, 11 Feb 2023 23:40:00 +0100</pubDate>
    <description>Short teaser about cholera.</description>
    <content:encoded><![CDATA[<p>Officials counted 212 new cholera cases.</p>]]></content:encoded>
  </item>
  <item>
    <title>Measles vaccination drive opens</title>
    <link>https://harbourhealth.example/2023/02/measles-drive</link>
    <pubDate>Mon, 13 Feb 2023 08:00:00 GMT</pubDate>
    <description>&lt;p&gt;Clinics opened a measles vaccination drive.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Untitled wire note</title>
    <description>A note with neither link nor guid, about dengue in the hills.</description>
  </item>
</channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Valley Bulletin</title>
  <id>urn:valley-bulletin</id>
  <updated>2022-10-16T09:00:00Z</updated>
  <entry>
    <title>Ebola contacts traced in two districts</title>
    <id>urn:valley-bulletin:ebola-17</id>
    <link href="https://valleybulletin.example/ebola-contacts"/>
    <published>2022-10-15T22:30:00-05:00</published>
    <updated>2022-10-16T09:00:00Z</updated>
    <content type="html">&lt;p&gt;Teams traced 1,100 contacts of Ebola patients.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Plain text note</title>
    <id>urn:valley-bulletin:note-2</id>
    <updated>2022-10-17T06:00:00Z</updated>
    <content type="text">Only plain text here about a mpox case.</content>
  </entry>
</feed>
"""
