"""End-to-end tests of the generated client (generated/scenario_sdk) against a real local server."""
