"""SPEC §12 linear work: the cases of tests/vectors/limits.json through the public API
(issue 10's quadratic inputs and the stated limits). The inputs are built by the small
generator that file describes; tests/c/test_limits.c and tests/node/limits.test.js read the
same cases."""
import pytest

import halchemy

pytestmark = pytest.mark.both_apis  # [sync] and [async] (conftest api_kind)

BASE = "http://example.org"


def with_index(text, i):
    return text.replace("{i}", str(i))


def gen_string(g):
    if isinstance(g, str):
        return g
    return g.get("before", "") + g["$repeat"] * g["times"] + g.get("then", "")


def generate(g):
    """The value a generator stands for (see limits.json's comment)."""
    if isinstance(g, dict) and "$repeat" in g:
        return gen_string(g)
    if isinstance(g, dict) and "$list" in g:
        item = g["$list"]
        if isinstance(item, str):
            return [with_index(item, i) for i in range(g["times"])]
        return [generate(item) for _ in range(g["times"])]
    if isinstance(g, dict) and "$object" in g:
        name = gen_string(g["$object"])
        return {with_index(name, i): generate(g["value"]) for i in range(g["times"])}
    if isinstance(g, dict):
        return {k: generate(v) for k, v in g.items()}
    return g


@pytest.mark.vectors("limits.json", kind="query")
def test_query_limit_vector(case, errors):
    api = halchemy.Api(BASE)
    if "style" in case:
        api.parameters_list_style = case["style"]
    requester = api.using_endpoint("/test").with_parameters(generate(case["params"]))
    if "error" in case:
        with pytest.raises(errors[case["error"]]) as exc:
            requester.url
        assert case["message"] in str(exc.value)
    else:
        assert len(requester.url) == len(BASE) + case["expected_length"]


@pytest.mark.vectors("limits.json", kind="template")
def test_template_limit_vector(case, errors):
    requester = (halchemy.Api(BASE).using_endpoint(gen_string(case["template"]))
                 .with_template_values(generate(case["values"])))
    if "error" in case:
        with pytest.raises(errors[case["error"]]) as exc:
            requester.url
        assert case["message"] in str(exc.value)
    else:
        assert requester.url == BASE + case["expected"]


@pytest.mark.vectors("limits.json", kind="headers")
def test_headers_limit_vector(case):
    api = halchemy.Api(BASE)
    defaults = api.headers
    api.add_headers(generate(case["merge"]))
    api.remove_headers(generate(case["remove"]))
    assert api.headers == {**defaults, **case["expected_added"]}
