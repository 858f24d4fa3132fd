#include "analysis/figure.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "analysis/gnuplot.hpp"
#include "analysis/text_file.hpp"
#include "core/errors.hpp"

namespace phaselearn::analysis {

namespace {

bool has_error_column(SeriesStyle style) {
  return style == SeriesStyle::error_bars || style == SeriesStyle::error_lines;
}

// The main plot's series, then the lower panel's: the order of the data blocks.
std::vector<Series> all_series(const FigureSpec& figure) {
  std::vector<Series> out = figure.series;
  if (figure.lower) out.insert(out.end(), figure.lower->series.begin(), figure.lower->series.end());
  return out;
}

void validate(const FigureSpec& figure) {
  if (figure.name.empty() ||
      figure.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                    "0123456789-_.") != std::string::npos ||
      figure.name.front() == '.')
    throw InputError("figure name '" + figure.name +
                     "' must be a plain file stem (letters, digits, '-', '_', '.')");
  bool anything = !figure.functions.empty();
  for (const Series& s : all_series(figure)) {
    if (s.y.size() != s.x.size() || (has_error_column(s.style) && s.y_error.size() != s.x.size()))
      throw InputError("figure " + figure.name + ", series '" + s.title +
                       "': x, y (and y_error for error bars) differ in length");
    anything = anything || !s.x.empty();
  }
  if (!anything) throw InputError("figure " + figure.name + " has nothing to plot");
}

std::string number(double v) {
  if (std::isnan(v)) return "nan";
  char buffer[32];
  return std::string(buffer, std::to_chars(buffer, buffer + sizeof buffer, v).ptr);
}

// For tic labels: 0.7, not 0.7000000000000001.
std::string short_number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

// gnuplot single-quoted string: a quote is written twice.
std::string quoted(const std::string& s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string range(const Axis& axis) {
  std::string text = "[";  // built in steps: GCC 12 -Wrestrict misfires on "..." + string&&
  text += axis.min ? number(*axis.min) : "*";
  text += ':';
  text += axis.max ? number(*axis.max) : "*";
  return text + "]";
}

std::string plot_style(const Series& s) {
  const std::string point = " pointtype " + std::to_string(s.point_type) + " pointsize 0.8";
  const std::string dash = s.dashed ? " dashtype 2" : "";
  switch (s.style) {
    case SeriesStyle::points: return "using 1:2 with points" + point;
    case SeriesStyle::lines: return "using 1:2 with lines linewidth 2" + dash;
    case SeriesStyle::lines_points:
      return "using 1:2 with linespoints" + point + " linewidth 1.5" + dash;
    case SeriesStyle::error_bars: return "using 1:2:3 with yerrorbars" + point;
    case SeriesStyle::error_lines:
      return "using 1:2:3 with yerrorlines" + point + " linewidth 1.5" + dash;
  }
  return {};
}

std::string file_name(const FigureSpec& figure, const char* extension) {
  return figure.name + extension;
}

// `reset`: undo what an earlier plot of the same script set (a lower panel).
std::string axis_settings(const Axis& axis, const char* name, bool reset = false) {
  std::string out = std::string("set ") + name + "label " + quoted(axis.label) + "\n";
  if (axis.log) out += std::string("set logscale ") + name + "\n";
  else if (reset) out += std::string("unset logscale ") + name + "\n";
  out += std::string("set ") + name + "range " + range(axis) + "\n";
  if (axis.tics.empty()) {
    if (reset) out += std::string("set ") + name + "tics autofreq\n";
  } else {
    out += std::string("set ") + name + "tics (";
    for (std::size_t i = 0; i < axis.tics.size(); ++i)
      out += (i ? ", " : "") + quoted(short_number(axis.tics[i])) + " " + number(axis.tics[i]);
    out += ")\n";
  }
  return out;
}

// `plot ...` of some series (data blocks from `block` on) and curves.
std::string plot_command(const FigureSpec& figure, const std::vector<Series>& series,
                         const std::vector<FunctionCurve>& functions, std::size_t& block) {
  std::vector<std::string> elements;
  const std::string data = quoted(file_name(figure, ".dat"));
  for (const Series& s : series) {
    if (s.x.empty()) continue;
    std::string element = data + " index " + std::to_string(block++) + " " + plot_style(s);
    if (s.line_type > 0) element += " linetype " + std::to_string(s.line_type);
    elements.push_back(element + " title " + quoted(s.title));
  }
  for (const FunctionCurve& f : functions) {
    std::string expression = f.expression;
    if (f.from || f.to)
      expression = std::string(f.from ? "x >= " + number(*f.from) : "1") + " && " +
                   (f.to ? "x <= " + number(*f.to) : "1") + " ? " + expression + " : 1/0";
    std::string element = "(" + expression + ") with lines linewidth 2";
    if (f.dashed) element += " dashtype 2";
    if (f.line_type > 0) element += " linetype " + std::to_string(f.line_type);
    elements.push_back(element + " title " + quoted(f.title));
  }
  std::string out = "plot ";
  for (std::size_t i = 0; i < elements.size(); ++i)
    out += (i > 0 ? ", \\\n     " : "") + elements[i];
  return out + "\n";
}

}  // namespace

std::string gnuplot_data(const FigureSpec& figure) {
  validate(figure);
  std::string out = "# " + figure.title + "\n";
  for (const Series& s : all_series(figure)) {
    if (s.x.empty()) continue;
    out += "# series: " + s.title + "\n# x y" + std::string(has_error_column(s.style) ? " y_error" : "") + "\n";
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      out += number(s.x[i]) + ' ' + number(s.y[i]);
      if (has_error_column(s.style)) out += ' ' + number(s.y_error[i]);
      out += '\n';
    }
    out += "\n\n";  // two blank lines end a gnuplot `index` block
  }
  return out;
}

