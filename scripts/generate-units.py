#!/usr/bin/env python3
"""Generate Safeguard's committed administrative-unit files.

Source: the PyPI package `vietnam-provinces` 2026.9.0, file
`vietnam_provinces/data/nested-divisions.json`. Names and statistics codes are public
administrative facts fixed by the Standing Committee of the National Assembly (for Hải Phòng:
Resolution 1669/NQ-UBTVQH15 of 16/6/2025, in force 1/7/2025). Run once, commit the output:

    pip download --no-deps --only-binary=:all: --python-version 3.13 -d /tmp/vp vietnam-provinces==2026.9.0
    (cd /tmp/vp && unzip -o -q vietnam_provinces-*.whl)
    python3 scripts/generate-units.py /tmp/vp/vietnam_provinces/data/nested-divisions.json

Writes Resources/Data/units/vietnam.json (34 provinces, 3,321 commune-level units) and
Resources/Data/units/hai-phong.json (province 31 and its 114 units).
"""
import json
import sys
from pathlib import Path

KINDS = {
    "phường": "ward",
    "xã": "commune",
    "đặc khu": "special-zone",
    "thành phố trung ương": "province",
    "tỉnh": "province",
}
SOURCE = "vietnam-provinces 2026.9.0 (PyPI), vietnam_provinces/data/nested-divisions.json"
OUT = Path(__file__).resolve().parent.parent / "Resources" / "Data" / "units"


def province_entry(p):
    return {
        "code": f"{p['code']:02d}",
        "name": p["name"],
        "kind": KINDS[p["division_type"]],
        "units": [
            {"code": f"{w['code']:05d}", "name": w["name"], "kind": KINDS[w["division_type"]]}
            for w in p["wards"]
        ],
    }


def write(path, resolution, provinces):
    doc = {
        "source": SOURCE,
        "legalBasis": resolution,
        "provinces": provinces,
    }
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main():
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    provinces = [province_entry(p) for p in data]
    total = sum(len(p["units"]) for p in provinces)
    assert len(provinces) == 34 and total == 3321, (len(provinces), total)
    hai_phong = [p for p in provinces if p["code"] == "31"]
    assert len(hai_phong[0]["units"]) == 114
    write(OUT / "vietnam.json",
          "Resolution 202/2025/QH15 (34 provinces) and the Standing Committee's 2025 resolutions on commune-level units",
          provinces)
    write(OUT / "hai-phong.json", "Resolution 1669/NQ-UBTVQH15 of 16/6/2025 (Hải Phòng commune-level units)", hai_phong)
    print(f"wrote {len(provinces)} provinces, {total} units; Hải Phòng {len(hai_phong[0]['units'])}")


if __name__ == "__main__":
    main()
