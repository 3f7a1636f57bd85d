"""``geomap geoparse IN.jsonl -o OUT.jsonl``: toponyms only, in the benchmark's prediction format.

Each input line ``{"id", "text"}`` gives one output line ``{"id", "toponyms": [{"start",
"end", "name", "lat", "lon", "geonameid", "feature_code", "country", "score", "role", ...}]}``.
Malformed lines are reported with their line number and skipped. The output file appears
whole or not at all.

Examples
--------
>>> from click.testing import CliRunner
>>> CliRunner().invoke(geoparse_command, ["--help"]).exit_code
0
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from geomap.cli.options import (
    command_resources,
    force_option,
    inputs_argument,
    output_option,
    strict_option,
    workers_option,
)

__all__ = ["geoparse_command"]

log = logging.getLogger(__name__)


@click.command("geoparse")
@force_option
@inputs_argument
@output_option("Where to write the JSONL predictions ('-' for standard output).")
@workers_option
@click.option("--batch-size", default=32, show_default=True, type=click.IntRange(1, 10_000),
              help="Texts per parsing batch.")
@click.option("--demonyms/--no-demonyms", default=True, show_default=True,
              help="Report demonyms ('Iraqi') as toponyms of their country, role actor.")
@strict_option
def geoparse_command(inputs: tuple[str, ...], output: Path, workers: int | None, batch_size: int,
                     demonyms: bool, strict: bool) -> None:
    """Find and resolve the toponyms of each document of INPUT (JSONL with id and text).

    INPUT may also be a text file, a folder, a CSV feed, or '-' for standard input.
    """
    from tqdm import tqdm

    from geomap.engine import default_workers
    from geomap.errors import InputError
    from geomap.geoparse import geoparse_many, prediction_record
    from geomap.io.atomic import atomic_path
    from geomap.io.text_inputs import Problem, read_documents

    resources = command_resources()
    problems: list[Problem] = []
    documents = read_documents(inputs, strict=strict, problems=problems,
                               max_bytes=resources.settings.max_text_bytes)
    ids: list[str] = []

    def texts() -> Iterator[str]:
        for doc in documents:
            ids.append(doc.id)
            yield doc.text

    results = geoparse_many(texts(), n_process=default_workers(workers), batch_size=batch_size,
                            demonyms=demonyms, resources=resources)
    bar = tqdm(results, unit="doc", disable=not sys.stderr.isatty(), desc="geoparse")
    count = found = 0
    empty = InputError("no document to geoparse: give a JSONL file with 'id' and 'text' on "
                       "each line")
    if str(output) == "-":
        for index, toponyms in enumerate(bar):
            click.echo(json.dumps(prediction_record(ids[index], toponyms), ensure_ascii=False))
            count, found = count + 1, found + len(toponyms)
        if count == 0:
            raise empty
    else:
        with atomic_path(output) as tmp, open(tmp, "w", encoding="utf-8") as handle:
            for index, toponyms in enumerate(bar):
                handle.write(json.dumps(prediction_record(ids[index], toponyms),
                                        ensure_ascii=False) + "\n")
                count, found = count + 1, found + len(toponyms)
            if count == 0:
                raise empty  # inside the block: no empty output file is left behind
    log.info("%d documents, %d toponyms, %d lines skipped", count, found, len(problems))
