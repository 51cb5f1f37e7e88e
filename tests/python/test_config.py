"""SPEC §2, configuration file: `.halchemy` (INI) in the project root, else in the home
directory, or the file HALCHEMY_CONFIG names. Every test starts in an empty temporary
project (`isolated_config` in conftest.py: cwd holds `.git`, HOME is empty)."""
import os

import pytest

from conftest import DEFAULTS

import halchemy

pytestmark = pytest.mark.both_apis  # [sync] and [async] (conftest api_kind)

ACCEPT = "application/hal+json, application/json;q=0.9, */*;q=0.8"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def lower_keys(headers):
    return {name.lower(): value for name, value in headers.items()}


def settings_of(api):
    return {
        "base_url": api.base_url,
        "parameters_list_style": api.parameters_list_style,
        "etag_field": api.etag_field,
        "timeout": api.timeout,
        "raise_for_network_errors": api.error_handling.raise_for_network_errors,
        "raise_for_status_codes": api.error_handling.raise_for_status_codes,
    }


def assert_names_file_and_line(message, path, line):
    """SPEC: 'a clear error naming the file and line'; the vectors spell it 'path:line:'."""
    assert f"{path}:{line}" in message or f"{os.path.realpath(path)}:{line}" in message, message


# ---- the shared vectors ----------------------------------------------------------------------
# config.json holds four kinds of case: 'ini' + 'settings' (the Api's settings after the
# file), 'ini' + 'error' (a config error naming 'path:line:'), 'ini' + 'expected' (what the
# INI reader yields, [section, key, value, line]: checked through the settings those entries
# make, the last of a repeated key winning), and 'bool' (how a boolean setting reads).

SETTING_KEYS = {
    ("halchemy", "base_url"): "base_url",
    ("halchemy", "parameters_list_style"): "parameters_list_style",
    ("halchemy", "etag_field"): "etag_field",
    ("halchemy", "timeout"): "timeout",
    ("error_handling", "raise_for_network_errors"): "raise_for_network_errors",
    ("error_handling", "raise_on_network_error"): "raise_for_network_errors",
    ("error_handling", "raise_for_status_codes"): "raise_for_status_codes",
    ("error_handling", "raise_on_status_codes"): "raise_for_status_codes",
}
BOOLEANS = {"true": True, "yes": True, "on": True, "1": True,
            "false": False, "no": False, "off": False, "0": False}


def settings_from_entries(entries):
    """The settings (and headers) that INI reader entries make when applied."""
    settings, headers = {}, {}
    for section, key, value, _line in entries:
        if section == "headers":
            headers = {k: v for k, v in headers.items() if k.lower() != key.lower()}
            headers[key] = value
        elif (section, key) in SETTING_KEYS:
            name = SETTING_KEYS[(section, key)]
            if name == "timeout":
                value = float(value)
            elif name == "raise_for_network_errors":
                value = BOOLEANS[value.lower()]
            settings[name] = value
    return settings, headers


def check_settings(api, settings, headers):
    actual = settings_of(api)
    for name, value in settings.items():
        if name == "raise_for_status_codes" and not value:
            assert not actual[name], name
        else:
            assert actual[name] == value, name
    sent = lower_keys(api.headers)
    for name, value in headers.items():
        assert sent[name.lower()] == value, name
        assert len([n for n in api.headers if n.lower() == name.lower()]) == 1, name


def apply_file(directory, ini):
    """Writes `ini` as the project's .halchemy (bytes as given, no newline translation)."""
    path = directory / ".halchemy"
    path.write_bytes(ini.encode("utf-8"))
    return path


@pytest.mark.vectors("config.json")
def test_config_file_vector(case, isolated_config, errors):
    if "bool" in case:
        path = apply_file(isolated_config, f"[error_handling]\nraise_for_network_errors = {case['bool']}\n")
        if "error" in case:
            with pytest.raises(errors[case["error"]]) as exc:
                halchemy.Api()
            assert_names_file_and_line(str(exc.value), path, 2)
        else:
            assert halchemy.Api().error_handling.raise_for_network_errors is case["expected"]
        return

    path = apply_file(isolated_config, case["ini"])
    if "error" in case:
        with pytest.raises(errors[case["error"]]) as exc:
            halchemy.Api()
        message = str(exc.value)
        assert_names_file_and_line(message, path, case["line"])
        if "message" in case:
            assert case["message"] in message
        return

    if "settings" in case:
        expected = dict(case["settings"])
        check_settings(halchemy.Api(), expected, expected.pop("headers", {}))
        return
    empty = [e for e in case["expected"] if e[0] != "headers" and (e[0], e[1]) in SETTING_KEYS and e[2] == ""]
    if empty:
        # The reader yields an empty setting; applying it may refuse it (a setting such as
        # etag_field cannot be empty), but only as a config error naming that line.
        try:
            api = halchemy.Api()
        except ValueError as exc:
            assert_names_file_and_line(str(exc), path, empty[-1][3])
            return
    else:
        api = halchemy.Api()
    check_settings(api, *settings_from_entries(case["expected"]))


# ---- where the file is found ------------------------------------------------------------

