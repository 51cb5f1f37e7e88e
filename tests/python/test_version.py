"""Issue 11: one version. halchemy.__version__ comes from the core (hc_version()), which the
build compiled from package.json, and it is the User-Agent the server receives."""
import json
import os

from conftest import ROOT

import halchemy


def package_json_version():
    with open(os.path.join(ROOT, "package.json"), encoding="utf-8") as f:
        return json.load(f)["version"]


def test_version_is_package_jsons():
    assert halchemy.__version__ == package_json_version()
    assert halchemy._core.version == halchemy.__version__


def test_user_agent_names_the_version(api):
    echo = api.using_endpoint("/echo/ua").get()
    headers = {name.lower(): value for name, value in echo["headers"].items()}
    assert headers["user-agent"] == "halchemy/" + package_json_version()
