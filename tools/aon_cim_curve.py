#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The AON-CiM drift sweep's accuracy curve (tools/report_aon_cim.sh).

  aon_cim_curve.py CURVE.csv IDEAL8 IDEAL4 DATA.dat SCRIPT.gp FIGURE.svg
      prints a Markdown table (mean +- sd over seeds at each time since programming) and writes
      the gnuplot data and script that draw FIGURE.svg.
  aon_cim_curve.py --at CURVE.csv BITS COMPENSATION T_S [SEEDS]
      prints the mean +- sd over seeds (1 .. SEEDS, default all) of one point.
  aon_cim_curve.py --loss CURVE.csv IDEAL8 T_S
      prints the mean 8-bit compensated accuracy loss at T_S against IDEAL8 and its sd.

CURVE.csv rows: trace,compensation,t_s,seed,accuracy (the sweep's stored points; the trace of
4-bit activations is the one whose name ends in _a4.axt).
"""
import statistics
import sys

TIMES = [(1, "1 s"), (60, "1 min"), (3600, "1 h"), (86400, "24 h"), (604800, "1 week"), (2592000, "30 days")]
SERIES = [(8, 1, "8-bit, compensated"), (8, 0, "8-bit, uncompensated"),
          (4, 1, "4-bit, compensated"), (4, 0, "4-bit, uncompensated")]


def load(path, seeds=None):
    points = {}
    with open(path) as f:
        for line in f:
            trace, comp, t, seed, accuracy = line.strip().split(",")
            if seeds is not None and int(seed) > seeds:
                continue
            bits = 4 if trace.endswith("_a4.axt") else 8
            points.setdefault((bits, int(comp), int(float(t))), []).append(100 * float(accuracy))
    return points


def stats(values):
    return statistics.mean(values), statistics.stdev(values) if len(values) > 1 else 0.0


def table(points):
    lines = ["| time since programming | " + " | ".join(name for _, _, name in SERIES) + " |",
             "|---|" + "---|" * len(SERIES)]
    for t, label in TIMES:
        cells = []
        for bits, comp, _ in SERIES:
            mean, sd = stats(points[(bits, comp, t)])
            cells.append("%.1f ± %.1f" % (mean, sd))
        lines.append("| %s | %s |" % (label, " | ".join(cells)))
    return "\n".join(lines)


def gnuplot(points, ideal8, ideal4, data, script, figure):
    offsets = [0.85, 0.95, 1.05, 1.15]  # spread the error bars of one time apart
    with open(data, "w") as f:
        for (bits, comp, name), k in zip(SERIES, offsets):
            f.write("# %s\n" % name)
            for t, _ in TIMES:
                mean, sd = stats(points[(bits, comp, t)])
                f.write("%g %.3f %.3f\n" % (t * k, mean, sd))
            f.write("\n\n")
        for level in (ideal8, ideal4):  # the noise-free accuracies as flat lines
            f.write("0.5 %s 0\n5e6 %s 0\n\n\n" % (level, level))
    tics = ", ".join('"%s" %d' % (label, t) for t, label in TIMES)
    styles = ['lc rgb "#1f77b4" pt 7', 'lc rgb "#9ecae1" pt 6', 'lc rgb "#d62728" pt 5', 'lc rgb "#fc9272" pt 4']
    plots = ['"%s" index %d using 1:2:3 with yerrorlines %s title "%s"' % (data, i, s, name)
             for i, ((_, _, name), s) in enumerate(zip(SERIES, styles))]
    plots.append('"%s" index 4 using 1:2 with lines lc rgb "#1f77b4" lw 0.5 title "8-bit, no device noise (%s %%)"' % (data, ideal8))
    plots.append('"%s" index 5 using 1:2 with lines lc rgb "#d62728" lw 0.5 title "4-bit, no device noise (%s %%)"' % (data, ideal4))
    with open(script, "w") as f:
        f.write('set terminal svg size 760,500 font "sans,12" noenhanced\n')
        f.write('set output "%s"\n' % figure)
        f.write("set logscale x\nset xrange [0.5:5e6]\nset yrange [0:100]\n")
        f.write("set xtics (%s)\n" % tics)
        f.write('set xlabel "time since programming"\nset ylabel "frame accuracy (%), mean and sd over 5 seeds"\n')
        f.write('set key below\nset grid\n')
        f.write("plot " + ", \\\n     ".join(plots) + "\n")


def main(argv):
    if argv[1] == "--at":  # CURVE.csv BITS COMPENSATION T_S [SEEDS]: mean +- sd over seeds 1..SEEDS
        seeds = int(argv[6]) if len(argv) > 6 else None
        print("%.1f ± %.1f" % stats(load(argv[2], seeds)[(int(argv[3]), int(argv[4]), int(argv[5]))]))
        return
    if argv[1] == "--loss":
        points = load(argv[2])
        values = [float(argv[3]) - a for a in points[(8, 1, int(argv[4]))]]
        mean, sd = stats(values)
        print("%.1f ± %.1f" % (mean, sd))
        return
    points = load(argv[1])
    print(table(points))
    gnuplot(points, argv[2], argv[3], argv[4], argv[5], argv[6])


if __name__ == "__main__":
    main(sys.argv)
