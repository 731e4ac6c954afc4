"""Local Sphinx extension: make every page of the gdcourse book load cleanly offline.

Loaded from ``_config.yml`` (``sphinx: local_extensions``). It fixes what a stock
Jupyter Book 1 build gets wrong in a browser with no internet:

* MathJax: Sphinx points ``mathjax_path`` at a CDN. We serve MathJax 3 from
  ``_static/mathjax``, copied from the ``sphinx-mathjax-offline`` package (MathJax 3.2.2,
  Apache-2.0) that ``requirements.txt`` installs from PyPI. ``_config.yml`` sets
  ``mathjax_path: mathjax/tex-chtml.js``.
* Scripts declared twice: extensions that call ``app.add_js_file(None, body=...)`` after
  the builder is initialised (sphinx-togglebutton, sphinx-thebe) get their inline script
  written twice by Sphinx >= 7.2 (once as filename ``None``, once as ``""``); for a
  ``const`` that is a SyntaxError. We keep the first copy of each script on every page.

It also writes the notation page's table of optimizer hyperparameters from the
optimizer spec (:data:`gdcourse.optimizers.REGISTRY`): the block between the two
``optimizer-table`` markers of ``book/notation.md`` is replaced while the page is read,
so the book always shows the spec. ``python book/_ext/gdcourse_book.py`` writes the same
table into the file itself (a test checks that the committed page is current).
* Alt text: myst-nb takes an output image's ``alt`` only from cell-level options, so a
  figure's alt text, which ``gdcourse.plotting.show`` sends as the output's metadata
  ``{"image/png": {"alt": ...}}``, would be lost and the page would fall back to the
  image's hashed file name. We wrap myst-nb's ``render_image`` so that the output's
  metadata ``alt`` becomes the ``<img alt>`` (see :func:`use_output_alt_text`).
* Citations readable everywhere: a notebook cites with a Markdown link
  ``[Kingma & Ba](cite:kingma2015adam)``, which JupyterLab shows as the words "Kingma &
  Ba". In the book, :class:`CiteLinks` turns it into those words followed by the
  bibliography's citation label (``{cite:p}``), linked to the references page.
* Bibliography roles: docutils writes each entry of a ``role="list"`` citation list with
  the deprecated ARIA role ``doc-biblioentry``, so the list has no ``listitem`` child:
  a critical axe-core violation. Entries become ``role="listitem"``.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from docutils import nodes  # type: ignore[import-untyped]
from sphinx.errors import ExtensionError
from sphinx.transforms import SphinxTransform
from sphinx.util.fileutil import copy_asset

MATHJAX_DISTRIBUTION = "sphinx-mathjax-offline"
MATHJAX_DIR = "sphinx-mathjax-offline/static/mathjax"
# Parts of the package that ``tex-chtml.js`` never loads: the other combined components,
# the SVG output and the speech rules of languages other than English (about 15 MB).
MATHJAX_UNUSED = re.compile(
    r"(tex-svg.*|tex-mml-.*|mml-.*|tex-chtml-full.*|node-main)\.js"
    r"|output/svg.*|sre/mathmaps/(?!en\.json|base\.json).*"
)


def mathjax_source() -> Path:
    """The MathJax 3 directory shipped by the ``sphinx-mathjax-offline`` wheel."""
    try:
        distribution = metadata.distribution(MATHJAX_DISTRIBUTION)
    except metadata.PackageNotFoundError as error:
        raise ExtensionError(
            f"the book serves MathJax locally from the {MATHJAX_DISTRIBUTION!r} package; "
            "install requirements.txt (make book does)"
        ) from error
    source = Path(str(distribution.locate_file(MATHJAX_DIR)))
    if not (source / "tex-chtml.js").is_file():
        raise ExtensionError(f"no tex-chtml.js in {source}: reinstall {MATHJAX_DISTRIBUTION}")
    return source


def check_mathjax(app) -> None:
    if app.builder.format == "html":
        mathjax_source()
        if "://" in (app.config.mathjax_path or ""):
            raise ExtensionError(
                f"mathjax_path={app.config.mathjax_path!r} loads from the network; "
                "set it to 'mathjax/tex-chtml.js' in _config.yml"
            )


def copy_mathjax(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        copy_asset(
            str(mathjax_source()),
            str(Path(app.outdir) / "_static" / "mathjax"),
            excluded=lambda path: bool(MATHJAX_UNUSED.fullmatch(path)),
        )


def _script_key(script) -> tuple:
    attributes = getattr(script, "attributes", {}) or {}
    return (getattr(script, "filename", script) or "", tuple(sorted(attributes.items())))


def drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    # A new list for this page only: the builder restores its own list after each page.
    context["script_files"] = unique


# ---------------------------------------------------------------- the optimizer table

NOTATION = Path(__file__).resolve().parents[1] / "notation.md"
TABLE_START = "<!-- optimizer-table: generated from gdcourse.optimizers, do not edit -->"
TABLE_END = "<!-- optimizer-table: end -->"


def _default_text(value) -> str:
    if isinstance(value, tuple):
        return ", ".join(f"{x:g}" for x in value)
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, str):
        return repr(value)
    return f"{value:g}" if isinstance(value, (int, float)) else "required"


def optimizer_table() -> str:
    """The hyperparameter table in Markdown: one row per argument and meaning, with the
    optimizers that take it and their defaults."""
    from gdcourse.optimizers import REGISTRY

    rows: dict[tuple, list[str]] = {}
    for name, cls in REGISTRY.items():
        for spec in cls.hyperparameters():
            valid = spec.range_text() + (", or a schedule `t -> value`" if spec.schedulable else "")
            key = (spec.latex, spec.name, spec.meaning, valid)
            rows.setdefault(key, []).append(f"{name} ({_default_text(spec.default)})")
    lines = [
        "| symbol | argument | meaning | valid values | optimizers (default) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for (latex, argument, meaning, valid), users in rows.items():
        symbol = f"${latex}$" if latex else "—"
        lines.append(f"| {symbol} | `{argument}` | {meaning} | {valid} | {', '.join(users)} |")
    return "\n".join(lines)


def with_current_table(text: str) -> str:
    """``text`` (the notation page) with its marked block replaced by the current table."""
    start, end = text.index(TABLE_START) + len(TABLE_START), text.index(TABLE_END)
    return text[:start] + "\n" + optimizer_table() + "\n" + text[end:]


def insert_optimizer_table(app, docname, source) -> None:
    if docname == "book/notation":
        source[0] = with_current_table(source[0])


def output_alt(data) -> str | None:
    """The alt text a notebook output carries in its metadata for its mime type, or None."""
    metadata = getattr(data, "output_metadata", None) or {}
    entry = metadata.get(getattr(data, "mime_type", ""), None)
    alt = entry.get("alt") if isinstance(entry, dict) else None
    return alt.strip() if isinstance(alt, str) and alt.strip() else None


def image_alt_from_output(render_image):
    """Wrap myst-nb's ``NbElementRenderer.render_image``: metadata ``alt`` -> ``<img alt>``.

    The output's own alt text wins over a cell-level ``render_image_options`` alt (it is
    the more specific of the two, as for ``width`` and ``height``); an output without one
    is left as myst-nb renders it.
    """

    def render_image_with_alt(self, data):
        elements = render_image(self, data)
        alt = output_alt(data)
        if alt is not None:
            for element in elements:
                for image in element.findall(nodes.image):
                    image["alt"] = alt
        return elements

    render_image_with_alt.gdcourse_wraps = render_image  # type: ignore[attr-defined]
    return render_image_with_alt


def use_output_alt_text() -> None:
    """Patch myst-nb's renderer once per process (several builds may share one).

    myst-nb chooses its renderer class through package entry points, which a local
    extension cannot register; wrapping the one method is the smallest change.
    """
    from myst_nb.core.render import NbElementRenderer  # type: ignore[import-untyped]

    current = NbElementRenderer.render_image
    if not hasattr(current, "gdcourse_wraps"):
        NbElementRenderer.render_image = image_alt_from_output(current)  # type: ignore[method-assign]


BIBLIOENTRY_ROLE = re.compile(r'(<div class="citation"[^>]*?) role="doc-biblioentry"')


def citation_list_items(app, pagename, templatename, context, doctree) -> None:
    """Entries of a citation list are that list's items (ARIA ``listitem``)."""
    body = context.get("body")
    if isinstance(body, str) and "doc-biblioentry" in body:
        context["body"] = BIBLIOENTRY_ROLE.sub(r'\1 role="listitem"', body)


