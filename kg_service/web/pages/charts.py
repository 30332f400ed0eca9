"""Compliance charts drawn on the server as inline SVG (no script, nothing fetched).

One kind of chart: horizontal stacked bars, one row per obligation or organisation, with the
met / violated / pending counts in the product's three colours and the rate at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

COLOURS = {"met": "#2e7d4f", "violated": "#c0392b", "pending": "#9aa0a6"}
ROW = 24
LABEL_WIDTH = 150
BAR_WIDTH = 340
RATE_WIDTH = 46


@dataclass
class Bar:
    label: str
    met: int
    violated: int
    pending: int
    href: str | None = None
    title: str | None = None

    @property
    def total(self) -> int:
        return self.met + self.violated + self.pending

    @property
    def rate(self) -> float | None:
        return self.met / self.total if self.total else None


def _shorten(text: str) -> str:
    limit = 19 if text.isascii() else 11  # what fits LABEL_WIDTH at 12px: Latin or CJK glyphs
    return text if len(text) <= limit else text[:limit - 1] + "…"


def stacked_bars(bars: list[Bar], *, label: str, scale_to_max: bool = False) -> Markup:
    """`scale_to_max`: bar lengths are counts relative to the longest row (when compliant
    instances are not known a rate would mislead); otherwise each row is 100%."""
    height = ROW * len(bars) + 8
    width = LABEL_WIDTH + BAR_WIDTH + RATE_WIDTH
    longest = max((b.total for b in bars), default=0) or 1
    parts = [f'<svg class="chart" role="img" aria-label="{escape(label)}" viewBox="0 0 {width} {height}" '
             f'width="100%" xmlns="http://www.w3.org/2000/svg">', f"<title>{escape(label)}</title>"]
    for i, bar in enumerate(bars):
        y = 4 + i * ROW
        text = escape(_shorten(bar.label))
        link_open = f'<a href="{escape(bar.href)}">' if bar.href else ""
        link_close = "</a>" if bar.href else ""
        parts.append(f'<g class="row">{link_open}<text x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end" '
                     f'class="label">{text}</text>{link_close}')
        full = BAR_WIDTH * (bar.total / longest if scale_to_max else 1.0)
        x = LABEL_WIDTH
        for key in ("met", "violated", "pending"):
            count = getattr(bar, key)
            if not count or not bar.total:
                continue
            w = full * count / bar.total
            parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{ROW - 8}" '
                         f'fill="{COLOURS[key]}" class="{key}"><title>{escape(bar.title or bar.label)}: '
                         f'{key} {count}</title></rect>')
            x += w
        if not bar.total:
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{BAR_WIDTH}" height="{ROW - 8}" '
                         f'fill="none" stroke="#ddd"/>')
        figure = (f"{bar.rate:.0%}" if bar.rate is not None and not scale_to_max
                  else str(bar.violated + bar.pending) if scale_to_max else "–")
        parts.append(f'<text x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{y + 16}" class="rate">{figure}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))
