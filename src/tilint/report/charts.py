"""Bar charts as static SVG, drawn by matplotlib's SVG backend on a bare Figure (no pyplot, no
GUI, no global state). Text is drawn as paths, so the charts look the same on any machine
without its fonts, and labels are never read as mathematics."""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Sequence

COLOUR = "#2f5d8a"


def bar_chart(labels: Sequence[str], values: Sequence[float], axis: str, number: int, vertical: bool = False,
              percent: bool = False) -> str:
    """An inline ``<svg>`` element: one bar per label, its value written beside it."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    style = {"svg.fonttype": "path", "svg.hashsalt": f"tilint-{number}", "text.parse_math": False,
             "font.size": 9, "font.family": "DejaVu Sans", "axes.spines.top": False, "axes.spines.right": False}
    with matplotlib.rc_context(style), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a name's glyph the font lacks is drawn as a box, not said
        count = len(labels)
        size = (max(6.5, 0.32 * count + 1.5), 3.2) if vertical else (7.5, 0.6 + 0.3 * count)
        figure = Figure(figsize=size, layout="constrained")
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        places = list(range(count))
        written = [f"{v:.0f}%" if percent else f"{v:,}" for v in values]
        if vertical:
            bars = axes.bar(places, values, color=COLOUR)
            axes.set_xticks(places, labels, rotation=90 if count > 12 else 0)
            axes.set_ylabel(axis)
        else:
            bars = axes.barh(places, values, color=COLOUR)
            axes.set_yticks(places, labels)
            axes.invert_yaxis()
            axes.set_xlabel(axis)
        if not percent:  # counts: whole numbers on the axis
            (axes.yaxis if vertical else axes.xaxis).set_major_locator(MaxNLocator(integer=True))
        axes.bar_label(bars, written, padding=2, fontsize=8)
        axes.margins(x=0.12) if not vertical else axes.margins(y=0.12)
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    svg = out.getvalue()
    svg = re.sub(r"<!--.*?-->", "", svg[svg.index("<svg"):], flags=re.S)  # matplotlib notes each label's text
    from tilint.report.render import prefixed_ids

    return prefixed_ids(svg, f"c{number}-")
