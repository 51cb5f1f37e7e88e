"""The shared vectors of tests/vectors/ through the public Python API: templates (with the
community RFC 6570 suite), URL joining, query parameters, bodies on the wire, status specs,
headers, HAL helpers."""
import json
import os

import pytest

import halchemy
from conftest import VECTORS, case_id, vectors

ERRORS = {"template": halchemy.TemplateError, "scheme": halchemy.SchemeError,
          "parameters": halchemy.ParameterError, "status_spec": halchemy.StatusSpecError,
          "header": halchemy.HeaderError, "hal": halchemy.HalFormatError,
          "no_rel": KeyError, "expect": TypeError}


def suite_cases():
    for name in sorted(os.listdir(os.path.join(VECTORS, "uritemplate"))):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(VECTORS, "uritemplate", name), encoding="utf-8") as f:
            for group, body in json.load(f).items():
                for tmpl, expected in body["testcases"]:
                    yield pytest.param(body["variables"], tmpl, expected, id=f"{name}:{group}:{tmpl}")


@pytest.mark.parametrize("values,template,expected", list(suite_cases()))
def test_rfc6570_community_suite(values, template, expected):
    # The suite's templates are not all URLs (some expand to "X.value" or full URLs), so
    # they go through the core's expander itself; SPEC §4's table below goes through Api.
    values_json = json.dumps(values)
    if expected is False:
        with pytest.raises(halchemy.TemplateError) as exc:
            halchemy._core.expand(template, values_json)
        assert template in str(exc.value)
    else:
        allowed = expected if isinstance(expected, list) else [expected]
        assert halchemy._core.expand(template, values_json) in allowed


@pytest.mark.parametrize("case", vectors("uritemplate_spec.json"), ids=case_id)
def test_spec_templates(case):
    requester = halchemy.Api("http://example.org").using_endpoint(case["template"]).with_template_values(case["values"])
    if "error" in case:
        with pytest.raises(ERRORS[case["error"]]):
            requester.url
    else:
        assert requester.url == "http://example.org" + case["expected"]


@pytest.mark.parametrize("case", vectors("url_join.json"), ids=case_id)
def test_url_resolution(case):
    requester = halchemy.Api(case["base"]).using_endpoint(case["href"])
    if "error" in case:
        with pytest.raises(ERRORS[case["error"]]):
            requester.url
    else:
        assert requester.url == case["expected"]


@pytest.mark.parametrize("case", vectors("query.json"), ids=case_id)
def test_query_parameters(case):
    api = halchemy.Api("http://example.org")
    if "error" in case:
        with pytest.raises(ERRORS[case["error"]]):
            api.parameters_list_style = case["style"]
        return
    if "style" in case:
        api.parameters_list_style = case["style"]
    url = api.using_endpoint(case.get("url", "/test")).with_parameters(case["params"]).url
    assert url == "http://example.org" + case["expected"]


@pytest.mark.parametrize("case", vectors("bodies.json"), ids=case_id)
def test_bodies_on_the_wire(api, case):
    data = halchemy.JSON_NULL if case["data"] is None else case["data"]
    echo = api.using_endpoint("/echo").post(data, content_type=case["content_type"])
    assert echo["body"] == case["expected"]
    assert echo._halchemy.request.body == case["expected"]


@pytest.mark.parametrize("case", vectors("status_codes.json"), ids=case_id)
def test_status_code_specs(api, case):
    if "error" in case:
        with pytest.raises(halchemy.StatusSpecError) as exc:
            api.error_handling.raise_for_status_codes = case["spec"]
        assert case["spec"] in str(exc.value)
        return
    api.error_handling.raise_for_status_codes = case["spec"]
    # A 1xx is never a final response on the wire: those codes are checked on the matcher.
    for code in [c for c in case["raises"] + case["passes"] if c < 200]:
        assert halchemy._core.status_matches(case["spec"], code) == (code in case["raises"])
    for code in [c for c in case["raises"] if c >= 200]:
        with pytest.raises(halchemy.HTTPError) as exc:
            api.using_endpoint(f"/status/{code}").get()
        assert exc.value.resource._halchemy.response.status_code == code
    for code in [c for c in case["passes"] if c >= 200]:
        assert api.using_endpoint(f"/status/{code}").get()._halchemy.response.status_code == code


@pytest.mark.parametrize("case", vectors("headers.json"), ids=case_id)
def test_header_operations(case):
    api = halchemy.Api("http://example.org")
    try:
        for op in case["ops"]:
            if op[0] == "remove":
                api.remove_headers([op[1]])
            else:
                api.add_headers({op[1]: op[2]})
    except halchemy.HeaderError:
        assert case.get("error") == "header"
        return
    assert "error" not in case
    assert api.headers == case["expected"]


@pytest.mark.parametrize("case", [c for c in vectors("hal.json") if c["op"] != "link"], ids=case_id)
def test_hal_helpers(case):
    resource = halchemy.HalResource(case["resource"])
    op = case["op"]

    def run():
        if op == "check":
            return resource.links is not None
        if op == "collection":
            return list(resource.collection(case["field"])) is not None
        found = resource.embedded(case["rel"], case["expect"])
        return "many" if isinstance(found, list) else "one"

    if "error" in case:
        with pytest.raises(ERRORS[case["error"]]) as exc:
            run()
        assert case["message"] in str(exc.value)
    else:
        assert run() == case["expected"]


@pytest.mark.parametrize("case", [c for c in vectors("hal.json") if c["op"] == "link"], ids=case_id)
def test_follow_picks_the_link(case):
    api = halchemy.Api("http://example.org")
    resource = {"_links": case["links"]}
    follow = api.follow(resource)
    if "error" in case:
        with pytest.raises(ERRORS[case["error"]]) as exc:
            follow.to(case["rel"], case.get("name"))
        assert case["message"] in str(exc.value)
    else:
        requester = follow.to(case["rel"], case.get("name"))
        assert requester.url.startswith("http://example.org" + case["expected"]["href"].split("{")[0])
