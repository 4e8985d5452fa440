"""Write the sample corpus's small WARC archive from the pages in data_src/samples/warc/.

The archive stands in for a web crawl: one ``response`` record per page, with the HTTP
headers a crawler would have stored. Record ids and dates are fixed, so the output is
reproducible::

    python scripts/make_sample_warc.py
"""

from __future__ import annotations

import io
import uuid
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "data_src" / "samples" / "warc"
OUT = ROOT / "src" / "episignal" / "samples" / "corpus" / "archive" / "health-pages.warc.gz"

# (page file, URL it was "crawled" from, crawl date, HTTP Last-Modified)
PAGES = [
    (
        "mpox-drc.html",
        "https://healthpolicytoday.example/2024/08/14/mpox-emergency",
        "2024-08-15T06:12:00Z",
        "Wed, 14 Aug 2024 19:30:00 GMT",
    ),
    (
        "h5n1-cambodia.html",
        "https://mekongfarm.example/health/cambodia-bird-flu-girl-dies",
        "2023-02-25T03:40:00Z",
        "Fri, 24 Feb 2023 04:00:00 GMT",
    ),
]


def write_archive(out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for name, url, crawled, modified in PAGES:
            body = (SRC / name).read_bytes()
            http = StatusAndHeaders(
                "200 OK",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    ("Last-Modified", modified),
                ],
                protocol="HTTP/1.1",
            )
            record_id = f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>"
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": crawled, "WARC-Record-ID": record_id},
            )
            writer.write_record(record)


if __name__ == "__main__":
    write_archive(OUT)
    print(OUT)
