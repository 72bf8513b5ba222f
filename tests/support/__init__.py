"""Test helpers shared across the suite: a real recording HTTP server and its fixtures."""
