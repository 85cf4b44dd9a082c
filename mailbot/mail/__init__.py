"""The mail servers' edges: IMAP to read the inbox, IDLE to hear of new mail, SMTP to send,
their TLS and backoff.

imapclient's and aiosmtplib's errors become ``MailboxError`` and ``SendError`` here and nowhere
else; no module outside this package talks to a mail server.
"""
