"""`make` checks what it needs first and stops at once with one line naming what is missing."""

from __future__ import annotations

import glob
import os
import subprocess
import sys
from pathlib import Path

from tests.support import BASE_DIR


def _make_setup(tmp_path: Path, python: str, path: str) -> subprocess.CompletedProcess[str]:
    venv = tmp_path / "venv"
    result = subprocess.run(
        ["/usr/bin/make", "--no-print-directory", "setup", f"PYTHON={python}", f"VENV={venv}"],
        cwd=BASE_DIR,
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert not venv.exists(), "nothing may be made before the check"
    return result


def _python_310(tmp_path: Path) -> str:
    """pyenv's Python 3.10 where there is one; otherwise an interpreter that says it is 3.10."""
    found = sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.10.*/bin/python3")))
    if found:
        return found[0]
    fake = tmp_path / "python3.10"
    fake.write_text('#!/bin/sh\n[ "$1" = --version ] && echo "Python 3.10.13" && exit 0\nexit 1\n')
    fake.chmod(0o755)
    return str(fake)


def test_a_python_older_than_3_11_stops_make_at_once_in_one_line(tmp_path: Path) -> None:
    python = _python_310(tmp_path)
    result = _make_setup(tmp_path, python, os.environ["PATH"])

    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Python 3.11 or newer is needed" in lines[0]
    assert "3.10" in lines[0]


def test_without_node_make_says_node_18_is_needed(tmp_path: Path) -> None:
    # A PATH with nothing on it: the interpreter is named by its full path, node cannot be found.
    result = _make_setup(tmp_path, sys.executable, str(tmp_path / "empty"))

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Node.js 18 or newer with npm is needed" in lines[0]


def _fonts_step(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # Off Debian: no apt-get or dpkg on the PATH, and no fonts where PDF_FONTS_DIR points.
    return subprocess.run(
        ["/bin/bash", "deploy/debian-packages.sh", *args, "fonts-noto-core", "fonts-symbola"],
        cwd=BASE_DIR,
        env={"PATH": str(tmp_path / "empty"), "PDF_FONTS_DIR": str(tmp_path / "fonts")},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_without_a_way_to_install_the_fonts_make_setup_says_how_and_goes_on(tmp_path: Path) -> None:
    result = _fonts_step(tmp_path, "--fonts")

    assert result.returncode == 0, result.stderr
    assert "fonts-noto-core fonts-symbola" in result.stderr
    assert "PDF_FONTS_DIR" in result.stderr
    assert "docs/configuration.md" in result.stderr


def test_fonts_already_under_pdf_fonts_dir_need_nothing_installed(tmp_path: Path) -> None:
    for name in ["noto/NotoSans-Regular.ttf", "ancient-scripts/Symbola_hint.ttf"]:
        (tmp_path / "fonts" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "fonts" / name).write_bytes(b"")

    result = _fonts_step(tmp_path, "--fonts")

    assert (result.returncode, result.stderr) == (0, "")


def test_ci_still_fails_when_packages_it_needs_cannot_be_installed(tmp_path: Path) -> None:
    result = _fonts_step(tmp_path)

    assert result.returncode == 1
    assert "Install these packages: fonts-noto-core fonts-symbola" in result.stderr
