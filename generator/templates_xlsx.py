"""`transparency templates`: an .xlsx to fill for every input table of a methodology.

Made from the schemas alone (the list of services every site has and the plugin's `inputs`), so a
city's own methodology gets its templates too. Each workbook has two sheets:

- the data sheet, first: the loader reads the first visible sheet, and Excel opens on it, so the
  maintainer fills it straight away. Row 1 holds the Russian headers (Column.title, accepted by the
  loader), row 2 the English codes (skipped by validation, generator/validate/code_row.py), data from
  row 3 — the row numbers of `check` are Excel's. Drop-down lists, number formats, a note on each header;
- «Инструкция», last: what the table is, where the file goes, every column, an example row and the
  lists the drop-downs offer. The loader never reads a sheet of that title (load/tables.py), so the
  example cannot be published as data, which it would be on the data sheet if it were forgotten there.
"""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from generator.config import SLUG_HELP
from generator.load.tables import INSTRUCTION_SHEET
from generator.validate.common import SERVICES
from generator.validate.schema import KIND_LABELS, MAX_MAGNITUDE, Column, TableSchema, parse_cell

FIRST_DATA_ROW = 3
LAST_ROW = 1_048_576  # Excel's last row: the drop-downs reach every row a maintainer may fill
BOOL_CHOICES = ("да", "нет")
_PERIOD_KINDS = {"year": "год, например 2025", "half": "полугодие, например 2025-H1",
                 "quarter": "квартал, например 2025-Q3"}
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_CODE_FONT = Font(size=8, color="808080")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


class TemplatesRefused(Exception):
    """Nothing was written; the message is Russian."""


def table_schemas(method) -> tuple[TableSchema, ...]:
    """Every table a data folder of this methodology may hold: the services, then the period's tables."""
    return (SERVICES, *method.inputs)


def write_templates(method, out: Path, force: bool = False) -> list[Path]:
    """One `<name>.xlsx` per table in `out` (created); refuses, writing nothing, to overwrite a file
    unless `force`."""
    schemas = table_schemas(method)
    paths = [out / f"{schema.name}.xlsx" for schema in schemas]
    existing = [path.name for path in paths if path.exists()]
    if existing and not force:
        raise TemplatesRefused(f"в папке {out} уже есть {', '.join(existing)}: "
                               "укажите другую папку (--out) или добавьте --force, чтобы перезаписать эти файлы")
    if out.exists() and not out.is_dir():
        raise TemplatesRefused(f"{out} — это файл, а не папка: укажите в --out папку для шаблонов")
    out.mkdir(parents=True, exist_ok=True)
    for schema, path in zip(schemas, paths):
        template(schema, method).save(path)
    return paths


def template(schema: TableSchema, method) -> Workbook:
    book = Workbook()
    data = book.active
    data.title = sheet_title(schema)
    guide = book.create_sheet(INSTRUCTION_SHEET)
    columns = template_columns(schema)
    lists = _instruction(guide, schema, method, columns, data.title)
    _data_sheet(data, columns, lists)
    book.active = 0
    return book


def template_columns(schema: TableSchema) -> tuple[Column, ...]:
    """The columns to fill: a table given one file per value of a column takes that value from the
    file's name (survey/<organ>.xlsx), so the column is left out."""
    return tuple(c for c in schema.columns if c.name != schema.split_by)


def sheet_title(schema: TableSchema) -> str:
    """The table's Russian title, cut at a word to Excel's 31 characters."""
    title = "".join(ch for ch in schema.title if ch not in "[]:*?/\\")
    if len(title) <= 31:
        return title
    cut = title[:30].rsplit(" ", 1)[0].rstrip(",;—- ")
    return cut + "…"


