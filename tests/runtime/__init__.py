"""Unit and real-HTTP tests of generator/runtime (the client runtime copied into SDKs)."""
