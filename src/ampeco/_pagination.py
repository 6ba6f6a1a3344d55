"""Iterate every item of a listing, fetching pages lazily: ``paginate`` (sync) and ``apaginate`` (async).

Works with any generated listing module that takes ``cursor``, ``page`` or both. Listings that offer
both are walked by cursor (stable under concurrent inserts, cheaper for the server) unless ``page=`` is
given: from the first request on they send ``cursor=`` (empty, as the API asks) and never ``page``.

Safety rules, so a misbehaving server cannot make a walk loop forever:
- a cursor the server already returned raises :class:`PaginationError`;
- a cursor page holding exactly the items of an earlier page (the same items under a new cursor)
  raises :class:`PaginationError`;
- ``MAX_CONSECUTIVE_EMPTY_PAGES`` pages in a row without a new item, while the server still promises
  more (a fresh cursor each time, ``last_page`` far beyond the data), raise :class:`PaginationError`;
- in page mode an item already seen (same ``id``) is not yielded twice when rows shift between requests.
``limit=`` never fetches a page it does not need. A plain-dict ``filter_`` is checked against the
listing's filter model (``ampeco._filters``).
"""

from __future__ import annotations

import inspect
import sys
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, TypeVar, overload
from urllib.parse import parse_qs, urlsplit

from ampeco._constants import DEFAULT_PAGE_CONCURRENCY, MAX_CONSECUTIVE_EMPTY_PAGES
from ampeco._exceptions import PaginationError
from ampeco._filters import filter_model_of, to_filter_model
from ampeco._types import UNSET, Unset

if TYPE_CHECKING:
    import asyncio

__all__ = ["AsyncPager", "Page", "SyncPager", "apaginate", "async_listing_pager", "listing_pager", "paginate"]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
L_co = TypeVar("L_co", covariant=True)

Mode = Literal["cursor", "page"]


class _Listing(Protocol[T_co]):
    """What a generated listing response looks like to the paginator."""

    @property
    def data(self) -> Sequence[T_co] | Unset: ...


