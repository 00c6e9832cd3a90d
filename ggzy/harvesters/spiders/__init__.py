"""The spiders: a few base spiders, one per site family (``base_*.py``), and one small file per centre.

A centre's file name is its spider's ``name``, the snake_case of its class name. ``spider_classes()`` finds
them all; ``ggzy sources --check`` holds each to the naming rule and to the docstring headings
(Domain, Caveats, Spider arguments).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

from scrapy import Spider

BASE_PREFIX = "base"


def snake_case(name: str) -> str:
    """``GgzyGovCn`` → ``ggzy_gov_cn``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def spider_classes() -> dict[str, type[Spider]]:
    """Every centre spider, by name (base spiders are left out)."""
    found: dict[str, type[Spider]] = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name.startswith(BASE_PREFIX):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Spider) and cls.__module__ == module.__name__ and getattr(cls, "name", None):
                found[cls.name] = cls
    return found
