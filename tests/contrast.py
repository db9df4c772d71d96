"""WCAG 2.1 colour contrast: relative luminance, contrast ratio, and a colour drawn at partial opacity."""

from __future__ import annotations

import re

RGB = tuple[float, float, float]

AA_TEXT = 4.5  # WCAG 2.1 1.4.3: normal text
AA_LARGE_OR_CONTROL = 3.0  # 1.4.3 large text; 1.4.11 user-interface components and focus indicators


def parse(colour: str) -> RGB:
    """'#rrggbb' or 'rgb(r, g, b)' / 'rgba(r, g, b, a)' (alpha ignored) as three 0-255 numbers."""
    colour = colour.strip()
    if colour.startswith("#") and len(colour) == 7:
        return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
    numbers = re.findall(r"[\d.]+", colour)
    if colour.startswith("rgb") and len(numbers) >= 3:
        return tuple(float(n) for n in numbers[:3])  # type: ignore[return-value]
    raise ValueError(f"not a colour: {colour!r}")


def alpha(colour: str) -> float:
    """The alpha of an 'rgba(...)' colour; 1 for anything else."""
    numbers = re.findall(r"[\d.]+", colour)
    return float(numbers[3]) if colour.startswith("rgba") and len(numbers) == 4 else 1.0


def over(fg: RGB, bg: RGB, opacity: float) -> RGB:
    """fg drawn at `opacity` over bg (what the eye sees)."""
    return tuple(opacity * f + (1 - opacity) * b for f, b in zip(fg, bg, strict=True))  # type: ignore[return-value]


def luminance(colour: RGB) -> float:
    """WCAG relative luminance: L = 0.2126 R + 0.7152 G + 0.0722 B of the linearised channels."""
    def linear(v: float) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: RGB, b: RGB) -> float:
    """Contrast ratio (L_lighter + 0.05) / (L_darker + 0.05), from 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
