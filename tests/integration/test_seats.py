"""One seat rule: a seat offered to the waiting list is taken, for the decision, ``status`` and
the digest alike, so nobody is shown a free seat that is promised to someone else."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from mailbot.app import App
from mailbot.config import load_config
from mailbot.domain.model import AttendeeStatus, OfferState
from tests.support.bot import mailbot
from tests.support.samples import NOW, SAMPLE


def test_status_and_digest_show_no_free_seat_while_it_is_offered(tmp_path: Path) -> None:
    config_path = tmp_path / "config.toml"
    config_path.write_text(SAMPLE.read_text().replace("capacity = 60", "capacity = 1"))
    config = load_config(config_path)
    with App.build(config, clock=lambda: NOW) as app, app.store.transaction() as tx:
        for email, status in (
            ("anna@a.de", AttendeeStatus.REGISTERED),
            ("ben@a.de", AttendeeStatus.WAITLISTED),
        ):
            tx.save_attendee(email, status, {}, "de", NOW, "a test")
    cancelled = mailbot("cancel", "anna@a.de", "--quiet", "--by", "orga", cwd=tmp_path)
    assert cancelled.returncode == 0, cancelled.stderr
    later = NOW + timedelta(minutes=5)
    with App.build(config, clock=lambda: later) as app:
        planned = app.planner().queue_due(later)
        assert planned.offers == ["ben@a.de"]
        (ben,) = [p for p in app.store.attendees() if p.email == "ben@a.de"]
        assert ben.offer_state is OfferState.OPEN

    moment = (later + timedelta(minutes=1)).isoformat()
    status = mailbot("status", "--now", moment, cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    assert "seats:    1 of 1 taken, 0 free, 1 offered to the waiting list" in status.stdout
    digest = mailbot("digest", "--print", "--now", moment, cwd=tmp_path)
    assert digest.returncode == 0, digest.stderr
    assert "Angemeldet: 0 von 1 Plätzen (0 frei, 1 der Warteliste angeboten)" in digest.stdout