# ---- the data sheet --------------------------------------------------------------------------------
def _data_sheet(sheet: Worksheet, columns: tuple[Column, ...], lists: dict[str, str]) -> None:
    lines = 1
    for number, column in enumerate(columns, start=1):
        letter = get_column_letter(number)
        width = _width(column)
        head = sheet.cell(1, number, column.title)
        head.font, head.fill, head.alignment = _BOLD, _HEADER_FILL, _WRAP
        head.comment = _note(column)
        code = sheet.cell(2, number, column.name)
        code.font = _CODE_FONT
        sheet.column_dimensions[letter].width = width
        sheet.column_dimensions[letter].number_format = number_format(column)
        validation = _validation(column, lists.get(column.name))
        if validation is not None:
            validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_ROW}")
            sheet.add_data_validation(validation)
        lines = max(lines, -(-len(column.title) // int(width - 2)))
    sheet.row_dimensions[1].height = 15 * lines
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"


def _width(column: Column) -> float:
    """Wide enough for the code and the values picked from a list; a long title wraps instead."""
    values = max((len(label) for label in _labels(column)), default=0)
    return float(min(max(len(column.name) + 2, min(len(column.title), 40) * 0.6 + 4, values + 2, 14), 40))


def number_format(column: Column) -> str:
    """Whole numbers as whole, fractions with two decimals (three for a share of one); everything
    else as text, so that Excel does not turn a code like 1.1 or 2025-01 into a number or a date."""
    if column.kind == "int":
        return "0"
    if column.kind == "number":
        return "0.000" if column.maximum is not None and column.maximum <= 1 else "0.00"
    if column.kind == "bool":
        return "General"
    return "@"


def _note(column: Column) -> Comment:
    text = "\n".join((column.description, f"Тип: {KIND_LABELS[column.kind]}.",
                      "Обязательно: " + ("да." if column.required else "нет, можно оставить пустым."),
                      f"Значения: {allowed(column)}.", f"Код столбца: {column.name}."))
    note = Comment(text, "transparency templates")
    note.width, note.height = 320, 40 + 15 * (len(text) // 45 + text.count("\n"))
    return note


def _validation(column: Column, choices_range: str | None) -> DataValidation | None:
    """A drop-down for lists and yes/no, limits for numbers; none for ids and text, which may be anything
    the rules allow (the ids of organs and services are not known to a template)."""
    if column.kind == "enum":
        rule = DataValidation("list", formula1=choices_range, allow_blank=True, errorStyle="warning")
        rule.error = "Выберите значение из списка (принимается и его код, см. лист «Инструкция»)."
    elif column.kind == "bool":
        rule = DataValidation("list", formula1='"' + ",".join(BOOL_CHOICES) + '"', allow_blank=True,
                              errorStyle="warning")
        rule.error = "Укажите «да» или «нет»."
    elif column.kind in ("int", "number") and (column.kind == "int" or column.minimum is not None
                                               or column.maximum is not None):
        low = column.minimum if column.minimum is not None else (0 if column.kind == "int" else -MAX_MAGNITUDE)
        high = column.maximum if column.maximum is not None else MAX_MAGNITUDE
        rule = DataValidation("whole" if column.kind == "int" else "decimal", operator="between",
                              formula1=_formula_number(low), formula2=_formula_number(high), allow_blank=True)
        rule.error = f"Ожидается {allowed(column)}."
    else:
        return None
    rule.errorTitle = column.title[:32]
    rule.showErrorMessage = True
    return rule


def _formula_number(value) -> str:
    exact = Fraction(value)
    return str(exact.numerator) if exact.denominator == 1 else repr(float(exact))


def allowed(column: Column) -> str:
    """What a cell of the column may hold, in Russian."""
    if column.kind == "id":
        return SLUG_HELP.replace("`", "")
    if column.kind == "ref":
        where = {"organizations": "органа из organizations.yaml",
                 "services": "услуги из services.csv (services.xlsx)"}.get(column.ref or "")
        return f"идентификатор {where}" if where else f"идентификатор: {column.description[:1].lower()}{column.description[1:]}"
    if column.kind == "bool":
        return "да или нет (из списка)"
    if column.kind == "enum":
        return "одно из значений списка: " + "; ".join(f"«{label}»" for label in _labels(column))
    if column.kind in ("int", "number"):
        what = "целое число" if column.kind == "int" else "число (дробная часть — через запятую)"
        low = column.minimum if column.minimum is not None else (0 if column.kind == "int" else None)
        if low is not None and column.maximum is not None:
            return f"{what} от {_shown(low)} до {_shown(column.maximum)}"
        return f"{what} не меньше {_shown(low)}" if low is not None else what
    return "текст"


def _shown(value) -> str:
    from generator.text_ru import number

    return number(value, 0 if Fraction(value).denominator == 1 else 2)


def _labels(column: Column) -> list[str]:
    """The Russian names a drop-down offers (the loader accepts them as well as the codes), once each."""
    return list(dict.fromkeys(column.choices.values()))


# ---- the instruction sheet -------------------------------------------------------------------------
def _instruction(sheet: Worksheet, schema: TableSchema, method, columns: tuple[Column, ...],
                 data_title: str) -> dict[str, str]:
    """Fills «Инструкция»; gives the range of each enumerated column's list, for its drop-down."""
    for letter, width in zip("ABCDEFG", (34, 24, 60, 22, 14, 50, 24)):
        sheet.column_dimensions[letter].width = width
    sheet["A1"] = f"Шаблон таблицы «{schema.title}»"
    sheet["A1"].font = Font(bold=True, size=14)
    row = 3
    for label, text in _about(schema, method, data_title):
        sheet.cell(row, 1, label).font = _BOLD
        sheet.cell(row, 2, text).alignment = _WRAP
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=7)
        sheet.row_dimensions[row].height = 15 * (len(text) // 150 + 1)
        row += 1
    row = _columns_table(sheet, row + 1, schema, columns)
    row = _example(sheet, row + 1, schema, columns, data_title)
    return _lists(sheet, row + 1, columns)


def _about(schema: TableSchema, method, data_title: str) -> list[tuple[str, str]]:
    need = ("обязательна" + (" в каждом периоде" if schema.per_period else "") if schema.required
            else "необязательна: если сведений нет, файл не кладите")
    return [
        ("Что это", schema.title),
        ("Форма в правовом акте", f"{schema.seed_table} — {method.title}"),
        ("Куда положить файл", where_it_goes(schema, method)),
        ("Таблица", need),
        ("Как заполнять", f"Заполняйте лист «{data_title}», начиная с {FIRST_DATA_ROW}-й строки: одна строка — "
                          "одна запись. Строки 1 (заголовки) и 2 (коды столбцов) не меняйте и не удаляйте: по ним "
                          "генератор узнаёт столбцы. В списках выбирайте значение стрелкой справа от ячейки. "
                          "Номера строк в сообщениях проверки (transparency check) совпадают с номерами строк Excel."),
        ("Этот лист", f"Генератор лист «{INSTRUCTION_SHEET}» не читает. Пример строки приведён только здесь: "
                      f"на листе «{data_title}» примера нет, чтобы забытый пример не попал на сайт как данные."),
    ]


def where_it_goes(schema: TableSchema, method) -> str:
    if not schema.per_period:
        return (f"в папку данных, рядом с site.yaml: {schema.name}.xlsx (если там есть {schema.name}.csv, "
                "удалите его — читается один файл)")
    kinds = "; ".join(_PERIOD_KINDS[k] for k in method.period_kinds if k in _PERIOD_KINDS)
    if not schema.split_by:
        return (f"в папку периода: periods/<период>/{schema.name}.xlsx, где <период> — {kinds} "
                f"(вместо {schema.name}.csv: в папке периода таблица даётся одним файлом)")
    split = schema.column(schema.split_by)
    text = (f"по файлу на каждое значение столбца «{split.title}» ({split.name}): "
            f"periods/<период>/{schema.name}/<{split.name}>.xlsx, где <период> — {kinds}, "
            f"а имя файла — {allowed(split)}; самого столбца в файле нет: значение берётся из имени файла")
    if schema.sheet_titles:
        host = next((s.name for s in method.inputs if s.split_by == schema.split_by and not s.sheet_titles), None)
        if host:
            text += (f". Можно и листом «{schema.sheet_titles[0].capitalize()}» в книге "
                     f"periods/<период>/{host}/<{split.name}>.xlsx (вторым листом, после таблицы «{host}»)")
    return text


def _columns_table(sheet: Worksheet, row: int, schema: TableSchema, columns: tuple[Column, ...]) -> int:
    sheet.cell(row, 1, "Столбцы").font = Font(bold=True, size=12)
    row += 1
    heads = ("Заголовок (строка 1)", "Код (строка 2)", "Что указывать", "Тип", "Обязательно",
             "Допустимые значения", "Пример")
    for number, text in enumerate(heads, start=1):
        cell = sheet.cell(row, number, text)
        cell.font, cell.fill, cell.alignment = _BOLD, _HEADER_FILL, _WRAP
    examples = example_row(schema)
    for column in columns:
        row += 1
        values = (column.title, column.name, column.description, KIND_LABELS[column.kind],
                  "да" if column.required else "нет", allowed(column), examples[column.name])
        for number, value in enumerate(values, start=1):
            cell = sheet.cell(row, number, value)
            cell.alignment = _WRAP
            if number == 7:
                cell.number_format = number_format(column)
        sheet.row_dimensions[row].height = 15 * max(len(str(v)) // w + 1 for v, w in
                                                    zip(values, (30, 22, 56, 20, 12, 46, 22)))
    return row + 1


def _example(sheet: Worksheet, row: int, schema: TableSchema, columns: tuple[Column, ...], data_title: str) -> int:
    sheet.cell(row, 1, f"Пример заполненной строки (так выглядит строка {FIRST_DATA_ROW} листа «{data_title}»)").font = \
        Font(bold=True, size=12)
    examples = example_row(schema)
    for number, column in enumerate(columns, start=1):
        sheet.cell(row + 1, number, column.title).font = _BOLD
        sheet.cell(row + 2, number, column.name).font = _CODE_FONT
        cell = sheet.cell(row + 3, number, examples[column.name])
        cell.number_format = number_format(column)
    return row + 4


def _lists(sheet: Worksheet, row: int, columns: tuple[Column, ...]) -> dict[str, str]:
    enums = [c for c in columns if c.kind == "enum"]
    if not enums:
        return {}
    sheet.cell(row, 1, "Списки допустимых значений (из них выбирают на листе с данными; "
                       "вместо значения можно указать его код)").font = Font(bold=True, size=12)
    ranges = {}
    for column in enums:
        row += 2
        sheet.cell(row, 1, f"{column.title} ({column.name})").font = _BOLD
        sheet.cell(row, 2, "код").font = _CODE_FONT
        first = row + 1
        for label in _labels(column):
            row += 1
            sheet.cell(row, 1, label).alignment = _WRAP
            codes = [code for code, name in column.choices.items() if name == label]
            sheet.cell(row, 2, ", ".join(codes)).font = _CODE_FONT
        ranges[column.name] = f"{quote_sheetname(sheet.title)}!$A${first}:$A${row}"
    return ranges


def example_row(schema: TableSchema) -> dict[str, object]:
    """A value for every column that its parser accepts, invented from the schema alone; a count that a
    rule across the row refuses (on time and late together above all requests) is made 0."""
    values = {column.name: example_value(column) for column in schema.columns}
    for _ in schema.row_checks:
        record = {c.name: parse_cell(c, str(values[c.name]))[0] for c in schema.columns}
        failed = [check for check in schema.row_checks if check.fails(record)
                  and schema.column(check.column).kind == "int" and values[check.column] != 0]
        if not failed:
            break
        values[failed[0].column] = 0
    return values


def example_value(column: Column) -> object:
    if column.kind in ("id", "ref"):
        return column.name.removesuffix("_id").replace("_", "-") + "-1"
    if column.kind == "bool":
        return BOOL_CHOICES[0]
    if column.kind == "enum":
        return _labels(column)[0]
    if column.kind == "int":
        return int(column.maximum) if column.maximum is not None else 1
    if column.kind == "number":
        low = Fraction(column.minimum) if column.minimum is not None else Fraction(0)
        high = Fraction(column.maximum) if column.maximum is not None else low + 100
        return float(round(low + (high - low) * Fraction(9, 10), 2))
    if "дата" in column.title.lower():
        return "15.03.2025"
    return "текст"
