"""The conda (Binder) and pip environments must list the same packages at the same pins."""

import os
import re

import yaml

from unlocked.paths import ROOT

# conda-forge ships matplotlib without the Qt GUI as matplotlib-base: the same library.
CONDA_TO_PIP = {"matplotlib-base": "matplotlib"}


def conda_pins() -> dict[str, str]:
    spec = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert spec["channels"] == ["conda-forge"]
    pins = {}
    for dependency in spec["dependencies"]:
        name, version = re.fullmatch(r"([\w.-]+)=([\w.]+)", dependency).groups()
        pins[CONDA_TO_PIP.get(name, name)] = version
    return pins


def pip_pins(filename: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / filename).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-r"):
            name, version = re.fullmatch(r"([\w.-]+)==([\w.]+)", line).groups()
            pins[name.lower()] = version
    return pins


def test_conda_and_pip_learner_environments_agree():
    conda = conda_pins()
    assert conda.pop("python") == "3.11"
    assert conda == pip_pins("requirements.txt")


def test_the_required_stack_is_there():
    assert {"jupyterlab", "pandas", "matplotlib", "nbval"} <= set(pip_pins("requirements.txt"))


def test_dev_tools_are_pinned_and_do_not_repeat_the_learner_list():
    dev = pip_pins("requirements-dev.txt")
    assert dev and not set(dev) & set(pip_pins("requirements.txt"))
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text(encoding="utf-8")


def test_readme_quick_start_is_exactly_the_two_make_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", quick_start, re.S)[1]
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make lab", "make test"]


def test_ci_runs_the_readme_test_command():
    steps = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    assert "make test" in steps and not any(s.startswith(("pip", "python", "pytest")) for s in steps)


def test_launch_links_open_the_start_notebook():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    opened = re.search(r"jupyter lab .*?(notebooks/\S+\.ipynb)", makefile)[1]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    binder = re.search(r"mybinder\.org/v2/gh/[^?]+\?urlpath=lab/tree/(\S+?\.ipynb)", readme)[1]
    assert opened == binder == "notebooks/00_start_here.ipynb"
    assert (ROOT / opened).is_file()


def test_no_news_pop_up_in_make_lab_or_on_binder():
    plugin = "@jupyterlab/apputils-extension:announcements"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    post_build = ROOT / "postBuild"
    assert plugin in makefile and "labextension disable" in makefile
    assert plugin in post_build.read_text(encoding="utf-8")
    assert os.access(post_build, os.X_OK)


def test_the_learner_environment_has_the_news_plugin_disabled():
    # make lab's install step ran for this environment (tests use the same .venv).
    import json
    import sys
    from pathlib import Path

    import pytest

    if Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        pytest.skip("runs in the environment that make lab / make test build")
    config = Path(sys.prefix) / "etc" / "jupyter" / "labconfig" / "page_config.json"
    disabled = json.loads(config.read_text(encoding="utf-8")).get("disabledExtensions", {})
    assert disabled.get("@jupyterlab/apputils-extension:announcements") is True


def test_ci_installs_the_browser_and_requires_the_browser_tests():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get install -y" in ci and "chromium" in ci and "UNLOCKED_REQUIRE_BROWSER=1" in ci
    assert ci.rstrip().splitlines()[-1] == "make test"


def test_site_and_browser_tools_stay_out_of_the_learner_environment():
    dev, learner = pip_pins("requirements-dev.txt"), pip_pins("requirements.txt")
    tools = {"sphinx-book-theme", "myst-nb", "playwright", "axe-playwright-python", "nbgitpuller"}
    assert tools <= set(dev) and not tools & set(learner)
    assert "site:" in (ROOT / "Makefile").read_text(encoding="utf-8")
