#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Labelled text-line images for a text-direction classifier (the AON-CiM vision task).

Renders short lines of English words with ImageMagick (black on white, DejaVu fonts at several
sizes), turns every other one by 180 degrees, and prepares each as PaddleOCR's direction
classifier expects its input: height 48, width ceil(48 x aspect) up to 192 (squeezed when
wider), grey copied to three channels, scaled to [-1, 1], padded with zeros to 192 columns.

Writes OUT.npy (float32 [N, 3, 48, 192]) and OUT.labels.json ({"classes": ["0", "180"],
"labels": [...]}, with the texts, fonts and the ImageMagick version).

Usage: make_text_lines.py OUT [--count N] [--seed S]
"""
import argparse
import json
import math
import random
import struct
import subprocess
from pathlib import Path

WORDS = ("the quick brown fox jumps over a lazy dog while seven wizards box and quiet "
         "vexing jokes pack my bag with five dozen liquor jugs under grey winter skies "
         "near old stone bridges where merchants trade maps coins lamps and silver rings").split()
FONTS = ["DejaVu-Sans", "DejaVu-Serif", "DejaVu-Sans-Mono", "DejaVu-Sans-Bold"]
HEIGHT, WIDTH = 48, 192


def convert(args, data=None):
    return subprocess.run(["convert"] + args, input=data, capture_output=True, check=True).stdout


def read_pgm(data):
    """A binary 8-bit PGM (P5) as (width, height, bytes)."""
    fields, at = [], 0
    while len(fields) < 4:
        while data[at:at + 1].isspace():
            at += 1
        if data[at:at + 1] == b"#":
            at = data.index(b"\n", at)
            continue
        end = at
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[at:end])
        at = end
    if fields[0] != b"P5" or int(fields[3]) != 255:
        raise SystemExit("make_text_lines: convert did not give an 8-bit PGM")
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[at + 1:at + 1 + width * height]


def render(text, font, size, turned):
    image = ["-background", "white", "-fill", "black", "-font", font, "-pointsize", str(size),
             "label:" + text, "-bordercolor", "white", "-border", "4"]
    if turned:
        image += ["-rotate", "180"]
    width, height, _ = read_pgm(convert(image + ["-depth", "8", "pgm:-"]))
    resized = min(WIDTH, math.ceil(HEIGHT * width / height))
    width, height, pixels = read_pgm(convert(image + ["-resize", "%dx%d!" % (resized, HEIGHT), "-depth", "8", "pgm:-"]))
    plane = [0.0] * (HEIGHT * WIDTH)
    for y in range(height):
        for x in range(width):
            plane[y * WIDTH + x] = (pixels[y * width + x] / 255.0 - 0.5) / 0.5
    return plane * 3  # the grey plane as R, G and B


def write_npy(path, shape, values):
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }" % ", ".join(map(str, shape))
    header += " " * (63 - (len(header) + 10) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
        f.write(struct.pack("<%df" % len(values), *values))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    values, labels, texts, fonts = [], [], [], []
    for i in range(a.count):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 4)))
        font, size = rng.choice(FONTS), rng.choice([24, 28, 32, 36])
        turned = i % 2 == 1
        values += render(text, font, size, turned)
        labels.append(1 if turned else 0)
        texts.append(text)
        fonts.append("%s %d" % (font, size))
    write_npy(a.out + ".npy", (a.count, 3, HEIGHT, WIDTH), values)
    version = convert(["-version"]).decode().splitlines()[0]
    Path(a.out + ".labels.json").write_text(json.dumps(
        {"classes": ["0", "180"], "labels": labels, "texts": texts, "fonts": fonts, "seed": a.seed,
         "imagemagick": version}, indent=1) + "\n")
    print("%s.npy: %d text lines, %d of them turned by 180 degrees" % (a.out, a.count, sum(labels)))


if __name__ == "__main__":
    main()
