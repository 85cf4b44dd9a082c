"""Reading one message: raw bytes to a typed ``InboundMessage``, then to an ``Understanding``.

Parsing, the sender's own text (quotes and signatures cut off), the details they gave, and the
table of named rules that says what the message is. Pure and bounded in time; never acts and
never raises on hostile input.
"""
