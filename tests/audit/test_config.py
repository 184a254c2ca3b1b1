"""Audit settings from kevidence.toml or pyproject.toml [tool.kevidence]."""

from __future__ import annotations

import pytest
from tests.audit.audit_helpers import ARTICLE, claim, entry

from kevidence import KevidenceError
from kevidence.audit import Severity
from kevidence.audit.config import audit_arguments, find_config, load_config

OLD = ARTICLE + entry("old", title="Old", author="A, B.", journal="J", year="1990")


def test_pyproject_table_is_read(make_kb):
    toml = '[tool.kevidence]\nignore = ["single-source"]\nfail-on = "warning"\nstale-years = 50\n' \
           '[tool.kevidence.severity]\nKE001 = "info"\n'
    kb = make_kb([claim("a", "efficacy"), claim("b", "efficacy", ("trial2020", "old"))], OLD,
                 files={"pyproject.toml": toml})
    config = kb.audit_config()
    assert config.fail_on is Severity.WARNING and config.stale_years == 50
    report = kb.audit(**audit_arguments(config))
    assert [(f.name, f.severity.value) for f in report.findings if f.subject == "a"] == [("unsourced-claim", "info")]
    assert not report.by_rule("single-source") and not report.by_rule("stale-source")


def test_kevidence_toml_wins_over_pyproject(kb_dir):
    folder = kb_dir([claim("a")], files={"kevidence.toml": 'select = ["KE001"]\n',
                                         "pyproject.toml": '[tool.kevidence]\nselect = ["KE002"]\n'})
    assert find_config(folder).name == "kevidence.toml"
    assert load_config(find_config(folder)).select == ("KE001",)


def test_pyproject_without_table_is_no_config(kb_dir):
    folder = kb_dir([claim("a")], files={"pyproject.toml": '[project]\nname = "x"\n'})
    assert find_config(folder) is None


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ('[tool.kevidence]\nselct = ["KE001"]\n', ["selct", "did you mean 'select'", ":2"]),
        ('[tool.kevidence]\nfail-on = "fatal"\n', ["fail-on", "fatal"]),
        ('[tool.kevidence]\nstale-years = "ten"\n', ["stale-years"]),
        ('[tool.kevidence]\nselect = ["KE999"]\n', ["KE999"]),
        ('[tool.kevidence.severity]\nKE001 = "loud"\n', ["loud"]),
        ('[tool.kevidence\n', ["not valid TOML"]),
    ],
)
def test_bad_config_names_file_and_key(kb_dir, toml, words):
    folder = kb_dir([claim("a")], files={"pyproject.toml": toml})
    with pytest.raises(KevidenceError) as info:
        load_config(folder / "pyproject.toml")
    text = str(info.value)
    assert "pyproject.toml" in text
    for word in words:
        assert word in text


def test_retractions_path_is_relative_to_config(kb_dir):
    folder = kb_dir([claim("a")], files={"kevidence.toml": 'retractions = "rw.csv"\n'})
    assert load_config(folder / "kevidence.toml").retractions == folder / "rw.csv"
