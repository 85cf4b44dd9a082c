"""Outgoing mail: queued inside the caller's transaction, sent after the commit.

``enqueue`` renders a mail and writes its outbox row; ``drain`` claims due rows and hands them
to the SMTP channel, with retries and dead letters. Nothing is sent before its commit.
"""
