"""``python -m codegen COMMAND ...``: the maintainer commands, one entry point."""

from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "regenerate": ("codegen.generate.regenerate", "pinned spec -> overlay -> normalize -> generated package"),
    "add-version": ("codegen.release.add_version", "pin a new platform release, regenerate, changelog"),
    "api-diff": ("codegen.diff.api_diff", "what changed for a client user between two releases"),
    "build": ("codegen.release.build", "build the wheel and sdist of a pinned release"),
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        usage = "usage: python -m codegen COMMAND [options]   (COMMAND --help for its options)\n"
        print(usage, file=sys.stderr)
        for name, (_, summary) in COMMANDS.items():
            print(f"  {name:<12} {summary}", file=sys.stderr)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    try:
        module = importlib.import_module(COMMANDS[argv[0]][0])
    except ModuleNotFoundError as missing:
        needed = (missing.name or "").partition(".")[0]
        if needed in ("codegen", "ampeco"):
            raise
        print(
            f"python -m codegen {argv[0]} needs the maintainer tools (module {needed!r} is not installed): "
            "pip install -e '.[dev]'",
            file=sys.stderr,
        )
        return 2
    code: int = module.main(argv[1:])
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
