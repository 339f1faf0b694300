"""One module per query report: a pure function Budget → frozen result.

Each result offers ``data()`` (the JSON contract) and ``tables(lang)`` (what
the table, CSV and Markdown formatters render); see views.py.
"""
