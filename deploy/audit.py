"""`make audit`: known vulnerabilities in every locked Python package and every npm package, or a failure.

Python: pip-audit over the lock (PyPI's JSON API, https://pypi.org/pypi/<name>/<version>/json).
npm: `npm audit` over package-lock.json (the registry's bulk advisory endpoint).

It says how many packages were really audited. Exit status: 0 when every package was audited and
none has a known vulnerability; 1 when one has; 2 when any package could not be audited (the
vulnerability data was unreachable), naming what could not be reached. It never reports "no known
vulnerabilities" about packages it did not check.

    python deploy/audit.py [--lock requirements-dev.lock] [--no-npm]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

FOUND, UNREACHABLE = 1, 2


def _say(message: str) -> None:
    print(f"audit: {message}", flush=True)


def json_to(path: str) -> list[str]:
    return ["--format", "json", "--output", path]


def python_audit(lock: Path) -> int:
    locked = len(re.findall(r"^[A-Za-z0-9][A-Za-z0-9._-]*==", lock.read_text(), flags=re.MULTILINE))
    pip_audit = Path(sys.executable).parent / "pip-audit"
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [str(pip_audit), "--progress-spinner", "off", "--disable-pip", "-r", str(lock), *json_to(report.name)],
            capture_output=True,
            text=True,
            check=False,
        )
        text = Path(report.name).read_text()
    if not text.strip():
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        _say(f"Python: NOT AUDITED: pip-audit could not reach PyPI's vulnerability data (https://pypi.org): {last}")
        return UNREACHABLE
    dependencies = json.loads(text)["dependencies"]
    skipped = [d for d in dependencies if "skip_reason" in d]
    audited = [d for d in dependencies if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    _say(f"Python: audited {len(audited)} of {locked} locked packages ({lock}) against PyPI's vulnerability data")
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            _say(f"Python: {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})")
    if skipped:
        names = ", ".join(f"{d['name']}" for d in skipped[:8]) + (" ..." if len(skipped) > 8 else "")
        _say(
            f"Python: NOT AUDITED: {len(skipped)} packages; PyPI's vulnerability data "
            f"(https://pypi.org/pypi/<name>/<version>/json) did not answer for them: {names}"
        )
        return UNREACHABLE
    if vulnerable:
        return FOUND
    _say("Python: no known vulnerabilities")
    return 0


def npm_audit() -> int:
    result = subprocess.run(["npm", "audit", "--json"], capture_output=True, text=True, check=False)  # noqa: S607
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        report = {}
    metadata = report.get("metadata")
    if not isinstance(metadata, dict) or "vulnerabilities" not in metadata:
        reason = report.get("message") or (result.stderr.strip().splitlines() or ["no answer"])[-1]
        _say(f"npm: NOT AUDITED: the registry's audit endpoint could not be used: {reason}")
        return UNREACHABLE
    found = metadata["vulnerabilities"].get("total", 0)
    _say(f"npm: audited {metadata.get('dependencies', {}).get('total', '?')} packages (package-lock.json)")
    for name, vuln in sorted(report.get("vulnerabilities", {}).items()):
        _say(f"npm: {name}: {vuln.get('severity')} ({vuln.get('range')})")
    if found:
        return FOUND
    _say("npm: no known vulnerabilities")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lock", type=Path, default=Path("requirements-dev.lock"))
    parser.add_argument("--no-npm", action="store_true", help="audit the Python lock only")
    args = parser.parse_args(argv)
    statuses = [python_audit(args.lock)] + ([] if args.no_npm else [npm_audit()])
    if UNREACHABLE in statuses:
        _say("FAILED: some packages could not be audited (above); nothing is claimed about them")
        return UNREACHABLE
    if FOUND in statuses:
        _say("FAILED: known vulnerabilities (above)")
        return FOUND
    return 0


if __name__ == "__main__":
    sys.exit(main())
