"""How a resource shows itself in Jupyter: status, links and fields at a glance."""
from __future__ import annotations

import html
import json
import reprlib

from . import _core


def resource_html(resource) -> str:
    meta = resource._halchemy
    head = ""
    if meta is not None:
        r = meta.response
        head = (f"<div><b>{html.escape(meta.request.method)} {html.escape(meta.request.url)}"
                f"</b> &rarr; {r.status_code} {html.escape(r.reason or '')}</div>")
    links = resource.get("_links")
    rows = ""
    if isinstance(links, dict):
        for rel, link in links.items():
            first = link[0] if isinstance(link, list) and link else link
            href = first.get("href", "") if isinstance(first, dict) else ""
            templated = " (templated)" if isinstance(first, dict) and first.get("templated") else ""
            rows += (f"<tr><td>{html.escape(str(rel))}</td>"
                     f"<td><code>{html.escape(str(href))}</code>{templated}</td></tr>")
    table = f"<table><tr><th>rel</th><th>href</th></tr>{rows}</table>" if rows else ""
    fields = {k: v for k, v in resource.items() if k not in ("_links", "_embedded")}
    try:
        text = json.dumps(fields, indent=2, default=str)
    except (RecursionError, ValueError):  # deeper than json's recursion goes, or a cycle
        try:
            text = _core.to_json(fields, True)  # no recursion, on one line
        except (TypeError, ValueError):
            text = reprlib.repr(fields)
    body = html.escape(text)
    embedded = resource.get("_embedded")
    emb = ""
    if isinstance(embedded, dict) and embedded:
        emb = "<div>embedded: " + ", ".join(html.escape(str(k)) for k in embedded) + "</div>"
    return f"<div class='halchemy-resource'>{head}{table}{emb}<pre>{body}</pre></div>"
