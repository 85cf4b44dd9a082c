"""mailbot: event registration by plain email.

People register by replying to an invitation; a scheduled worker reads the replies over IMAP,
understands them, stores the attendee and answers in the same thread over SMTP.
"""

__version__ = "0.1.0"