class _ResponseLike(Protocol[L_co]):
    @property
    def parsed(self) -> L_co: ...


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One fetched page: its items and where it sits in the listing.

    ``cursor`` fetched this page (pass it back as ``cursor=`` to fetch it again); ``next_cursor`` fetches
    the following one (``None`` on the last page). In page mode ``number``/``last_page``/``total`` are set.
    """

    items: list[T]
    mode: Mode
    cursor: str | None = None
    next_cursor: str | None = None
    number: int | None = None
    last_page: int | None = None
    total: int | None = None
    per_page: int | None = None
    response: Any = field(default=None, repr=False, compare=False)

    @property
    def has_next(self) -> bool:
        if self.mode == "cursor":
            return bool(self.next_cursor)
        if self.number is None or self.last_page is None:
            return bool(self.items)
        return self.number < self.last_page


# -- endpoint introspection ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Endpoint:
    name: str
    sync_fn: Callable[..., Any] | None
    async_fn: Callable[..., Awaitable[Any]] | None
    params: frozenset[str]
    has_cursor: bool
    has_page: bool
    filter_model: type | None

    @property
    def both(self) -> bool:
        return self.has_cursor and self.has_page


@lru_cache(maxsize=512)
def _inspect_module(module: ModuleType) -> _Endpoint:
    name = module.__name__.rsplit(".", 1)[-1]
    sync_fn = getattr(module, "sync_detailed", None)
    async_fn = getattr(module, "asyncio_detailed", None)
    reference = sync_fn or async_fn
    if not callable(reference):
        raise TypeError(
            f"{module.__name__} is not a generated endpoint module (no sync_detailed/asyncio_detailed); "
            "pass e.g. ampeco_public_api.api.resource_cdrs.cdrs_listing"
        )
    params = frozenset(p for p in inspect.signature(reference).parameters if p != "client")
    endpoint = _Endpoint(
        name=name,
        sync_fn=sync_fn if callable(sync_fn) else None,
        async_fn=async_fn if callable(async_fn) else None,
        params=params,
        has_cursor="cursor" in params,
        has_page="page" in params,
        filter_model=filter_model_of(reference),
    )
    if not (endpoint.has_cursor or endpoint.has_page):
        raise TypeError(f"{name} is not a paginated listing (it takes neither cursor= nor page=)")
    return endpoint


def _resolve(endpoint: object) -> _Endpoint:
    if isinstance(endpoint, ModuleType):
        return _inspect_module(endpoint)
    module_name = getattr(endpoint, "__module__", None)
    if callable(endpoint) and isinstance(module_name, str) and module_name in sys.modules:
        return _inspect_module(sys.modules[module_name])
    raise TypeError(
        f"expected a generated listing module (e.g. ampeco_public_api.api.resource_cdrs.cdrs_listing) "
        f"or one of its functions, got {endpoint!r}"
    )


def _check_arguments(
    ep: _Endpoint,
    params: Mapping[str, Any],
    cursor: str | None,
    page: int | None,
    limit: int | None,
) -> Mode:
    reserved = {"cursor", "page"} & params.keys()
    if reserved:
        raise TypeError(f"pass {sorted(reserved)[0]}= as a keyword of paginate() itself, not via **params")
    unknown = sorted(set(params) - ep.params)
    if unknown:
        accepted = ", ".join(sorted(ep.params - {"cursor", "page"})) or "no other parameters"
        raise TypeError(f"{ep.name} does not accept {', '.join(map(repr, unknown))}; it accepts: {accepted}")
    if cursor is not None and page is not None:
        raise TypeError(
            "pass either cursor= (resume a cursor walk) or page= (start at a page number), not both"
        )
    if cursor is not None:
        if not ep.has_cursor:
            raise TypeError(f"{ep.name} paginates by page number only; use page= instead of cursor=")
        if not isinstance(cursor, str):
            raise TypeError(f"cursor must be a string from a previous walk, got {type(cursor).__name__}")
    if page is not None:
        if not ep.has_page:
            raise TypeError(f"{ep.name} paginates by cursor only; use cursor= to resume instead of page=")
        if isinstance(page, bool) or not isinstance(page, int) or page < 1:
            raise ValueError(f"page must be an integer >= 1, got {page!r}")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ValueError(f"limit must be an integer >= 0 or None, got {limit!r}")
    if page is not None or not ep.has_cursor:
        return "page"
    return "cursor"


def _checked_params(ep: _Endpoint, params: dict[str, Any]) -> dict[str, Any]:
    """``params`` with a plain-dict ``filter_`` turned into the listing's filter model (or refused)."""
    value = params.get("filter_")
    if ep.filter_model is None or not isinstance(value, Mapping):
        return params
    return {**params, "filter_": to_filter_model(ep.filter_model, value, operation=ep.name)}


# -- reading one response ------------------------------------------------------------------------------


def _as_dict(value: object) -> dict[str, Any]:
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        result = to_dict()
        return result if isinstance(result, dict) else {}
    return dict(value) if isinstance(value, Mapping) else {}


