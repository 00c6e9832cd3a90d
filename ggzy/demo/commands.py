"""``ggzy demo-centres``: serve the demo centres until Ctrl-C."""

from __future__ import annotations

import threading
from datetime import date

import click

from ggzy.demo.server import start_demo_centres


@click.command("demo-centres")
@click.option("--port", type=int, default=8100, show_default=True, help="Port on 127.0.0.1 (0: any free port).")
@click.option("--faults", is_flag=True, help="Inject seeded, recoverable faults (5xx, slow, truncated, …).")
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the generated world.")
@click.option("--projects", type=int, default=60, show_default=True, help="How many projects to generate.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="The date the world ends.")
@click.option(
    "--slow-seconds", type=float, default=11.0, show_default=True, help="Delay of a slow answer (with --faults)."
)
def demo_centres(port: int, faults: bool, seed: int, projects: int, today: object, slow_seconds: float) -> None:
    """Serve every demo centre (national platform, provincial API, GBK city sites, credit, CKAN, RSS)."""
    day = today.date() if today is not None and hasattr(today, "date") else None
    assert day is None or isinstance(day, date)
    demo = start_demo_centres(
        port=port, faults=faults, seed=seed, today=day, projects=projects, slow_seconds=slow_seconds
    )
    try:  # a Ctrl-C while the addresses are still printed stops the server threads too
        click.echo(
            f"Demo centres at {demo.base_url}/ ({len(demo.world.notices)} notices, faults {'on' if faults else 'off'})"
        )
        for info in demo.centres.values():
            click.echo(f"  {info.id:<18} {info.family:<16} {info.base_url}")
        click.echo("Press Ctrl-C to stop.")
        stopped = threading.Event()
        while not stopped.wait(timeout=0.5):  # wakes to run a Ctrl-C's handler whichever thread received it
            pass
    except KeyboardInterrupt:
        click.echo("Stopping.")
    finally:
        demo.stop()


commands = [demo_centres]
