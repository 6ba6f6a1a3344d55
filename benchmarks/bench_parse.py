"""Parse cost of full listing pages: ours against ``json.loads`` and pydantic v2 on the same bytes.

    python benchmarks/bench_parse.py [--items 100] [--rounds 15] [--held 10000]

For the CDR v2.0, session v1.0 and charge point v2.0 listings, one page of ``--items`` items is built
from the pinned release's normalized spec with every property filled at every depth (enums, formats,
``maxLength``, ``pattern`` and ``multipleOf`` honoured; checked against the schema), serialized once,
and then parsed from the same bytes by:

* ``json.loads`` (and ``orjson.loads`` when installed): decoding alone, the floor;
* ours: the generated endpoint's ``_parse_response`` on an ``httpx.Response`` (decode + models), with the
  standard library decoder and, when ``orjson`` is installed, with orjson (what users get by default);
* pydantic v2: ``model_validate_json`` on models datamodel-code-generator writes from the same schemas
  into a temporary directory at start-up (never committed).

Rounds are interleaved and medians reported as microseconds per item plus the ratio to ``json.loads``
and to pydantic. Held memory is measured with tracemalloc: ``--held`` items parsed and kept alive, the
traced bytes divided by the item count.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import pkgutil
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

import ampeco_public_api.api
from ampeco.mock import load_mock_spec
from ampeco.mock._synth import Synthesizer

try:
    import orjson
except ImportError:  # the optional "fast" extra
    orjson = None

LISTINGS = {
    # label: (operation id, response schema name)
    "CDRs v2.0": ("cdrsListing", "CdrsListingResponse"),
    "sessions v1.0": ("sessionsListing", "SessionsListingResponse"),
    "charge points v2.0": ("chargePointsListing", "ChargePointsListingResponse"),
}
_REF = re.compile(r'"#/components/schemas/([^"]+)"')


# -- pages ---------------------------------------------------------------------------------------------


def build_page(spec: Any, schema_name: str, items: int, seed: int = 7) -> dict[str, Any]:
    """One listing page: ``items`` distinct full items, links and meta, valid against the schema."""
    components = spec.document["components"]["schemas"]
    page_schema = components[schema_name]
    synth = Synthesizer(spec.schemas, seed, full=True)
    page = synth.value(page_schema, synth.rng(schema_name, "page"), depth=1)
    item_schema = page_schema["properties"]["data"]["items"]
    page["data"] = [synth.value(item_schema, synth.rng(schema_name, index), depth=1) for index in range(items)]
    if not spec.schemas.is_valid(page, page_schema):
        raise SystemExit(f"the synthesized {schema_name} page does not validate against its schema")
    return page


def _operation_module(operation_id: str) -> Any:
    wanted = operation_id.replace("_", "").lower()
    for package in pkgutil.iter_modules(ampeco_public_api.api.__path__):
        base = f"ampeco_public_api.api.{package.name}"
        for module in pkgutil.iter_modules(importlib.import_module(base).__path__):
            if module.name.replace("_", "").lower() == wanted:
                return importlib.import_module(f"{base}.{module.name}")
    raise SystemExit(f"no generated module for {operation_id}")


# -- pydantic models, generated at start-up -------------------------------------------------------------


def _reachable(components: dict[str, Any], roots: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found[name] = components[name]
        pending.extend(_REF.findall(json.dumps(components[name])))
    return found


def pydantic_models(spec: Any, schema_names: list[str], workdir: Path) -> dict[str, Any]:
    """datamodel-code-generator's pydantic v2 models for ``schema_names`` (and what they reference)."""
    components = spec.document["components"]["schemas"]
    document = {
        "openapi": "3.0.3",
        "info": {"title": "bench", "version": spec.version},
        "paths": {},
        "components": {"schemas": _reachable(components, schema_names)},
    }
    source = workdir / "listings.json"
    source.write_text(json.dumps(document))
    target = workdir / "bench_pydantic_models.py"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "datamodel_code_generator",
            "--input",
            str(source),
            "--input-file-type",
            "openapi",
            "--output-model-type",
            "pydantic_v2.BaseModel",
            "--output",
            str(target),
        ],
        check=True,
        capture_output=True,
    )
    sys.path.insert(0, str(workdir))
    module = importlib.import_module("bench_pydantic_models")
    return {name: getattr(module, name) for name in schema_names}


# -- measuring ------------------------------------------------------------------------------------------