def _cursor_from_link(link: object) -> str | None:
    if not isinstance(link, str) or not link:
        return None
    values = parse_qs(urlsplit(link).query, keep_blank_values=True).get("cursor")
    return values[0] if values else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class _Walk:
    """The paging state machine shared by the sync and async pagers (no I/O)."""

    def __init__(self, ep: _Endpoint, mode: Mode, cursor: str | None, page: int | None) -> None:
        self.ep = ep
        self.mode: Mode = mode
        # A listing that offers both modes is engaged in cursor mode by an empty cursor (``?cursor=``).
        self.cursor: str | None = (
            cursor if cursor is not None else ("" if mode == "cursor" and ep.both else None)
        )
        self.page: int = page if page is not None else 1
        self.last_page: int | None = None
        self.per_page: int | None = None
        self._seen_cursors: set[str] = set()
        self._seen_ids: set[Any] = set()
        # Cursor mode: one fingerprint per page (its item ids), to notice a server serving the same
        # items again under new cursors; constant memory per page, unlike remembering every id.
        self._seen_pages: set[int] = set()
        self._empty_streak = 0
        self.finished = False
        self._pending_error: PaginationError | None = None

    def request_params(self) -> dict[str, Any]:
        """The paginator's own query parameters for the next request: exactly these go on the wire
        (``page=UNSET`` keeps a listing's spec default ``page=1`` off a cursor walk)."""
        if self._pending_error is not None:
            raise self._pending_error
        if self.mode == "cursor":
            params: dict[str, Any] = {} if self.cursor is None else {"cursor": self.cursor}
            if self.ep.has_page:
                params["page"] = UNSET
            return params
        return {"page": self.page}

    def read(self, response: Any, requested: Mapping[str, Any]) -> Page[Any]:
        parsed = getattr(response, "parsed", None)
        if parsed is None:
            status = getattr(response, "status_code", "?")
            raise PaginationError(f"{self.ep.name}: page response (status {status}) has no parsed body")
        data = getattr(parsed, "data", None)
        items: list[Any] = list(data) if isinstance(data, Sequence) and not isinstance(data, str) else []
        meta = _as_dict(getattr(parsed, "meta", None))
        links = _as_dict(getattr(parsed, "links", None))
        if self.mode == "page":
            return self._read_page_mode(items, meta, links, requested, response)
        next_cursor = meta.get("next_cursor")
        if not isinstance(next_cursor, str):
            next_cursor = _cursor_from_link(links.get("next"))
        if "next_cursor" not in meta and "last_page" in meta and not next_cursor:
            # A "both" listing that answered with page metadata: continue by page number.
            self.mode = "page"
            return self._read_page_mode(items, meta, links, requested, response)
        return Page(
            items=items,
            mode="cursor",
            cursor=requested.get("cursor"),
            next_cursor=next_cursor or None,
            response=response,
        )

    def _read_page_mode(
        self,
        items: list[Any],
        meta: Mapping[str, Any],
        links: Mapping[str, Any],
        requested: Mapping[str, Any],
        response: Any,
    ) -> Page[Any]:
        asked = _int(requested.get("page")) or 1
        number = _int(meta.get("current_page"))
        if number is not None and number != asked:
            raise PaginationError(
                f"{self.ep.name}: asked for page {asked} but the server returned page {number}; "
                "stopping rather than repeating or skipping items"
            )
        last_page = _int(meta.get("last_page"))
        if last_page is None and links.get("next") is None and "next" in links:
            last_page = asked
        return Page(
            items=items,
            mode="page",
            number=asked,
            last_page=last_page,
            total=_int(meta.get("total")),
            per_page=_int(meta.get("per_page")),
            response=response,
        )

    def unseen(self, page: Page[Any]) -> Page[Any]:
        """Drop page-mode items already yielded: rows inserted before an offset page shift earlier ones
        onto it. Must run in listing order."""
        if page.mode != "page":
            return page
        fresh = []
        for item in page.items:
            key = getattr(item, "id", None)
            try:
                if key is not None and key in self._seen_ids:
                    continue
                if key is not None:
                    self._seen_ids.add(key)
            except TypeError:  # unhashable id: cannot deduplicate, keep the item
                pass
            fresh.append(item)
        if len(fresh) == len(page.items):
            return page
        return _with_items(page, fresh)

    def accept(self, page: Page[Any]) -> Page[Any]:
        """Take ``page`` in listing order: drop repeats and move past it (finished on the last page)."""
        page = self.unseen(page)
        self._refuse_loops(page)
        self._advance(page)
        return page

    def _refuse_loops(self, page: Page[Any]) -> None:
        """Raise before a walk that cannot end goes on: the same items again, or no new items for
        ``MAX_CONSECUTIVE_EMPTY_PAGES`` pages while the server keeps promising more."""
        if page.mode == "cursor" and page.items:
            fingerprint = _fingerprint(page.items)
            if fingerprint is not None:
                if fingerprint in self._seen_pages:
                    raise PaginationError(
                        f"{self.ep.name}: the server returned the same {len(page.items)} items again under "
                        f"a new cursor (cursor {_shown(page.cursor)}); stopping instead of looping forever"
                    )
                self._seen_pages.add(fingerprint)
        if page.items or not page.has_next:
            self._empty_streak = 0
            return
        self._empty_streak += 1
        if self._empty_streak >= MAX_CONSECUTIVE_EMPTY_PAGES:
            promise = (
                f"next cursor {_shown(page.next_cursor)}"
                if page.mode == "cursor"
                else f"page {page.number} of last_page={page.last_page}"
            )
            raise PaginationError(
                f"{self.ep.name}: {self._empty_streak} pages in a row brought no new item while the server "
                f"still promised more ({promise}); stopping instead of looping forever"
            )

    def _advance(self, page: Page[Any]) -> None:
        if page.mode == "cursor":
            nxt = page.next_cursor
            if page.cursor is not None:
                self._seen_cursors.add(page.cursor)
            if not nxt:
                self.finished = True
                return
            if nxt in self._seen_cursors:
                # Raised when the next page is requested, so this page's items are still handed out.
                self._pending_error = PaginationError(
                    f"{self.ep.name}: the server returned cursor {_shown(nxt)} again after "
                    f"{len(self._seen_cursors)} pages; stopping instead of looping forever"
                )
                return
            self.cursor = nxt
            return
        self.last_page = page.last_page
        self.per_page = page.per_page or self.per_page
        if not page.has_next:
            self.finished = True
            return
        self.page = (page.number or self.page) + 1


