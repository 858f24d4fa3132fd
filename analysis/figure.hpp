#pragma once
// A figure as plain data, written as files a user can restyle and re-render: <name>.dat
// (one gnuplot data block per series), <name>.csv (the same data, long format),
// <name>.gp (pngcairo, only relative paths, so `gnuplot <name>.gp` works in that
// directory) and <name>.png. Text uses gnuplot's enhanced syntax (L^{-1/{/Symbol n}}, T_c).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analysis/csv.hpp"

namespace phaselearn::analysis {

enum class SeriesStyle { points, lines, lines_points, error_bars, error_lines };

struct Series {
  std::string title;
  std::vector<double> x, y;
  std::vector<double> y_error;  // needed by error_bars and error_lines
  SeriesStyle style = SeriesStyle::points;
  int line_type = 0;  // 0: gnuplot's colour cycle; equal values share a colour
  int point_type = 7;  // gnuplot pointtype: 7 filled circle, 6 open circle, 5 filled square
  bool dashed = false;
};

// A curve given as a gnuplot expression in x, e.g. the fit "2.2692 + 0.48*x".
struct FunctionCurve {
  std::string title;
  std::string expression;
  int line_type = 0;
  // Drawn only over [from, to] when given (e.g. where a fit was fitted).
  std::optional<double> from, to;
  bool dashed = true;
};

struct VerticalLine {
  double x = 0;
  std::string label;  // may be empty
  double label_height = 0.96;  // of the label, as a fraction of the plot's height
};

struct Axis {
  std::string label;
  std::optional<double> min, max;
  bool log = false;
  std::vector<double> tics;  // explicit tic marks; empty: gnuplot's own
};

// A second plot below the main one, on the same x axis (e.g. residuals).
struct LowerPanel {
  Axis y_axis;
  std::vector<Series> series;
  std::vector<FunctionCurve> functions;
};

struct FigureSpec {
  std::string name;  // file stem: letters, digits, '-', '_', '.'
  std::string title;
  Axis x_axis, y_axis;
  std::vector<Series> series;  // empty series are left out
  std::vector<FunctionCurve> functions;
  std::vector<VerticalLine> vertical_lines;
  std::string key = "top right";  // gnuplot `set key` arguments
  int width = 900, height = 650;  // pixels
  std::optional<LowerPanel> lower;
};

struct FigureFiles {
  std::filesystem::path data, csv, script, image;
  std::string gnuplot_messages;  // warnings gnuplot printed while succeeding
};

// The file contents, exposed for tests and for callers that render elsewhere.
std::string gnuplot_data(const FigureSpec& figure);
CsvTable figure_table(const FigureSpec& figure);  // columns series, x, y, y_error
std::string gnuplot_script(const FigureSpec& figure);

// Writes .dat, .csv and .gp into `directory` (which must exist) without rendering.
FigureFiles write_figure_sources(const FigureSpec& figure, const std::filesystem::path& directory);

// Writes the sources and renders the PNG with gnuplot; throws phaselearn::Error with
// gnuplot's message when it fails or leaves no image.
FigureFiles write_figure(const FigureSpec& figure, const std::filesystem::path& directory);

// Each figure with write_figure, or with write_figure_sources when `render` is false.
void write_figures(const std::vector<FigureSpec>& figures, const std::filesystem::path& directory, bool render);

}  // namespace phaselearn::analysis
