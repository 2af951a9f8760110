#!/usr/bin/env python3
"""Writes data/co2.csv from statsmodels' copy of the Mauna Loa weekly CO2 record (see data/SOURCES.md).

    pip download statsmodels==0.15.0 --no-deps -d /tmp/sm && cd /tmp/sm && unzip -q statsmodels-*.whl
    python3 data/make_co2.py /tmp/sm/statsmodels/datasets/co2/co2.csv > data/co2.csv

The 59 weeks without a reading are filled by straight lines between the readings either side (a series
file takes a number in every row), and marked so in a third column.
"""
import csv, sys

rows = list(csv.reader(open(sys.argv[1])))[1:]
dates = [r[0] for r in rows]
values = [float(r[1]) if r[1].strip() else None for r in rows]
known = [i for i, v in enumerate(values) if v is not None]
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["week", "filled", "co2"])
for i, (d, v) in enumerate(zip(dates, values)):
    filled = 0
    if v is None:
        before = max(k for k in known if k < i)
        after = min(k for k in known if k > i)
        w = (i - before) / (after - before)
        v = round(values[before] * (1 - w) + values[after] * w, 2)
        filled = 1
    out.writerow([f"{d[:4]}-{d[4:6]}-{d[6:]}", filled, f"{v:g}"])
