"""The project as a Scrapyd egg. `scrapyd-deploy` builds the egg with `python setup.py bdist_egg`; the
egg must run with no checkout beside it, so it carries the root layer too (settings.py, spiders/, and
the site profiles in sites/) and names the settings module Scrapyd runs with. Everything else about the
package (name, dependencies, the wheel pip installs, which holds `newsfeeds` alone) is in pyproject.toml."""

from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.bdist_egg import bdist_egg


class project_egg(bdist_egg):
    """bdist_egg of the whole Scrapy project, not only the installable package."""

    def finalize_options(self) -> None:
        dist = self.distribution
        dist.packages = find_packages(include=["newsfeeds", "newsfeeds.*", "spiders", "spiders.*"])
        dist.py_modules = ["settings"]
        profiles = sorted(str(p) for p in Path("sites").iterdir() if p.suffix == ".toml" and not p.name.startswith("."))
        dist.data_files = [("sites", profiles)]
        dist.entry_points = {**(dist.entry_points or {}), "scrapy": ["settings = settings"]}
        super().finalize_options()


setup(cmdclass={"bdist_egg": project_egg})
