#define BOOST_TEST_MODULE analysis_writers
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analysis/csv.hpp"
#include "analysis/figure.hpp"
#include "analysis/json.hpp"
#include "analysis/text_file.hpp"
#include "core/errors.hpp"

namespace pa = phaselearn::analysis;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("phaselearn_writers_" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

pa::FigureSpec small_figure() {
  pa::FigureSpec f;
  f.name = "demo";
  f.title = "it's a test";
  f.x_axis = {"T", 1.0, 3.0};
  f.y_axis.label = "y";
  f.series.push_back({"L = 16", {1.5, 2.0, 2.5}, {0.9, 0.5, 0.1}, {0.01, 0.02, 0.01},
                      pa::SeriesStyle::error_bars, 1});
  f.series.push_back({"empty", {}, {}, {}, pa::SeriesStyle::points, 2});
  f.series.push_back({"line", {1.0, 3.0}, {0.0, 1.0}, {}, pa::SeriesStyle::lines, 0});
  f.functions.push_back({"fit", "0.5*x", 3});
  f.vertical_lines.push_back({2.269, "T_c"});
  return f;
}

}  // namespace

BOOST_AUTO_TEST_CASE(json_by_hand) {
  pa::Json j = pa::Json::object();
  j["name"] = "a \"quoted\"\n\\ text";
  j["count"] = 3;
  j["ratio"] = 0.25;
  j["missing"] = std::nan("");
  j["flags"] = pa::Json(pa::Json::Array{true, false, nullptr});
  j["values"] = std::vector<double>{1.5, -2.0};
  j["nested"]["deep"] = 1e-300;
  BOOST_TEST(j.dump(0) ==
             R"({"name":"a \"quoted\"\n\\ text","count":3,"ratio":0.25,"missing":null,)"
             R"("flags":[true,false,null],"values":[1.5,-2],"nested":{"deep":1e-300}})");
  BOOST_TEST(pa::Json::object().dump() == "{}");
  BOOST_TEST(pa::Json(pa::Json::Array{1, 2}).dump(2) == "[\n  1,\n  2\n]");
  pa::Json number = 1.0;
  BOOST_CHECK_THROW(number["x"], phaselearn::Error);
}

BOOST_AUTO_TEST_CASE(csv_by_hand) {
  pa::CsvTable t{{"name", "x"}, {}};
  t.rows.push_back({std::string("plain"), 0.1});
  t.rows.push_back({std::string("with,comma \"q\""), std::nan("")});
  t.rows.push_back({std::string("int"), std::int64_t{42}});
  BOOST_TEST(pa::to_csv(t) == "name,x\nplain,0.1\n\"with,comma \"\"q\"\"\",nan\nint,42\n");
  t.rows.push_back({0.5});
  BOOST_CHECK_THROW(pa::to_csv(t), phaselearn::InputError);
  BOOST_CHECK_THROW(pa::csv_from_columns({"a", "b"}, {{1, 2}, {3}}), phaselearn::InputError);
  BOOST_TEST(pa::to_csv(pa::csv_from_columns({"a", "b"}, {{1, 2}, {3, 4}})) == "a,b\n1,3\n2,4\n");
}

BOOST_AUTO_TEST_CASE(text_files_are_atomic) {
  TempDir dir;
  pa::write_text_file(dir.path / "a.txt", "hello\n");
  BOOST_TEST(read(dir.path / "a.txt") == "hello\n");
  BOOST_TEST(!fs::exists(dir.path / "a.txt.partial"));
  BOOST_CHECK_THROW(pa::write_text_file(dir.path / "no" / "such" / "dir.txt", "x"), phaselearn::Error);
}

BOOST_AUTO_TEST_CASE(figure_sources) {
  const pa::FigureSpec f = small_figure();
  const std::string data = pa::gnuplot_data(f);
  // Two non-empty series, each ended by two blank lines (gnuplot index blocks 0 and 1).
  BOOST_TEST(data.find("1.5 0.9 0.01\n2 0.5 0.02\n2.5 0.1 0.01\n\n\n") != std::string::npos);
  BOOST_TEST(data.find("# series: empty") == std::string::npos);
  const std::string script = pa::gnuplot_script(f);
  BOOST_TEST(script.find("set terminal pngcairo") != std::string::npos);
  BOOST_TEST(script.find("set output 'demo.png'") != std::string::npos);
  BOOST_TEST(script.find("set title 'it''s a test'") != std::string::npos);
  BOOST_TEST(script.find("set xrange [1:3]") != std::string::npos);
  BOOST_TEST(script.find("'demo.dat' index 0 using 1:2:3 with yerrorbars") != std::string::npos);
  BOOST_TEST(script.find("'demo.dat' index 1 using 1:2 with lines") != std::string::npos);
  BOOST_TEST(script.find("(0.5*x) with lines") != std::string::npos);
  const pa::CsvTable table = pa::figure_table(f);
  BOOST_TEST(table.rows.size() == 5u);

  pa::FigureSpec bad = f;
  bad.name = "../escape";
  BOOST_CHECK_THROW(pa::gnuplot_script(bad), phaselearn::InputError);
  bad = f;
  bad.series[0].y.pop_back();
  BOOST_CHECK_THROW(pa::gnuplot_data(bad), phaselearn::InputError);
}

BOOST_AUTO_TEST_CASE(figure_renders_a_png) {
  TempDir dir;
  const pa::FigureFiles files = pa::write_figure(small_figure(), dir.path);
  for (const auto& p : {files.data, files.csv, files.script, files.image}) BOOST_TEST(fs::exists(p));
  const std::string png = read(files.image);
  BOOST_REQUIRE(png.size() > 8);
  BOOST_TEST(png.substr(1, 3) == "PNG");
  // The script re-renders from its own directory with relative paths only.
  BOOST_TEST(read(files.script).find(dir.path.string()) == std::string::npos);
}
