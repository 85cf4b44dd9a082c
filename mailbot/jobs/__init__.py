"""What the bot does, each job driving the pure stages between the edges.

Handling one message (``handle``), polling the inbox (``poll``), draining the outbox
(``send``), what time makes due (``planner``), the GDPR retention purge (``retention``), one
cycle of all of them (``cycle``) and the scheduler of ``mailbot run`` (``schedule``);
invitations, the organizer's actions and the per-message time limit. What a running worker
tells its operator: log lines (``activity``), metrics and health (``monitor``), systemd
(``systemd``); which mail a first start leaves alone (``first_start``).
"""
