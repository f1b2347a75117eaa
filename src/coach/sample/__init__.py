"""Sample data the project makes itself: a simulated athlete past, as real files, for the demo."""
