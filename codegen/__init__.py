"""Dev-only code generation for ampeco-public-api (never shipped in the wheel).

Subpackages by job:

- ``codegen.spec``: the spec store, pinned releases, the overlay engine, the normalizer, the view of
  the document the generator is shown, and the checks that guard the templates' assumptions;
- ``codegen.generate``: running openapi-python-client with our templates, the extra modules it cannot
  write (webhook index), formatting, stamping and the regeneration report;
- ``codegen.diff``: what changed between two releases, for a client user (``api-diff``);
- ``codegen.release``: pinning a new release (``add-version``), the changelog, building wheels.

Run from the repository root: ``python -m codegen regenerate|add-version|api-diff|build ...``
(``scripts/`` holds one-line wrappers for each).
"""
