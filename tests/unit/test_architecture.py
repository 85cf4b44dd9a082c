"""The folder tree is the architecture: these tests keep it so as the code grows."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent.parent / "mailbot"
# config turns the database setting into a URL with SQLAlchemy's parser; that is not SQL
SQL_ALLOWED_OUTSIDE_STORE = {"config": {"sqlalchemy.engine", "sqlalchemy.exc"}}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module this file imports, at any depth (imports inside functions count too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


MODULES = {module_name(p): imports(p) for p in PACKAGE.rglob("*.py")}


def test_no_module_imports_itself_through_others() -> None:
    graph = {
        name: {i for i in found if i in MODULES and i != name} for name, found in MODULES.items()
    }
    cycles: list[list[str]] = []

    def visit(name: str, path: list[str]) -> None:
        for target in sorted(graph[name]):
            if target in path:
                cycles.append([*path[path.index(target) :], target])
            elif len(path) < 30:
                visit(target, [*path, target])

    for start in sorted(graph):
        visit(start, [start])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles[:5])


def test_sql_lives_only_in_the_store_package() -> None:
    offenders = {}
    for name, found in MODULES.items():
        if name.startswith("mailbot.store"):
            continue
        allowed = SQL_ALLOWED_OUTSIDE_STORE.get(name.removeprefix("mailbot."), set())
        used = {
            i
            for i in found
            if i.split(".")[0] == "sqlalchemy"
            and not any(i == a or i.startswith(a + ".") for a in allowed)
        }
        if used:
            offenders[name] = sorted(used)
    assert not offenders


def test_every_subpackage_says_what_lives_there() -> None:
    for init in PACKAGE.glob("*/__init__.py"):
        docstring = ast.get_docstring(ast.parse(init.read_text()))
        assert docstring and len(docstring.split()) >= 20, init


def test_the_pure_stages_do_no_io() -> None:
    edges = (
        "imapclient",
        "aiosmtplib",
        "sqlalchemy",
        "mailbot.store",
        "mailbot.mail",
        "mailbot.outbox",
        "mailbot.jobs",
        "mailbot.cli",
        "mailbot.app",
    )
    for name, found in MODULES.items():
        if name.startswith(("mailbot.domain", "mailbot.understand")):
            bad = sorted(i for i in found if i.startswith(edges))
            assert not bad, f"{name} imports {bad}"


def calls_of(path: Path, attribute: str) -> int:
    return sum(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == attribute
        for node in ast.walk(ast.parse(path.read_text()))
    )


def test_outgoing_mail_is_made_in_one_place() -> None:
    """Only ``outbox.enqueue`` composes a mail and writes its outbox row."""
    composing = {n for n, found in MODULES.items() if "mailbot.compose.mime.compose" in found}
    assert composing == {"mailbot.outbox.enqueue"}
    queueing = {
        module_name(p)
        for p in PACKAGE.rglob("*.py")
        if calls_of(p, "queue") and not module_name(p).startswith("mailbot.store")
    }
    assert queueing == {"mailbot.outbox.enqueue"}


def test_the_drain_knows_channels_only_through_their_seam() -> None:
    assert not {i for i in MODULES["mailbot.outbox.drain"] if i.startswith("mailbot.mail")}


def test_handling_a_message_knows_no_mail_server() -> None:
    assert not {i for i in MODULES["mailbot.jobs.handle"] if i.startswith("mailbot.mail")}


def test_no_locks_remain_from_a_threaded_design() -> None:
    """The jobs run one after another in the main thread; a lock there only hides that."""
    users = {module_name(p) for p in PACKAGE.rglob("*.py") if calls_of(p, "Lock")}
    assert not users