CsvTable figure_table(const FigureSpec& figure) {
  validate(figure);
  CsvTable table{{"series", "x", "y", "y_error"}, {}};
  for (const Series& s : all_series(figure))
    for (std::size_t i = 0; i < s.x.size(); ++i)
      table.rows.push_back({s.title, s.x[i], s.y[i],
                            s.y_error.size() == s.x.size() ? s.y_error[i] : std::nan("")});
  return table;
}

std::string gnuplot_script(const FigureSpec& figure) {
  validate(figure);
  std::string out;
  out += "# " + figure.title + "\n# Written by phaselearn-analyze; re-render with: gnuplot " +
         file_name(figure, ".gp") + "\n";
  out += "set terminal pngcairo size " + std::to_string(figure.width) + "," +
         std::to_string(figure.height) + " enhanced font 'Sans,11'\n";
  out += "set encoding utf8\n";
  out += "set output " + quoted(file_name(figure, ".png")) + "\n";
  out += "set title " + quoted(figure.title) + "\n";
  out += "set grid\nset key " + figure.key + "\nset samples 500\n";
  // With a key outside, or a lower panel, the plots get fixed margins so that their x
  // axes line up.
  const bool outside = figure.key.find("outside") != std::string::npos;
  const std::string right = outside ? "0.78" : "0.96";
  if (figure.lower) {
    out += "set multiplot\nset lmargin at screen 0.11\nset rmargin at screen " + right + "\n";
    out += "set tmargin at screen 0.92\nset bmargin at screen 0.36\n";
    out += "set xlabel ''\nset format x ''\n";
  } else if (outside) {
    out += "set rmargin at screen " + right + "\n";
  }
  out += axis_settings(figure.x_axis, "x");
  if (figure.lower) out += "set xlabel ''\n";
  out += axis_settings(figure.y_axis, "y");
  for (const VerticalLine& line : figure.vertical_lines) {
    out += "set arrow from " + number(line.x) + ", graph 0 to " + number(line.x) +
           ", graph 1 nohead dashtype 2 linecolor rgb 'gray40'\n";
    if (!line.label.empty())
      out += "set label " + quoted(line.label) + " at " + number(line.x) + ", graph " +
             number(line.label_height) + " left offset character 0.5, 0 textcolor rgb 'gray30'\n";
  }
  std::size_t block = 0;
  out += plot_command(figure, figure.series, figure.functions, block);
  if (figure.lower) {
    bool titled = false;
    for (const Series& s : figure.lower->series) titled = titled || !s.title.empty();
    for (const FunctionCurve& f : figure.lower->functions) titled = titled || !f.title.empty();
    out += "set tmargin at screen 0.34\nset bmargin at screen 0.10\nset title ''\n";
    out += "unset label\nset format x '% h'\n";
    out += std::string(titled ? "" : "unset key\n");
    out += axis_settings(figure.x_axis, "x", true);
    out += axis_settings(figure.lower->y_axis, "y", true);
    out += plot_command(figure, figure.lower->series, figure.lower->functions, block);
    out += "unset multiplot\n";
  }
  return out;
}

FigureFiles write_figure_sources(const FigureSpec& figure, const std::filesystem::path& directory) {
  FigureFiles files;
  files.data = directory / file_name(figure, ".dat");
  files.csv = directory / file_name(figure, ".csv");
  files.script = directory / file_name(figure, ".gp");
  files.image = directory / file_name(figure, ".png");
  write_text_file(files.data, gnuplot_data(figure));
  write_csv(files.csv, figure_table(figure));
  write_text_file(files.script, gnuplot_script(figure));
  return files;
}

FigureFiles write_figure(const FigureSpec& figure, const std::filesystem::path& directory) {
  FigureFiles files = write_figure_sources(figure, directory);
  std::error_code ec;
  std::filesystem::remove(files.image, ec);  // so a stale image cannot pass for a new one
  files.gnuplot_messages = run_gnuplot(directory, files.script.filename().string());
  if (std::filesystem::file_size(files.image, ec) == 0 || ec)
    throw Error("gnuplot ran on " + files.script.string() + " but wrote no image " +
                files.image.string() + (files.gnuplot_messages.empty() ? "" : ": " + files.gnuplot_messages));
  return files;
}

void write_figures(const std::vector<FigureSpec>& figures, const std::filesystem::path& directory, bool render) {
  for (const FigureSpec& f : figures) {
    if (render)
      write_figure(f, directory);
    else
      write_figure_sources(f, directory);
  }
}

}  // namespace phaselearn::analysis
