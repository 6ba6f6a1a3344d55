"""Every error the version workflow (add-version, api-diff, build) raises, in one place.

Each message names the thing that was wrong: the URL, the file, the version, the checksum.
"""

from __future__ import annotations

from codegen.spec.store import SpecChecksumError


class WorkflowError(RuntimeError):
    """Base of the version workflow's errors."""


class SpecFetchError(WorkflowError):
    """The spec cannot be fetched: a bad or unreachable URL, a missing file, an HTTP error."""


class SpecVersionError(WorkflowError):
    """The document has no usable ``info.version`` (a platform version X.Y.Z)."""


class VersionAlreadyPinnedError(WorkflowError):
    """``openapi/<version>/`` exists already: a pinned release is never overwritten."""


class StoreConflictError(WorkflowError, SpecChecksumError):
    """The spec store already holds a *different* document under this version's file name."""


class StoreWriteError(WorkflowError):
    """The new document cannot be written into the spec store (read-only, not a directory, ...)."""


class RegenerationError(WorkflowError):
    """``scripts/regenerate`` failed for the new release (its output is in the message)."""


class VersionFileError(WorkflowError):
    """``_version.py`` does not have the ``__version__`` / ``__api_version__`` lines to bump."""


class ChangelogError(WorkflowError):
    """CHANGELOG.md already has an entry for the version."""


class BuildError(WorkflowError):
    """Building or smoke-testing a distribution failed."""