# ---------------------------------------------------------------- citations as links

CITE_SCHEME = "cite:"


class CiteLinks(SphinxTransform):
    """``[words](cite:key1,key2)`` -> the words, then ``{cite:p}`key1,key2``."""

    default_priority = 400  # after myst's own reference handling, before resolution

    def apply(self, **kwargs) -> None:
        from sphinx.addnodes import pending_xref
        from sphinxcontrib.bibtex.citation_target import parse_citation_targets
        from sphinxcontrib.bibtex.roles import CitationRef

        for link in list(self.document.findall(nodes.reference)):
            uri = link.get("refuri", "")
            if not uri.startswith(CITE_SCHEME):
                continue
            domain = self.env.get_domain("cite")  # sphinxcontrib-bibtex's, only when cited
            target = uri[len(CITE_SCHEME) :]
            xref = pending_xref(
                target, nodes.inline(target, target), refdomain="cite", reftype="p",
                reftarget=target, refdoc=self.env.docname, refwarn=True,
            )  # fmt: skip
            self.document.note_explicit_target(xref, xref)  # an id, for back-references
            domain.citation_refs.append(  # type: ignore[attr-defined]
                CitationRef(
                    citation_ref_id=xref["ids"][0],
                    docname=self.env.docname,
                    line=link.line or 0,
                    targets=list(parse_citation_targets(target)),
                )  # fmt: skip
            )
            words = nodes.inline("", "", *link.children)
            link.replace_self([words, nodes.Text(" "), xref])


def setup(app):
    app.connect("source-read", insert_optimizer_table)
    app.add_transform(CiteLinks)
    app.connect("builder-inited", check_mathjax)
    app.add_css_file("gdcourse.css")  # book/_static/gdcourse.css: layout fixes
    app.connect("build-finished", copy_mathjax)
    # After sphinx.ext.mathjax (priority 500) has added its script to the page.
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    use_output_alt_text()  # figures' alt text from the notebook outputs' metadata
    app.connect("html-page-context", citation_list_items)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    # python book/_ext/gdcourse_book.py: rewrite the table in book/notation.md
    NOTATION.write_text(with_current_table(NOTATION.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote the optimizer table into {NOTATION}", file=sys.stderr)
