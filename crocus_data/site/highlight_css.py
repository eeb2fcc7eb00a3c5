"""The stylesheet for code highlighting, from Pygments: the site colours code with no script and no CDN.

The site's Markdown uses ``codehilite``, which marks code up with Pygments' classes at build time;
this is the stylesheet for those classes, served by the site itself (made at site build) so it needs no network.
"""

from __future__ import annotations

CSS_FILE = "css/pygments.css"  # relative to docs/, as mkdocs.yml's extra_css names it
STYLE = "default"


def highlight_css() -> bytes:
    """Pygments' rules for the ``.codehilite`` blocks codehilite writes."""
    from pygments.formatters import HtmlFormatter

    rules: str = HtmlFormatter(style=STYLE).get_style_defs(".codehilite")
    return (f"/* Made by the site build from Pygments' {STYLE!r} style. */\n" + rules + "\n").encode()
