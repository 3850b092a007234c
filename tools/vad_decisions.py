#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Speech / non-speech decisions of a VAD from `axsim infer` output, against the clip's labels:
per frame, the speech probability (the kept tensor) over a threshold, in the float model and
with the fixed-point LSTMs. Frame t covers samples [t N / T, (t + 1) N / T) of the N-sample
clip (T frames); its label is speech when most of those samples lie in a spoken phrase
(make_vad_audio.py's segments).

Usage: vad_decisions.py INFER.json LABELS.json [--tensor NAME] [--threshold P] [--name TEXT]
Prints one line: name, frames, speech frames, agreement of each model with the labels, frames
where the two decisions differ, and the largest probability difference.
"""
import argparse
import json


def labels_per_frame(labels: dict, frames: int) -> list:
    n = labels["samples"]
    speech = [0] * (n + 1)  # prefix sums of speech samples
    inside = [False] * n
    for seg in labels["speech"]:
        for i in range(seg["start"], min(seg["end"], n)):
            inside[i] = True
    for i in range(n):
        speech[i + 1] = speech[i] + inside[i]
    out = []
    for t in range(frames):
        a, b = t * n // frames, (t + 1) * n // frames
        out.append(2 * (speech[b] - speech[a]) > (b - a))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("infer")
    ap.add_argument("labels")
    ap.add_argument("--tensor", default="x4")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--name", default="")
    args = ap.parse_args()
    kept = json.load(open(args.infer))["kept"][args.tensor]
    p_float, p_fixed = kept["float"], kept["fixed"]
    truth = labels_per_frame(json.load(open(args.labels)), len(p_float))
    d_float = [p > args.threshold for p in p_float]
    d_fixed = [p > args.threshold for p in p_fixed]
    n = len(truth)
    agree = lambda d: 100.0 * sum(a == b for a, b in zip(d, truth)) / n
    differ = sum(a != b for a, b in zip(d_float, d_fixed))
    dmax = max(abs(a - b) for a, b in zip(p_float, p_fixed))
    print("VAD %s: %d frames, %d speech; agreement with the labels: float %.1f %%, fixed-point "
          "LSTMs %.1f %%; decisions that differ: %d; largest probability difference %.4f"
          % (args.name or args.infer, n, sum(truth), agree(d_float), agree(d_fixed), differ, dmax))


if __name__ == "__main__":
    main()
