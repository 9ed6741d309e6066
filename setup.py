"""Only what pyproject.toml cannot say: the generator's shared files live at the top of a checkout
(site_templates/, content/, mkdocs.yml) and are copied into the package as generator/_shared/ when
a wheel is built, where generator/resources.py looks for them in an installed package."""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHARED = ("site_templates", "content", "mkdocs.yml")


class BuildWithSharedFiles(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them from the checkout
        target = Path(self.build_lib) / "generator" / "_shared"
        shutil.rmtree(target, ignore_errors=True)
        for name in SHARED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                target.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target / name)


setup(cmdclass={"build_py": BuildWithSharedFiles})
