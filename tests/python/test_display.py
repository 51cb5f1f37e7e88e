"""Issue 14: how a resource shows itself in Jupyter (`HalResource._repr_html_`, SPEC §9):
method and URL, the status in its class's colour (2xx green, 3xx blue, 4xx orange, 5xx
red, no response grey), the error's cause, the links as a left-aligned table (templated
ones marked), embedded resources as tables of their fields, the fields as JSON in a
collapsible <details>, and no stray `{}` when there is nothing to show.

The resources come from real requests to tests/server/server.py; the last test runs a
notebook cell in a real ipykernel kernel through nbclient (skipped with the reason when
either is not installed)."""
import re

import pytest

import halchemy
from halchemy._display import NO_RESPONSE_COLOUR, STATUS_COLOURS

GREEN, BLUE, ORANGE, RED = (STATUS_COLOURS[k] for k in (2, 3, 4, 5))


def _cells_left_aligned(html):
    cells = re.findall(r"<t[hd] style='([^']*)'", html)
    assert cells, "no table cells"
    assert all("text-align:left" in style for style in cells)


def _status_badge(html):
    m = re.search(r"<span class='halchemy-status' style='background:(#[0-9a-f]{6});[^>]*>"
                  r"([^<]*)</span>", html)
    assert m, html
    return m.group(1), m.group(2)


def test_a_200_home_shows_method_url_green_status_and_its_links(api, base):
    home = api.home.get()
    html = home._repr_html_()
    assert html.startswith("<div class='halchemy-resource'")
    assert f"<b>GET</b> <code>{base}/</code>" in html
    assert _status_badge(html) == (GREEN, "200 OK")
    assert "<table class='halchemy-links'" in html
    _cells_left_aligned(html)
    # each rel a row; the templated `customer` link marked
    rows = re.findall(r"<tr>(.*?)</tr>", html.split("halchemy-links", 1)[1])
    by_rel = {re.search(r"<td[^>]*>([^<]*)</td>", r).group(1): r for r in rows[1:]}
    assert set(by_rel) == {"self", "customers", "customer"}
    assert "/customers/{membershipId}" in by_rel["customer"]
    assert "templated" in by_rel["customer"] and "templated" not in by_rel["customers"]
    assert "halchemy-error" not in html
    assert "{}" not in html  # the home has no fields: no empty JSON, no stray braces
    assert "<details" not in html


def test_embedded_resources_are_tables_of_their_fields(api, reset):
    customers = api.follow(api.home.get()).to("customers").get()
    html = customers._repr_html_()
    assert "<table class='halchemy-embedded'" in html
    assert "embedded <code>customers</code> (2)" in html
    table = html.split("halchemy-embedded", 1)[1].split("</table>", 1)[0]
    for text in ("membershipId", "givenName", "A375", "Pat", "B200", "Lee",
                 "/customers/A375"):
        assert text in table
    _cells_left_aligned(html)
    # the other fields (_items, _meta) as JSON, collapsible
    assert re.search(r"<details[^>]*><summary[^>]*>fields \(\d+\)</summary><pre", html)


def test_a_412_is_orange_and_its_body_collapsible(api, reset, base):
    stale = api.follow(api.home.get()).to("customer").with_template_values(
        {"membershipId": "A375"}).get()
    api.follow(stale).to("self").patch({"givenName": "Patricia"})  # a new version
    conflict = api.follow(stale).to("self").put({"givenName": "Pat"})  # the old ETag
    assert conflict._halchemy.response.status_code == 412
    html = conflict._repr_html_()
    assert f"<b>PUT</b> <code>{base}/customers/A375</code>" in html
    color, text = _status_badge(html)
    assert color == ORANGE and text.startswith("412")
    assert "<details" in html and "Patricia" in html  # the current representation
    assert "halchemy-error" not in html  # not raised: no error to show


def test_a_404_is_orange_and_a_raised_one_shows_its_http_error(api, base):
    missing = api.using_endpoint("/customers/NOPE").get()
    assert _status_badge(missing._repr_html_())[0] == ORANGE
    api.error_handling.raise_for_status_codes = ">399"
    with pytest.raises(halchemy.HTTPError) as caught:
        api.using_endpoint("/customers/NOPE").get()
    html = caught.value.resource._repr_html_()
    color, text = _status_badge(html)
    assert color == ORANGE and text.startswith("404")
    assert "<div class='halchemy-error'" in html and "<b>HTTPError</b>" in html


def test_a_network_error_shows_no_response_and_its_cause(api, refused_url):
    api.error_handling.raise_for_network_errors = False
    result = api.using_endpoint(refused_url).get()
    assert result._halchemy.error is not None
    html = result._repr_html_()
    assert _status_badge(html) == (NO_RESPONSE_COLOUR, "no response")
    m = re.search(r"<div class='halchemy-error'[^>]*><b>(\w+)</b>: ([^<]+)</div>", html)
    assert m and m.group(1) == type(result._halchemy.error).__name__
    assert m.group(2).strip()  # the network error's message, e.g. connection refused
    assert "{}" not in html and "<table" not in html


def test_status_colours_by_class():
    from halchemy._display import status_colour
    assert [status_colour(s) for s in (200, 204, 301, 304, 404, 412, 500, 503, 0)] == [
        GREEN, GREEN, BLUE, BLUE, ORANGE, ORANGE, RED, RED, NO_RESPONSE_COLOUR]


def test_a_resource_built_by_hand_or_embedded_shows_without_a_request():
    r = halchemy.HalResource({"_links": {"self": {"href": "/x"}}, "_embedded": {"e": []}})
    html = r._repr_html_()
    assert "not from a request" in html and "{}" not in html
    assert "halchemy-embedded" not in html  # an empty list: no table, no braces
    with pytest.raises(AttributeError, match="no _halchemy"):
        r._halchemy


def test_markup_in_fields_is_escaped(make_resource):
    r = halchemy.HalResource({"name": "<script>x</script>", "_links": {
        "self": {"href": "/<b>"}}, "_embedded": {"e": [{"f": "<i>"}]}})
    html = r._repr_html_()
    assert "<script>" not in html and "<i>" not in html and "/<b>" not in html


def test_a_notebook_cell_shows_the_html(base):
    nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed")
    nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed "
                                   "(pip install nbclient ipykernel)")
    pytest.importorskip("ipykernel", reason="ipykernel is not installed: no python3 kernel")
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(
        f"from halchemy import Api\napi = Api({base!r})\napi.home.get()"))
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=60)
    client.execute()
    outputs = nb.cells[0].outputs
    html = next(o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {}))
    assert f"background:{GREEN}" in html
    assert "<table class='halchemy-links'" in html
    assert "<th style='text-align:left" in html
    assert "<td style='text-align:left" in html
