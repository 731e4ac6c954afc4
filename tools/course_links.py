"""Every address of the course, derived from the one repository URL in ``_config.yml``.

    python tools/course_links.py            # print them all (paste into README.md)

``_config.yml`` (``repository.url``, ``repository.branch``) is the only place the
project's address is written by hand. The book's launch buttons read it directly; the
README's links, the Binder link, the Colab install command (tools/colab_cell.py) and the
JupyterHub link are computed here, and tests/test_config.py checks that every address
written elsewhere agrees with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "_config.yml"
GITHUB = re.compile(r"^https://github\.com/(?P<owner>[\w.-]+)/(?P<name>[\w.-]+?)/?$")
FIRST_CHAPTER = "notebooks/00_optimization_problem.ipynb"
EXAMPLE_HUB = "https://jupyterhub.example.edu"  # an instructor puts their hub here


@dataclass(frozen=True)
class Repository:
    """The course's GitHub repository and the links built from it."""

    url: str
    branch: str

    @classmethod
    def from_config(cls, path: Path = CONFIG) -> Repository:
        """Read ``repository.url`` and ``repository.branch`` from the book's config."""
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
        repository = config.get("repository") or {}
        url = str(repository.get("url", "")).rstrip("/")
        if not GITHUB.match(url):
            raise ValueError(
                f"{path}: repository.url={url!r} is not a GitHub address of the form "
                "https://github.com/OWNER/NAME; write the course's repository there."
            )
        return cls(url=url, branch=str(repository.get("branch", "main")))

    @property
    def owner(self) -> str:
        match = GITHUB.match(self.url)
        assert match is not None  # checked in from_config
        return match["owner"]

    @property
    def name(self) -> str:
        match = GITHUB.match(self.url)
        assert match is not None
        return match["name"]

    @property
    def slug(self) -> str:
        """``owner/name``, as it appears in GitHub, Binder and Colab addresses."""
        return f"{self.owner}/{self.name}"

    def pip_requirement(self) -> str:
        """What pip installs in Colab: the library with its plotting extras, from GitHub."""
        return f"gdcourse[plot] @ git+{self.url}.git@{self.branch}"

    def binder(self) -> str:
        """JupyterLab on mybinder.org, opened on ``notebooks/`` (environment: ``binder/``)."""
        return f"https://mybinder.org/v2/gh/{self.slug}/{self.branch}?urlpath=lab/tree/notebooks"

    def colab(self, notebook: str = FIRST_CHAPTER) -> str:
        """One notebook opened in Google Colab straight from GitHub."""
        return f"https://colab.research.google.com/github/{self.slug}/blob/{self.branch}/{notebook}"

    def pages(self) -> str:
        """Where .github/workflows/book.yml publishes the book (GitHub Pages)."""
        return f"https://{self.owner.lower()}.github.io/{self.name}/"

    def nbgitpuller(self, hub: str = EXAMPLE_HUB) -> str:
        """A JupyterHub link that clones (or updates) the course for each student.

        nbgitpuller merges new commits into a student's copy without overwriting their
        edits, and opens JupyterLab on the notebooks.
        """
        query = urlencode(
            {
                "repo": self.url,
                "branch": self.branch,
                "urlpath": f"lab/tree/{self.name}/notebooks",
            },
            quote_via=quote,
            safe="",
        )
        return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def main() -> int:
    repo = Repository.from_config()
    for label, value in [
        ("repository", repo.url),
        ("book (GitHub Pages)", repo.pages()),
        ("Binder", repo.binder()),
        ("Colab (chapter 0)", repo.colab()),
        ("pip (Colab cell)", repo.pip_requirement()),
        ("JupyterHub (nbgitpuller)", repo.nbgitpuller()),
    ]:
        print(f"{label:26} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
