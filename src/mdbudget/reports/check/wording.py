"""Every word `check` says, in English and Korean, built in one place.

A finding holds a Phrase (a key and its values), not text: the table, CSV,
Markdown and annotations render it in the language asked for, and JSON in
English, so scripts match stable words. Korean templates avoid particles after
a value (이/가, 을/를 depend on how the value is read aloud).
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

Lang = Literal["ko", "en"]

# key: (English, Korean). Values are formatted with str.format; a Phrase value is rendered in the same language.
PHRASES: dict[str, tuple[str, str]] = {
    # what a figure is
    "label.projects": ("project count", "과제 수"),
    "label.total": ("multi-year total", "총 투자규모"),
    "label.allocation": ("allocation", "투자규모"),
    "label.year_allocation": ("the year's allocation", "올해 투자규모"),
    "what.sum": ("sum", "합계"),
    "what.row": ("table row", "표의 값"),
    "ref.row": ("the table row's {key}", "표 행의 {key}"),
    # comparisons of a stated figure with one computed from the data
    "compare.pass": ("{what} {found:,} = stated {stated:,}", "{what} {found:,} = 명시 {stated:,}"),
    "compare.fail": (
        "{what} {found:,} ≠ stated {stated:,} (difference {difference:+,})",
        "{what} {found:,} ≠ 명시 {stated:,} (차이 {difference:+,})",
    ),
    "sum.subject": ("{label}: sum of {fields}", "{label}: {n:,}개 분야의 합"),
    "split.subject": ("continuing + new projects", "계속 + 신규 과제"),
    "claim.subject": ("{name}: stated {label}", "{name}: 명시된 {label}"),
    "row.subject": ("{name}: table row's {label}", "{name}: 표 행의 {label}"),
    "row.suspect": (
        "row {found:,} ≠ claimed {claimed:,} (difference {difference:+,}); the column's total agrees with the claim, "
        "so the row looks wrong",
        "행 {found:,} ≠ 명시 {claimed:,} (차이 {difference:+,}) — 열 합계가 명시값과 맞으므로 행이 틀린 것으로 보임",
    ),
    # the prose
    "prose.subject": ("figures in “{text}”", "“{text}”의 수치"),
    "prose.pass": ("agrees: {pairs}", "일치: {pairs}"),
    "prose.pair": ("“{figure}” = {ref} {value}", "“{figure}” = {ref} {value}"),
    "prose.mismatch": (
        "“{figure}” in the text ≠ {ref} = {value} (difference {difference:+,})",
        "본문의 “{figure}” ≠ {ref} = {value} (차이 {difference:+,})",
    ),
    "prose.missing": ("{ref} = {value} is not printed in the text", "{ref} = {value}: 본문에 없음"),
    "prose.extra": (
        "“{figure}” in the text matches no figure stated here ({refs})",
        "본문의 “{figure}”: 맞는 명시 수치 없음 ({refs})",
    ),
    "prose.ref": ("{ref} {value}", "{ref} {value}"),
    "prose.nothing": ("nothing states one", "명시된 값 없음"),
    "prose.unreadable": (
        "cannot read “{token}” in the text; write counts as 44개, amounts as 1,860억원, "
        "multiples as 2.5배 and years as '23년",
        "본문의 “{token}”: 읽을 수 없는 수치 (과제 수는 44개, 금액은 1,860억원, 배수는 2.5배, 연도는 '23년처럼)",
    ),
    # growth and headline
    "growth.subject": ("growth claim “{text}”", "증가 배수 “{text}”"),
    "growth.no_baseline": (
        "needs a [baseline] with a non-zero allocation",
        "[baseline]과 0이 아닌 allocation이 필요함",
    ),
    "growth.ratio": ("{now:,} ÷ {then:,} = {shown}×", "{now:,} ÷ {then:,} = {shown}×"),
    "growth.rounds": ("{ratio}, which rounds to {multiple}", "{ratio}, 반올림하면 {multiple}"),
    "growth.truncates": (
        "{ratio}: holds by truncation to {multiple}, not by rounding (which gives {rounded})",
        "{ratio}: 버림하면 {multiple}, 반올림하면 {rounded} — 버림으로만 맞음",
    ),
    "growth.fails": (
        "{ratio}: neither truncation ({truncated}) nor rounding ({rounded}) gives the stated {multiple}",
        "{ratio}: 명시 {multiple} ≠ 버림 {truncated}, 반올림 {rounded}",
    ),
    "headline.subject": ("headline “{text}”", "제목 “{text}”"),
    "headline.pass": (
        "exact {exact:,} rounds to {rounded:,} at {step:,} {unit}",
        "정확한 값 {exact:,}, {step:,}{unit} 단위 반올림 {rounded:,}",
    ),
    "headline.fail": (
        "exact {exact:,} rounds to {rounded:,} at {step:,} {unit}, not the stated {stated:,}",
        "정확한 값 {exact:,}, {step:,}{unit} 단위 반올림 {rounded:,} ≠ 명시 {stated:,}",
    ),
    # sample projects
    "project.subject": ("{id}: {key} within its field", "{id}: 분야 이내 {label}"),
    "project.exceeds": (
        "{label} {mine:,} exceeds field {field}'s {theirs:,}",
        "{label} {mine:,} > 분야 {field}의 {theirs:,}",
    ),
    "projects.subject": ("projects: {key} within their field's", "과제: 분야 이내 {label}"),
    "projects.pass": (
        "{passed:,} of {n:,} projects: {label} ≤ their field's",
        "과제 {n:,}건 중 {passed:,}건: {label} ≤ 분야의 값",
    ),
    "duration.subject": ("{id}: stated duration", "{id}: 명시된 기간"),
    "duration.warning": (
        "{period} touches {span} calendar years but {stated} years are stated; R&D years need not be calendar years",
        "{period}: 달력상 {span}개 연도, 명시 {stated}년 — 연구개발 연차는 달력 연도와 다를 수 있음",
    ),
    "duration.error": (
        "{period} touches {span} calendar years, which {stated} years cannot fit",
        "{period}: 달력상 {span}개 연도 — 명시 {stated}년에 들어갈 수 없음",
    ),
    "durations.subject": ("projects: stated durations", "과제: 명시된 기간"),
    "durations.pass": (
        "{passed:,} of {n:,} projects: stated duration = calendar years of the period",
        "과제 {n:,}건 중 {passed:,}건: 명시된 기간 = 기간의 달력 연도 수",
    ),
    # facts stated twice
    "unit.subject": ("unit of the amounts", "금액 단위"),
    "unit.wrong": (
        "the unit looks wrong: {matched:,} of the {printed:,} amounts the texts print (such as “{example}”) "
        "agree with the figures read in {likely}, not {unit}",
        "단위 확인 필요 — 본문 금액 {printed:,}개 중 {matched:,}개(예: “{example}”)가 "
        "{unit} 아닌 {likely} 단위의 값과 일치",
    ),
    "fiscal_year.subject": ("fiscal year against the release date", "회계연도와 보도 일자"),
    "fiscal_year.pass": ("{year} = the year of the release date {date}", "{year} = 보도 일자 {date}의 연도"),
    "fiscal_year.ahead": (
        "{year}: the year after the release date {date}, announced ahead of its year",
        "{year}: 보도 일자 {date}의 다음 해 (미리 발표된 예산)",
    ),
    "fiscal_year.fail": (
        "fiscal_year {year} ≠ {released}, the year of the release date {date}",
        "fiscal_year {year} ≠ 보도 일자 {date}의 연도 {released}",
    ),
    "fiscal_year.release": (
        "release_date {date} is in {released}, but the title and fiscal_year say {year}",
        "release_date {date}의 연도 {released} ≠ 제목과 fiscal_year의 {year}",
    ),
    "period.subject": ("{id}: period includes the fiscal year", "{id}: 기간 내 회계연도"),
    "period.outside": (
        "an allocation of {allocation:,} for {year}, outside its period {period}",
        "{year}년 투자규모 {allocation:,} — 기간 {period} 밖의 연도",
    ),
    "periods.subject": ("projects: period includes the fiscal year", "과제: 기간 내 회계연도"),
    "periods.pass": (
        "{passed:,} of {n:,} projects: no allocation for {year} outside the period",
        "과제 {n:,}건 중 {passed:,}건: 기간 밖의 {year}년 투자규모 없음",
    ),
    "provisional.subject": ("{name}: provisional flag against the note", "{name}: 변동 가능 표시와 각주"),
    "provisionals.subject": ("provisional flags against the note", "변동 가능 표시와 각주"),
    "provisional.pass": (
        "the note names the fields marked provisional: {names}",
        "각주가 변동 가능으로 표시된 분야를 명시: {names}",
    ),
    "provisional.named": (
        "the [provisional] note names “{words}”, but {name} is not marked provisional = true",
        "[provisional] 각주에 “{words}” 있음 — {name}: provisional = true 표시 없음",
    ),
    "provisional.unnamed": (
        "marked provisional, but the [provisional] note does not name {name}",
        "provisional = true 표시 — [provisional] 각주에 {name} 없음",
    ),
    "provisional.note": (
        "the [provisional] note names {words}, not the fields marked provisional: {marked}",
        "[provisional] 각주의 {words} — 변동 가능 표시 분야와 다름: {marked}",
    ),
    "claim.other_name": (
        "the text names {names}, but its figures are {name}'s: is the name in the text right?",
        "본문은 {names} 분야 — 수치는 {name}의 값: 본문의 분야 이름 확인 필요",
    ),
    "claim.field_subject": ("field of “{text}”", "“{text}”의 분야"),
    "claim.other_field": (
        'the text names {names}, not {name}: is field = "{id}" right?',
        '본문은 {names} 분야 — {name} 아님: field = "{id}" 확인 필요',
    ),
    # [check] accept and --accept
    "accept.subject": ("accepted: {entry}", "허용 항목: {entry}"),
    "accept.stale": (
        "{entry} matches no warning of this budget: remove it, or correct its code and path "
        "(errors cannot be accepted)",
        "{entry} — 이 예산의 경고 중 해당 항목 없음: 삭제하거나 코드와 경로 확인 (오류는 허용할 수 없음)",
    ),
    # the report around the findings
    "summary": ("check {verdict}: {counts}{strict}", "검증 {verdict}: {counts}{strict}"),
    "verdict.ok": ("passed", "통과"),
    "verdict.failed": ("FAILED", "실패"),
    "strict": (" (--strict: warnings fail)", " (--strict: 경고도 실패)"),
    "source": ("source: {source}", "출처: {source}"),
    "unusable.invalid": (
        "check FAILED: the budget file is invalid ({problems})",
        "검증 실패: 예산 파일이 올바르지 않음 ({problems})",
    ),
    "unusable.missing": ("check FAILED: the budget file is missing", "검증 실패: 예산 파일 없음"),
    "unusable.unreadable": ("check FAILED: the budget file cannot be read", "검증 실패: 예산 파일을 읽을 수 없음"),
    # the title of each annotation for a budget file that cannot be used (github.py)
    "title.invalid": ("invalid budget file", "예산 파일 오류"),
    "title.missing": ("budget file missing", "예산 파일 없음"),
    "title.unreadable": ("budget file cannot be read", "예산 파일을 읽을 수 없음"),
    "brief": ("{passing} not shown; --format json lists all", "{passing} 생략 — --format json에 모두 있음"),
}

# (singular, plural) in English; Korean counts with 건 and has no plural to choose.
NOUNS: dict[str, tuple[str, str, str]] = {
    "check": ("check", "checks", "검사"),
    "error": ("error", "errors", "오류"),
    "warning": ("warning", "warnings", "경고"),
    "accepted": ("accepted", "accepted", "허용"),
    "passing": ("passing check", "passing checks", "통과한 검사"),
    "problem": ("problem", "problems", "문제"),
    "field": ("field", "fields", "분야"),
}


class Phrase(NamedTuple):
    key: str
    values: tuple[tuple[str, Any], ...] = ()

    def text(self, lang: Lang = "en") -> str:
        en, ko = PHRASES[self.key]
        values = {k: _render(v, lang) for k, v in self.values}
        return (ko if lang == "ko" else en).format(**values)

    def __str__(self) -> str:
        return self.text("en")


def _render(value: Any, lang: Lang) -> Any:
    if isinstance(value, Phrase):
        return value.text(lang)
    if isinstance(value, tuple):  # a list of phrases
        return ", ".join(_render(v, lang) for v in value)
    return value


def say(name: str, /, **values: Any) -> Phrase:
    return Phrase(name, tuple(values.items()))


def count(n: int, noun: str, lang: Lang) -> str:
    """ "1 error", "2 errors"; "오류 2건"."""
    one, many, korean = NOUNS[noun]
    if lang == "ko":
        return f"{korean} {n:,}건"
    return f"{n:,} {one if n == 1 else many}"


def summary(checks: int, errors: int, warnings: int, ok: bool, strict: bool, lang: Lang, accepted: int = 0) -> str:
    parts = [count(checks, "check", lang), count(errors, "error", lang), count(warnings, "warning", lang)]
    if accepted:  # said only when the budget accepts some: "…, 0 warnings, 3 accepted"
        parts.append(count(accepted, "accepted", lang))
    counts = ", ".join(parts)
    return say(
        "summary",
        verdict=say("verdict.ok" if ok else "verdict.failed"),
        counts=counts,
        strict=say("strict") if strict else "",
    ).text(lang)
