"""Every default of the runtime in one place, so "why did it wait 8 s?" has one answer.

Plain numbers only: this module is imported before httpx and must stay cheap.
"""

from __future__ import annotations

from typing import Final

# Environment variables read when the constructor arguments are omitted.
ENV_BASE_URL: Final = "AMPECO_BASE_URL"
ENV_API_TOKEN: Final = "AMPECO_API_TOKEN"

# Timeouts, in seconds. "Total" bounds one attempt (connect, send, wait and read the whole body);
# retries get a fresh budget each.
DEFAULT_TIMEOUT: Final = 60.0
DEFAULT_CONNECT_TIMEOUT: Final = 5.0

# Retries: attempts = 1 + max_retries.
DEFAULT_MAX_RETRIES: Final = 2
# Exponential backoff when the server gives no wait: 0.5 s, 1 s, 2 s, ... capped at 8 s, then jittered
# down by up to half so that clients failing together do not retry together.
INITIAL_RETRY_DELAY: Final = 0.5
MAX_RETRY_DELAY: Final = 8.0
# A server asking us to wait longer than this (Retry-After / X-RateLimit-Reset) gets a RateLimitError at
# once: sleeping for minutes inside a library call is worse than telling the caller.
DEFAULT_MAX_RATE_LIMIT_WAIT: Final = 60.0
# X-RateLimit-Reset values above this are Unix timestamps, below it seconds to wait.
RATE_LIMIT_RESET_EPOCH_THRESHOLD: Final = 1_000_000_000

# Statuses retried for idempotent methods; 429 is retried for every method (the server did not act).
RETRYABLE_STATUSES: Final = frozenset({408, 429, 500, 502, 503, 504})
IDEMPOTENT_METHODS: Final = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})

# Connection pool of one client.
DEFAULT_MAX_CONNECTIONS: Final = 100
DEFAULT_MAX_KEEPALIVE_CONNECTIONS: Final = 20

# Response headers that carry a server-side request id, first match wins.
REQUEST_ID_HEADERS: Final = ("x-request-id", "request-id", "x-correlation-id", "x-amzn-requestid", "cf-ray")

# Pagination.
DEFAULT_PAGE_CONCURRENCY: Final = 4
# A walk stops with PaginationError after this many pages in a row that bring no new item while the
# server still promises more (empty pages under fresh cursors, or last_page far beyond the data).
MAX_CONSECUTIVE_EMPTY_PAGES: Final = 5

# Webhooks: the largest X-Timestamp tolerance accepted, in seconds (one week). Anything larger is a
# mistake (a value in milliseconds, say) that would silently turn replay protection off.
MAX_WEBHOOK_TOLERANCE: Final = 7 * 24 * 3600.0

# Largest response body accepted, in bytes after decoding (gzip/deflate are inflated incrementally and
# reading stops once this is passed): a compressed body cannot balloon into gigabytes of memory.
DEFAULT_MAX_RESPONSE_BYTES: Final = 256 * 1024 * 1024

# Longest slice of a response body quoted in an exception message.
MAX_ERROR_MESSAGE_CHARS: Final = 500

LOGGER_NAME: Final = "ampeco"
