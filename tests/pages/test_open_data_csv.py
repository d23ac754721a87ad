"""CSV downloads never hand a spreadsheet a formula (OWASP: CSV injection)."""
import csv
import io

import pytest

from banma.pages.open_data import _csv, csv_cell


@pytest.mark.parametrize("value,expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1+1", "'+1+1"), ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("天安千树", "天安千树"), ("a=b", "a=b"), ("", ""), (None, ""), (3, "3"),
])
def test_cells_that_start_a_formula_are_neutralised(value, expected):
    assert csv_cell(value) == expected


def test_a_written_file_reads_back_as_text():
    data = _csv(["name", "note"], [["=1+1", "普通文字"], ["天安千树", "-1"]]).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(data)))
    assert rows == [["name", "note"], ["'=1+1", "普通文字"], ["天安千树", "'-1"]]
