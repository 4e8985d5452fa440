"""Small HTML helpers shared by the report pages: escaping, file names, page frame, CSS.

Everything that comes from articles or events is untrusted: it goes through ``esc`` (text
and attribute values alike) before it reaches a page. Pages never load anything from the
network: the CSS is inlined and there is no script.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from datetime import datetime

_SLUG_UNSAFE = re.compile(r"[^a-z0-9]+")


def esc(value: object) -> str:
    """Escape a value for HTML text or a double-quoted attribute (None becomes "")."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True)


def safe_href(url: object) -> str:
    """An escaped link target, or "" for anything but http(s) (no javascript:, data:, ...)."""
    text = str(url or "").strip()
    if not text.lower().startswith(("http://", "https://")):
        return ""
    return esc(text)


def file_stem(kind: str, ident: object) -> str:
    """A file-system-safe, stable stem for an id that may be a path or a URL.

    A readable slug of the id's tail (at most 32 characters) plus 10 hex digits of its
    SHA-1, so two ids that slug alike still get different files.
    """
    text = str(ident)
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    slug = _SLUG_UNSAFE.sub("-", text.lower()).strip("-")[-32:].strip("-")
    return f"{kind}-{slug}-{digest}" if slug else f"{kind}-{digest}"


def event_file(event_id: object) -> str:
    return file_stem("event", event_id) + ".html"


def doc_file(doc_id: object) -> str:
    return file_stem("doc", doc_id) + ".html"


def span_anchor(start: int, end: int) -> str:
    return f"span-{start}-{end}"


def fmt_number(value: object) -> str:
    """1234567 -> "1,234,567"; floats keep at most one decimal; non-numbers as text."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    return str(value)


def fmt_short(value: float) -> str:
    """Compact axis labels: 2900000 -> "2.9M", 392000 -> "392k"."""
    magnitude = abs(value)
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if magnitude >= limit:
            scaled = value / limit
            return f"{scaled:.2f}".rstrip("0").rstrip(".") + suffix
    return f"{value:.2f}".rstrip("0").rstrip(".")


def table(headers: Iterable[str], rows: Iterable[Iterable[str]], *, css: str = "") -> str:
    """A table whose cells are already-escaped HTML fragments."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    cls = f' class="{esc(css)}"' if css else ""
    return f"<table{cls}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def badge(text: object, kind: str = "") -> str:
    cls = f"badge badge-{_SLUG_UNSAFE.sub('-', kind.lower())}" if kind else "badge"
    return f'<span class="{cls}">{esc(text)}</span>'


def page(title: str, body: str, *, crumbs: str = "", generated: datetime | None = None) -> str:
    """A complete, self-contained HTML page around an already-built body."""
    stamp = f"Generated {esc(generated.strftime('%Y-%m-%d %H:%M UTC'))} · " if generated else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>"
        f'<header class="top"><a class="brand" href="index.html">episignal</a>{crumbs}</header>'
        f"<main>{body}</main>"
        f"<footer>{stamp}episignal · figures are as reported; check the quotes.</footer>"
        "</body></html>\n"
    )


