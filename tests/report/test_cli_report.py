"""``kevidence report`` as a user runs it: the installed executable on copies of real files."""

from __future__ import annotations

from pathlib import Path

import kevidence

from tests.report.conftest import ARTICLE, run


def test_report_of_an_article_writes_one_file(bundled: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "report.html"
    out.parent.mkdir()
    done = run("report", str(bundled), "--article", str(bundled / ARTICLE), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"wrote {out} (")
    from kevidence.article import check_article

    findings = check_article(kevidence.load(bundled), bundled / ARTICLE).findings
    count = {s: sum(1 for f in findings if f.severity.value == s) for s in ("error", "warning", "info")}
    assert (f"{len(findings)} findings: {count['error']} error{'s' if count['error'] != 1 else ''}, "
            f"{count['warning']} warnings, {count['info']} infos") in done.stdout
    html = out.read_text(encoding="utf-8")
    assert "<title>What are Intravenous Ketamine Infusions &amp; Can They Relieve My Pain" in html
    assert list(out.parent.iterdir()) == [out]  # one file, nothing beside it


def test_report_of_the_base_defaults_to_report_html(bundled: Path, tmp_path: Path) -> None:
    done = run("report", str(bundled), "--ignore", "KE011", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Claims by document and section" in html and "KE011" not in html.split('id="report-data"')[1]
    assert "43 claims" in done.stdout


def test_bad_input_exits_2_and_writes_nothing(bundled: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    missing = run("report", str(bundled), "--article", str(tmp_path / "nope.txt"), "-o", str(out))
    assert missing.returncode == 2 and "nope.txt" in missing.stderr and "Traceback" not in missing.stderr
    wrong = run("report", str(bundled), "--article", str(bundled / ARTICLE), "--document", "lpc-ketamine",
                "-o", str(out))
    assert wrong.returncode == 2 and "did you mean 'lpc-ketamine-infusions'?" in wrong.stderr
    assert not out.exists()


def test_report_is_listed_in_the_help() -> None:
    done = run("--help")
    assert "report" in done.stdout and "HTML report" in done.stdout


def test_importing_the_package_loads_no_template_engine() -> None:
    import subprocess
    import sys

    code = ("import sys, kevidence.report as r; assert 'jinja2' not in sys.modules and 'kevidence.report.model' "
            "not in sys.modules; r.build_report; assert 'kevidence.report.model' in sys.modules; print('ok')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout == "ok\n", done.stderr


def test_the_article_comes_first_as_article_check_takes_it(bundled: Path, tmp_path: Path) -> None:
    both = tmp_path / "both.html"
    flagged = tmp_path / "flag.html"
    done = run("report", str(bundled / ARTICLE), str(bundled), "-o", str(both))
    assert done.returncode == 0 and done.stdout.startswith(f"wrote {both} ({bundled / ARTICLE};"), done.stderr
    run("report", str(bundled), "--article", str(bundled / ARTICLE), "-o", str(flagged))
    assert both.read_bytes() == flagged.read_bytes()  # the same page as --article
    alone = run("report", str(bundled / ARTICLE), cwd=tmp_path)  # a file alone: the bundled data
    assert alone.returncode == 0 and "findings" in alone.stdout, alone.stderr
    for args, words in (([str(bundled / ARTICLE), str(bundled), "extra"], "at most an article and a folder"),
                        ([str(bundled / ARTICLE), str(bundled), "--article", str(bundled / ARTICLE)],
                         "name the article once")):
        refused = run("report", *args, "-o", str(tmp_path / "no.html"))
        assert refused.returncode == 2 and words in refused.stderr and "Traceback" not in refused.stderr
    assert not (tmp_path / "no.html").exists()
