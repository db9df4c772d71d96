"""One session of the app: its state, the URL, the page frame, the dataset and cached model calls."""
