"""The provincial platforms: every province's public resource trading platform and how ggzy covers it.

``platforms.toml`` beside this module lists the 31 provinces and 新疆生产建设兵团 (32 platforms) as data,
credited to the collection notes they come from. ``load_platforms()`` reads it; ``check_platforms`` is what
``ggzy sources --check`` runs on it; ``ggzy sources`` prints it and the site's about page shows it, so a reader
sees which platforms are read from verified spiders, which are only documented and which are blocked.

A platform's ``status`` says how far we can vouch for its coverage:

``verified``
    a spider of ours is tested on a real capture of the platform (``tests/harvesters/test_<spider>.py``);
``documented``
    known from the notes only: its spider, if any, was written from them and never met the real site;
``blocked``
    its notices cannot be read openly (a login wall, an encrypted detail).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ggzy.centres import RegistryError

PLATFORMS_PATH = Path(__file__).with_name("platforms.toml")
#: The software families of the platforms, with their Chinese names.
PLATFORM_FAMILIES = {
    "epoint": "新点标准接口",
    "epoint_custom": "新点自定义接口",
    "trs": "TRS 检索",
    "server_html": "服务端渲染网页",
    "bespoke_api": "专用接口",
}
#: Coverage statuses, with their Chinese names.
STATUSES = {"verified": "已用真实样本验证", "documented": "仅有文档记录", "blocked": "无法公开读取"}
#: How many platforms there are: 31 provinces and 新疆生产建设兵团.
PLATFORM_COUNT = 32
#: Fields of ``ggzy sources --json``, in order.
JSON_FIELDS = ("id", "name", "province", "family", "status", "domain", "spider")

_ID = re.compile(r"[a-z][a-z0-9]*")


@dataclass(frozen=True)
class Platform:
    """One provincial platform: where it is, its software family, our coverage status and spider."""

    id: str
    name: str
    province: str
    code: str
    family: str
    status: str
    domain: str
    spider: str = ""
    note: str = ""

    @property
    def family_label(self) -> str:
        return PLATFORM_FAMILIES.get(self.family, self.family)

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    def to_json(self) -> dict[str, Any]:
        """The platform as ``ggzy sources --json`` prints it (``spider`` is null without one)."""
        data = asdict(self)
        data["spider"] = self.spider or None
        return {name: data[name] for name in JSON_FIELDS}


def load_platforms(path: str | Path | None = None) -> list[Platform]:
    """The platforms in ``path`` (default: ``platforms.toml`` beside this module), in file order."""
    path = Path(path) if path else PLATFORMS_PATH
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise RegistryError(f"cannot read platforms {path}: {error}") from error
    try:
        return [Platform(**entry) for entry in data.get("platform", [])]
    except TypeError as error:
        raise RegistryError(f"malformed platform in {path}: {error}") from error


def check_platforms(platforms: Iterable[Platform], spiders: Mapping[str, type]) -> list[str]:
    """Problems with the platform list against the known spiders; empty when all is well."""
    platforms = list(platforms)
    problems = []
    if len(platforms) != PLATFORM_COUNT:
        problems.append(f"platforms: {len(platforms)} listed, expected {PLATFORM_COUNT}")
    seen: set[str] = set()
    for platform in platforms:
        if platform.id in seen:
            problems.append(f"platform {platform.id}: listed twice")
        seen.add(platform.id)
        if not _ID.fullmatch(platform.id):
            problems.append(f"platform {platform.id}: id must be lower-case letters and digits")
        if platform.family not in PLATFORM_FAMILIES:
            problems.append(f"platform {platform.id}: unknown family {platform.family!r}")
        if platform.status not in STATUSES:
            problems.append(f"platform {platform.id}: unknown status {platform.status!r}")
        if not re.fullmatch(r"\d{2}0000", platform.code):
            problems.append(f"platform {platform.id}: code must be a province's 6 digits, not {platform.code!r}")
        if not platform.domain or "/" in platform.domain:
            problems.append(f"platform {platform.id}: domain must be a host, not {platform.domain!r}")
        if platform.spider and platform.spider not in spiders:
            problems.append(f"platform {platform.id}: no spider named {platform.spider!r}")
        if platform.status == "verified" and not platform.spider:
            problems.append(f"platform {platform.id}: verified without a spider")
    return problems
