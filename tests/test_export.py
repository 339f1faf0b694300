"""`mdbudget export`: every section in the same shape as its own command."""

from __future__ import annotations

import json

import pytest

from conftest import SHIPPED

# Each section is named as the command that gives it alone.
SECTIONS = ["total", "fields", "shares", "ratios", "project", "check"]


@pytest.mark.parametrize("unit", ["억원", "jo"])
def test_json_sections_match_their_commands(run, unit) -> None:
    result = run("export", "--unit", unit)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["unit", "year", *SECTIONS]
    assert (data["unit"], data["year"]) == ({"억원": "억원", "jo": "조원"}[unit], 2025)
    for command in SECTIONS:
        args = [command, "--json"] + (["--unit", unit] if command != "check" else [])
        alone = run(*args)
        assert alone.exit_code == 0, alone.stderr
        assert data[command] == json.loads(alone.stdout), command


def test_csv_needs_a_folder(run) -> None:
    result = run("export", "--format", "csv")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "mdbudget: export --format csv writes one file per table: give a folder with --out DIR\n"


def test_csv_writes_one_file_per_table(run, tmp_path) -> None:
    out = tmp_path / "tables"
    result = run("export", "--format", "csv", "--out", str(out), "--bom")
    assert result.exit_code == 0, result.stderr
    names = [
        "total", "fields", "shares", "ratios", "ratios-programme", "ratios-growth", "ratios-samples", "project", "check",
    ]  # fmt: skip
    assert result.stderr == f"mdbudget: wrote 9 files to {out}: {', '.join(n + '.csv' for n in names)}\n"
    assert sorted(p.name for p in out.iterdir()) == sorted(n + ".csv" for n in names)
    # Each file is what the command alone writes (ratios: with --table).
    for name in names:
        command, _, table = name.partition("-")
        alone = run(command, "--format", "csv", "--bom", *(["--table", table] if table else []))
        assert (out / f"{name}.csv").read_text(encoding="utf-8") == alone.stdout, name


def test_json_into_a_folder(run, tmp_path) -> None:
    result = run("export", "--out", str(tmp_path))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"mdbudget: wrote {tmp_path / 'export.json'}\n"
    assert json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))["total"]["allocation"] == 4787


