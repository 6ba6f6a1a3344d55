"""Version of this client and of the AMPECO platform release it was generated from.

Bumped by ``scripts/add-version`` (platform release) or by hand for client-only fix
releases (PEP 440 post releases: ``3.110.0.post1``).
"""

__version__ = "3.110.0.post1"
__api_version__ = "3.110.0"
