"""Open every page of the built book in a real, headless Chromium.

The book in ``_build/html`` is served on 127.0.0.1 and each page is opened in a fresh
browser context (empty storage: a first visit). A page fails when it

* logs a console error or throws an uncaught exception,
* makes a request that fails, answers >= 400, or goes to any host but the local server
  (there is no internet where the course is tested, so everything must be local),
* links to a local page or ``#anchor`` that does not exist,
* shows an image (a figure or an animated-PNG animation) that does not load,
* has math that MathJax does not render,
* has a quiz whose choices do not open when clicked,
* shows, in a visible cell, quiz source code, an ``answer =`` with a value, a
  ``check(...)`` with an expected value, or an exercise's hint or solution already open,
* has a code cell or display equation wider than its column at 1400 px (the reader
  would scroll it sideways),
* has a scrubbable figure whose slider does not move through every position (keyboard
  and mouse) with a new picture and readout at each,
* has a critical or serious accessibility violation found by axe-core (WCAG 2.x A and
  AA checks: contrast, headings, names of links and buttons, ARIA...), run offline from
  the ``axe-playwright-python`` package.

Each page is opened once and every check runs on that visit; the search page is opened
with ``?q=momentum`` and must find it. Screenshots of the landing page and of one chapter
are saved in the test's temporary directory. Every ``<img>`` of a chapter must have alt text
that is not a file name (checked in the built HTML), and the book must turn a notebook
output's alt metadata into that alt text (checked with a one-page Sphinx build).

Runs after ``make book`` (``make test`` builds first). Without Chromium or a build it is
skipped, except under ``CI=true``, where both must be present. Under pytest-xdist
(``make browser`` runs 2 workers) each worker starts its own Chromium and http server.
"""

from __future__ import annotations

import functools
import html.parser
import http.server
import json
import os
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
HTML_DIR = Path(os.environ.get("GDCOURSE_BOOK_HTML", ROOT / "_build" / "html"))
NOTEBOOKS = ROOT / "notebooks"
CHROMIUM = Path(os.environ.get("GDCOURSE_CHROMIUM", "/usr/bin/chromium"))
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Belt and braces: no host but the local server even resolves, so a stray CDN request
    # fails at once (and is reported) instead of waiting for a network that is not there.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
SKIP_DIRS = {"_static", "_sources", "_images", "_downloads"}
WIDTH = 1400
SCREENSHOT_PAGES = {
    "index.html": "landing.png",
    "notebooks/00_optimization_problem.html": "chapter.png",
}


def built_pages() -> list[str]:
    """Every HTML page of the build, as paths relative to ``_build/html``."""
    if not HTML_DIR.is_dir():
        return []
    return sorted(
        path.relative_to(HTML_DIR).as_posix()
        for path in HTML_DIR.rglob("*.html")
        if not SKIP_DIRS.intersection(path.relative_to(HTML_DIR).parts)
    )


def skip_or_fail(reason: str) -> None:
    """Skip locally; under CI=true a missing prerequisite is a failure."""
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


def notebooks_use_quizzes() -> bool:
    """True when a notebook's source mentions the HTML quiz."""
    for path in NOTEBOOKS.glob("*.ipynb"):
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        for cell in cells:
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            if "gdquiz" in source or ".quiz()" in source or "gdcourse.quiz" in source:
                return True
    return False


