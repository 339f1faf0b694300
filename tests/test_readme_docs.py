"""The documentation as a reader meets it (README.md, README.ko.md and docs/): every page renders with
every heading its links point to, on its own page or another, and the examples that are not queries
(a broken file's message, the lint run) say what really happens."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from support import doc_pages, doc_text, invoke

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PAGES = {page.relative_to(ROOT).as_posix(): page.read_text(encoding="utf-8") for page in doc_pages()}
DOCS = doc_text()


def github_slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def rendered_headings(text: str = README) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(text)
    return [tokens[i + 1].content for i, tok in enumerate(tokens) if tok.type == "heading_open"]


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_fence_is_closed(page: str) -> None:
    text = PAGES[page]
    tokens = MarkdownIt("commonmark").parse(text)
    fences = [tok for tok in tokens if tok.type == "fence"]
    assert len(fences) * 2 == text.count("\n```") + text.startswith("```")
    for fence in fences:
        assert "\n## " not in "\n" + fence.content, f"a heading is swallowed by a code block: {fence.content[:80]!r}"


def test_every_anchor_link_has_its_heading() -> None:
    slugs = {github_slug(h) for h in rendered_headings()}
    links = set(re.findall(r"\]\(#([^)]+)\)", README))
    assert links, "the README links to its own sections"
    assert sorted(links - slugs) == []


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_link_between_pages_and_files_resolves(page: str) -> None:
    # Anchors on the page itself, other pages with or without an anchor, and files (images, schemas).
    text = PAGES[page]
    here = (ROOT / page).parent
    targets = re.findall(r"\]\(([^)\s]+)\)", text) + re.findall(r'<img src="([^"]+)"', text)
    broken = []
    for target in targets:
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        path, _, anchor = target.partition("#")
        file = (here / path).resolve() if path else ROOT / page
        if not file.exists():
            broken.append(target)
        elif anchor and file.suffix == ".md":
            slugs = {github_slug(h) for h in rendered_headings(file.read_text(encoding="utf-8"))}
            if anchor not in slugs:
                broken.append(target)
    assert broken == []


def test_every_docs_page_is_linked_from_the_readme() -> None:
    for page in sorted(ROOT.glob("docs/*.md")):
        assert f"](docs/{page.name}" in README, page.name
    assert "README.ko.md" in README.splitlines()[2]


def test_the_readmes_are_a_newcomers_length_and_link_each_other() -> None:
    korean = PAGES["README.ko.md"]
    assert README.count("\n") <= 400 and korean.count("\n") <= 400
    assert "](README.md)" in korean.splitlines()[2]
    # The same two setup commands, word for word, on both first screens.
    for heading in ("**Set up and run the main job**", "**Set up and run the tests**"):
        command = README[README.index(heading) :].split("```sh\n", 1)[1].split("\n```", 1)[0]
        assert f"```sh\n{command}\n```" in korean.split("## ", 1)[0]


def test_the_contents_line_lists_rendered_sections() -> None:
    contents = README[README.index("**Contents:**") :].split("\n\n", 1)[0]
    slugs = {github_slug(h) for h in rendered_headings()}
    for anchor in re.findall(r"\(#([^)]+)\)", contents):
        assert anchor in slugs


def test_first_screen_says_how_to_reach_the_command() -> None:
    first_screen = README[: README.index("**Contents:**")]
    assert "source .venv/bin/activate" in first_screen


def broken_budget_line() -> str:
    """What check says of the shipped budget with the third field's allocation set to -5."""
    text = (ROOT / "budget.toml").read_text(encoding="utf-8")
    blocks = text.split("\n[[fields]]\n")
    third = blocks[3]
    blocks[3] = re.sub(r"^allocation = \d+", "allocation = -5", third, count=1, flags=re.M)
    return "\n[[fields]]\n".join(blocks)


def test_broken_file_examples_show_the_real_location(tmp_path: Path) -> None:
    path = tmp_path / "budget.toml"
    path.write_text(broken_budget_line(), encoding="utf-8")
    result = invoke(["check", "--file", str(path)])
    assert result.exit_code == 2
    real = result.stderr.strip().splitlines()[0]
    located = real[len(str(path)) :]
    examples = re.findall(r"^[\w.-]+\.toml(:\d+:\d+: fields\[2\]\.allocation: .*)$", DOCS, flags=re.M)
    assert len(examples) >= 3
    assert set(examples) == {located}


@pytest.mark.skipif(shutil.which("ruff", path=str(Path(sys.executable).parent)) is None, reason="ruff not installed")
def test_lint_example_counts_are_current() -> None:
    block = DOCS[DOCS.index("$ .venv/bin/ruff check .") :].split("```", 1)[0]
    ruff = str(Path(sys.executable).parent / "ruff")
    formatted = subprocess.run([ruff, "format", "--check", "."], cwd=ROOT, capture_output=True, text=True)
    assert formatted.stdout.strip().splitlines()[-1] in block
    # mypy checks every module under src (pyproject: files = ["src"]); counting them is what it reports.
    sources = len(list((ROOT / "src").rglob("*.py")))
    assert f"Success: no issues found in {sources} source files" in block


def test_ci_runs_the_readmes_setup_and_test_command_as_it_is() -> None:
    fenced = re.search(r"\*\*Set up and run the tests\*\*.*?\n```sh\n(.+?)\n```", README, flags=re.S)
    assert fenced, "README.md has no 'Set up and run the tests' command"
    command = fenced.group(1)
    assert "pip install -e '.[test]'" in command  # editable: the tests run the source in src/
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command in ci
