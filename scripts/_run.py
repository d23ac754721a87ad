"""Runs one of banma/cli's commands (or, named in full, a generator's: macros.zensical …) for the thin wrappers
beside this file (scripts/check_data.py …).

The commands live in the installed package (bash scripts/setup.sh installs it into .venv). Run with another
Python — `python scripts/check_data.py` — a wrapper hands over to .venv's Python when there is one, and
otherwise says how to set up, instead of failing with ModuleNotFoundError.
"""
from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

VENV = Path(__file__).resolve().parents[1] / ".venv"
VENV_PYTHON = VENV / "bin" / "python"


def run(command: str) -> None:
    try:
        module = importlib.import_module(command if "." in command else f"banma.cli.{command}")
    except ModuleNotFoundError:
        if Path(sys.prefix).resolve() == VENV.resolve():
            raise  # the project's own environment lacks something: setup.sh's business, shown as it is
        if VENV_PYTHON.exists():
            os.execv(VENV_PYTHON, [str(VENV_PYTHON), *sys.argv])  # another Python: hand over to the project's
        script = Path(sys.argv[0]).name
        raise SystemExit(f"还没有安装：请先运行 bash scripts/setup.sh（只需一次），再运行 python scripts/{script}。\n"
                         f"Not set up yet: run bash scripts/setup.sh once, then python scripts/{script}.") from None
    sys.exit(module.main())