class _Ids(html.parser.HTMLParser):
    """Collect the ``id`` and ``name`` attributes of a page (the targets of ``#anchor``)."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("id", "name") and value:
                self.ids.add(value)


@functools.cache
def anchors_of(path: Path) -> frozenset[str]:
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return frozenset(parser.ids)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@pytest.fixture(scope="module")
def site():
    """The base URL of ``_build/html`` served on a free port of 127.0.0.1."""
    if not (HTML_DIR / "index.html").is_file():
        skip_or_fail(f"no built book at {HTML_DIR} (run `make book`)")
    handler = functools.partial(_QuietHandler, directory=str(HTML_DIR))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    """One headless Debian Chromium for the whole module (never a downloaded browser)."""
    if not CHROMIUM.is_file():
        skip_or_fail(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def screenshot_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("screenshots")


class Visit:
    """One page opened in a fresh context, with every problem it showed."""

    def __init__(self, browser, site: str, url: str):
        self.site = site
        self.problems: list[str] = []
        # 1400 px: the width at which no code cell or equation may scroll sideways.
        self.context = browser.new_context(viewport={"width": WIDTH, "height": 900})
        self.page = self.context.new_page()
        self.page.on("request", self._request)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))
        self.page.on("requestfailed", self._failed)
        self.page.on("response", self._response)
        self.page.goto(url, wait_until="networkidle")

    def _request(self, request):
        if not request.url.startswith((self.site, "data:", "blob:")):
            self.problems.append(f"request to a non-local host: {request.url}")

    def _console(self, message):
        if message.type == "error":
            where = message.location.get("url", "")
            self.problems.append(f"console error: {message.text} ({where})")

    def _failed(self, request):
        if request.url.startswith(self.site):
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def close(self):
        self.context.close()


def local_target(site: str, href: str) -> tuple[Path, str] | None:
    """The file and anchor a same-host link points to, or None for another host."""
    if not href.startswith(site):
        return None
    parts = urlsplit(href)
    relative = unquote(parts.path).lstrip("/")
    path = HTML_DIR / relative
    if not relative or relative.endswith("/"):
        path = path / "index.html"
    return path, unquote(parts.fragment)


def check_links(visit: Visit) -> None:
    hrefs = visit.page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    for href in sorted(set(hrefs)):
        target = local_target(visit.site, href)
        if target is None:
            continue
        path, anchor = target
        if not path.is_file():
            visit.problems.append(f"broken link: {href} (no {path.relative_to(HTML_DIR)})")
        elif anchor and path.suffix == ".html" and anchor not in anchors_of(path):
            visit.problems.append(f"broken anchor: {href} (no id {anchor!r})")


IMAGES_SETTLED = """async () => {
    const images = [...document.images];
    images.forEach(img => { img.loading = "eager"; });
    await Promise.all(images.map(img => img.complete ? null :
        new Promise(done => {
            img.addEventListener("load", done);
            img.addEventListener("error", done);
        })));
    return images.map(img => ({src: img.currentSrc || img.src, width: img.naturalWidth,
                               png: (img.currentSrc || img.src).startsWith("data:image/png")
                                    || /\\.png([?#].*)?$/.test(img.currentSrc || img.src)}));
}"""


def check_images(visit: Visit) -> None:
    """Every image, including each animated-PNG animation, must decode (naturalWidth > 0)."""
    for image in visit.page.evaluate(IMAGES_SETTLED):
        if image["width"] == 0:
            kind = "image/animation (PNG)" if image["png"] else "image"
            visit.problems.append(f"{kind} did not load: {image['src'][:120]}")


MATH_RENDERED = """async () => {
    const math = document.querySelectorAll("#main-content .math, #main-content div.math");
    if (math.length === 0) return {math: 0, rendered: 0};
    const start = Date.now();
    while (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) {
        if (Date.now() - start > 10000) return {math: math.length, rendered: -1};
        await new Promise(done => setTimeout(done, 50));
    }
    await MathJax.startup.promise;
    return {math: math.length, rendered: document.querySelectorAll("mjx-container").length};
}"""


def check_math(visit: Visit) -> int:
    """Return the number of MathJax-rendered formulas; a page with math must have some."""
    result = visit.page.evaluate(MATH_RENDERED)
    if result["math"] and result["rendered"] == -1:
        visit.problems.append("page has math but MathJax never started")
    elif result["math"] and result["rendered"] == 0:
        visit.problems.append(f"{result['math']} math elements but no mjx-container rendered")
    return max(result["rendered"], 0)


def check_quizzes(visit: Visit) -> int:
    """Click the first choice of every quiz: it must open and show its feedback."""
    page = visit.page
    quizzes = page.locator(".gdquiz")
    for index in range(quizzes.count()):
        choice = quizzes.nth(index).locator("details.gdquiz-choice").first
        if choice.count() == 0:
            visit.problems.append(f"quiz {index + 1} has no details.gdquiz-choice")
            continue
        if choice.get_attribute("data-correct") not in ("true", "false"):
            visit.problems.append(f"quiz {index + 1}: data-correct is not true/false")
        choice.locator("summary").first.click()
        if not choice.evaluate("details => details.open"):
            visit.problems.append(f"quiz {index + 1}: clicking a choice did not open it")
            continue
        feedback = choice.locator(":scope > :not(summary)")
        if feedback.count() == 0 or not feedback.first.is_visible():
            visit.problems.append(f"quiz {index + 1}: the choice's feedback is not visible")
    return quizzes.count()


# Patterns a visible code cell of a chapter must not contain (issue 13): the answers
# live in the package, not in the page.
ANSWER_PATTERNS = {
    "quiz source": re.compile(r"\b(Quiz|Question|make_quiz)\(|answer\s*=\s*\d+\s*,"),
    "a literal answer": re.compile(r"^\s*answer\s*=\s*(?!\.\.\.)[-\d(\[\"']", re.M),
    "an expected value": re.compile(r"\bcheck\(\s*[\"']|\bexpected\s*="),
}

VISIBLE_CODE = """() => [...document.querySelectorAll("#main-content .cell_input")]
    .filter(cell => cell.offsetParent !== null)
    .map(cell => cell.innerText)"""

OPEN_EXERCISE_DETAILS = """() => [...document.querySelectorAll(
    "#main-content .gdexercise details")].filter(d => d.open).length"""


def check_no_answers_shown(visit: Visit) -> None:
    for text in visit.page.evaluate(VISIBLE_CODE):
        for what, pattern in ANSWER_PATTERNS.items():
            match = pattern.search(text)
            if match:
                visit.problems.append(f"a visible cell shows {what}: {match.group(0)!r}")
    opened = visit.page.evaluate(OPEN_EXERCISE_DETAILS)
    if opened:
        visit.problems.append(f"{opened} exercise hint/solution blocks are open on arrival")


TOO_WIDE = """() => {
    const wide = [];
    const column = document.querySelector("#main-content");
    const check = (element, what) => {
        if (element.offsetParent !== null && element.scrollWidth > element.clientWidth + 1)
            wide.push(what + " " + element.scrollWidth + " px in " + element.clientWidth +
                      " px: " + element.innerText.trim().split("\\n")[0].slice(0, 70));
    };
    column.querySelectorAll(".cell_input pre").forEach(pre => check(pre, "code"));
    column.querySelectorAll("div.math, mjx-container[display=true]").forEach(
        math => check(math, "equation"));
    return wide;
}"""


def check_widths(visit: Visit) -> None:
    """No code cell or display equation scrolls sideways (math must be rendered first)."""
    for problem in visit.page.evaluate(TOO_WIDE):
        visit.problems.append(f"wider than the column at {WIDTH} px: {problem}")


SCRUBBER_STATE = """scrubber => {
    const img = scrubber.querySelector("img");
    return {src: img.getAttribute("src"), loaded: img.complete && img.naturalWidth > 0,
            alt: img.alt, readout: scrubber.querySelector("output").textContent};
}"""


def check_scrubbers(visit: Visit) -> int:
    """Move every slider of every scrubbable figure through all its positions, by keyboard
    and by mouse: each position must show its own picture (loaded), alt text and readout."""
    page = visit.page
    scrubbers = page.locator("#main-content .gd-scrubber")
    for index in range(scrubbers.count()):
        scrubber = scrubbers.nth(index)
        scrubber.scroll_into_view_if_needed()
        sliders = scrubber.locator("input[type=range]")
        if sliders.count() == 0:
            visit.problems.append(f"scrubber {index + 1} has no slider (frames not drawn?)")
            continue
        for number in range(sliders.count()):
            slider = sliders.nth(number)
            if not slider.is_visible():
                visit.problems.append(f"scrubber {index + 1}: slider {number + 1} is hidden")
                continue
            last = int(slider.get_attribute("max"))
            slider.focus()
            page.keyboard.press("Home")
            seen = [scrubber.evaluate(SCRUBBER_STATE)]
            for _ in range(last):
                page.keyboard.press("ArrowRight")
                seen.append(scrubber.evaluate(SCRUBBER_STATE))
            where = f"scrubber {index + 1}, slider {number + 1}"
            if len({state["readout"] for state in seen}) != last + 1:
                visit.problems.append(f"{where}: the readout did not change at every position")
            if len({state["alt"] for state in seen}) != last + 1:
                visit.problems.append(f"{where}: the alt text did not change at every position")
            if not all(state["loaded"] and state["src"] for state in seen):
                visit.problems.append(f"{where}: a picture did not load")
            # The mouse: a click at the left end, then at the right end of the track. The
            # box is read before each click: a new picture may move the slider.
            for fraction, expected in ((0.02, "0"), (0.98, str(last))):
                slider.scroll_into_view_if_needed()
                box = slider.bounding_box()
                page.mouse.click(box["x"] + fraction * box["width"], box["y"] + box["height"] / 2)
                if slider.input_value() != expected:
                    visit.problems.append(
                        f"{where}: a click at {fraction:.0%} of the track gave position "
                        f"{slider.input_value()}, not {expected}"
                    )
    return scrubbers.count()


AXE_BLOCKING = ("critical", "serious")
# No preload: axe would fetch the theme's stylesheets again and resolve their
# ``@import "../basic.css"`` against the page instead of the stylesheet (a 404). Preload
# only feeds the css-orientation-lock rule.
AXE_OPTIONS = {"resultTypes": ["violations"], "preload": False}


@functools.cache
def axe_runner():
    """axe-core's runner (its script ships inside the wheel: no network)."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        skip_or_fail("axe-playwright-python is not installed (pip install -e '.[test]')")
    return Axe()


# The theme (pydata-sphinx-theme) gives every scrollable code block, output and table a
# tab stop (axe's scrollable-region-focusable rule asks for one) 300 ms after
# #main-content last changed, and MathJax has just rendered. Its own list of elements:
SCROLLABLE_TAB_STOPS_SET = """() => [...document.querySelectorAll(
    "pre, .nboutput > .output_area, .cell_output > .output, .jp-RenderedHTMLCommon, "
    + ".pst-scrollable-table-container")]
    .every(e => e.tabIndex >= 0
                || (e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight))"""


def check_accessibility(visit: Visit) -> list[str]:
    """Run axe-core on the page; report its critical and serious violations.

    Returns every violation found (any impact) as ``"impact id"`` for the log.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # Audit once every scrollable block has its tab stop: usually at once, at most 3 s
    # (then axe reports the blocks that still lack one).
    try:
        visit.page.wait_for_function(SCROLLABLE_TAB_STOPS_SET, timeout=3000)
    except PlaywrightTimeout:
        pass
    results = axe_runner().run(visit.page, options=AXE_OPTIONS)
    found = []
    for violation in results.response["violations"]:
        impact = violation.get("impact") or "unknown"
        found.append(f"{impact} {violation['id']}")
        if impact in AXE_BLOCKING:
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
            visit.problems.append(
                f"axe {impact}: {violation['id']} ({violation['help']}) "
                f"on {len(violation['nodes'])} element(s), e.g. {targets}"
            )
    return found


def test_book_is_built():
    """Under CI=true the build and the browser must exist; locally this only reports."""
    if not (HTML_DIR / "index.html").is_file():
        skip_or_fail(f"no built book at {HTML_DIR} (run `make book`)")
    if not CHROMIUM.is_file():
        skip_or_fail(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    assert built_pages(), "the build has no pages"


#: Pages opened with a query: the search page searches (and is audited with its results).
QUERIES = {"search.html": "?q=momentum"}


def check_search(visit: Visit) -> None:
    """The search page, opened with ``?q=momentum``, must list at least one result."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    results = visit.page.locator("#search-results ul.search li")
    try:
        results.first.wait_for(state="attached", timeout=15000)
    except PlaywrightTimeout:
        pass  # reported below
    if results.count() == 0:
        visit.problems.append("search for 'momentum' returned nothing")


# Each page is opened once, and every check runs on that visit.
@pytest.mark.parametrize("page_path", built_pages())
def test_page(browser, site, screenshot_dir, page_path):
    visit = Visit(browser, site, site + page_path + QUERIES.get(page_path, ""))
    try:
        check_links(visit)
        check_images(visit)
        rendered = check_math(visit)
        if page_path == "book/notation.html":
            assert rendered > 0, "the notation page must show MathJax output (mjx-container)"
        check_quizzes(visit)
        if page_path == "search.html":
            check_search(visit)
        if page_path.startswith("notebooks/"):
            check_no_answers_shown(visit)
            check_widths(visit)
            check_scrubbers(visit)
        found = check_accessibility(visit)
        print(f"axe on {page_path}: {found or 'no violations'}")
        if page_path in SCREENSHOT_PAGES:
            shot = screenshot_dir / SCREENSHOT_PAGES[page_path]
            visit.page.screenshot(path=str(shot), full_page=False)
            print(f"screenshot: {shot}")
    finally:
        visit.close()
    assert not visit.problems, f"{page_path}:\n  " + "\n  ".join(visit.problems)


def test_the_search_page_is_built():
    """test_page searches on search.html (see QUERIES): the page must be there."""
    if not (HTML_DIR / "index.html").is_file():
        skip_or_fail(f"no built book at {HTML_DIR} (run `make book`)")
    assert "search.html" in built_pages()


def test_quizzes_are_built():
    """If any notebook uses the quiz, at least one built page must contain one."""
    if not notebooks_use_quizzes():
        pytest.skip("no notebook uses gdcourse.quiz yet")
    pages = [HTML_DIR / page for page in built_pages()]
    assert any("gdquiz" in path.read_text(encoding="utf-8", errors="replace") for path in pages), (
        "notebooks use gdcourse.quiz but no built page contains a .gdquiz element"
    )


# ---------------------------------------------------------------- alt text of figures

#: An alt text that is only a file name or a hash says nothing about the figure.
FILE_NAME_ALT = re.compile(
    r"(\S*[/\\]\S*)|(\S*\.(png|jpe?g|gif|svg|webp|apng))|([0-9a-f]{16,}(\.\w+)?)", re.I
)


class _Images(html.parser.HTMLParser):
    """The ``<img>`` tags of a page's article, as attribute dicts."""

    def __init__(self):
        super().__init__()
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def alt_problems(path: Path) -> list[str]:
    """Images of a built page whose alt text is missing, empty or a file name."""
    parser = _Images()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    problems = []
    for image in parser.images:
        alt = (image.get("alt") or "").strip()
        src = (image.get("src") or "")[:80]
        if not alt:
            problems.append(f"no alt text: {src}")
        elif FILE_NAME_ALT.fullmatch(alt):
            problems.append(f"alt text is a file name: alt={alt!r} ({src})")
    return problems


def chapter_pages() -> list[str]:
    return [page for page in built_pages() if page.startswith("notebooks/")]


@pytest.mark.parametrize("page_path", chapter_pages())
def test_chapter_images_have_alt_text(page_path):
    problems = alt_problems(HTML_DIR / page_path)
    assert not problems, f"{page_path}:\n  " + "\n  ".join(problems)


def test_alt_problems_recognises_file_names(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<img src="a.png" alt="Contour map: GD zig-zags, Adam goes straight.">'
        '<img src="b.png"><img src="c.png" alt=" ">'
        '<img src="../_images/3f9a0c1d2e4b5a6978877665544332211.png" '
        'alt="../_images/3f9a0c1d2e4b5a6978877665544332211.png">'
        '<img src="d.png" alt="3f9a0c1d2e4b5a69788776655443322.png"><img src="e" alt="fig.PNG">',
        encoding="utf-8",
    )
    problems = alt_problems(page)
    assert len(problems) == 5, problems
    assert sum("file name" in problem for problem in problems) == 3


NOTEBOOK_WITH_ALT = {
    "cells": [
        {"cell_type": "markdown", "id": "title", "metadata": {}, "source": "# Figures"},
        {
            "cell_type": "code",
            "id": "figure",
            "execution_count": 1,
            "metadata": {},
            "source": "plotting.show(fig, alt='...')",
            "outputs": [
                {
                    "output_type": "display_data",
                    "data": {"image/png": "{png}", "text/plain": "A bowl"},
                    "metadata": {"image/png": {"alt": "A bowl: round contours."}},
                },
                {
                    "output_type": "display_data",
                    "data": {"image/png": "{png}", "text/plain": "<Figure>"},
                    "metadata": {},
                },
            ],
        },
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def test_output_alt_metadata_becomes_the_img_alt(tmp_path):
    """A one-page Sphinx build with myst-nb and the book's extension (a few seconds)."""
    pytest.importorskip("myst_nb")
    import base64
    import io

    from PIL import Image
    from sphinx.application import Sphinx

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(buffer, format="PNG")
    png = base64.b64encode(buffer.getvalue()).decode("ascii")
    notebook = json.dumps(NOTEBOOK_WITH_ALT).replace('"{png}"', json.dumps(png))
    source = tmp_path / "source"
    source.mkdir()
    (source / "index.ipynb").write_text(notebook, encoding="utf-8")
    (source / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'book' / '_ext')!r})\n"
        "extensions = ['myst_nb', 'gdcourse_book']\n"
        "nb_execution_mode = 'off'\n"
        "mathjax_path = 'mathjax/tex-chtml.js'\n"
        "html_static_path = []\n",
        encoding="utf-8",
    )
    out = tmp_path / "html"
    app = Sphinx(
        str(source), str(source), str(out), str(tmp_path / "doctrees"), "html",
        status=None, warning=None, freshenv=True,
    )  # fmt: skip
    app.build()
    parser = _Images()
    parser.feed((out / "index.html").read_text(encoding="utf-8"))
    alts = [image.get("alt") for image in parser.images]
    assert len(alts) == 2
    assert alts[0] == "A bowl: round contours."
    assert alts[1] != "A bowl: round contours."  # no metadata: myst-nb's own fallback
