"""The README's promises: its Python example runs, its test command is what CI runs,
and the public API is what __all__ says."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import storyline
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)```", quick, flags=re.S)
    assert len(commands) == 2
    demo, tests = (c.strip() for c in commands)
    assert "storyline brief examples/corpus" in demo
    assert tests.endswith("pytest")
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_python_example_runs(tmp_path: Path) -> None:
    code = _blocks("python")[0].replace('"examples/corpus"', repr(str(ROOT / "examples" / "corpus")))
    env = {**os.environ, "STORYLINE_DB": str(tmp_path / "s.db")}
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    assert "disagreement on" in run.stdout
    assert (tmp_path / "brief-out" / "stories.json").is_file()


def test_all_is_sorted_and_complete() -> None:
    assert storyline.__all__ == sorted(storyline.__all__)
    for name in storyline.__all__:
        assert hasattr(storyline, name), name


def test_brief_is_the_function_and_can_be_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    importlib.import_module("storyline.brief")  # the subpackage import sets the attribute: ignored
    assert storyline.brief.__module__ == "storyline.pipeline"

    def fake(*args: object, **kwargs: object) -> str:
        return "fake"

    monkeypatch.setattr(storyline, "brief", fake)
    assert storyline.brief is fake
    monkeypatch.undo()
    assert storyline.brief.__module__ == "storyline.pipeline"


def test_core_runs_without_the_html_extra(tmp_path: Path) -> None:
    """A bare install (no trafilatura): text works, HTML is reported with the install command."""
    (tmp_path / "a.txt").write_text("An invented regatta in Gullport drew forty boats on Sunday, its organisers "
                                    "said, despite the rain and a strong easterly wind.\n", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><article><p>Invented page.</p></article></body></html>",
                                     encoding="utf-8")
    code = (
        "import sys; sys.modules['trafilatura'] = None\n"
        "from storyline import brief\n"
        f"r = brief([{str(tmp_path)!r}])\n"
        "print(len(r.articles), r.errors[0].reason)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("1 ")
    assert "pip install 'storyline[html]'" in run.stdout


@pytest.mark.parametrize("heavy", ["trafilatura", "feedparser", "warcio", "sklearn", "datasketch"])
def test_import_is_light(heavy: str) -> None:
    code = f"import storyline, sys; print({heavy!r} in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert run.stdout.strip() == "False"
