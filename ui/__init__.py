"""UI helpers shared by the pages: translations, session state and URL, widgets, charts."""
