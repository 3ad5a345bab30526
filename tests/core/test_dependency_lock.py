"""Every Python package is locked with hashes, and the lock is the one that is installed."""

from __future__ import annotations

import re

from tests.support import BASE_DIR

PIN = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s\\;]+)", flags=re.MULTILINE)


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(path: str) -> dict[str, str]:
    return {_normalise(name): version for name, version in PIN.findall((BASE_DIR / path).read_text())}


def _locked_blocks(path: str) -> dict[str, str]:
    """Each locked package's whole entry (its pin and hash lines)."""
    text = (BASE_DIR / path).read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    return {_normalise(m.group(1)): block for block in blocks if (m := PIN.match(block))}


def test_each_lock_holds_every_chosen_package_at_its_chosen_version() -> None:
    # A stale lock (a package added or moved in requirements*.txt without `make lock`) fails here.
    runtime, dev = _pins("requirements.txt"), _pins("requirements-dev.txt")
    runtime_lock, dev_lock = _pins("requirements.lock"), _pins("requirements-dev.lock")

    for name, version in runtime.items():
        assert runtime_lock.get(name) == version, f"requirements.lock: {name}=={version} (run make lock)"
    for name, version in (runtime | dev).items():
        assert dev_lock.get(name) == version, f"requirements-dev.lock: {name}=={version} (run make lock)"


def test_every_locked_package_has_hashes_and_both_locks_agree() -> None:
    runtime_lock, dev_lock = _locked_blocks("requirements.lock"), _locked_blocks("requirements-dev.lock")

    assert len(dev_lock) > len(runtime_lock) > 20  # transitive packages too, not only the ones we chose
    for path, blocks in (("requirements.lock", runtime_lock), ("requirements-dev.lock", dev_lock)):
        for name, block in blocks.items():
            assert "--hash=sha256:" in block, f"{path}: {name} has no hash"
    runtime_versions, dev_versions = _pins("requirements.lock"), _pins("requirements-dev.lock")
    for name, version in runtime_versions.items():
        assert dev_versions.get(name) == version, f"{name}: the image and the tests must run the same version"


def test_the_image_the_venv_and_ci_install_from_the_locks_with_hashes_required() -> None:
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    makefile = (BASE_DIR / "Makefile").read_text()

    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    assert "-r requirements.txt" not in dockerfile
    # The locked pip goes in first, on its own, so an interpreter's older bundled pip never reads the lock.
    pip_first = makefile.index("pip install --require-hashes --no-deps -r requirements-pip.lock")
    assert pip_first < makefile.index("pip install --require-hashes -r requirements-dev.lock")
    installed = r"^\$\(VENV\)/\.installed: requirements-pip\.lock requirements\.lock requirements-dev\.lock$"
    assert re.search(installed, makefile, re.MULTILINE)
    lock = re.search(r"^lock:\n((?:\t.*\n)+)", makefile, flags=re.MULTILINE)
    assert lock, "Makefile has no lock target"
    assert "pip-compile" in lock.group(1)
    assert "--generate-hashes" in makefile
    # .ci/run goes through the Makefile (make test sets up the venv from the lock).
    assert re.search(r"^make test$", (BASE_DIR / ".ci" / "run").read_text(), flags=re.MULTILINE)


def test_the_front_end_is_built_on_a_supported_node() -> None:
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    node = re.search(r"^FROM node:(\d+)", dockerfile, flags=re.MULTILINE)

    assert node, "the Dockerfile builds the front end with Node"
    assert int(node.group(1)) in {22, 24}  # LTS lines still supported
