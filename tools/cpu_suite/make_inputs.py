#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The CPU program suite's pinned inputs (tools/cpu_suite/make_suite.sh), made from a fixed seed
with Python's standard library only, so they are the same bytes on every machine:
  text.txt   256 KiB of English-like text (words drawn with Zipf-like frequencies) to compress;
  query.sql  an SQLite workload: two tables of 20,000 and 2,000 rows, an index, a join with a
             GROUP BY and an ORDER BY.
Usage: make_inputs.py OUTDIR"""
import os
import random
import sys

WORDS = ("the of and to in a is that for it as was with be by on not he this are or his from at "
         "which but have an they you were her she there been one all we their has would when if "
         "so no will more can out up who them some could what into only time than other its then "
         "two may about these first any new like our over also after did many before must through "
         "years where much your way well down should because each just those people how too "
         "little state good very make world still own see men work long get here between both "
         "life being under never day same another know while last might us great old year off "
         "come since against go came right used take three cache memory branch predictor core "
         "sparse matrix vector accelerator energy wire subarray swap hot line").split()


def text(rng, size):
    weights = [1.0 / (i + 1) for i in range(len(WORDS))]
    out, n = [], 0
    while n < size:
        line = " ".join(rng.choices(WORDS, weights, k=rng.randint(6, 14))).capitalize() + ".\n"
        out.append(line)
        n += len(line)
    return "".join(out)[:size]


def query(rng):
    rows = ["CREATE TABLE orders(id INTEGER PRIMARY KEY, customer INTEGER, amount REAL, day INTEGER);",
            "CREATE TABLE customers(id INTEGER PRIMARY KEY, region TEXT);", "BEGIN;"]
    for c in range(2000):
        rows.append(f"INSERT INTO customers VALUES({c}, 'r{rng.randint(0, 19)}');")
    for o in range(20000):
        rows.append(f"INSERT INTO orders VALUES({o}, {rng.randint(0, 1999)}, "
                    f"{rng.randint(1, 100000) / 100:.2f}, {rng.randint(0, 364)});")
    rows += ["COMMIT;", "CREATE INDEX orders_customer ON orders(customer);",
             "SELECT c.region, count(*), round(sum(o.amount), 2) FROM orders o JOIN customers c "
             "ON c.id = o.customer WHERE o.day BETWEEN 90 AND 180 GROUP BY c.region ORDER BY 3 DESC;"]
    return "\n".join(rows) + "\n"


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "text.txt"), "w") as f:
        f.write(text(random.Random(1), 256 * 1024))
    with open(os.path.join(out, "query.sql"), "w") as f:
        f.write(query(random.Random(2)))


if __name__ == "__main__":
    main()
