"""Mutation testing of the core: does the suite notice when the code is quietly wrong?

Runs mutmut 3 once per module (the decision, the classification, the outbox, the exports) in a
scratch copy of this work tree (the tree itself is never touched), each against the tests
meant to catch it: the decision and the classification against the unit tests; the outbox
against the unit tests and the wiring tests (``test_wiring.py``, ``test_outgoing.py``: the real
worker and store, only IMAP and SMTP faked) on SQLite, whose SQL lives in the store below the
mutated code; the exports against the unit tests and ``test_organizer.py``. mutmut runs, per
mutant, only those of the tests that reach the mutated function, two mutants at a time in
forked children. No test here needs a mail server.

Prints the score per module and every mutant not killed (one that no test reaches counts
against the score) as ``file:line  - original  + mutated``.

    .venv/bin/pip install -e '.[bench]'   # mutmut is in the bench extra
    .venv/bin/python bench/mutation.py [--max-children 2] [--only outbox] [--keep]

On the shared 2-core machine: decision 5 min, outbox 5, exports 10, classification 7 to 15
(about 1,000 mutants; each one no quick test kills reruns the labelled corpus). Survivors are
either killed by a new test or listed in the README with the reason they are harmless.
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# (modules, the tests that are theirs, extra pytest arguments): one mutmut run each, so every
# module is scored against the tests meant to catch it (mutmut then runs, per mutant, only
# those of them that reach the mutated function)
WIRING = ("tests/integration/test_wiring.py", "tests/integration/test_outgoing.py")
GROUPS: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (("mailbot/domain/decision.py",), ("tests/unit",), ()),
    (("mailbot/understand/classify.py",), ("tests/unit",), ()),
    (
        # the outbox above the store: its SQL runs alike on SQLite and PostgreSQL, and the
        # PostgreSQL half of the wiring tests would double the run for the same mutants
        ("mailbot/outbox/drain.py", "mailbot/outbox/enqueue.py", "mailbot/outbox/smtp_channel.py"),
        ("tests/unit", *WIRING),
        ("-k", "not postgresql"),
    ),
    # the badge, xlsx and LibreOffice checks of the exports are integration tests
    (("mailbot/compose/export.py",), ("tests/unit", "tests/integration/test_organizer.py"), ()),
)
COPIED = ("mailbot", "tests", "templates", "config.toml", "pyproject.toml")
# the sealed measurement set is never copied, read or run here
IGNORED = shutil.ignore_patterns("__pycache__", ".hypothesis", "heldout*", "*.db")
RESULT = re.compile(r"^\s*(?P<mutant>(?P<name>mailbot\.\S+?)__mutmut_\d+): (?P<status>.+)$")


def scratch_copy(modules: tuple[str, ...], tests: tuple[str, ...], extra: tuple[str, ...]) -> Path:
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
            + f"pytest_add_cli_args_test_selection = {list(tests)!r}\n".replace("'", '"')
            + 'also_copy = ["templates", "config.toml", "tests"]\n'
            # every mutant reruns the properties: ten examples each (the suite runs 100)
            + f"pytest_add_cli_args = {['--hypothesis-profile=mutation', *extra]!r}\n".replace(
                "'", '"'
            )
        )
    return where


def module_of(function: str) -> str:
    """``mailbot.compose.export.x_surname`` → ``mailbot/compose/export.py``."""
    return function.rsplit(".", 1)[0].replace(".", "/") + ".py"


def first_line(source: str, mutant: str) -> int:
    """Where the function a mutant belongs to starts, decorators included (mutmut names a
    function ``x_name`` and a method ``xǁClassǁname``)."""
    generated = re.sub(r"__mutmut_\d+$", "", mutant.rsplit(".", 1)[1])
    *owner, name = generated.split("ǁ")[1:] if "ǁ" in generated else ["", generated[2:]]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef) and owner and node.name != owner[0]:
            continue
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) and child.name == name:
                return min([child.lineno, *(d.lineno for d in child.decorator_list)])
    return 0


def describe(where: Path, mutmut: Path, mutant: str) -> str:
    """``path:line  - the original line  + the mutated line``, from ``mutmut show`` (a diff of
    the function, its lines counted from the function's first)."""
    diff = subprocess.run(
        [str(mutmut), "show", mutant], cwd=where, capture_output=True, text=True
    ).stdout.splitlines()
    module = module_of(mutant)
    line_no = first_line((where / module).read_text(encoding="utf-8"), mutant) - 1
    changed: list[str] = []
    for line in diff:
        hunk = re.match(r"@@ -(\d+)", line)
        if hunk:
            line_no += int(hunk[1]) - 1
        elif line[:3] in ("---", "+++") or not line:
            continue
        elif line[0] in "-+":
            changed.append(f"{line[0]} {line[1:].strip()}")
        elif line[0] == " " and not changed:
            line_no += 1
    change = "  ".join(changed)[:240] or "(mutmut shows no change: see mutmut show " + mutant + ")"
    return f"{module}:{line_no + 1}  {change}"


def survivor_order(text: str) -> tuple[str, int]:
    module, _, rest = text.partition(":")
    return module, int(rest.split(" ", 1)[0] or 0)


def run_group(
    mutmut: Path, group: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], args: Any
) -> tuple[dict[str, Counter[str]], list[str]]:
    """One mutmut run; (module → counts by status, survivors: where and what changed)."""
    modules, tests, extra = group
    where = scratch_copy(modules, tests, extra)
    try:
        run = subprocess.run(
            [str(mutmut), "run", "--max-children", str(args.max_children)],
            cwd=where,
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            raise RuntimeError(f"mutmut failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
        listing = subprocess.run(
            [str(mutmut), "results", "--all", "true"],
            cwd=where,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        missed: list[tuple[str, str]] = []
        for line in listing.splitlines():
            found = RESULT.match(line)
            if not found:
                continue
            status = found["status"].strip()
            counts[module_of(found["name"])][status] += 1
            if status == "killed":
                continue
            missed.append((found["mutant"], status))
        with ThreadPoolExecutor(args.max_children) as pool:
            shown = pool.map(lambda m: describe(where, mutmut, m[0]), missed)
            survivors = [
                f"{text}  ({status})" for text, (_, status) in zip(shown, missed, strict=True)
            ]
        return counts, sorted(survivors, key=survivor_order)
    finally:
        if args.keep:
            print(f"kept {where} (mutmut show / mutmut run there)", file=sys.stderr)
        else:
            shutil.rmtree(where, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the scratch copies")
    parser.add_argument("--only", help="only the modules whose path contains this")
    args = parser.parse_args()
    mutmut = Path(sys.executable).with_name("mutmut")
    if not mutmut.exists():
        print("mutmut is missing: .venv/bin/pip install -e '.[bench]'", file=sys.stderr)
        return 2

    started = time.monotonic()
    rows: list[tuple[str, str, int, int]] = []
    survivors: list[str] = []
    for modules, tests, extra in GROUPS:
        chosen = tuple(m for m in modules if not args.only or args.only in m)
        if not chosen:
            continue
        counts, missed = run_group(mutmut, (chosen, tests, extra), args)
        survivors += missed
        for module in chosen:
            seen = counts.get(module, Counter())
            rows.append((module, " ".join(tests), sum(seen.values()), seen["killed"]))

    print(f"{'module':<32} {'tests':<28} {'mutants':>7} {'killed':>7} {'score':>7}")
    for module, tests, n, k in rows:
        print(f"{module:<32} {tests:<28} {n:>7} {k:>7} {k / n if n else 0:>7.1%}")
    total, killed = sum(r[2] for r in rows), sum(r[3] for r in rows)
    print(f"{'all':<32} {'':<28} {total:>7} {killed:>7} {killed / total if total else 0:>7.1%}")
    print(f"({(time.monotonic() - started) / 60:.0f} min)")
    print(f"\n{len(survivors)} not killed (survived, or reached by no test):")
    for survivor in survivors:
        print("  " + survivor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
