"""Writing for people: the admin's templates in Jinja2's sandbox, what they see, MIME, .ics.

Also the organizers' formats (exports, the digest's values) and the checks admins run on their
templates. Pure: it renders bytes, never sends or stores them.
"""