def test_home_file_is_used_when_the_project_has_none(home_dir):
    write(home_dir / ".halchemy", "[halchemy]\netag_field = from_home\n")
    assert halchemy.Api().etag_field == "from_home"


def test_project_file_wins_and_the_home_file_is_then_ignored(isolated_config, home_dir):
    write(home_dir / ".halchemy", "[halchemy]\netag_field = from_home\nbase_url = http://home.example\n")
    write(isolated_config / ".halchemy", "[halchemy]\nbase_url = http://project.example\n")
    api = halchemy.Api()
    assert api.base_url == "http://project.example"
    assert api.etag_field == "_etag"  # not merged with the home file


@pytest.mark.parametrize("marker", [".halchemy", ".git", "pyproject.toml", "setup.py",
                                    "package.json", "node_modules", "requirements.txt"])
def test_project_root_is_found_by_walking_up_to_a_marker(tmp_path, monkeypatch, marker):
    project = tmp_path / "walk" / "proj"
    deep = project / "src" / "pkg"
    deep.mkdir(parents=True)
    if marker in (".git", "node_modules"):
        (project / marker).mkdir()
    elif marker != ".halchemy":
        (project / marker).write_text("")
    write(project / ".halchemy", "[halchemy]\netag_field = from_project\n")
    monkeypatch.chdir(deep)
    assert halchemy.Api().etag_field == "from_project"


def test_the_walk_stops_at_the_first_root_so_a_parents_file_is_not_used(tmp_path, monkeypatch, home_dir):
    outer = tmp_path / "outer"
    write(outer / ".halchemy", "[halchemy]\netag_field = from_outer\n")
    inner = outer / "inner"
    (inner / ".git").mkdir(parents=True)
    (inner / "sub").mkdir()
    write(home_dir / ".halchemy", "[halchemy]\netag_field = from_home\n")
    monkeypatch.chdir(inner / "sub")
    assert halchemy.Api().etag_field == "from_home"


def test_halchemy_config_names_a_file(tmp_path, monkeypatch):
    path = write(tmp_path / "elsewhere" / "my.ini", "[halchemy]\netag_field = named\n")
    monkeypatch.setenv("HALCHEMY_CONFIG", str(path))
    assert halchemy.Api().etag_field == "named"


def test_halchemy_config_wins_over_the_project_and_home_files(tmp_path, monkeypatch, isolated_config, home_dir):
    write(isolated_config / ".halchemy", "[halchemy]\netag_field = from_project\n")
    write(home_dir / ".halchemy", "[halchemy]\netag_field = from_home\n")
    path = write(tmp_path / "named.ini", "[halchemy]\netag_field = named\n")
    monkeypatch.setenv("HALCHEMY_CONFIG", str(path))
    assert halchemy.Api().etag_field == "named"


def test_a_file_written_later_is_read_by_a_new_api(isolated_config):
    assert halchemy.Api().etag_field == "_etag"
    write(isolated_config / ".halchemy", "[halchemy]\netag_field = later\n")
    assert halchemy.Api().etag_field == "later"


def test_an_empty_file_keeps_the_defaults(isolated_config):
    write(isolated_config / ".halchemy", "")
    api = halchemy.Api()
    assert api.base_url == "http://localhost:2112"
    assert api.timeout == 30


# ---- what the settings do -----------------------------------------------------------------

@pytest.mark.parametrize("spelling", ["False", "false", "FALSE", "no", "Off", "0"])
def test_false_in_the_file_really_turns_network_raising_off(isolated_config, refused_url, spelling):
    write(isolated_config / ".halchemy", f"[error_handling]\nraise_for_network_errors = {spelling}\n")
    resource = halchemy.Api().using_endpoint(refused_url).get()
    assert resource._halchemy.response.status_code == 0
    assert resource._halchemy.response.reason == "Did not receive a response from the server"


def test_raise_on_network_error_in_the_file_is_accepted(isolated_config, refused_url):
    write(isolated_config / ".halchemy", "[error_handling]\nraise_on_network_error = no\n")
    assert halchemy.Api().using_endpoint(refused_url).get()._halchemy.response.status_code == 0


def test_file_base_url_and_headers_are_used_on_the_wire(isolated_config, base, received):
    write(isolated_config / ".halchemy", f"[halchemy]\nbase_url = {base}\n"
          "[headers]\nCache-control = no-cache\nX-From-File = yes\n")
    echo = halchemy.Api().using_endpoint("/echo").get()
    sent = received(echo)
    assert echo._halchemy.request.url == base + "/echo"
    assert sent["cache-control"] == "no-cache"
    assert sent["x-from-file"] == "yes"
    assert sent["accept"] == ACCEPT  # file headers merge over the defaults
    assert sent["authorization"] == DEFAULTS["headers"]["Authorization"]


def test_file_header_with_another_case_replaces_the_default(isolated_config):
    write(isolated_config / ".halchemy", "[headers]\naccept = text/plain\n")
    api = halchemy.Api("http://example.org")
    names = [name for name in api.headers if name.lower() == "accept"]
    assert len(names) == 1 and api.headers[names[0]] == "text/plain"


