#!/usr/bin/env python3
"""Writes Tests/Fixtures/cases.xlsx and cases-1904.xlsx, the Excel fixtures of the import tests (run once, commit the file).

Real Excel habits on purpose: Vietnamese headers, dates typed as dates (stored as serial numbers),
numbers as numbers, a gap column, shared strings.
"""
import datetime
from pathlib import Path
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

wb = Workbook()
ws = wb.active
ws.title = "Vụ án"
ws.append(["Số vụ án", "Điều", "Khoản", "Mã đơn vị", "Ngày xảy ra", "Ngày phát hiện", "Ngày khám phá", "Số đối tượng", "Tóm tắt"])
ws.append(["XL-001", 173, 1, "11311", datetime.date(2026, 3, 1), datetime.date(2026, 3, 2), datetime.date(2026, 3, 10), 1, "Trộm cắp tài sản"])
ws.append(["XL-002", 174, 2, "11311", "05/03/2026", "06/03/2026", None, 2, "Lừa đảo qua mạng"])
ws.append(["XL-003", 999, 1, "11311", datetime.date(2026, 3, 5), datetime.date(2026, 3, 6), None, 1, "Điều không tồn tại"])
fixtures = Path(__file__).resolve().parent.parent / "Tests" / "Fixtures"
wb.save(fixtures / "cases.xlsx")
# The same sheet in the 1904 date system of older Mac Excel (workbookPr date1904="1").
wb.epoch = CALENDAR_MAC_1904
wb.save(fixtures / "cases-1904.xlsx")
print(fixtures)
