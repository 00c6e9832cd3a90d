"""The centre registry: which centres exist, where they are and which spider harvests each.

This is the one registry the harvest, the site and the feeds read. The real centres are listed in
``centres.toml`` beside this module; the demo centres' registry is built from ``ggzy.demo.centres`` for the port
they run on (``demo_registry(base_url)``); ``centre_name`` gives any centre's printed name. ``check_registry`` is what
``ggzy sources --check`` runs: every source names a known spider of its family, ids are unique, codes are
6 digits.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ggzy.demo import centres as demo_centres
from ggzy.errors import GgzyError

REGISTRY_PATH = Path(__file__).with_name("centres.toml")
FAMILIES = ("list_api", "list_detail", "table", "ckan", "rss", "epoint", "ccgp", "national_history")
#: Source options of demo centres: the demo national platform answers any date range.
DEMO_OPTIONS: dict[str, dict[str, Any]] = {"ggzy-gov-cn": {"bounded_dates": False}}

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


class RegistryError(GgzyError):
    """Raised when the registry file is malformed or names an unknown centre, family or spider."""

    title = "Centre registry error"


@dataclass(frozen=True)
class Source:
    """One trading centre (or platform) and how to harvest it.

    ``options`` carries per-centre spider configuration that is not a URL (e.g. a list path that differs
    from the family default); ``demo`` marks the local demo centres.
    """

    id: str
    name: str
    region_code: str
    family: str
    base_url: str
    spider: str
    demo: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)

    def url(self, path: str) -> str:
        """An absolute URL on this centre's site."""
        if path.startswith(("http://", "https://")):
            return path
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["options"] = dict(self.options)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Source:
        """Build a source from a registry entry; raise ``RegistryError`` naming a missing key."""
        missing = [k for k in ("id", "name", "family", "base_url", "spider") if not data.get(k)]
        if missing:
            raise RegistryError(f"source {data.get('id', '?')!r} lacks {', '.join(missing)}")
        return cls(
            id=str(data["id"]),
            name=str(data["name"]),
            region_code=str(data.get("region_code") or ""),
            family=str(data["family"]),
            base_url=str(data["base_url"]).rstrip("/"),
            spider=str(data["spider"]),
            demo=bool(data.get("demo", False)),
            options=dict(data.get("options") or {}),
        )


class Registry:
    """The sources of one harvest, by id, in registry order."""

    def __init__(self, sources: Iterable[Source]) -> None:
        self.sources: dict[str, Source] = {}
        for source in sources:
            if source.id in self.sources:
                raise RegistryError(f"source id {source.id!r} is listed twice")
            self.sources[source.id] = source

    def __iter__(self) -> Iterator[Source]:
        return iter(self.sources.values())

    def __len__(self) -> int:
        return len(self.sources)

    def get(self, source_id: str) -> Source:
        """The source with this id; raise ``RegistryError`` listing the known ids."""
        try:
            return self.sources[source_id]
        except KeyError:
            known = ", ".join(self.sources)
            raise RegistryError(f"unknown centre {source_id!r}; known: {known}") from None

    def select(self, ids: Iterable[str] = ()) -> list[Source]:
        """The sources with these ids, or all of them when none is given."""
        wanted = list(ids)
        return [self.get(i) for i in wanted] if wanted else list(self)

    def by_name(self) -> dict[str, Source]:
        """Sources by the centre's printed name (the national platform's 信息来源)."""
        return {s.name: s for s in self}

    def to_list(self) -> list[dict[str, Any]]:
        return [s.to_dict() for s in self]


def load_registry(path: str | Path | None = None) -> Registry:
    """The registry in ``path`` (default: the ``centres.toml`` beside this module)."""
    path = Path(path) if path else REGISTRY_PATH
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise RegistryError(f"cannot read registry {path}: {error}") from error
    return Registry(Source.from_dict(entry) for entry in data.get("source", []))


def demo_registry(base_url: str) -> Registry:
    """The registry of the demo centres served under ``base_url`` (``ggzy.demo.centres.demo_sources``).

    A demo centre's spider is the one named after its id (``huzhou-ggzy`` → ``huzhou_ggzy``): the demo
    centres modelled on the national platform and on Hunan are harvested by the real centres' spiders.
    """
    sources = []
    for entry in demo_centres.demo_sources(base_url):
        data = dict(entry)
        data.setdefault("spider", str(data["id"]).replace("-", "_"))
        data["options"] = {**DEMO_OPTIONS.get(str(data["id"]), {}), **(data.get("options") or {})}
        sources.append(Source.from_dict({**data, "demo": True}))
    return Registry(sources)


def check_registry(registry: Registry, spiders: Mapping[str, type]) -> list[str]:
    """Problems with the registry against the known spiders (name → class); empty when all is well."""
    problems = []
    for source in registry:
        if not _ID.fullmatch(source.id):
            problems.append(f"{source.id}: id must be lower-case letters, digits and dashes")
        if source.family not in FAMILIES:
            problems.append(f"{source.id}: unknown family {source.family!r} (one of {', '.join(FAMILIES)})")
        if source.region_code and not re.fullmatch(r"\d{6}", source.region_code):
            problems.append(f"{source.id}: region_code must be 6 digits, not {source.region_code!r}")
        if not source.base_url.startswith(("http://", "https://")):
            problems.append(f"{source.id}: base_url must be http(s), not {source.base_url!r}")
        spider = spiders.get(source.spider)
        if spider is None:
            problems.append(f"{source.id}: no spider named {source.spider!r}")
        elif getattr(spider, "family", None) != source.family:
            problems.append(
                f"{source.id}: spider {source.spider} is of family {getattr(spider, 'family', None)!r},"
                f" the registry says {source.family!r}"
            )
    return problems


@functools.cache
def centre_names() -> dict[str, str]:
    """Centre id → the centre's own name (湖州市公共资源交易网), for the real and the demo centres."""
    names = {centre.id: centre.name for centre in demo_centres.CENTRES}
    names.update({source.id: source.name for source in load_registry()})
    return names


def centre_name(centre_id: str) -> str:
    """The printed name of a trading centre, or its id when the registry does not know it."""
    return centre_names().get(centre_id, centre_id)