def test_file_status_codes_raise(isolated_config, base):
    write(isolated_config / ".halchemy", "[error_handling]\nraise_for_status_codes = 400-403, >404\n")
    api = halchemy.Api(base)
    with pytest.raises(halchemy.HTTPError):
        api.using_endpoint("/status/500").get()
    with pytest.raises(halchemy.HTTPError):
        api.using_endpoint("/status/401").get()
    assert api.using_endpoint("/status/404").get()._halchemy.response.status_code == 404


def test_raise_on_status_codes_in_the_file_is_accepted(isolated_config, base):
    write(isolated_config / ".halchemy", "[error_handling]\nraise_on_status_codes = >499\n")
    with pytest.raises(halchemy.HTTPError):
        halchemy.Api(base).using_endpoint("/status/503").get()


def test_file_list_style_is_used(isolated_config, base):
    write(isolated_config / ".halchemy", "[halchemy]\nparameters_list_style = index\n")
    echo = halchemy.Api(base).using_endpoint("/echo").with_parameters({"l": ["a", "b"]}).get()
    assert echo["query"] == "l[0]=a&l[1]=b"


def test_file_etag_field_is_used_for_if_match(isolated_config, base, received):
    write(isolated_config / ".halchemy", "[halchemy]\netag_field = version\n")
    api = halchemy.Api(base)
    echo = api.follow({"version": "v7", "_links": {"self": {"href": "/echo/v"}}}).to("self").patch({})
    assert received(echo)["if-match"] == "v7"


def test_file_timeout_is_used(isolated_config, base):
    write(isolated_config / ".halchemy", "[halchemy]\ntimeout = 1\n")
    api = halchemy.Api(base)
    assert api.timeout == 1
    with pytest.raises(halchemy.NetworkError):
        api.using_endpoint("/slow/4").get()


# ---- precedence: defaults < home < project < constructor < properties < per request --------

def test_constructor_arguments_win_over_the_file(isolated_config):
    write(isolated_config / ".halchemy", "[halchemy]\nbase_url = http://file.example\n[headers]\nX-A = file\n")
    api = halchemy.Api("http://arg.example", {"x-a": "arg"})
    assert api.base_url == "http://arg.example"
    assert lower_keys(api.headers)["x-a"] == "arg"
    assert len([n for n in api.headers if n.lower() == "x-a"]) == 1


def test_properties_set_later_win_over_the_file(isolated_config):
    write(isolated_config / ".halchemy", "[halchemy]\netag_field = file\ntimeout = 10\n"
          "[error_handling]\nraise_for_status_codes = >399\n")
    api = halchemy.Api("http://example.org")
    api.etag_field = "later"
    api.timeout = 5
    api.error_handling.raise_for_status_codes = ">499"
    assert (api.etag_field, api.timeout, api.error_handling.raise_for_status_codes) == ("later", 5, ">499")


def test_per_request_headers_win_over_file_headers(isolated_config, base, received):
    write(isolated_config / ".halchemy", "[headers]\nX-A = file\n")
    api = halchemy.Api(base)
    assert received(api.using_endpoint("/echo").with_headers({"X-A": "request"}).get())["x-a"] == "request"
    assert received(api.using_endpoint("/echo").get())["x-a"] == "file"


# ---- broken files are clear errors, never crashes -------------------------------------------

def test_malformed_project_file_names_file_and_line(isolated_config):
    path = write(isolated_config / ".halchemy", "[halchemy]\nbase_url = http://x\n\nthis is not ini\n")
    with pytest.raises(ValueError) as exc:
        halchemy.Api()
    assert_names_file_and_line(str(exc.value), path, 4)


def test_malformed_home_file_names_it(home_dir):
    path = write(home_dir / ".halchemy", "[error_handling]\nraise_for_network_errors = perhaps\n")
    with pytest.raises(ValueError) as exc:
        halchemy.Api()
    assert_names_file_and_line(str(exc.value), path, 2)


def test_malformed_named_file_names_it(tmp_path, monkeypatch):
    path = write(tmp_path / "named.ini", "[halchemy\n")
    monkeypatch.setenv("HALCHEMY_CONFIG", str(path))
    with pytest.raises(ValueError) as exc:
        halchemy.Api()
    assert_names_file_and_line(str(exc.value), path, 1)


def test_empty_base_url_in_the_file_is_an_error(isolated_config):
    path = write(isolated_config / ".halchemy", "[halchemy]\nbase_url =\n")
    with pytest.raises(ValueError) as exc:
        halchemy.Api()
    assert str(path) in str(exc.value) or os.path.realpath(path) in str(exc.value)


def test_binary_garbage_is_an_error_not_a_crash(isolated_config):
    (isolated_config / ".halchemy").write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ValueError):
        halchemy.Api()


def test_a_huge_file_is_an_error_or_read_not_a_crash(isolated_config):
    (isolated_config / ".halchemy").write_text("[headers]\n" + "".join(f"X-{i} = {'v' * 100}\n" for i in range(20000)))
    try:
        api = halchemy.Api("http://example.org")
    except ValueError:
        return
    assert lower_keys(api.headers)["x-19999"] == "v" * 100
