"""How a resource shows itself in Jupyter (`HalResource._repr_html_`): the request and its
status at a glance (coloured by class), the error's cause, the links and the embedded
resources as tables, and the fields as JSON in a collapsible <details>.

Every style is inline and every th/td says `text-align:left`: JupyterLab's and the classic
notebook's CSS right-align and stripe table cells, and a notebook saved as HTML keeps no
stylesheet of ours. Nothing here imports more than the standard library's html/json."""
from __future__ import annotations

import html
import json
import reprlib

from . import _core

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, List, Mapping, Optional

    from ._resource import HalResource

#: status class -> colour: 2xx green, 3xx blue, 4xx orange, 5xx red; no response grey
STATUS_COLOURS = {2: "#2e7d32", 3: "#1565c0", 4: "#ef6c00", 5: "#c62828"}
NO_RESPONSE_COLOUR = "#616161"
MAX_ROWS = 50  # rows of an embedded table shown; the rest are counted
MAX_COLUMNS = 8  # fields of an embedded table shown, the first ones met

_TABLE = "border-collapse:collapse;margin:4px 0 8px 0;font-size:90%"
_CELL = "text-align:left;vertical-align:top;padding:2px 10px 2px 0;border:none"
_TH = _CELL + ";font-weight:bold;border-bottom:1px solid #ccc"
_CAPTION = "text-align:left;font-weight:bold;margin-top:6px"


def _e(value: Any) -> str:
    return html.escape(str(value))


def status_colour(status: int) -> str:
    """The colour (a CSS hex str) of a status: by its class, grey when 0 (no response)."""
    return STATUS_COLOURS.get(status // 100, NO_RESPONSE_COLOUR) if status else NO_RESPONSE_COLOUR


def _json_text(value: Any) -> str:
    try:
        return json.dumps(value, indent=2, ensure_ascii=False, default=str)
    except (RecursionError, ValueError):  # deeper than json's recursion goes, or a cycle
        try:
            return _core.to_json(value, True)  # no recursion, one line
        except (TypeError, ValueError):
            return reprlib.repr(value)


def _table(header: List[str], rows: List[List[str]]) -> str:
    """A left-aligned table; header and cells are HTML already."""
    head = "".join(f"<th style='{_TH}'>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td style='{_CELL}'>{c}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table style='{_TABLE}'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _head(resource: HalResource) -> str:
    meta = getattr(resource, "_halchemy", None)
    if meta is None:
        return ("<div style='text-align:left;color:#616161'>HalResource (not from a request "
                "of its own)</div>")
    r = meta.response
    status = r.status_code
    colour = status_colour(status)
    shown = f"{status} {_e(r.reason or '')}".strip() if status else "no response"
    badge = (f"<span class='halchemy-status' style='background:{colour};color:#fff;"
             f"padding:1px 6px;border-radius:3px;font-weight:bold'>{shown}</span>")
    url = _e(_core.url_redacted(meta.request.url))  # SPEC §13: no credentials shown
    line = (f"<div style='text-align:left'><b>{_e(meta.request.method)}</b> <code>{url}</code>"
            f" &rarr; {badge}")
    if meta.conflict_retries:
        line += f" <span style='color:#616161'>after {meta.conflict_retries} conflict retries</span>"
    hops = len(meta.history)
    if hops:
        line += f" <span style='color:#616161'>after {hops} redirect{'s' if hops > 1 else ''}</span>"
    line += "</div>"
    error = meta.error
    if error is not None:
        line += (f"<div class='halchemy-error' style='text-align:left;color:{STATUS_COLOURS[5]}'>"
                 f"<b>{_e(type(error).__name__)}</b>: {_e(error)}</div>")
    return line


def _links(resource: Mapping[str, Any]) -> str:
    links = resource.get("_links")
    if not isinstance(links, dict):
        return ""
    rows = []
    for rel, value in links.items():
        for link in (value if isinstance(value, list) else [value]):
            if not isinstance(link, dict):
                continue
            href = f"<code>{_e(link.get('href', ''))}</code>"
            marks = []
            if link.get("templated"):
                marks.append("<span class='halchemy-templated' style='color:#6a1b9a'>"
                             "templated</span>")
            if link.get("deprecation"):
                marks.append("<span style='color:#c62828'>deprecated</span>")
            extra = ", ".join(_e(f"{k}={link[k]}") for k in ("name", "title", "type")
                              if isinstance(link.get(k), str))
            rows.append([_e(rel), href, " ".join(marks), extra])
    if not rows:
        return ""
    return (f"<div style='{_CAPTION}'>links</div>" +
            _table(["rel", "href", "", ""], rows).replace(
                "<table ", "<table class='halchemy-links' ", 1))


def _embedded(resource: Mapping[str, Any]) -> str:
    embedded = resource.get("_embedded")
    if not isinstance(embedded, dict):
        return ""
    out = ""
    for rel, value in embedded.items():
        items = [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, dict)]
        if not items:
            continue
        columns: List[str] = []
        for item in items[:MAX_ROWS]:
            for key in item:
                if key not in ("_links", "_embedded") and key not in columns:
                    columns.append(key)
        columns = columns[:MAX_COLUMNS]
        rows = []
        for item in items[:MAX_ROWS]:
            cells: List[str] = []
            for c in columns:
                v = item.get(c, "")
                if isinstance(v, str):
                    cells.append(_e(v))
                elif isinstance(v, (dict, list)):
                    cells.append(_e(reprlib.repr(v)))
                else:
                    cells.append(_e(json.dumps(v, default=str)))
            links = item.get("_links")
            self_link = links.get("self") if isinstance(links, dict) else None
            href = self_link.get("href", "") if isinstance(self_link, dict) else ""
            rows.append(cells + [f"<code>{_e(href)}</code>" if href else ""])
        more = len(items) - MAX_ROWS
        caption = f"embedded <code>{_e(rel)}</code> ({len(items)})"
        out += (f"<div style='{_CAPTION}'>{caption}</div>" +
                _table([_e(c) for c in columns] + ["self"], rows).replace(
                    "<table ", "<table class='halchemy-embedded' ", 1))
        if more > 0:
            out += f"<div style='text-align:left;color:#616161'>&hellip; {more} more</div>"
    return out


def _body(resource: HalResource) -> str:
    fields = {k: v for k, v in resource.items() if k not in ("_links", "_embedded")}
    if fields:
        text = _json_text(fields)
        summary = f"fields ({len(fields)})"
    else:  # no fields: the response's text, if any (not an empty `{}`)
        meta = getattr(resource, "_halchemy", None)
        body = meta.response.body if meta is not None else None
        if not isinstance(body, str) or not body:
            return ""
        text, summary = body, "body (text)"
    return (f"<details style='text-align:left'><summary style='cursor:pointer'>{summary}"
            f"</summary><pre style='text-align:left;margin:2px 0'>{_e(text)}</pre></details>")


def resource_html(resource: HalResource) -> str:
    """The HTML Jupyter shows for a resource (SPEC §9): method and URL, the status in the
    colour of its class (2xx green, 3xx blue, 4xx orange, 5xx red, no response grey), the
    error's class and message when there is one, the links as a left-aligned table
    (templated ones marked), each embedded rel as a table of its items' fields, and the
    other fields as JSON in a collapsible <details>. A str; never raises for any resource
    a request returned or one built by hand."""
    return (f"<div class='halchemy-resource' style='text-align:left'>{_head(resource)}"
            f"{_links(resource)}{_embedded(resource)}{_body(resource)}</div>")
