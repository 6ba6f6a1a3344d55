"""Parse cost of full listing pages: ours against ``json.loads`` and pydantic v2 on the same bytes.

    python benchmarks/bench_parse.py [--items 100] [--rounds 15] [--held 10000] [--baseline DIR]

For the CDR v2.0, session v1.0 and charge point v2.0 listings, one page of ``--items`` items is built
from the pinned release's normalized spec with every property filled at every depth (enums, formats,
``maxLength``, ``pattern`` and ``multipleOf`` honoured; checked against the schema), serialized once,
and then parsed from the same bytes by:

* ``json.loads`` and ``orjson.loads`` (when installed): decoding alone, the floor;
* pydantic v2: ``model_validate_json`` on models datamodel-code-generator writes from the same schemas
  into a temporary directory at start-up (never committed);
* ``before`` (with ``--baseline DIR``): another generated package, e.g. a previous commit's
  (``git archive REV src/ampeco_public_api | tar -x -C /tmp/before``, then
  ``--baseline /tmp/before/src/ampeco_public_api``), timed in the same process;
* ours: the generated endpoint's ``_parse_response`` on an ``httpx.Response`` (decode and models), with
  the standard library decoder and, when orjson is installed, with ``ampeco._json``'s orjson path
  (what users of the ``fast`` extra get).

Rounds are interleaved and timed in process CPU time (other processes on a shared machine do not
count); medians are reported in microseconds per item, with ratios. Held memory is measured with
tracemalloc: ``--held`` items parsed and kept alive, the traced bytes divided by the item count.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.util
import json
import pkgutil
import re
import shutil
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
    page["data"] = [
        synth.value(item_schema, synth.rng(schema_name, index), depth=1) for index in range(items)
    ]
    if not spec.schemas.is_valid(page, page_schema):
        raise SystemExit(f"the synthesized {schema_name} page does not validate against its schema")
    return page


def _operation_module(operation_id: str, package: str = "ampeco_public_api") -> Any:
    wanted = operation_id.replace("_", "").lower()
    api = importlib.import_module(f"{package}.api")
    for tag in pkgutil.iter_modules(api.__path__):
        base = f"{package}.api.{tag.name}"
        for module in pkgutil.iter_modules(importlib.import_module(base).__path__):
            if module.name.replace("_", "").lower() == wanted:
                return importlib.import_module(f"{base}.{module.name}")
    raise SystemExit(f"no generated module for {operation_id} in {package}")


def load_baseline(path: Path) -> str:
    """Import another generated package (say, a previous commit's) beside the current one, for a
    before/after comparison in one process: ``git archive REV src/ampeco_public_api | tar -x -C DIR``."""
    name = "bench_baseline_api"
    spec = importlib.util.spec_from_file_location(
        name, path / "__init__.py", submodule_search_locations=[str(path)]
    )
    if spec is None or spec.loader is None:
        raise SystemExit(f"{path} is not a generated package")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return name


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
    """The generated endpoint's parse of a 200 answer with ``body``, decoding with ``decoder``."""
    headers = {"content-type": "application/json"}
    request = httpx.Request("GET", "https://bench.invalid/")
    json_module = sys.modules.get("ampeco._json")

    def parse() -> Any:
        if decoder is not None and json_module is not None:
            json_module.loads = decoder  # type: ignore[attr-defined]
        return module._parse_response(
            response=httpx.Response(200, content=body, headers=headers, request=request)
        )

    return parse


def _time(func: Callable[[], Any], loops: int) -> float:
    """CPU seconds per call: other processes on a shared machine do not count."""
    started = time.process_time()
    for _ in range(loops):
        func()
    return (time.process_time() - started) / loops


def _held_bytes(func: Callable[[], Any], pages: int) -> int:
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = [func() for _ in range(pages)]
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    return after - before


def _contenders(
    spec: Any, label: str, body: bytes, pydantic_model: Any, baseline: str | None
) -> dict[str, Callable[[], Any]]:
    operation_id, _ = LISTINGS[label]
    module = _operation_module(operation_id)
    found: dict[str, Callable[[], Any]] = {"json.loads": lambda: json.loads(body)}
    if orjson is not None:
        found["orjson.loads"] = lambda: orjson.loads(body)
    found["pydantic"] = lambda: pydantic_model.model_validate_json(body)
    if baseline is not None:
        found["before"] = _ours(_operation_module(operation_id, baseline), body, None)
    found["ours json"] = _ours(module, body, json.loads)
    if orjson is not None:
        from ampeco import _json

        found["ours orjson"] = _ours(module, body, _json._orjson_or_json)
    return found


def _row(label: str, cells: list[str]) -> str:
    return f"{label:<26}" + "".join(f"{cell:>21}" for cell in cells)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=100, help="items per page")
    parser.add_argument("--rounds", type=int, default=15, help="interleaved timing rounds")
    parser.add_argument("--held", type=int, default=10_000, help="items kept alive for the memory figure")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another generated package directory to time as 'before' (see load_baseline)",
    )
    args = parser.parse_args()

    spec = load_mock_spec()
    workdir = Path(tempfile.mkdtemp(prefix="bench_parse_"))
    try:
        models = pydantic_models(spec, [name for _, name in LISTINGS.values()], workdir)
        baseline = load_baseline(args.baseline.resolve()) if args.baseline else None
        bodies = {
            label: json.dumps(build_page(spec, schema, args.items)).encode()
            for label, (_, schema) in LISTINGS.items()
        }
        # The spec document and the generator's objects are the benchmark's, not a user's: keep the
        # cyclic collector from re-scanning them during every timed parse.
        gc.collect()
        gc.freeze()
        timings: dict[str, dict[str, float]] = {}
        held: dict[str, dict[str, float]] = {}
        for label, body in bodies.items():
            contenders = _contenders(spec, label, body, models[LISTINGS[label][1]], baseline)
            for name in ("ours json", "before") if baseline else ("ours json",):
                parsed = contenders[name]()  # a wrong page fails loudly before timing
                assert len(parsed.data) == args.items, name
            samples: dict[str, list[float]] = {name: [] for name in contenders}
            for _ in range(args.rounds):
                for name, func in contenders.items():
                    samples[name].append(_time(func, 5) / args.items * 1e6)
            timings[label] = {name: statistics.median(values) for name, values in samples.items()}
            pages = max(1, args.held // args.items)
            held[label] = {
                name: _held_bytes(contenders[name], pages) / (pages * args.items)
                for name in ("json.loads", "before", "ours json", "pydantic")
                if name in contenders
            }
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    names = list(next(iter(timings.values())))
    python = sys.version.split()[0]
    print(f"Python {python}, {args.items} items a page, CPU time, median of {args.rounds} rounds")
    print("\nus per item (whole parse of one page, bytes to models):")
    print(_row("page  (KB/item)", names))
    for label, row in timings.items():
        print(
            _row(f"{label} ({len(bodies[label]) / args.items / 1024:.1f})", [f"{row[n]:.1f}" for n in names])
        )

    ratios = [("ours/json.loads", "ours json", "json.loads"), ("ours/pydantic", "ours json", "pydantic")]
    if orjson is not None:
        ratios.append(("ours+orjson/pydantic", "ours orjson", "pydantic"))
    if baseline:
        ratios.append(("before/ours", "before", "ours json"))
        if orjson is not None:
            ratios.append(("before/ours+orjson", "before", "ours orjson"))
    print("\nratios (ours = with the standard library decoder):")
    print(_row("page", [label for label, _, _ in ratios]))
    for label, row in timings.items():
        print(_row(label, [f"{row[a] / row[b]:.2f}x" for _, a, b in ratios]))

    kinds = list(next(iter(held.values())))
    print(f"\nheld memory per item ({args.held} items kept alive, tracemalloc, KB):")
    print(_row("page", kinds))
    for label, row in held.items():
        print(_row(label, [f"{row[k] / 1024:.1f}" for k in kinds]))


if __name__ == "__main__":
    main()
