"""The demo centres: local web sites modelled on real centres, fed by a seeded generator.

``build_world`` draws a coherent world and its ground truth (``ggzy.demo.generator``); ``start_demo_centres``
serves it over HTTP (``ggzy.demo.server``), one site family per module of ``ggzy.demo.sites``;
``demo_sources(base_url)`` gives the registry rows of the served centres (``ggzy.demo.centres``);
``mask_id_numbers`` is the masking rule for personal ID numbers (``ggzy.demo.identity``).
"""

from __future__ import annotations

from ggzy.errors import GgzyError


class DemoError(GgzyError):
    """Raised when the demo centres cannot be built or served (e.g. the port is taken)."""


from ggzy.demo.centres import CENTRES, demo_sources  # noqa: E402
from ggzy.demo.generator import World, build_world, synthetic_notices  # noqa: E402
from ggzy.demo.identity import mask_id_numbers  # noqa: E402
from ggzy.demo.server import DemoCentres, start_demo_centres  # noqa: E402

__all__ = [
    "CENTRES",
    "DemoCentres",
    "DemoError",
    "World",
    "build_world",
    "demo_sources",
    "mask_id_numbers",
    "start_demo_centres",
    "synthetic_notices",
]
