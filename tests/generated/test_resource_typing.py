"""The resource layer is typed end to end, for mypy --strict and for pyright.

``reveal_type`` of listing items and read results (sync and async) must be the precise model; a
misspelt attribute, resource or filter, or a wrong argument type, must be an error; ``x is not UNSET``
must narrow. The expected model names are read from the generated methods' own annotations.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import typing
from pathlib import Path

import pytest

from ampeco_public_api.resources.cdrs import Cdrs
from ampeco_public_api.resources.charge_points import ChargePoints

MYPY = [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--no-error-summary"]
SNIPPET = textwrap.dedent(
    """\
    import ampeco
    from ampeco import UNSET, Unset


    def use(client: ampeco.Client) -> None:
        for cdr in client.cdrs.list(limit=10):
            reveal_type(cdr)
            cdr.no_such_field
        charge_point = client.charge_points.read(1)
        reveal_type(charge_point)
        reveal_type(client.charge_points.with_raw_response.read(1).parsed)
        client.no_such_resource
        client.cdrs.list(no_such_filter=1)
        client.charge_points.read("one")


    async def use_async(client: ampeco.AsyncClient) -> None:
        async for cdr in client.cdrs.list(limit=10):
            reveal_type(cdr)
        charge_point = await client.charge_points.read(1)
        reveal_type(charge_point)


    def narrow(value: int | Unset) -> int:
        if value is not UNSET:
            reveal_type(value)
            return value
        return 0


    def narrow_early(value: int | Unset) -> int:
        if value is UNSET:
            return 0
        return value
    """
)


def _model(method: typing.Callable[..., object]) -> type:
    hint = typing.get_type_hints(method)["return"]
    args = typing.get_args(hint)
    model = args[0] if args else hint
    assert isinstance(model, type), hint
    return model


def _raw_envelope() -> type:
    hint = typing.get_type_hints(ChargePoints.with_raw_response.fget)["return"]  # type: ignore[attr-defined]
    envelope = typing.get_args(typing.get_type_hints(hint.read)["return"])[0]
    assert isinstance(envelope, type)
    return envelope


@pytest.fixture(scope="module")
def expected() -> dict[str, type]:
    return {"cdr": _model(Cdrs.list), "charge_point": _model(ChargePoints.read), "envelope": _raw_envelope()}


def test_mypy_strict_sees_precise_models_and_rejects_mistakes(
    tmp_path: Path, expected: dict[str, type]
) -> None:
    (tmp_path / "snippet.py").write_text(SNIPPET)
    completed = subprocess.run(
        [*MYPY, "--cache-dir", str(tmp_path / ".mypy"), "snippet.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    out = completed.stdout

    def revealed(line: int, model: type) -> str:
        return f'snippet.py:{line}: note: Revealed type is "{model.__module__}.{model.__qualname__}"'

    for line, key in ((7, "cdr"), (10, "charge_point"), (11, "envelope"), (19, "cdr"), (21, "charge_point")):
        assert revealed(line, expected[key]) in out, out
    assert 'snippet.py:26: note: Revealed type is "int"' in out, out
    assert f'snippet.py:8: error: "{expected["cdr"].__name__}" has no attribute "no_such_field"' in out, out
    assert 'snippet.py:12: error: "Client" has no attribute "no_such_resource"' in out, out
    assert 'snippet.py:13: error: Unexpected keyword argument "no_such_filter" for "list"' in out, out
    assert (
        'snippet.py:14: error: Argument 1 to "read" of "ChargePoints" has incompatible type "str"' in out
    ), out
    assert out.count(": error:") == 4, out  # nothing else: narrowing type-checks


@pytest.mark.skipif(shutil.which("node") is None, reason="pyright runs on node")
def test_pyright_sees_precise_models_and_rejects_mistakes(tmp_path: Path, expected: dict[str, type]) -> None:
    pyright = shutil.which("pyright", path=str(Path(sys.executable).parent))
    assert pyright is not None, "pyright is a dev dependency: pip install -e '.[dev]'"
    (tmp_path / "snippet.py").write_text(SNIPPET)
    completed = subprocess.run(
        [pyright, "--pythonpath", sys.executable, "snippet.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    out = completed.stdout
    for line, key, expression in (
        (7, "cdr", "cdr"),
        (10, "charge_point", "charge_point"),
        (11, "envelope", "client.charge_points.with_raw_response.read(1).parsed"),
        (19, "cdr", "cdr"),
        (21, "charge_point", "charge_point"),
    ):
        assert (
            f"snippet.py:{line}:" in out and f'Type of "{expression}" is "{expected[key].__name__}"' in out
        ), out
    assert 'Type of "value" is "int"' in out, out
    assert 'Cannot access attribute "no_such_field"' in out, out
    assert 'Cannot access attribute "no_such_resource" for class "Client"' in out, out
    assert 'No parameter named "no_such_filter"' in out, out
    assert "snippet.py:14:" in out and '"Literal[\'one\']" is not assignable to "int"' in out, out
    assert "4 errors" in out, out
