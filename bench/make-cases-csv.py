#!/usr/bin/env python3
"""Writes N synthetic criminal cases in Safeguard's import format (Vietnamese headers) for the
import benchmark. Not real data. Usage: make-cases-csv.py N OUT.csv [SEED]"""
import csv
import datetime
import json
import random
import sys
from pathlib import Path

n, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 799)
root = Path(__file__).resolve().parent.parent
units = [u["code"] for u in json.loads((root / "Resources/Data/units/hai-phong.json").read_text())["provinces"][0]["units"]]
# (article, clauses) pairs that exist in Resources/Data/penal-code/articles.yaml.
offences = [(173, [1, 2, 3]), (174, [1, 2, 3]), (134, [1, 2]), (171, [1, 2]), (321, [1, 2]), (249, [1, 2]), (260, [1, 2]), (290, [1, 2])]
start = datetime.date(2023, 1, 1)
last = datetime.date(2026, 11, 1)  # nothing after the benchmark's "today"
span = (datetime.date(2026, 9, 1) - start).days
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["Số vụ án", "Điều", "Khoản", "Mã đơn vị", "Ngày xảy ra", "Ngày phát hiện", "Ngày khám phá", "Số đối tượng", "Tóm tắt"])
    for i in range(n):
        article, clauses = rng.choice(offences)
        found = start + datetime.timedelta(days=rng.randrange(span))
        occurred = found - datetime.timedelta(days=rng.randrange(3))
        solved = min(last, found + datetime.timedelta(days=rng.randrange(60))) if rng.random() < 0.85 else None
        w.writerow([f"BM-{i:07d}", article, rng.choice(clauses), rng.choice(units), occurred.strftime("%d/%m/%Y"),
                    found.strftime("%d/%m/%Y"), solved.strftime("%d/%m/%Y") if solved else "", 1 + rng.randrange(3), "Vụ án mô phỏng"])
print(out)
