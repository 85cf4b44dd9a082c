"""What ``mailbot run`` and the demo print about a cycle: one line per message, then totals."""

from __future__ import annotations

from mailbot.jobs.cycle import CycleReport


def format_planned(report: CycleReport) -> str:
    """What time made due in this cycle, and any error in working it out."""
    planned = report.planned
    lines = [f"waiting-list offer expired: {email}" for email in planned.expired]
    lines += [f"waiting-list seat offered to {email}" for email in planned.offers]
    if planned.reminders:
        lines.append(f"reminders queued: {planned.reminders}")
    if planned.digests:
        lines.append(f"digests queued: {planned.digests}")
    if report.forgotten:
        lines.append(f"personal data removed (retain_days): {report.forgotten} addresses")
    return "\n".join(lines)


def format_cycle(report: CycleReport) -> str:
    lines = []
    for item in report.handled:
        answer = f" -> {', '.join(item.replies)}" if item.replies else ""
        lines.append(
            f"{item.outcome.value:<9} {item.kind or '-':<12} {item.sender or '-'}: "
            f"{item.reason}{answer}"
        )
    drain = report.drain
    lines.append(
        f"{len(report.handled)} messages handled; {len(drain.sent)} mails sent"
        + (f", {drain.retrying} to retry" if drain.retrying else "")
        + (f", {drain.failed} failed" if drain.failed else "")
    )
    if planned := format_planned(report):
        lines.append(planned)
    lines += [f"error: {error}" for error in report.errors]
    return "\n".join(lines)
