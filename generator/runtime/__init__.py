"""Runtime support copied unchanged into every generated client package (see each module)."""
