"""Views of the analysis pages, one module per page or concern: uncertainty, sensitivity, goal seek, compare,
sources, assumptions, model; `cached` holds the memoised model calls they share."""
