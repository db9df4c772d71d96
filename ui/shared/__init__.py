"""Formatting, texts and drawing every page shares: number formats, translations, charts, widgets."""
