"""The organizer's vocabulary and the rules of the event, as pure values and functions.

Attendees, statuses, purposes and the other enums; the decision what to do about one understood
message; the one seat rule; which event a message is about; what time has made due. Nothing
here does I/O, reads the clock or knows about SQL, IMAP or templates: every input is an
argument, so every rule is tested without fakes.
"""
