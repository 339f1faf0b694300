"""Exporters: write a budget's tables as files other tools open (a SQLite database, a data package).

Each writes through files.replace_file, so a file appears whole or not at all
and the budget file itself is never overwritten.
"""
