"""Mutation testing of the core: does the suite notice when the code is quietly wrong?

Runs mutmut 3 over the decision, classification, outbox and export modules in a scratch copy
of this work tree (the tree itself is never touched), against the tests that need no mail
server (tests/unit and tests/integration), and prints the score per module and every mutant
that survived. Mutants no test reaches count against the score.

    .venv/bin/pip install -e '.[bench]'   # mutmut is in the bench extra
    .venv/bin/python bench/mutation.py [--max-children 2] [--diffs] [--module PATH ...]

Takes about 15 minutes on the 2-core machine. Survivors are either killed by a new test or
listed in the README with the reason they are harmless.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = (
    "mailbot/domain/decision.py",
    "mailbot/understand/classify.py",
    "mailbot/outbox/drain.py",
    "mailbot/outbox/enqueue.py",
    "mailbot/outbox/smtp_channel.py",
    "mailbot/compose/export.py",
)
TESTS = ("tests/unit", "tests/integration")
COPIED = ("mailbot", "tests", "templates", "config.toml", "pyproject.toml")
# the sealed measurement set is never copied, read or run here
IGNORED = shutil.ignore_patterns("__pycache__", ".hypothesis", "heldout", "*.db")
RESULT = re.compile(r"^\s*(?P<name>mailbot\.\S+?)__mutmut_\d+: (?P<status>.+)$")


def scratch_copy(modules: tuple[str, ...]) -> Path:
    where = Path(tempfile.mkdtemp(prefix="mailbot-mutation-"))
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, where / name, ignore=IGNORED)
        else:
            shutil.copy2(source, where / name)
    others = sorted(
        str(path.relative_to(where))
        for path in (where / "mailbot").rglob("*.py")
        if str(path.relative_to(where)) not in modules
    )
    with (where / "pyproject.toml").open("a", encoding="utf-8") as pyproject:
        pyproject.write(
            f'\n[tool.mutmut]\nsource_paths = ["mailbot"]\ndo_not_mutate = {others!r}\n'.replace(
                "'", '"'
            )
            + f"pytest_add_cli_args_test_selection = {list(TESTS)!r}\n".replace("'", '"')
            + 'also_copy = ["templates", "config.toml", "tests"]\n'
            # every mutant reruns the properties: ten examples each (the suite runs 100)
            # and SQLite only: the mutated modules sit above the store, whose SQL both run alike
            + 'pytest_add_cli_args = ["--hypothesis-profile=mutation", "-k", "not postgresql"]\n'
        )
    return where


def module_of(function: str) -> str:
    """``mailbot.compose.export.x_surname`` → ``mailbot/compose/export.py``."""
    return function.rsplit(".", 1)[0].replace(".", "/") + ".py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--diffs", action="store_true", help="print each survivor's diff")
    parser.add_argument("--module", action="append", help=f"default: {', '.join(CORE)}")
    parser.add_argument("--keep", action="store_true", help="keep the scratch copy")
    parser.add_argument("--resume", type=Path, help="go on in a kept scratch copy")
    args = parser.parse_args()
    modules = tuple(args.module or CORE)
    mutmut = Path(sys.executable).with_name("mutmut")
    if not mutmut.exists():
        print("mutmut is missing: .venv/bin/pip install -e '.[bench]'", file=sys.stderr)
        return 2

    where = args.resume or scratch_copy(modules)
    args.keep = args.keep or bool(args.resume)
    started = time.monotonic()
    try:
        run = subprocess.run(
            [str(mutmut), "run", "--max-children", str(args.max_children)],
            cwd=where,
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            print(run.stdout[-3000:], run.stderr[-3000:], sep="\n", file=sys.stderr)
            return run.returncode
        listing = subprocess.run(
            [str(mutmut), "results", "--all", "true"],
            cwd=where,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        survivors: list[str] = []
        for line in listing.splitlines():
            found = RESULT.match(line)
            if not found:
                continue
            status = found["status"].strip()
            counts[module_of(found["name"])][status] += 1
            if status != "killed":
                survivors.append(f"{line.strip().split(':')[0]} ({status})")
        minutes = (time.monotonic() - started) / 60
        print(f"mutation testing of {len(modules)} modules against {' '.join(TESTS)}")
        print(f"{'module':<34} {'mutants':>8} {'killed':>8} {'score':>7}")
        total, killed = 0, 0
        for module in modules:
            seen = counts.get(module, Counter())
            n, k = sum(seen.values()), seen["killed"]
            total, killed = total + n, killed + k
            print(f"{module:<34} {n:>8} {k:>8} {k / n if n else 0:>7.1%}")
        print(f"{'all':<34} {total:>8} {killed:>8} {killed / total if total else 0:>7.1%}")
        print(f"({minutes:.1f} min)")
        print(f"\n{len(survivors)} not killed (survived, or reached by no test):")
        for survivor in survivors:
            print("  " + survivor)
            if args.diffs:
                name = survivor.split(" ")[0]
                diff = subprocess.run(
                    [str(mutmut), "show", name], cwd=where, capture_output=True, text=True
                ).stdout
                print("    " + "\n    ".join(diff.strip().splitlines()[1:]))
    finally:
        if args.keep:
            print(f"\nscratch copy kept: {where} (cd there; mutmut show NAME)")
        else:
            shutil.rmtree(where, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
