"""The ``mailbot`` command: argument parsing, the commands, their output, doctor and the demo.

Every error a user can cause ends here as one line naming the key, file or host.
"""