def _shown(cursor: str | None) -> str:
    if cursor is None:
        return "None"
    return repr(cursor if len(cursor) <= 40 else cursor[:37] + "...")


def _fingerprint(items: Sequence[Any]) -> int | None:
    """A hash of the page's item ids in order, or ``None`` when an item has no hashable id."""
    ids = tuple(getattr(item, "id", None) for item in items)
    if any(key is None for key in ids):
        return None
    try:
        return hash(ids)
    except TypeError:
        return None


# -- the pagers --------------------------------------------------------------------------------------


class _PagerBase:
    def __init__(
        self,
        ep: _Endpoint,
        client: Any,
        params: dict[str, Any],
        mode: Mode,
        cursor: str | None,
        page: int | None,
        limit: int | None,
    ) -> None:
        self._ep = ep
        self._client = client
        self._params = params
        self._mode: Mode = mode
        self._start_cursor = cursor
        self._start_page = page
        self._limit = limit
        self._resume_cursor: str | None = cursor
        self._resume_page: int | None = page if page is not None else (1 if mode == "page" else None)
        self._done = False

    @property
    def cursor(self) -> str | None:
        """Cursor that resumes the walk without skipping anything (``None`` in page mode or once finished).

        It points at the page holding the next item not yet handed out, so stopping mid-page and resuming
        re-reads the rest of that page: items are never skipped, a partial page may be seen twice.
        """
        return None if self._done else self._resume_cursor

    @property
    def page(self) -> int | None:
        """Page-mode twin of :attr:`cursor`: the page number to resume from."""
        return None if self._done else self._resume_page

    @property
    def finished(self) -> bool:
        """True once the last page has been handed out completely."""
        return self._done

    def _new_walk(self) -> _Walk:
        self._done = False
        return _Walk(self._ep, self._mode, self._start_cursor, self._start_page)

    def _mark_current(self, page: Page[Any]) -> None:
        """Resume point while ``page`` is being handed out: the page itself."""
        self._resume_cursor = page.cursor if page.mode == "cursor" else None
        self._resume_page = page.number if page.mode == "page" else None

    def _mark_after(self, walk: _Walk) -> None:
        """Resume point once a page has been handed out completely: the walk's next request."""
        self._done = walk.finished
        self._resume_cursor = walk.cursor if walk.mode == "cursor" else None
        self._resume_page = walk.page if walk.mode == "page" else None

    def _limited(self, page: Page[T], delivered: int) -> Page[T]:
        if self._limit is not None and len(page.items) > self._limit - delivered:
            return _with_items(page, page.items[: max(0, self._limit - delivered)])
        return page

    def _reached(self, delivered: int) -> bool:
        return self._limit is not None and delivered >= self._limit

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._ep.name}, mode={self._mode!r}, limit={self._limit})"


