#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Makes labelled speech / non-speech audio for voice-activity detection, deterministically:
phrases synthesised by espeak-ng (a Debian package), resampled to 16 kHz, placed between
stretches of silence, with seeded Gaussian noise at a set SNR over the whole clip. Writes
OUT.npy (float32 [1][N], the Silero VAD model's `input`) and OUT.labels.json (the speech
segments in samples, and every setting, so the clip can be made again).

Usage: make_vad_audio.py OUT [--seed N] [--snr-db X] [--gap-s X] [--phrase TEXT]...
"""
import argparse
import json
import math
import random
import struct
import subprocess
import tempfile
import wave
from pathlib import Path

RATE = 16000
# Two short phrases keep the clip under 4 s (axsim's limit on a convolution's input width is 65536).
PHRASES = [
    "turn on the kitchen lights",
    "what time is it",
]


def speak(text: str, rate_wpm: int) -> list:
    """espeak-ng's samples of `text` (22050 Hz, 16 bit) as floats at 16 kHz."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "phrase.wav"
        subprocess.run(["espeak-ng", "-s", str(rate_wpm), "-w", str(path), text], check=True)
        with wave.open(str(path)) as w:
            if w.getnchannels() != 1 or w.getsampwidth() != 2:
                raise SystemExit("espeak-ng wrote an unexpected format")
            src_rate = w.getframerate()
            raw = w.readframes(w.getnframes())
    src = [v / 32768.0 for v in struct.unpack("<%dh" % (len(raw) // 2), raw)]
    n = int(len(src) * RATE / src_rate)
    out = []
    for i in range(n):  # linear interpolation
        x = i * src_rate / RATE
        k = int(x)
        f = x - k
        b = src[k + 1] if k + 1 < len(src) else src[k]
        out.append(src[k] * (1 - f) + b * f)
    return out


def write_npy(path: Path, values: list) -> None:
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, %d), }" % len(values)
    header += " " * (63 - (len(header) + 10) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1"))
        f.write(struct.pack("<%df" % len(values), *values))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--snr-db", type=float, default=20.0)
    ap.add_argument("--gap-s", type=float, default=0.3)
    ap.add_argument("--rate-wpm", type=int, default=175)
    ap.add_argument("--phrase", action="append", help="a phrase to speak (repeatable; default: two)")
    args = ap.parse_args()
    phrases = args.phrase or PHRASES
    gap = [0.0] * int(args.gap_s * RATE)
    clip, segments = list(gap), []
    for text in phrases:
        speech = speak(text, args.rate_wpm)
        segments.append({"text": text, "start": len(clip), "end": len(clip) + len(speech)})
        clip += speech + gap
    power = sum(v * v for s in segments for v in clip[s["start"]:s["end"]])
    power /= max(1, sum(s["end"] - s["start"] for s in segments))
    sigma = math.sqrt(power / (10 ** (args.snr_db / 10)))
    rng = random.Random(args.seed)
    clip = [max(-1.0, min(1.0, v + rng.gauss(0.0, sigma))) for v in clip]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_npy(out.with_suffix(".npy"), clip)
    labels = {"rate": RATE, "samples": len(clip), "seed": args.seed, "snr_db": args.snr_db,
              "gap_s": args.gap_s, "rate_wpm": args.rate_wpm, "speech": segments,
              "espeak_ng": subprocess.run(["espeak-ng", "--version"], capture_output=True,
                                          text=True, check=True).stdout.strip()}
    out.with_suffix(".labels.json").write_text(json.dumps(labels, indent=1) + "\n")
    print("%s: %d samples (%.2f s), %d speech segments" %
          (out.with_suffix(".npy"), len(clip), len(clip) / RATE, len(segments)))


if __name__ == "__main__":
    main()
