"""The normalization commands: ``ggzy uscc``."""

from __future__ import annotations

import json
import sys

import click

from ggzy.normalize import regions, uscc


@click.command("uscc")
@click.argument("codes", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line instead of text.")
def uscc_command(codes: tuple[str, ...], as_json: bool) -> None:
    """Check unified social credit codes (统一社会信用代码) against GB 32100-2015.

    CODES are checked one per line of output; with none given, they are read from standard input, one per
    line. Full-width characters, spaces, dashes and lower case fold to the canonical code (normalized_from
    then holds the code as given). Text output is `CODE  valid|invalid  reason  region`; --json prints objects
    with code, valid, normalized_from, reason, region_code, region and suggestion.
    Exits 0 when every code is valid, 1 when any is not.
    """
    stdin = click.get_text_stream("stdin")
    if not codes and stdin.isatty():
        raise click.UsageError("give one or more CODES, or pipe them on standard input, one per line")
    given = list(codes) if codes else [line.strip() for line in stdin if line.strip()]
    all_valid = True
    for text in given:
        result = uscc.read_input(text)
        normalized_from = text if result.valid and text != result.code else None
        all_valid = all_valid and result.valid
        region = regions.describe(result.region_code)
        if as_json:
            record = {
                "code": result.code,
                "as_printed": result.as_printed,
                "normalized_from": normalized_from,
                "valid": result.valid,
                "reason": result.reason,
                "region_code": result.region_code,
                "region": region,
                "suggestion": result.suggestion,
            }
            click.echo(json.dumps(record, ensure_ascii=False))
            continue
        verdict = "valid" if result.valid else "invalid"
        columns = [result.as_printed, verdict, result.reason or "-", _region_column(result.region_code)]
        if normalized_from:
            columns.append(f"read as {result.code}")
        if result.suggestion:
            columns.append(f"did you mean {result.suggestion}?")
        click.echo("  ".join(columns))
    sys.exit(0 if all_valid else 1)


def _region_column(region_code: str | None) -> str:
    if region_code is None:
        return "-"
    name = regions.describe(region_code)
    return f"{region_code}({name})" if name else region_code


#: The commands this package adds to ``ggzy``.
commands: list[click.Command] = [uscc_command]
