"""The reports: pure functions from a Budget to small result objects. No printing, no Typer.

One module per query (total, fields, shares, ratios, project, sql), and export,
diff (its comparing in compare.py) and check (check/). Each result offers
``data()`` (the JSON contract) and ``tables(lang)`` (what the table, CSV and
Markdown formatters render); see views.py.
"""
