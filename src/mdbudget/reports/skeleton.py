"""The budget.toml `mdbudget init` writes: every required table, commented, with figures that reconcile."""

from __future__ import annotations

INIT = """\
# A budget file for mdbudget: one release's allocation table, as data. `mdbudget check`
# passes on this skeleton; replace every figure and text with the release's, then run it
# again. `mdbudget schema` prints the JSON Schema of every key. Amounts are whole numbers
# in program.unit (억원, 조원, 백만원, 천원 or 원).

[program]
title = "'{yy}년 사업 투자 계획"        # the release's title, as printed
ministry = "부처명"                     # the ministry publishing it
release_date = {year}-01-01             # 보도시점
fiscal_year = {year}
unit = "억원"
source_file = "release.txt"             # the release these figures come from

# The table's 총합 row: check holds it against the sum of the fields.
[totals]
projects = 10                           # 지원 과제수
total = 500                             # 총 투자규모
allocation = 120                        # '{yy}년 투자규모
source = "참고2 표 총합 행"

# One block per row of the allocation table, in the order printed.
[[fields]]
id = "example-field"                    # lower case, digits, - and _
name = "분야명"
name_en = "Example field"
aliases = []                            # other names the release uses for it
projects = 10
total = 500
allocation = 120
source = "참고2 표 1행"

# What the prose states, for check to hold against the table.
[[claims.fields]]
field = "example-field"
text = "분야명(10개 과제, 120억원)"
projects = 10
allocation = 120
source = "본문 2문단"

# A sample project the release describes.
[[projects]]
id = "example-project"
name = "과제명"
field = "example-field"
lead = "주관기관"
participants = ["참여기관"]
period = {{ start = {year}, end = {end} }}
stated_years = 4
total = 40
allocation = 10
source = "참고1"
"""


def skeleton(year: int) -> str:
    """The budget.toml `init` writes, for fiscal year ``year``."""
    return INIT.format(year=year, yy=f"{year % 100:02d}", end=year + 3)
