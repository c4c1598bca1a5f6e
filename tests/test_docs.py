"""The README cannot drift: every CLI option and make target is documented, and vice versa."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from desktop.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for a in parser._actions for o in a.option_strings if o.startswith("--")} - {"--help"}


def test_every_cli_subcommand_and_option_is_in_the_readme() -> None:
    parser = build_parser()
    missing = {o for o in _options(parser) if o not in README}
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, subparser in sub.choices.items():
        if f"verifica {name}" not in README:
            missing.add(name)
        missing |= {f"{name} {o}" for o in _options(subparser) if o not in README}
    assert missing == set()


def test_every_make_target_named_in_the_readme_exists() -> None:
    named = set(re.findall(r"`make ([a-z-]+)", README))
    defined = set(re.findall(r"^([a-z-]+):", MAKEFILE, flags=re.M))
    assert {"run", "test", "screenshots", "bench"} <= named
    assert named - defined == set()


def test_the_readme_starts_with_the_two_commands() -> None:
    first_block = README.split("```")[1]
    assert "make run" in first_block and "make test" in first_block


def test_readme_images_exist() -> None:
    for image in re.findall(r"\]\((docs/[^)]+\.png)\)", README):
        assert (ROOT / image).is_file(), image