class SyncPager(_PagerBase, Generic[T]):
    """Lazily iterates items (``for item in pager``) or pages (``pager.pages()``); each loop starts afresh."""

    def _walk_pages(self) -> Iterator[tuple[_Walk, Page[T]]]:
        fn = self._ep.sync_fn
        if fn is None:
            raise TypeError(f"{self._ep.name} has no sync_detailed; use ampeco.apaginate")
        walk = self._new_walk()
        delivered = 0
        while not walk.finished and not self._reached(delivered):
            requested = walk.request_params()
            page: Page[T] = walk.accept(
                walk.read(fn(client=self._client, **self._params, **requested), requested)
            )
            page = self._limited(page, delivered)
            delivered += len(page.items)
            yield walk, page

    def pages(self) -> Iterator[Page[T]]:
        """Iterate pages (``page.items``, ``page.next_cursor`` for checkpoints) instead of items."""
        for walk, page in self._walk_pages():
            self._mark_after(walk)
            yield page

    def __iter__(self) -> Iterator[T]:
        for walk, page in self._walk_pages():
            yield from _hand_out(self, walk, page)


def _hand_out(pager: _PagerBase, walk: _Walk, page: Page[T]) -> Iterator[T]:
    """Yield a page's items, moving the resume point past the page just before its last item leaves."""
    pager._mark_current(page)
    last = len(page.items) - 1
    for i, item in enumerate(page.items):
        if i == last:
            pager._mark_after(walk)
        yield item
    if last < 0:
        pager._mark_after(walk)


