"""The database edge, and the only place with SQL.

The schema with its named migrations, the frozen records it hands out, one ``Transaction`` for
what must commit together, and the ``Store`` that opens it. Database errors become
``StoreError`` here.
"""