def test_never_overwrites_the_budget_file(run, write, tmp_path) -> None:
    budget = write(SHIPPED, "total.csv")
    before = budget.read_bytes()
    result = run("export", "--file", str(budget), "--format", "csv", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"mdbudget: refusing to overwrite the budget file {budget}\n"
    assert budget.read_bytes() == before


def test_markdown_holds_every_table(run) -> None:
    result = run("export", "--format", "markdown", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    titles = [line for line in result.stdout.splitlines() if line.startswith("**")]
    assert titles == [
        "**Programme total — 2025**",
        "**Budget by field — 2025**",
        "**Each field's share of the 2025 allocation**",
        "**Ratios by field — 2025**",
        "**Growth — 2025 against 2023**",
        "**Sample projects (참고1)**",
        "**3 sample projects**",
        "**budget.toml — 2025 (KRW 100M)**",
    ]


# --- Writing files: never over an input, all or nothing ---

CSV_NAMES = [
    "total",
    "fields",
    "shares",
    "ratios",
    "ratios-programme",
    "ratios-growth",
    "ratios-samples",
    "project",
    "check",
]


def test_never_overwrites_the_budget_chosen_by_the_environment(run, tmp_path) -> None:
    # The guard once looked at --file only.
    out = tmp_path / "out"
    out.mkdir()
    budget = out / "shares.csv"
    budget.write_text(SHIPPED, encoding="utf-8")
    result = run("export", "--format", "csv", "--out", str(out), env={"MDBUDGET_FILE": str(budget)})
    assert (result.exit_code, result.stderr) == (2, f"mdbudget: refusing to overwrite the budget file {budget}\n")
    assert budget.read_text(encoding="utf-8") == SHIPPED
    assert [p.name for p in out.iterdir()] == ["shares.csv"]  # nothing else written either


def test_never_overwrites_the_budget_through_a_hard_link(run, write, tmp_path) -> None:
    budget = write(SHIPPED)
    out = tmp_path / "out"
    out.mkdir()
    (out / "ratios-growth.csv").hardlink_to(budget)
    result = run("export", "--file", str(budget), "--format", "csv", "--out", str(out))
    expected = f"mdbudget: refusing to overwrite the budget file {out / 'ratios-growth.csv'} (it is {budget})\n"
    assert (result.exit_code, result.stderr) == (2, expected)
    assert budget.read_text(encoding="utf-8") == SHIPPED
    assert [p.name for p in out.iterdir()] == ["ratios-growth.csv"]


def test_never_overwrites_the_budget_through_a_symlink(run, write, tmp_path) -> None:
    budget = write(SHIPPED)
    (tmp_path / "export.json").symlink_to(budget)
    result = run("export", "--file", str(budget), "--out", str(tmp_path))
    expected = f"mdbudget: refusing to overwrite the budget file {tmp_path / 'export.json'} (it is {budget})\n"
    assert (result.exit_code, result.stderr) == (2, expected)
    assert budget.read_text(encoding="utf-8") == SHIPPED


def test_never_overwrites_the_budget_found_in_the_working_folder(run, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "budget.toml").write_text(SHIPPED, encoding="utf-8")
    (tmp_path / "export.md").hardlink_to(tmp_path / "budget.toml")
    result = run("export", "--format", "markdown", "--out", ".")
    assert result.exit_code == 2
    assert result.stderr == "mdbudget: refusing to overwrite the budget file export.md (it is budget.toml)\n"
    assert (tmp_path / "budget.toml").read_text(encoding="utf-8") == SHIPPED


def test_never_overwrites_the_packaged_budget(run, tmp_path, monkeypatch) -> None:
    from mdbudget.loading.load import packaged_budget

    monkeypatch.chdir(tmp_path)
    packaged = packaged_budget()
    before = packaged.read_bytes()
    (tmp_path / "export.json").symlink_to(packaged)
    result = run("export", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"mdbudget: refusing to overwrite the budget file {tmp_path / 'export.json'}")
    assert packaged.read_bytes() == before


def test_never_overwrites_a_budget_read_from_standard_input(tmp_path) -> None:
    import subprocess

    from support import installed_script

    budget = tmp_path / "export.json"
    budget.write_text(SHIPPED, encoding="utf-8")
    with open(budget, "rb") as stdin:
        done = subprocess.run(
            [installed_script(), "export", "--file", "-", "--out", str(tmp_path)],
            stdin=stdin, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert (done.returncode, done.stderr) == (
        2,
        f"mdbudget: refusing to overwrite the budget file {budget} (it is <stdin>)\n",
    )
    assert budget.read_text(encoding="utf-8") == SHIPPED


def test_an_unwritable_target_is_refused_before_anything_is_written(run, tmp_path) -> None:
    out = tmp_path / "out"
    (out / "check.csv").mkdir(parents=True)  # the last of the eight files
    result = run("export", "--format", "csv", "--out", str(out))
    assert (result.exit_code, result.stderr) == (2, f"mdbudget: cannot write {out / 'check.csv'}: it is a folder\n")
    assert [p.name for p in out.iterdir()] == ["check.csv"]


def test_a_read_only_target_is_refused_before_anything_is_written(run, tmp_path, monkeypatch) -> None:
    # Simulated: CI runs as root, for whom every file is writable.
    import os

    out = tmp_path / "out"
    out.mkdir()
    locked = out / "project.csv"
    locked.write_text("keep", encoding="utf-8")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == str(locked) else real_access(p, mode))
    result = run("export", "--format", "csv", "--out", str(out))
    assert (result.exit_code, result.stderr) == (2, f"mdbudget: cannot write {locked}: permission denied\n")
    assert [p.name for p in out.iterdir()] == ["project.csv"]
    assert locked.read_text(encoding="utf-8") == "keep"


def test_a_failed_write_leaves_every_old_file_whole_and_no_temporary_file(run, tmp_path, monkeypatch) -> None:
    import errno

    from mdbudget.output import files

    out = tmp_path / "out"
    out.mkdir()
    for name in CSV_NAMES:
        (out / f"{name}.csv").write_text(f"old {name}", encoding="utf-8")
    real = files._write_temp
    calls = []

    def disk_full_on_the_fifth(folder, name, content, mode):
        calls.append(name)
        if len(calls) == 5:
            raise OSError(errno.ENOSPC, "No space left on device", str(folder / name))
        return real(folder, name, content, mode)

    monkeypatch.setattr(files, "_write_temp", disk_full_on_the_fifth)
    result = run("export", "--format", "csv", "--out", str(out))
    expected = f"mdbudget: cannot write {out / 'ratios-programme.csv'}: No space left on device; no file was changed\n"
    assert (result.exit_code, result.stderr) == (2, expected)
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.csv" for n in CSV_NAMES)
    assert all((out / f"{n}.csv").read_text(encoding="utf-8") == f"old {n}" for n in CSV_NAMES)


def test_existing_files_are_replaced_whole_keeping_their_mode(run, tmp_path) -> None:
    target = tmp_path / "export.json"
    target.write_text("x" * 1_000_000, encoding="utf-8")  # longer than the export: no tail may remain
    target.chmod(0o640)
    result = run("export", "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["total"]["allocation"] == 4787
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["export.json"]


def test_new_files_get_the_usual_mode(run, tmp_path) -> None:
    import os

    mask = os.umask(0o027)
    try:
        result = run("export", "--out", str(tmp_path))
    finally:
        os.umask(mask)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "export.json").stat().st_mode & 0o777 == 0o640
