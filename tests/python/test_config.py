"""SPEC §2: the .halchemy configuration file through the Python Api."""
import pytest

import halchemy


def write(path, text):
    path.write_text(text)
    return path


def test_project_file_is_applied(clean_config):
    write(clean_config / ".halchemy", "[halchemy]\nbase_url = http://example.org/api\n"
          "parameters_list_style = index\ntimeout = 10\n[headers]\nCache-control = no-cache\n"
          "[error_handling]\nraise_for_network_errors = False\nraise_for_status_codes = 400-403, >404\n")
    api = halchemy.Api()
    assert api.base_url == "http://example.org/api"
    assert api.parameters_list_style == "index"
    assert api.timeout == 10
    assert api.headers["Cache-control"] == "no-cache"
    assert api.headers["Accept"].startswith("application/hal+json")
    assert api.error_handling.raise_for_network_errors is False
    assert api.error_handling.raise_for_status_codes == "400-403, >404"


def test_project_file_wins_over_home(clean_config, tmp_path):
    write(tmp_path / "home" / ".halchemy", "[halchemy]\netag_field = from_home\n")
    assert halchemy.Api().etag_field == "from_home"
    write(clean_config / ".halchemy", "[halchemy]\nbase_url = http://project.example\n")
    api = halchemy.Api()
    assert api.base_url == "http://project.example"
    assert api.etag_field == "_etag"  # the home file is ignored once a project file exists


def test_found_from_a_subdirectory(clean_config, monkeypatch):
    write(clean_config / ".halchemy", "[halchemy]\netag_field = v\n")
    sub = clean_config / "a" / "b"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    assert halchemy.Api().etag_field == "v"


def test_halchemy_config_names_a_file(tmp_path, monkeypatch):
    path = write(tmp_path / "custom.ini", "[error_handling]\nraise_on_network_error = off\n")
    monkeypatch.setenv("HALCHEMY_CONFIG", str(path))
    assert halchemy.Api().error_handling.raise_for_network_errors is False


def test_constructor_arguments_win_over_the_file(clean_config):
    write(clean_config / ".halchemy", "[halchemy]\nbase_url = http://file.example\n[headers]\nX-A = file\n")
    api = halchemy.Api("http://arg.example", {"x-a": "arg"})
    assert api.base_url == "http://arg.example"
    assert api.headers["x-a"] == "arg"


def test_malformed_file_names_file_and_line(clean_config):
    path = write(clean_config / ".halchemy", "[halchemy]\nbase_url = http://x\nthis is not ini\n")
    with pytest.raises(halchemy.ConfigError) as exc:
        halchemy.Api()
    assert f"{path}:3" in str(exc.value)


def test_binary_file_is_an_error_not_a_crash(clean_config):
    (clean_config / ".halchemy").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(halchemy.ConfigError):
        halchemy.Api()
