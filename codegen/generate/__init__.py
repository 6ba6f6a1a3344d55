"""From a normalized spec to ``src/ampeco_public_api``: the generator run, extra modules, the report."""
