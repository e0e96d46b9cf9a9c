"""Changing a record by hand: ``edit`` (in $EDITOR, as YAML) and ``set`` (field=value)."""

from __future__ import annotations

import click

from citekit.cli.completion import complete_keys
from citekit.cli.main import AppContext, cli, confirm, warn
from citekit.errors import BadInputError, InvalidRecordError
from citekit.model import NAME_VARIABLES, Diagnostics, Record, record_from_csl_json

_HEADER = """\
# citekit edit {key}: the record as CSL-YAML. Save and close to store it; leave it
# unchanged (or empty) to store nothing. Dates may be written as 2021-12-28 or 2019/2020;
# names as {{family: ..., given: ...}}. The key (id) changes only with `citekit rekey`.
"""


@cli.command()
@click.argument("key", shell_complete=complete_keys)
@click.pass_obj
def edit(app: AppContext, key: str) -> None:
    """Edit one record in $VISUAL or $EDITOR, as YAML; it is checked before it is stored.

    An edit that is not a valid record is shown with its error and can be
    opened again; the stored record never becomes invalid.

    \b
    citekit edit miknevicius2021soviet
    EDITOR=nano citekit edit miknevicius2021soviet
    """
    from citekit.formats.csl_yaml import record_as_yaml

    with app.open_library() as library:
        record = library.get(key)
        original = _HEADER.format(key=key) + record_as_yaml(record)
        text = original
        while True:
            edited = click.edit(text, extension=".yaml", require_save=False)
            if edited is None or (edited == text == original) or not _uncommented(edited):
                click.echo(f"citekit: {key} not changed", err=True)
                return
            try:
                new = _record_from_edit(edited, key)
            except BadInputError as error:
                click.echo(f"citekit: error: {error}", err=True)
                if not confirm("Edit again?", default=True):
                    raise BadInputError(f"{key}: the edit was not stored") from None
                text = f"# error: {error}\n" + _without_error_lines(edited)
                continue
            if new == record:
                click.echo(f"citekit: {key} not changed", err=True)
                return
            library.update(new)
            click.echo(f"citekit: {key} updated", err=True)
            return


@cli.command(name="set")
@click.argument("key", shell_complete=complete_keys)
@click.argument("assignments", nargs=-1, required=True, metavar="FIELD=VALUE...")
@click.pass_obj
def set_fields(app: AppContext, key: str, assignments: tuple[str, ...]) -> None:
    """Set fields of one record (CSL-JSON names); an empty VALUE removes the field.

    Names are 'Family, Given[, Suffix]' separated by ';' (a name of several
    words without a comma, such as an organisation's, is kept whole); dates are
    EDTF (2021-12-28, 2019/2020).
    The record is checked before it is stored; all fields change or none.

    \b
    citekit set knuth1984literate page=97-111 DOI=10.1093/comjnl/27.2.97
    citekit set lamport1994latex 'author=Lamport, Leslie' issued=1994 note=
    """
    from citekit.formats.ris import parse_name

    with app.open_library() as library:
        data = library.get(key).to_csl_json()
        for assignment in assignments:
            field, separator, value = assignment.partition("=")
            field = field.strip()
            if not separator or not field:
                raise click.UsageError(f"{assignment!r}: write FIELD=VALUE (an empty VALUE removes it)")
            if field == "id":
                raise click.UsageError("the key changes only with `citekit rekey`")
            if not value.strip():
                data.pop(field, None)
            elif field in NAME_VARIABLES:
                data[field] = [name for part in value.split(";") if (name := parse_name(part))]
            else:
                data[field] = value
        diagnostics = Diagnostics()
        record = record_from_csl_json(data, f"citekit set {key}", diagnostics)
        warn(diagnostics.warnings)
        library.update(record)
    click.echo(f"citekit: {key} updated", err=True)


def _record_from_edit(text: str, key: str) -> Record:
    """The one record an edit holds; its key must be the one that was opened."""
    from citekit.formats.csl_yaml import read_csl_yaml

    diagnostics = Diagnostics()
    records = read_csl_yaml(text, "your edit", diagnostics)
    if len(records) != 1:
        raise InvalidRecordError("your edit", None, f"expected one record, found {len(records)}")
    if records[0].key != key:
        raise InvalidRecordError("your edit", "id",
                                 f"the key stays {key}; keys change only with `citekit rekey`")
    warn(diagnostics.warnings)
    return records[0]


def _uncommented(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")).strip()


def _without_error_lines(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("# error: "))
