"""The schema toolkit behind ``validate``, ``diff`` and ``lint``: one module per job.

* ``spec``: load, validate and bundle a spec for the toolkit commands;
* ``oracle``: JSON Schema (Draft 2020-12) validators for parts of a bundled spec;
* ``package``: find or generate the package for a spec and import its modules;
* ``schema_names``: what ``--schema NAME`` denotes (a component or an operation side);
* ``payload``: read payloads (files, stdin, JSON Lines) and validate them;
* ``diff`` / ``diff_schema``: compare two specs and classify every change;
* ``lint`` / ``lint_rules``: house rules for specs.
"""
