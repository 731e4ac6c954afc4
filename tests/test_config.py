"""One address: every link to the project agrees with repository.url in _config.yml."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from course_links import Repository  # noqa: E402

REPO = Repository.from_config()
# Files a reader or a tool follows an address from (the notebooks: their Colab cell).
LINKED_FILES = [
    "README.md",
    "CONTRIBUTING.md",
    "CHANGELOG.md",
    "CITATION.cff",
    "pyproject.toml",
    "_config.yml",
    "book/intro.md",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("*.ipynb")),
]
GITHUB_SLUG = re.compile(r"github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?(?=[/?#@\s\"')>\]]|$)")
ENCODED_SLUG = re.compile(r"github\.com%2F([\w.-]+)%2F([\w.-]+?)(?=&|%2F|\s|$)")
# Launch links always open the course itself, whatever the slug.
LAUNCH_SLUG = re.compile(
    r"(?:mybinder\.org/v2/gh|colab\.research\.google\.com/github)/([\w.-]+/[\w.-]+?)(?=[/?#\s]|$)"
)
PAGES = re.compile(r"https://([\w-]+)\.github\.io/([\w.-]+)/")


def test_repository_url_is_a_github_address():
    assert REPO.url == f"https://github.com/{REPO.slug}"
    assert REPO.branch


def _looks_like_the_course(slug: str) -> bool:
    # Links to other projects (optax, torch, ...) are fine; an address that names the
    # course (its owner or name, or "gdcourse") must be the one in _config.yml.
    names = {"gdcourse", REPO.owner.lower(), REPO.name.lower()}
    return bool(names & set(slug.lower().split("/")))


@pytest.mark.parametrize("name", LINKED_FILES)
def test_every_address_of_the_course_is_the_repository(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    slugs = set(GITHUB_SLUG.findall(text)) | {f"{a}/{b}" for a, b in ENCODED_SLUG.findall(text)}
    wrong = {slug for slug in slugs if _looks_like_the_course(slug) and slug != REPO.slug}
    wrong |= set(LAUNCH_SLUG.findall(text)) - {REPO.slug}
    assert not wrong, f"{name} links to {wrong}, not {REPO.slug} (repository.url in _config.yml)"
    for owner, name_ in PAGES.findall(text):
        if _looks_like_the_course(f"{owner}/{name_}"):
            assert f"https://{owner}.github.io/{name_}/" == REPO.pages(), name


def test_the_address_check_catches_a_stale_address():
    assert _looks_like_the_course("gdcourse-org/gdcourse")
    assert not _looks_like_the_course("google-deepmind/optax")
    assert LAUNCH_SLUG.findall("https://mybinder.org/v2/gh/someone/fork/main?x") == ["someone/fork"]


def test_readme_links_are_derived_from_the_one_address():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for link in [REPO.binder(), REPO.colab(), REPO.nbgitpuller(), REPO.pages()]:
        assert link in readme, f"README.md lacks {link} (python tools/course_links.py)"
    assert "mybinder.org" not in readme.replace(REPO.binder(), "")


def test_readme_shows_the_colab_cell():
    from colab_cell import cell_source

    assert cell_source(REPO) in (ROOT / "README.md").read_text(encoding="utf-8")


def test_pyproject_urls_follow_the_one_address():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    urls = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    assert urls["Repository"] == REPO.url
    assert urls["Homepage"] == REPO.pages()
    assert urls["Changelog"].startswith(f"{REPO.url}/blob/{REPO.branch}/")


def test_book_launch_buttons_and_footer():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    buttons = config["launch_buttons"]
    assert buttons["binderhub_url"] == "https://mybinder.org"
    assert buttons["colab_url"] == "https://colab.research.google.com"
    assert buttons["notebook_interface"] == "jupyterlab"
    footer = config["html"]["extra_footer"]
    for name in ["LICENSE", "LICENSE-CONTENT", "CITATION.cff"]:
        assert f'href="{REPO.url}/blob/{REPO.branch}/{name}"' in footer
        assert (ROOT / name).is_file()
    assert "MIT" in footer and "CC BY 4.0" in footer


def test_readme_names_the_licences():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for text in [
        "[`LICENSE`](LICENSE)",
        "[`LICENSE-CONTENT`](LICENSE-CONTENT)",
        "CC BY 4.0",
        "MIT",
        "[`CITATION.cff`](CITATION.cff)",
        "gdcourse/data/README.md",
    ]:
        assert text in readme
    assert "Creative Commons Attribution 4.0 International" in (ROOT / "LICENSE-CONTENT").read_text(
        encoding="utf-8"
    )
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_nbgitpuller_link_opens_the_clone_notebooks():
    link = REPO.nbgitpuller("https://hub.example.org/")
    assert link.startswith("https://hub.example.org/hub/user-redirect/git-pull?repo=")
    assert f"urlpath=lab%2Ftree%2F{REPO.name}%2Fnotebooks" in link
    assert f"branch={REPO.branch}" in link


def test_a_bad_repository_url_is_refused(tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text("repository:\n  url: https://example.org/course\n", encoding="utf-8")
    with pytest.raises(ValueError, match="repository.url='https://example.org/course'"):
        Repository.from_config(config)
