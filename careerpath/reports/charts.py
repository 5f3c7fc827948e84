"""The report's two pictures as PNG bytes: role-type fit bars and a growth-path ladder.

matplotlib's object API with the Agg canvas (no pyplot, so no global figure state and no
GUI backend, safe in the action server's threads). Only the bundled DejaVu Sans font is
used, and PNG metadata is dropped, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

from careerpath.wording import text

from .content import OTHER_TRACK_COLOUR, FitBar, GrowthPath, fit_words, percent, years_text

DPI = 144
INK = "#0f172a"
MUTED = "#64748b"
FONT = "DejaVu Sans"


def _figure(width: float, height: float):
    import matplotlib

    # Before anything can import pyplot: never pick a GUI backend on a server.
    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
    return buffer.getvalue()


def fit_chart_png(bars: Sequence[FitBar], track_colours: dict[str, str]) -> bytes:
    """Horizontal bars, best role type on top, coloured by track, labelled "62% · good"."""
    rows = list(bars) or [FitBar(text("report.chart_nothing_fits"), "", 0.0, "")]
    figure = _figure(8.0, 0.62 * len(rows) + 1.0)
    axes = figure.add_axes([0.30, 0.16, 0.62, 0.80])
    positions = list(range(len(rows)))[::-1]
    colours = [track_colours.get(bar.track, OTHER_TRACK_COLOUR) for bar in rows]
    axes.barh(positions, [1.0] * len(rows), height=0.62, color="#f1f5f9", zorder=1)
    axes.barh(positions, [bar.score for bar in rows], height=0.62, color=colours, zorder=2)
    for position, bar in zip(positions, rows, strict=True):
        label = f"{percent(bar.score)} · {fit_words(bar.fit)}" if bar.fit else ""
        inside = bar.score > 0.32
        axes.text(
            bar.score - 0.015 if inside else bar.score + 0.015,
            position,
            label,
            ha="right" if inside else "left",
            va="center",
            fontsize=10,
            fontweight="bold",
            color="white" if inside else INK,
            family=FONT,
            zorder=3,
        )
    axes.set_yticks(positions)
    axes.set_yticklabels(
        [textwrap.fill(bar.name, 26) for bar in rows], fontsize=10.5, color=INK, family=FONT
    )
    axes.set_xlim(0, 1)
    axes.set_ylim(-0.6, len(rows) - 0.4)
    axes.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    axes.set_xticklabels(["0%", "25%", "50%", "75%", "100%"], fontsize=9, color=MUTED, family=FONT)
    axes.tick_params(axis="both", length=0)
    for side in ("top", "right", "left", "bottom"):
        axes.spines[side].set_visible(False)
    _track_legend(figure, {bar.track for bar in rows}, track_colours)
    return _png(figure)


def _track_legend(figure, tracks, track_colours: dict[str, str]) -> None:
    from matplotlib.patches import Patch

    shown = [track for track in track_colours if track in tracks]
    if shown:
        figure.legend(
            handles=[Patch(color=track_colours[track], label=track) for track in shown],
            loc="lower left",
            bbox_to_anchor=(0.01, 0.0),
            ncol=len(shown),
            frameon=False,
            fontsize=9.5,
            handlelength=1.2,
            prop={"family": FONT, "size": 9.5},
        )


def ladder_png(path: GrowthPath, colour: str = OTHER_TRACK_COLOUR) -> bytes:
    """A ladder climbed from the entry role (bottom, "start here") to the senior role (top)."""
    steps = list(path.steps)
    count = len(steps)
    figure = _figure(6.4, 0.78 * count + 0.7)
    axes = figure.add_axes([0.0, 0.0, 1.0, 1.0])
    axes.set_xlim(0, 8)
    axes.set_ylim(-0.75, count - 0.35)
    axes.axis("off")
    left_rail, right_rail = 0.7, 2.0
    for rail in (left_rail, right_rail):
        axes.plot(
            [rail, rail],
            [-0.55, count - 0.5],
            color="#94a3b8",
            linewidth=5,
            solid_capstyle="round",
            zorder=1,
        )
    for level, step in enumerate(steps):
        strength = 0.35 + 0.65 * (level + 1) / count  # rungs darken as the role gets senior
        axes.plot(
            [left_rail, right_rail],
            [level, level],
            color=colour,
            alpha=strength,
            linewidth=6,
            solid_capstyle="round",
            zorder=2,
        )
        axes.scatter(
            [(left_rail + right_rail) / 2],
            [level],
            s=420,
            color="white",
            edgecolors=colour,
            linewidths=2.2,
            zorder=3,
        )
        axes.text(
            (left_rail + right_rail) / 2,
            level,
            str(level + 1),
            ha="center",
            va="center",
            fontsize=10,
            fontweight="bold",
            color=colour,
            family=FONT,
            zorder=4,
        )
        title = textwrap.shorten(step.title, 48, placeholder="…")
        axes.text(
            2.45,
            level + 0.13,
            title,
            ha="left",
            va="center",
            fontsize=12,
            fontweight="bold",
            color=INK,
            family=FONT,
        )
        detail = text("report.typically", years=years_text(step.years)) if step.years else ""
        if level == 0:
            detail = text("report.start_here") + (f" · {detail}" if detail else "")
        if detail:
            axes.text(
                2.45,
                level - 0.23,
                detail,
                ha="left",
                va="center",
                fontsize=9.5,
                color=colour if level == 0 else MUTED,
                family=FONT,
            )
    return _png(figure)
