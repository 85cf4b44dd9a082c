"""What the bot does, each job driving the pure stages between the edges.

Handling the inbox (the worker), what time makes due (the planner), invitations, the
organizer's actions, the per-message time limit and the scheduler of ``mailbot run``.
"""
