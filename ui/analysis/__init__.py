"""Views of the analysis pages, one module per page or concern: uncertainty, sensitivity, goal seek, compare,
sources, assumptions, model; `cached` holds the memoised model calls they share, `charts` their chart
builders (pure: rows and Vega-Lite specs, tested without a server)."""
