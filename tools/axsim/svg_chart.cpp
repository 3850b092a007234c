// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace axsim::tools {

namespace {

constexpr const char* kColors[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
                                   "#59a14f", "#edc948", "#b07aa1", "#9c755f"};
constexpr std::size_t kColorCount = std::size(kColors);
const char* color(std::size_t i) { return kColors[i % kColorCount]; }

// Prefixes for powers 10^(3k), k = -4 .. 4.
constexpr const char* kPrefixes[] = {"p", "n", "µ", "m", "", "k", "M", "G", "T"};

std::string number_text(double v) {
  if (v == 0) return "0";
  return fmt::format("{:.4g}", v);
}

struct Frame {
  double left = 170, right = 20, top = 40, bottom = 50, width = 860, height = 0;
  double plot_w() const { return width - left - right; }
};

std::string svg_open(double w, double h, const std::string& title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} "
      "{1}\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\"><title>{2}</title>"
      "<rect width=\"{0}\" height=\"{1}\" fill=\"white\"/>"
      "<text x=\"{3}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">{2}"
      "</text>",
      w, h, html_escape(title), w / 2);
}

// A horizontal value axis at y = `at`, from x0 to x1 for values 0 .. max, with grid lines up to y0.
std::string value_axis(double x0, double x1, double y0, double at, double max, const Scaled& s,
                       const std::string& label) {
  std::string out;
  for (double t : axis_ticks(0, max, false)) {
    const double x = x0 + (x1 - x0) * t / max;
    out += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#ddd\"/>"
                       "<text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>",
                       x, y0, at, at + 15, number_text(t * s.factor));
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", (x0 + x1) / 2,
                     at + 32, html_escape(label));
  return out;
}

}  // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

Scaled engineering_scale(double max_abs, const Quantity& q) {
  int k = 0;  // the power of 1000 of the prefix
  if (max_abs > 0 && std::isfinite(max_abs))
    k = int(std::floor((std::log10(max_abs) + q.exponent) / 3.0 + 1e-9));
  k = std::clamp(k, q.count ? 0 : -4, 4);
  const double factor = std::pow(10.0, q.exponent - 3 * k);
  const std::string prefix = kPrefixes[k + 4];
  return {factor, q.count ? (prefix.empty() ? q.symbol : prefix + " " + q.symbol) : prefix + q.symbol};
}

std::string engineering(double value, const Quantity& q) {
  const Scaled s = engineering_scale(std::abs(value), q);
  return number_text(value * s.factor) + " " + s.label;
}

std::vector<double> axis_ticks(double lo, double hi, bool log, int target) {
  std::vector<double> out;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return {lo};
  if (log && lo > 0) {
    const int d0 = int(std::floor(std::log10(lo))), d1 = int(std::ceil(std::log10(hi)));
    const bool fine = d1 - d0 <= 2;
    for (int d = d0; d <= d1; ++d)
      for (double m : fine ? std::vector<double>{1, 2, 5} : std::vector<double>{1}) {
        const double t = m * std::pow(10.0, d);
        if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) out.push_back(t);
      }
    if (out.size() >= 3) return out;
    out.clear();  // within a decade or so: round linear steps read better
    for (double t : axis_ticks(lo, hi, false, target))
      if (t > 0) out.push_back(t);
    return out;
  }
  const double raw = (hi - lo) / std::max(1, target);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    out.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  return out;
}

std::string stacked_bars_svg(const std::string& title, const std::vector<std::string>& categories,
                             const std::vector<StackedBar>& bars, const Quantity& q) {
  Frame f;
  const double bar_h = 18, gap = 6;
  const bool legend = categories.size() > 1;
  f.height = f.top + double(bars.size()) * (bar_h + gap) + f.bottom + (legend ? 24 : 0);
  double max = 0;
  for (const StackedBar& b : bars) {
    double sum = 0;
    for (double v : b.values) sum += v;
    max = std::max(max, sum);
  }
  if (max <= 0) max = 1;
  const Scaled s = engineering_scale(max, q);
  std::string out = svg_open(f.width, f.height, title);
  const double x0 = f.left, x1 = f.left + f.plot_w();
  const double axis_y = f.height - f.bottom - (legend ? 24 : 0);
  out += value_axis(x0, x1, f.top, axis_y, max, s, s.label);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const double y = f.top + double(i) * (bar_h + gap);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", x0 - 6,
                       y + bar_h - 5, html_escape(bars[i].label));
    double x = x0;
    for (std::size_t c = 0; c < bars[i].values.size(); ++c) {
      const double w = (x1 - x0) * bars[i].values[c] / max;
      if (w > 0)
        out += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\">"
                           "<title>{}: {}</title></rect>",
                           x, y, w, bar_h, color(c), html_escape(categories[c]),
                           engineering(bars[i].values[c], q));
      x += w;
    }
  }
  double lx = x0;
  for (std::size_t c = 0; legend && c < categories.size(); ++c) {  // under the axis label
    out += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/>"
                       "<text x=\"{:.1f}\" y=\"{}\">{}</text>",
                       lx, f.height - 18, color(c), lx + 14, f.height - 9,
                       html_escape(categories[c]));
    lx += 24 + 7.0 * double(categories[c].size());
  }
  return out + "</svg>";
}