def _ours(module: Any, body: bytes, decoder: Callable[[bytes], Any] | None) -> Callable[[], Any]:
    headers = {"content-type": "application/json"}
    request = httpx.Request("GET", "https://bench.invalid/")
    json_module = sys.modules.get("ampeco._json")

    def parse() -> Any:
        if json_module is not None and decoder is not None:
            json_module.loads = decoder  # type: ignore[attr-defined]
        return module._parse_response(response=httpx.Response(200, content=body, headers=headers, request=request))

    return parse


def _time(func: Callable[[], Any], loops: int) -> float:
    started = time.perf_counter()
    for _ in range(loops):
        func()
    return (time.perf_counter() - started) / loops


def _held_bytes(func: Callable[[], Any], pages: int) -> int:
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = [func() for _ in range(pages)]
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    return after - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100, help="items per page")
    parser.add_argument("--rounds", type=int, default=15, help="interleaved timing rounds")
    parser.add_argument("--held", type=int, default=10_000, help="items kept alive for the memory figure")
    args = parser.parse_args()

    spec = load_mock_spec()
    workdir = Path(tempfile.mkdtemp(prefix="bench_parse_"))
    models = pydantic_models(spec, [name for _, name in LISTINGS.values()], workdir)
    stdlib_json = json.loads
    print(f"Python {sys.version.split()[0]}, {args.items} items per page, median of {args.rounds} rounds")
    print(f"orjson: {'installed' if orjson else 'not installed'}\n")

    header = (
        f"{'page':<20} {'KB/item':>7} {'json.loads':>10} {'orjson':>8} {'pydantic':>9} "
        f"{'ours':>13} {'ours+orjson':>13} {'vs pydantic':>11}"
    )
    print(header)
    memory_rows = []
    for label, (operation_id, schema_name) in LISTINGS.items():
        module = _operation_module(operation_id)
        body = json.dumps(build_page(spec, schema_name, args.items)).encode()
        model = models[schema_name]
        contenders: dict[str, Callable[[], Any]] = {
            "json.loads": lambda body=body: stdlib_json(body),
            "pydantic": lambda body=body, model=model: model.model_validate_json(body),
            "ours": _ours(module, body, stdlib_json),
        }
        if orjson is not None:
            contenders["orjson"] = lambda body=body: orjson.loads(body)
            if "ampeco._json" in sys.modules:
                contenders["ours+orjson"] = _ours(module, body, orjson.loads)
        first = contenders["ours"]()  # a wrong page fails loudly before timing
        assert len(first.data) == args.items  # type: ignore[attr-defined]
        loops = max(1, 20 // max(1, args.items // 100))
        samples: dict[str, list[float]] = {name: [] for name in contenders}
        for _ in range(args.rounds):
            for name, func in contenders.items():
                samples[name].append(_time(func, loops) / args.items * 1e6)
        median = {name: statistics.median(values) for name, values in samples.items()}
        base = median["json.loads"]
        pyd = median["pydantic"]

        def cell(name: str, width: int, *, median: dict[str, float] = median, base: float = base) -> str:
            if name not in median:
                return f"{'-':>{width}}"
            return f"{median[name]:.1f} ({median[name] / base:.1f}x)".rjust(width)

        best = min(median["ours"], median.get("ours+orjson", median["ours"]))
        print(
            f"{label:<20} {len(body) / args.items / 1024:>7.1f} {base:>8.1f}us "
            f"{median.get('orjson', float('nan')):>6.1f}us {pyd:>7.1f}us "
            f"{cell('ours', 13)} {cell('ours+orjson', 13)} "
            f"{median['ours'] / pyd:>5.2f}/{best / pyd:.2f}x"
        )
        pages = max(1, args.held // args.items)
        memory_rows.append(
            (
                label,
                {
                    name: _held_bytes(contenders[name], pages) / (pages * args.items)
                    for name in ("json.loads", "ours", "pydantic")
                },
            )
        )
    print("\n(us per item; 'vs pydantic': ours / pydantic with the stdlib decoder / with the best decoder)")
    print(f"\nheld memory per item ({args.held} items kept alive, tracemalloc):")
    print(f"{'page':<20} {'dicts':>9} {'ours':>9} {'pydantic':>9}")
    for label, held in memory_rows:
        print(
            f"{label:<20} {held['json.loads'] / 1024:>7.1f}KB {held['ours'] / 1024:>7.1f}KB "
            f"{held['pydantic'] / 1024:>7.1f}KB"
        )


if __name__ == "__main__":
    main()
