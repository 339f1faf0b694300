"""Exporters: write a budget's tables as files other tools open (a SQLite database, a data package).

Each gives its files to files.write_all, like every export: a file appears whole
or not at all, and the budget file itself is never overwritten.
"""