std::string bars_svg(const std::string& title,
                     const std::vector<std::pair<std::string, double>>& bars, const Quantity& q) {
  std::vector<StackedBar> stacked;
  for (const auto& [label, value] : bars) stacked.push_back({label, {value}});
  return stacked_bars_svg(title, {title}, stacked, q);
}

std::string scatter_svg(const ScatterSpec& spec, const std::vector<Series>& series) {
  const double w = 960, h = 480, left = 80, right = 300, top = 40, bottom = 60;
  double x_lo = std::numeric_limits<double>::infinity(), y_lo = x_lo, x_hi = -x_lo, y_hi = -x_lo;
  for (const Series& s : series)
    for (const auto& [x, y] : s.points) {
      x_lo = std::min(x_lo, x), x_hi = std::max(x_hi, x);
      y_lo = std::min(y_lo, y), y_hi = std::max(y_hi, y);
    }
  auto pad = [](double& lo, double& hi, bool log) {
    if (log) {
      lo /= 1.15, hi *= 1.15;
    } else {
      const double m = (hi > lo ? hi - lo : std::abs(hi) + 1) * 0.06;
      lo -= m, hi += m;
    }
  };
  pad(x_lo, x_hi, spec.log_x), pad(y_lo, y_hi, spec.log_y);
  const auto map = [](double v, double lo, double hi, bool log, double a, double b) {
    const double t = log ? (std::log(v) - std::log(lo)) / (std::log(hi) - std::log(lo))
                         : (v - lo) / (hi - lo);
    return a + (b - a) * t;
  };
  const Scaled sx = engineering_scale(std::max(std::abs(x_lo), std::abs(x_hi)), spec.x);
  const Scaled sy = engineering_scale(std::max(std::abs(y_lo), std::abs(y_hi)), spec.y);
  std::string out = svg_open(w, h, spec.title);
  const double px0 = left, px1 = w - right, py0 = h - bottom, py1 = top;
  for (double t : axis_ticks(x_lo, x_hi, spec.log_x)) {
    const double x = map(t, x_lo, x_hi, spec.log_x, px0, px1);
    out += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#ddd\"/>"
                       "<text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>",
                       x, py1, py0, py0 + 16, number_text(t * sx.factor));
  }
  for (double t : axis_ticks(y_lo, y_hi, spec.log_y)) {
    const double y = map(t, y_lo, y_hi, spec.log_y, py0, py1);
    out += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" stroke=\"#ddd\"/>"
                       "<text x=\"{3}\" y=\"{4:.1f}\" text-anchor=\"end\">{5}</text>",
                       px0, px1, y, px0 - 6, y + 4, number_text(t * sy.factor));
  }
  out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" "
                     "stroke=\"#444\"/>",
                     px0, py1, px1 - px0, py0 - py1);
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{} ({})</text>",
                     (px0 + px1) / 2, h - 18, html_escape(spec.x_label), sx.label);
  out += fmt::format("<text transform=\"translate(18,{}) rotate(-90)\" text-anchor=\"middle\">{} "
                     "({})</text>",
                     (py0 + py1) / 2, html_escape(spec.y_label), sy.label);
  for (std::size_t i = 0; i < series.size(); ++i) {
    const Series& s = series[i];
    std::string pts;
    for (const auto& [x, y] : s.points) {
      const double cx = map(x, x_lo, x_hi, spec.log_x, px0, px1);
      const double cy = map(y, y_lo, y_hi, spec.log_y, py0, py1);
      pts += fmt::format("{:.1f},{:.1f} ", cx, cy);
      // Markers differ by series (circle, square, diamond), as well as by colour.
      const int shape = int(i / kColorCount) % 3;
      if (shape == 0)
        out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\"/>", cx, cy, color(i));
      else if (shape == 1)
        out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"8\" height=\"8\" fill=\"{}\"/>",
                           cx - 4, cy - 4, color(i));
      else
        out += fmt::format("<polygon points=\"{0:.1f},{1:.1f} {2:.1f},{3:.1f} {0:.1f},{4:.1f} "
                           "{5:.1f},{3:.1f}\" fill=\"{6}\"/>",
                           cx, cy - 5, cx + 5, cy, cy + 5, cx - 5, color(i));
    }
    if (s.lines && s.points.size() > 1)
      out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>",
                         pts, color(i));
    out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{}"
                       "</text>",
                       px1 + 16, top + 10 + 18.0 * double(i), color(i), px1 + 26,
                       top + 14 + 18.0 * double(i),
                       html_escape(s.name.size() > 44 ? s.name.substr(0, 42) + "…" : s.name));
  }
  return out + "</svg>";
}

}  // namespace axsim::tools
