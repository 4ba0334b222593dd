"""Figure JSON for plotly.js, with every text escaped for it.

plotly.js draws a pseudo-HTML in titles, axis titles, legend entries, hover labels and trace texts:
``<a href>``, ``<b>``, ``<span style>`` become live markup in the chart.  :func:`figure_json` escapes every text
of a figure — each ``name``, ``text``, ``hovertext``, ``ticktext`` and ``title`` (its ``text``), wherever it is in
the figure — as entities (``&lt;``, ``&gt;``, ``&amp;``), which plotly.js shows as the characters themselves.
Markup the site writes on purpose (``<extra>`` of a hover template) is built with :func:`plotly_text` around
the data in it.  ``<`` is then written ``\\u003c`` in the JSON, so the figure cannot end the HTML it sits in.
"""

from __future__ import annotations

import json
from typing import Any

TEXT_KEYS = frozenset(("name", "text", "hovertext", "ticktext", "title", "legendgrouptitle"))


def plotly_text(value: object) -> str:
    """A text plotly.js shows as it is: no tag, no entity of its own."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def hover_label(value: object) -> str:
    """A text inside a hover template: escaped, and «%» doubled so that «%{…}» is not a placeholder."""
    return plotly_text(value).replace("%", "%%")


def _escaped(value: Any, text: bool) -> Any:
    if isinstance(value, str):
        return plotly_text(value) if text else value
    if isinstance(value, dict):
        return {k: _escaped(v, text or k in TEXT_KEYS) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_escaped(v, text) for v in value]
    return value


def escape_figure(figure: dict) -> dict:
    """The figure with every text under a text key escaped for plotly.js (hover templates are the caller's)."""
    return _escaped(figure, False)


def figure_json(figure: dict) -> str:
    """A figure as the page carries it: texts escaped for plotly.js, ``<`` as ``\\u003c``."""
    # NaN is no JSON (no browser reads it): validation refuses it in the data (checks.finite), and a figure that
    # made one anyway stops the build here instead of breaking its chart
    return json.dumps(escape_figure(figure), ensure_ascii=False, allow_nan=False).replace("<", "\\u003c")