class AsyncPager(_PagerBase, Generic[T]):
    """Async twin of :class:`SyncPager`. In page mode, once the last page number is known, up to
    ``concurrency`` pages are fetched at once; items still come out in listing order."""

    def __init__(
        self,
        ep: _Endpoint,
        client: Any,
        params: dict[str, Any],
        mode: Mode,
        cursor: str | None,
        page: int | None,
        limit: int | None,
        *,
        concurrency: int,
    ) -> None:
        super().__init__(ep, client, params, mode, cursor, page, limit)
        self._concurrency = concurrency

    async def _fetch(self, walk: _Walk, requested: dict[str, Any]) -> Page[T]:
        fn = self._ep.async_fn
        if fn is None:
            raise TypeError(f"{self._ep.name} has no asyncio_detailed; use ampeco.paginate")
        page: Page[T] = walk.read(await fn(client=self._client, **self._params, **requested), requested)
        return page

    async def _walk_pages(self) -> AsyncIterator[tuple[_Walk, Page[T]]]:
        walk = self._new_walk()
        delivered = 0
        fetched = 0
        while not walk.finished and not self._reached(delivered):
            if walk.mode == "page" and self._concurrency > 1 and fetched:
                break  # the first page told us the last page number: switch to the concurrent window
            page = walk.accept(await self._fetch(walk, walk.request_params()))
            fetched += 1
            page = self._limited(page, delivered)
            delivered += len(page.items)
            yield walk, page
        else:
            return
        async for page in self._window(walk, delivered):
            page = self._limited(page, delivered)
            delivered += len(page.items)
            yield walk, page
            if self._reached(delivered):
                return

    async def _window(self, walk: _Walk, delivered: int) -> AsyncIterator[Page[T]]:
        """Page numbers ``walk.page`` onwards, up to ``concurrency`` requests in flight, in order."""
        import asyncio  # here, not at the top: sync-only programs never pay for it

        per_page = _int(self._params.get("per_page")) or walk.per_page or 0
        in_flight: deque[tuple[int, asyncio.Task[Page[T]]]] = deque()
        next_number = walk.page

        def wanted(number: int) -> bool:
            if walk.last_page is not None and number > walk.last_page:
                return False
            if self._limit is None or per_page <= 0:
                return self._limit is None or not in_flight
            # Requests already in flight cover this many items; ask for more only if the limit needs them.
            return delivered + len(in_flight) * per_page < self._limit

        try:
            while True:
                window = self._concurrency if walk.last_page is not None else 1
                while len(in_flight) < window and wanted(next_number):
                    requested = {"page": next_number}
                    in_flight.append((next_number, asyncio.ensure_future(self._fetch(walk, requested))))
                    next_number += 1
                if not in_flight:
                    return
                _, task = in_flight.popleft()
                page = walk.accept(await task)
                # The listing may have shrunk since the first page: drop requests past its new end.
                while in_flight and walk.last_page is not None and in_flight[-1][0] > walk.last_page:
                    in_flight.pop()[1].cancel()
                    next_number -= 1
                delivered += len(page.items)
                yield page
                if walk.finished:
                    return
        finally:
            for _, pending in in_flight:
                pending.cancel()
            if in_flight:
                await asyncio.gather(*(t for _, t in in_flight), return_exceptions=True)

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Iterate pages instead of items."""
        async for walk, page in self._walk_pages():
            self._mark_after(walk)
            yield page

    async def __aiter__(self) -> AsyncIterator[T]:
        async for walk, page in self._walk_pages():
            for item in _hand_out(self, walk, page):
                yield item


def _with_items(page: Page[T], items: list[T]) -> Page[T]:
    return Page(
        items=items,
        mode=page.mode,
        cursor=page.cursor,
        next_cursor=page.next_cursor,
        number=page.number,
        last_page=page.last_page,
        total=page.total,
        per_page=page.per_page,
        response=page.response,
    )


# -- public entry points ---------------------------------------------------------------------------------


@overload
def paginate(
    endpoint: Callable[..., _ResponseLike[_Listing[T]]],
    *,
    client: Any,
    limit: int | None = None,
    cursor: str | None = None,
    page: int | None = None,
    **params: Any,
) -> SyncPager[T]: ...
@overload
def paginate(
    endpoint: ModuleType,
    *,
    client: Any,
    limit: int | None = None,
    cursor: str | None = None,
    page: int | None = None,
    **params: Any,
) -> SyncPager[Any]: ...
def paginate(
    endpoint: Any,
    *,
    client: Any,
    limit: int | None = None,
    cursor: str | None = None,
    page: int | None = None,
    **params: Any,
) -> SyncPager[Any]:
    """Iterate every item of a listing with a sync client, fetching pages only as they are needed.

    ``endpoint`` is a generated listing module (or its ``sync_detailed``); ``params`` are its filters.
    ``cursor=`` resumes a walk (see ``pager.cursor``), ``page=`` starts at a page number (and selects page
    mode on listings that offer both), ``limit=`` stops after that many items.
    """
    ep = _resolve(endpoint)
    mode = _check_arguments(ep, params, cursor, page, limit)
    if not callable(getattr(client, "get_httpx_client", None)):
        raise TypeError(
            f"paginate() needs a sync client such as ampeco.Client, got {type(client).__name__}"
            " (use ampeco.apaginate with ampeco.AsyncClient)"
        )
    if ep.sync_fn is None:
        raise TypeError(f"{ep.name} has no sync_detailed")
    return SyncPager(ep, client, _checked_params(ep, params), mode, cursor, page, limit)


@overload
def apaginate(
    endpoint: Callable[..., Awaitable[_ResponseLike[_Listing[T]]]],
    *,
    client: Any,
    limit: int | None = None,
    cursor: str | None = None,
    page: int | None = None,
    concurrency: int = DEFAULT_PAGE_CONCURRENCY,
    **params: Any,
) -> AsyncPager[T]: ...
@overload
def apaginate(
    endpoint: ModuleType | Callable[..., Any],
    *,
    client: Any,
    limit: int | None = None,
    cursor: str | None = None,
    page: int | None = None,
    concurrency: int = DEFAULT_PAGE_CONCURRENCY,
    **params: Any,
) -> AsyncPager[Any]: ...
def apaginate(
    endpoint: Any,
    *,
    client: Any,
    limit: int | None = None,
    cursor: str | None = None,
    page: int | None = None,
    concurrency: int = DEFAULT_PAGE_CONCURRENCY,
    **params: Any,
) -> AsyncPager[Any]:
    """Async twin of :func:`paginate` (``async for item in apaginate(...)``).

    In page mode, up to ``concurrency`` pages are requested at once after the first page reveals the
    last page number; items are still yielded in listing order. Cursor walks are inherently sequential.
    """
    ep = _resolve(endpoint)
    mode = _check_arguments(ep, params, cursor, page, limit)
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValueError(f"concurrency must be an integer >= 1, got {concurrency!r}")
    if not callable(getattr(client, "get_async_httpx_client", None)):
        raise TypeError(
            f"apaginate() needs an async client such as ampeco.AsyncClient, got {type(client).__name__}"
            " (use ampeco.paginate with ampeco.Client)"
        )
    if ep.async_fn is None:
        raise TypeError(f"{ep.name} has no asyncio_detailed")
    return AsyncPager(
        ep, client, _checked_params(ep, params), mode, cursor, page, limit, concurrency=concurrency
    )


# -- pagers over bound listings (the resource layer: ``client.cdrs.list(filter=...)``) --------------------


def _bound_endpoint(
    operation: str,
    sync_fn: Callable[..., Any] | None,
    async_fn: Callable[..., Awaitable[Any]] | None,
    *,
    has_cursor: bool,
    has_page: bool,
) -> _Endpoint:
    """An endpoint whose filters are already bound: the pager only adds ``cursor=``/``page=``."""
    if not (has_cursor or has_page):
        raise TypeError(f"{operation} is not a paginated listing (it takes neither cursor= nor page=)")
    paging = frozenset(name for name, has in (("cursor", has_cursor), ("page", has_page)) if has)
    return _Endpoint(operation, sync_fn, async_fn, paging, has_cursor, has_page, None)


def listing_pager(
    operation: str,
    fetch: Callable[..., Any],
    *,
    client: Any,
    has_cursor: bool,
    has_page: bool,
    limit: int | None = None,
    cursor: str | None = None,
    page: int | None = None,
) -> SyncPager[Any]:
    """A :class:`SyncPager` over ``fetch(cursor=...)``/``fetch(page=...)``, which returns one page's
    ``Response``; same rules as :func:`paginate` (resume cursor, start page, limit)."""

    def fetch_page(*, client: Any, **paging: Any) -> Any:
        return fetch(**paging)

    ep = _bound_endpoint(operation, fetch_page, None, has_cursor=has_cursor, has_page=has_page)
    mode = _check_arguments(ep, {}, cursor, page, limit)
    return SyncPager(ep, client, {}, mode, cursor, page, limit)


def async_listing_pager(
    operation: str,
    fetch: Callable[..., Awaitable[Any]],
    *,
    client: Any,
    has_cursor: bool,
    has_page: bool,
    limit: int | None = None,
    cursor: str | None = None,
    page: int | None = None,
    concurrency: int = DEFAULT_PAGE_CONCURRENCY,
) -> AsyncPager[Any]:
    """Async twin of :func:`listing_pager` (``concurrency`` as in :func:`apaginate`)."""

    async def fetch_page(*, client: Any, **paging: Any) -> Any:
        return await fetch(**paging)

    ep = _bound_endpoint(operation, None, fetch_page, has_cursor=has_cursor, has_page=has_page)
    mode = _check_arguments(ep, {}, cursor, page, limit)
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValueError(f"concurrency must be an integer >= 1, got {concurrency!r}")
    return AsyncPager(ep, client, {}, mode, cursor, page, limit, concurrency=concurrency)
