"""mailbot as a package: built into an sdist, the wheel built from that sdist, installed into a
fresh venv and run from an empty folder, far from the clone's templates/ and config.toml.

The fresh venv gets mailbot only from the wheel (``pip install --no-deps``); its dependencies
come from the project's venv through a ``.pth`` line, which adds that folder to ``sys.path``
after the fresh venv's own (so the wheel's mailbot wins) without running the editable install's
hook — quick, and still a proof that the wheel carries everything mailbot reads.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from mailbot import __version__
from tests.support.bot import clean_environment

pytestmark = pytest.mark.packaging
ROOT = Path(__file__).resolve().parent.parent.parent
SHIPPED = ("mailbot/templates/de/confirmation.txt.j2", "mailbot/templates/en/digest.html.j2")
SHIPPED += ("mailbot/templates/README.md", "mailbot/cli/config.sample.toml")
SHIPPED += ("mailbot/cli/demo_mail/01-outlook-registration.eml", "mailbot/understand/phrases.toml")


def _build(what: str, source: Path, into: Path) -> Path:
    """setuptools' PEP 517 hooks, as pip and ``python -m build`` call them."""
    script = f"from setuptools import build_meta; print(build_meta.build_{what}({str(into)!r}))"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=source, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return into / result.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with mailbot installed from a wheel built from the sdist; its bin folder."""
    work = tmp_path_factory.mktemp("packaging")
    sdist = _build("sdist", ROOT, work)
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
        archive.extractall(work / "unpacked", filter="data")
    stem = sdist.name.removesuffix(".tar.gz")
    assert all(f"{stem}/{path}" in names for path in SHIPPED), "sdist lacks package data"
    assert not any(_links(sdist)), "the sdist must carry files, not the clone's symlinks"
    wheel = _build("wheel", work / "unpacked" / stem, work)
    with zipfile.ZipFile(wheel) as archive:
        assert set(SHIPPED) <= set(archive.namelist()), "wheel lacks package data"

    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "project-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel],
        check=True,
        timeout=300,
    )
    where = subprocess.run(
        [python, "-c", "import mailbot; print(mailbot.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        cwd=work,
    ).stdout
    assert where.startswith(site), f"mailbot imported from {where}, not from the wheel"
    return venv / "bin"


def _links(sdist: Path) -> list[bool]:
    with tarfile.open(sdist) as archive:
        return [member.issym() or member.islnk() for member in archive.getmembers()]


def _mailbot(bin_folder: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [bin_folder / "mailbot", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=clean_environment(),
        timeout=120,
    )


def test_the_installed_demo_answers_every_reply_from_an_empty_folder(
    installed: Path, tmp_path: Path
) -> None:
    result = _mailbot(installed, "demo", cwd=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 messages handled; 3 mails sent" in result.stdout
    answers = result.stdout.split("Answers the bot sent")[1].split("Left for a human")[0]
    assert answers.count("Auto-Submitted: auto-replied") == 3
    assert "error" not in result.stdout.lower()
    assert list(tmp_path.iterdir()) == []  # the demo works in a folder of its own


def test_the_installed_version_is_the_package_version(installed: Path, tmp_path: Path) -> None:
    result = _mailbot(installed, "--version", cwd=tmp_path)
    assert result.stdout.strip() == f"mailbot {__version__}"


def test_init_writes_a_starting_point_whose_templates_render(
    installed: Path, tmp_path: Path
) -> None:
    written = _mailbot(installed, "init", "event", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert "wrote event/config.toml and event/templates" in written.stdout
    assert (tmp_path / "event" / "templates" / "de" / "confirmation.txt.j2").is_file()
    assert "# mailbot configuration" in (tmp_path / "event" / "config.toml").read_text()

    checked = _mailbot(
        installed, "--config", "event/config.toml", "templates", "check", cwd=tmp_path
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"all templates in {tmp_path / 'event' / 'templates'} render" in checked.stdout

    again = _mailbot(installed, "init", "event", cwd=tmp_path)
    assert again.returncode == 2
    assert (
        again.stderr
        == "mailbot: event/config.toml: exists already; mailbot init never overwrites\n"
    )