CSS = """
:root{--ink:#1f2933;--muted:#616e7c;--line:#d9e2ec;--bg:#f5f7fa;--card:#fff;--accent:#0b5394;
--warn:#b45309;--err:#b91c1c;--info:#2563eb}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--ink);background:var(--bg)}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
header.top{background:#102a43;color:#fff;padding:10px 24px;display:flex;gap:14px;align-items:baseline}
header.top a{color:#d9e2ec}header.top .brand{color:#fff;font-weight:700;font-size:16px}
header.top .crumb::before{content:"›";margin-right:14px;color:#829ab1}
main{max-width:1240px;margin:0 auto;padding:20px 24px}
footer{max-width:1240px;margin:0 auto;padding:12px 24px 28px;color:var(--muted);font-size:12px}
h1{font-size:22px;margin:4px 0 6px}h2{font-size:17px;margin:26px 0 10px;border-bottom:1px solid var(--line);
padding-bottom:4px}h3{font-size:14px;margin:14px 0 6px}
.sub{color:var(--muted);margin:0 0 14px}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:14px 16px;margin:0 0 14px}
.stats{display:flex;flex-wrap:wrap;gap:12px;margin:10px 0 16px}
.stat{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:10px 16px;min-width:130px}
.stat b{display:block;font-size:22px}.stat span{color:var(--muted);font-size:12px;text-transform:uppercase;
letter-spacing:.04em}
table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line)}
th,td{padding:6px 9px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:#eef2f7;font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:#334e68}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr:hover td{background:#fafcff}
.badge{display:inline-block;padding:1px 7px;border-radius:10px;font-size:11px;margin:1px 3px 1px 0;
background:#e4e7eb;color:#323f4b;white-space:nowrap}
.badge-warning{background:#fef3c7;color:var(--warn)}.badge-error{background:#fee2e2;color:var(--err)}
.badge-info{background:#dbeafe;color:var(--info)}.badge-new{background:#dcfce7;color:#166534}.badge-changed{background:#e0e7ff;color:#3730a3}.badge-disagree{background:#fde68a;color:#78350f}
.score{font-weight:700;font-variant-numeric:tabular-nums}
.reason{color:var(--muted);font-size:13px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(540px,1fr));gap:14px}
.chart{margin:0;background:var(--card);border:1px solid var(--line);border-radius:6px;padding:8px 10px}
.chart svg{width:100%;height:auto;display:block}
.legend{display:flex;flex-wrap:wrap;gap:12px;font-size:12px;color:var(--muted);margin:4px 0 0}
.chart .legend svg{width:auto;height:auto;display:inline-block;vertical-align:middle}
.map svg{width:100%;height:auto;display:block;background:#eaf2fb;border-radius:4px}
.map .land{fill:#d5dde6;stroke:#fff;stroke-width:.4}
.map a:hover path{stroke:#102a43;stroke-width:1.2}
.scale{display:flex;align-items:center;gap:8px;font-size:12px;color:var(--muted);margin-top:6px}
.scale span.bar{width:160px;height:10px;border-radius:2px;
background:linear-gradient(90deg,#fde0c5,#f59e0b,#b91c1c)}
blockquote,.quote{margin:0;color:#334e68;font-style:italic}
.flag{border-left:4px solid var(--warn);background:#fffbeb;padding:8px 12px;margin:0 0 8px;border-radius:0 4px 4px 0}
.flag.error{border-color:var(--err);background:#fef2f2}.flag.info{border-color:var(--info);background:#eff6ff}
.timeline{list-style:none;padding:0;margin:0}
.timeline li{border-left:2px solid var(--line);padding:2px 0 10px 14px;position:relative}
.timeline li::before{content:"";position:absolute;left:-6px;top:7px;width:10px;height:10px;border-radius:50%;
background:var(--accent)}
.timeline li.aid::before{background:#0f766e}
.timeline li.report::before{background:#7c3aed}
.claims li.excluded{color:var(--muted)}.claims li.excluded s{color:#9aa5b1}
.excluded-why{color:var(--err);font-size:12px}tr.excluded td{color:#9aa5b1}
.fates td.fate-placed{color:#0f766e}.fates td.fate-excluded,.fates td.fate-not_placed,
.fates td.fate-not_stored{color:var(--warn)}
.timeline .when{font-weight:600;margin-right:8px;font-variant-numeric:tabular-nums}
.doc{display:grid;align-items:start;grid-template-columns:minmax(0,1fr) 330px;gap:18px}
.doctext{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:18px 22px;
white-space:pre-wrap;line-height:1.7;font-size:15px}
.side{font-size:13px}.side ul{padding-left:16px;margin:4px 0 10px}
mark{border-radius:3px;padding:0 1px;background:#fff3bf}
mark:target{outline:2px solid #102a43;background:#ffd43b}
.m-disease{background:#ffc9c9}.m-location{background:#c3f0ca}.m-date{background:#e5dbff}
.m-count{background:#ffe066}mark.m-count{font-weight:600}.m-source{background:#a5d8ff}
.m-resource{background:#96f2d7}.m-measure{background:#ffd8a8}.m-claim{background:#ffe066}
mark mark{padding:0}
.kind{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px}
.empty{color:var(--muted);font-style:italic}
@media (max-width:900px){.doc{grid-template-columns:1fr}.charts{grid-template-columns:1fr}}
"""
