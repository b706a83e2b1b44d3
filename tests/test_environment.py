"""environment.yml mirrors pyproject.toml: same packages, same pins."""

import re
import tomllib

import yaml

from warsignals import config


def _pins(requirements):
    pins = {}
    for requirement in requirements:
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", requirement.strip())
        assert match, f"unpinned requirement {requirement!r}"
        pins[match.group(1).lower()] = match.group(2)
    return pins


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    wanted = _pins(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted.update(_pins(extra))
    environment = yaml.safe_load((config.PROJECT_ROOT / "environment.yml").read_text())
    pip_section = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    listed = _pins(item for item in pip_section if not item.startswith("-e"))
    assert listed == wanted
    python = next(item for item in environment["dependencies"] if isinstance(item, str) and item.startswith("python"))
    assert python == "python=3.11" and project["requires-python"] == ">=3.11"
