#include "analysis/figure.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

#include "analysis/gnuplot.hpp"
#include "analysis/text_file.hpp"
#include "core/errors.hpp"

namespace phaselearn::analysis {

namespace {

bool has_error_column(SeriesStyle style) {
  return style == SeriesStyle::error_bars || style == SeriesStyle::error_lines;
}

void validate(const FigureSpec& figure) {
  if (figure.name.empty() ||
      figure.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                    "0123456789-_.") != std::string::npos ||
      figure.name.front() == '.')
    throw InputError("figure name '" + figure.name +
                     "' must be a plain file stem (letters, digits, '-', '_', '.')");
  bool anything = !figure.functions.empty();
  for (const Series& s : figure.series) {
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
  switch (s.style) {
    case SeriesStyle::points: return "using 1:2 with points pointtype 7 pointsize 0.8";
    case SeriesStyle::lines: return "using 1:2 with lines linewidth 2";
    case SeriesStyle::lines_points:
      return "using 1:2 with linespoints pointtype 7 pointsize 0.8 linewidth 1.5";
    case SeriesStyle::error_bars: return "using 1:2:3 with yerrorbars pointtype 7 pointsize 0.8";
    case SeriesStyle::error_lines:
      return "using 1:2:3 with yerrorlines pointtype 7 pointsize 0.8 linewidth 1.5";
  }
  return {};
}

std::string file_name(const FigureSpec& figure, const char* extension) {
  return figure.name + extension;
}

}  // namespace

std::string gnuplot_data(const FigureSpec& figure) {
  validate(figure);
  std::string out = "# " + figure.title + "\n";
  for (const Series& s : figure.series) {
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
  for (const Series& s : figure.series)
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
  out += "set xlabel " + quoted(figure.x_axis.label) + "\n";
  out += "set ylabel " + quoted(figure.y_axis.label) + "\n";
  out += "set grid\nset key " + figure.key + "\nset samples 500\n";
  if (figure.x_axis.log) out += "set logscale x\n";
  if (figure.y_axis.log) out += "set logscale y\n";
  out += "set xrange " + range(figure.x_axis) + "\n";
  out += "set yrange " + range(figure.y_axis) + "\n";
  for (const VerticalLine& line : figure.vertical_lines) {
    out += "set arrow from " + number(line.x) + ", graph 0 to " + number(line.x) +
           ", graph 1 nohead dashtype 2 linecolor rgb 'gray40'\n";
    if (!line.label.empty())
      out += "set label " + quoted(line.label) + " at " + number(line.x) +
             ", graph 0.96 left offset character 0.5, 0 textcolor rgb 'gray30'\n";
  }

  std::vector<std::string> elements;
  std::size_t block = 0;
  const std::string data = quoted(file_name(figure, ".dat"));
  for (const Series& s : figure.series) {
    if (s.x.empty()) continue;
    std::string element = data + " index " + std::to_string(block++) + " " + plot_style(s);
    if (s.line_type > 0) element += " linetype " + std::to_string(s.line_type);
    elements.push_back(element + " title " + quoted(s.title));
  }
  for (const FunctionCurve& f : figure.functions) {
    std::string element = "(" + f.expression + ") with lines linewidth 2 dashtype 2";
    if (f.line_type > 0) element += " linetype " + std::to_string(f.line_type);
    elements.push_back(element + " title " + quoted(f.title));
  }
  out += "plot ";
  for (std::size_t i = 0; i < elements.size(); ++i)
    out += (i > 0 ? ", \\\n     " : "") + elements[i];
  out += "\n";
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

}  // namespace phaselearn::analysis
