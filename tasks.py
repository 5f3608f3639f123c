#!/usr/bin/env python3
"""coopscope's one task file. Needs only Python >= 3.11 and pip.

python tasks.py            list the tasks
python tasks.py demo       set up .venv from the lock file and run `coopscope demo`
python tasks.py test       set up .venv and run lint, types and the whole test suite
python tasks.py test --fast   a quick local loop: no lint, no Spark, browser or slow tests, in parallel
python tasks.py lint       ruff format --check, ruff check and the import layers (import-linter)
python tasks.py types      mypy on src/
python tasks.py bench      run the benchmarks (prints ratios to a baseline run alongside)
python tasks.py lock       regenerate requirements.lock from pyproject.toml (needs uv)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".coopscope-lock-stamp"


def run(*cmd: str | Path, check: bool = True, env: dict[str, str] | None = None) -> int:
    print("+", " ".join(map(str, cmd)), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, check=check, env=env).returncode


def setup() -> None:
    """Create .venv and install the locked dependencies and coopscope itself (only when needed)."""
    if not (BIN / "python").exists():
        venv.create(VENV, with_pip=True)
    wanted = LOCK.read_text() + (ROOT / "pyproject.toml").read_text()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", LOCK)
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check", "-e", ".")
    STAMP.write_text(wanted)


def provision_ci() -> None:
    """Under CI, install the system pieces the tests use: Chromium, Java 17 (Spark), LibreOffice, CJK fonts."""
    if os.environ.get("CI") != "true" or os.geteuid() != 0:
        return
    wanted = (("chromium", "chromium"), ("openjdk-17-jre-headless", "java"), ("libreoffice-calc-nogui", "libreoffice"))
    missing = [p for p, exe in wanted if not shutil.which(exe)]
    if not list(Path("/usr/share/fonts").rglob("NotoSansCJK*")):  # Hangul and Han glyphs in the brief's tests
        missing.append("fonts-noto-cjk")
    if missing:
        run("apt-get", "update", "-qq", check=False)
        run("apt-get", "install", "-y", "-qq", *missing, check=False)


def task_demo(args: list[str]) -> int:
    setup()
    return run(BIN / "coopscope", "demo", *args, check=False)


def task_lint(args: list[str]) -> int:
    setup()
    return (
        run(BIN / "ruff", "format", "--check", ".", check=False)
        or run(BIN / "ruff", "check", ".", check=False)
        or run(BIN / "lint-imports", check=False)
    )


def task_types(args: list[str]) -> int:
    setup()
    return run(BIN / "mypy", check=False)


FAST = ("-m", "not slow and not spark and not browser", "-x", "-n", "2")


def task_test(args: list[str]) -> int:
    setup()
    if "--fast" in args:
        rest = [a for a in args if a != "--fast"]
        return run(BIN / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", *FAST, *rest, check=False)
    provision_ci()
    status = task_lint([]) or task_types([])
    if status:
        return status
    # pytest exits 5 when it collected no test: that is a failure here too.
    return run(BIN / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", *args, check=False)


def task_bench(args: list[str]) -> int:
    setup()
    # The peer the complexity benchmark measures against; benchmark-only (its sklearn import is stubbed there).
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--no-deps", "ecomplexity==0.5.3", check=False)
    return run(BIN / "python", "-m", "benchmarks", *args, check=False)


def task_lock(args: list[str]) -> int:
    return run(
        "uv",
        "pip",
        "compile",
        "pyproject.toml",
        "--extra",
        "dev",
        "--python-version",
        "3.11",
        "--no-header",
        "-o",
        LOCK,
        *args,
        check=False,
    )


TASKS = {name[5:]: fn for name, fn in globals().items() if name.startswith("task_")}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        print(__doc__)
        sys.exit(0 if len(sys.argv) < 2 else 2)
    sys.exit(TASKS[sys.argv[1]](sys.argv[2:]))
