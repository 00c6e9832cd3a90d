"""Every setting is documented where users look for it, with its default."""

from __future__ import annotations

from pathlib import Path

import pytest

from ggzy.settings import SETTINGS, Setting
from ggzy.site import create_app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_the_readme_documents_each_setting(setting: Setting) -> None:
    default = f"`{setting.default}`" if setting.default != "" else "(empty)"
    assert f"| `GGZY_{setting.name}` | {default} | {setting.help} |" in README


def test_environment_then_config_override_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GGZY_FEED_LIMIT", "20")
    monkeypatch.setenv("GGZY_SITE_URL", "https://ggzy.example")
    app = create_app({"SITE_URL": "https://test.example"})
    assert app.config["FEED_LIMIT"] == 20
    assert app.config["SITE_URL"] == "https://test.example"
    assert create_app().config["SITE_URL"] == "https://ggzy.example"
