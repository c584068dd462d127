#!/usr/bin/env python3
"""Fills a report template downloaded from Safeguard (its own .xlsx, inline strings) as an officer
would: every count 7, every percentage 50, yes/no "Có", an option list its first option; texts and
dates left blank. Standard library only.

    python3 bench/fill-report.py TEMPLATE.xlsx FILLED.xlsx
"""
import re
import sys
import zipfile

source, target = sys.argv[1], sys.argv[2]
CELL = re.compile(r'<c r="([A-Z]+)(\d+)" t="inlineStr"(?: s="\d+")?><is><t xml:space="preserve">(.*?)</t></is></c>')


def fill(row: str) -> str:
    cells = {m.group(1): m.group(3) for m in CELL.finditer(row)}
    hint = cells.get("D", "")
    if hint.startswith("Số nguyên"):
        value = "7"
    elif hint.startswith("Số từ 0"):
        value = "50"
    elif hint == "Có / Không":
        value = "Có"
    elif " / " in hint:
        value = hint.split(" / ")[0]
    else:
        return row
    return re.sub(r'(<c r="C\d+" t="inlineStr"><is><t xml:space="preserve">)(.*?)(</t>)', lambda m: m.group(1) + value + m.group(3), row, count=1)


with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == "xl/worksheets/sheet1.xml":
            text = data.decode("utf-8")
            text = re.sub(r'<row r="(\d+)">.*?</row>', lambda m: fill(m.group(0)) if m.group(1) != "1" else m.group(0), text)
            data = text.encode("utf-8")
        zout.writestr(item, data)
