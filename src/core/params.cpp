#include "core/params.hpp"

#include <boost/program_options.hpp>
#include <cctype>
#include <charconv>
#include <cmath>
#include <algorithm>
#include <fstream>
#include <limits>
#include <set>
#include <iomanip>
#include <sstream>

#include "core/errors.hpp"

namespace po = boost::program_options;

namespace phaselearn {
namespace {

std::string format_number(double x) {
  std::ostringstream os;
  os << std::setprecision(10) << x;
  return os.str();
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool parse_double(const std::string& s, double& out) {
  const std::string t = trim(s);
  if (t.empty()) return false;
  const char* end = t.data() + t.size();
  auto [p, ec] = std::from_chars(t.data(), end, out);
  return ec == std::errc() && p == end && std::isfinite(out);
}

bool parse_integer(const std::string& s, long long& out) {
  const std::string t = trim(s);
  const char* end = t.data() + t.size();
  auto [p, ec] = std::from_chars(t.data(), end, out);
  return !t.empty() && ec == std::errc() && p == end;
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> items;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) items.push_back(trim(item));
  // getline drops a trailing empty item ("16," gives one item): keep it, so that it is
  // refused like the empty item of "16,,8".
  const std::string t = trim(s);
  if (!t.empty() && t.back() == ',') items.push_back("");
  return items;
}

po::options_description option_table(const std::vector<ParamSpec>& specs) {
  po::options_description table;
  for (const auto& s : specs) table.add_options()(s.name.c_str(), po::value<std::string>());
  return table;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string nearest_parameter(const std::vector<ParamSpec>& specs, const std::string& typed) {
  std::string key = typed.substr(typed.find_first_not_of('-') == std::string::npos
                                     ? typed.size() : typed.find_first_not_of('-'));
  key = key.substr(0, key.find('='));
  std::string best;
  std::size_t best_distance = std::string::npos;
  for (const auto& s : specs) {
    // A key without its section ("L" for "model.L") counts as a near miss too.
    const std::string bare = s.name.substr(s.name.find('.') + 1);
    const std::size_t d = std::min(edit_distance(key, s.name), edit_distance(key, bare) + 1);
    if (d < best_distance) best_distance = d, best = s.name;
  }
  // Only a plausible typo: at most a third of the typed key wrong.
  return best_distance <= std::max<std::size_t>(2, key.size() / 3) ? best : "";
}

std::string ParamSpec::model_default(const std::string& model) const {
  for (const auto& [model_name, value] : model_defaults)
    if (model_name == model) return value;
  return "";
}

std::string ParamSpec::allowed() const {
  switch (kind) {
    case ParamKind::integer:
      return "an integer in [" + format_number(min) + ", " + format_number(max) + "]";
    case ParamKind::real: {
      std::string out = "a number in [" + format_number(min) + ", " + format_number(max) + "]";
      if (model_defaults.empty()) return out;
      out += " or auto (the model's value:";
      for (std::size_t i = 0; i < model_defaults.size(); ++i)
        out += (i ? ", " : " ") + model_defaults[i].first + " " + model_defaults[i].second;
      return out + ")";
    }
    case ParamKind::real_list:
      return "a comma-separated list of numbers in [" + format_number(min) + ", " +
             format_number(max) + "]";
    case ParamKind::choice: {
      std::string out = "one of";
      for (std::size_t i = 0; i < choices.size(); ++i) out += (i ? ", " : " ") + choices[i];
      return out;
    }
    case ParamKind::text:
      return "any text";
  }
  return "";
}

ParamSet::ParamSet(std::vector<ParamSpec> specs) : specs_(std::move(specs)) {
  for (const auto& s : specs_) values_[s.name] = s.default_value;
}

const ParamSpec& ParamSet::spec(const std::string& name) const {
  for (const auto& s : specs_)
    if (s.name == name) return s;
  throw InputError("unknown parameter '" + name + "'");
}

void ParamSet::reject(const std::string& name, const std::string& why) const {
  throw InputError("bad value for " + name + " = '" + values_.at(name) + "': " + why);
}

void ParamSet::assign(const std::string& name, const std::string& raw) {
  const ParamSpec& s = spec(name);
  const std::string value = trim(raw);
  values_[name] = value;
  given_.insert(name);
  const auto bad = [&] { reject(name, "allowed is " + s.allowed()); };
  switch (s.kind) {
    case ParamKind::integer: {
      long long v;
      if (!parse_integer(value, v) || v < s.min || v > s.max) bad();
      break;
    }
    case ParamKind::real: {
      double v;
      if (value == "auto" && !s.model_defaults.empty()) break;
      if (!parse_double(value, v) || v < s.min || v > s.max) bad();
      break;
    }
    case ParamKind::real_list:
      for (const auto& item : split_list(value)) {
        double v;
        if (!parse_double(item, v) || v < s.min || v > s.max) bad();
      }
      break;
    case ParamKind::choice:
      if (std::find(s.choices.begin(), s.choices.end(), value) == s.choices.end()) bad();
      break;
    case ParamKind::text:
      break;
  }
}

std::string ParamSet::unknown_key_message(const std::string& typed) const {
  const std::string key = typed.substr(0, typed.find('='));
  const std::string near = nearest_parameter(specs_, key);
  return "unknown parameter '" + key + "'" +
         (near.empty() ? "" : "; did you mean " + near + "?") + " (see --help for the parameters)";
}

void ParamSet::load(const std::string& job_file, const std::vector<std::string>& overrides) {
  const po::options_description table = option_table(specs_);
  po::variables_map vm;
  // A key given twice is refused, on the command line as in the job file: which of two
  // values a run used must never be a guess.
  std::set<std::string> seen;
  for (const std::string& o : overrides) {
    const std::string key = o.substr(0, o.find('='));
    if (!seen.insert(key).second)
      throw InputError("command line: " + key + " is given twice; give each key once");
  }
  const std::vector<std::string>& latest = overrides;
  try {
    // Stored first, so the command line wins over the job file.
    po::store(po::command_line_parser(latest).options(table).style(
                  po::command_line_style::default_style &
                  ~po::command_line_style::allow_guessing).run(),
              vm);
  } catch (const po::unknown_option& e) {
    throw InputError("command line: " + unknown_key_message(e.get_option_name()));
  } catch (const po::error& e) {
    throw InputError(std::string("command line: ") + e.what() +
                     " (see --help for the parameters)");
  }
  if (!job_file.empty()) {
    std::ifstream in(job_file);
    if (!in) throw InputError("cannot read job file '" + job_file + "'");
    try {
      po::store(po::parse_config_file(in, table), vm);
    } catch (const po::unknown_option& e) {
      throw InputError("job file '" + job_file + "': " + unknown_key_message(e.get_option_name()));
    } catch (const po::error& e) {
      throw InputError("job file '" + job_file + "': " + e.what() +
                       " (see --help for the parameters)");
    }
  }
  for (const auto& [name, value] : vm) assign(name, value.as<std::string>());
  for (const auto& s : specs_)
    if (given_.count(s.name) && !applies(s)) {
      std::string to;
      for (const auto& v : s.when_values) to += (to.empty() ? "" : ", ") + v;
      throw InputError(s.name + " does not apply to " + s.when_key + " = " +
                       values_.at(s.when_key) + " (only to " + to + "); remove it");
    }
}

bool ParamSet::applies(const ParamSpec& s) const {
  if (s.when_key.empty()) return true;
  const std::string& v = values_.at(s.when_key);
  return std::find(s.when_values.begin(), s.when_values.end(), v) != s.when_values.end();
}

void ParamSet::load_text(const std::string& ini_text) {
  std::istringstream in(ini_text);
  po::variables_map vm;
  po::store(po::parse_config_file(in, option_table(specs_)), vm);
  for (const auto& [name, value] : vm) assign(name, value.as<std::string>());
}

std::string ParamSet::to_ini() const {
  std::ostringstream out;
  std::string section;
  for (const auto& s : specs_) {
    if (!applies(s)) continue;
    const auto dot = s.name.find('.');
    const std::string sec = s.name.substr(0, dot);
    if (sec != section) {
      out << (section.empty() ? "" : "\n") << "[" << sec << "]\n";
      section = sec;
    }
    out << s.name.substr(dot + 1) << " = " << values_.at(s.name) << "\n";
  }
  return out.str();
}

std::string ParamSet::help(const std::vector<std::string>& sections) const {
  std::ostringstream out;
  std::string section;
  for (const auto& s : specs_) {
    const std::string sec = s.name.substr(0, s.name.find('.'));
    if (!sections.empty() && std::find(sections.begin(), sections.end(), sec) == sections.end())
      continue;
    if (sec != section) {
      out << "\n[" << sec << "]\n";
      section = sec;
    }
    out << "  --" << s.name << " (default: " << (s.default_value.empty() ? "\"\"" : s.default_value)
        << ")\n      " << s.description << "; " << s.allowed();
    if (!s.when_key.empty()) {
      out << "; only for " << s.when_key << " =";
      for (const auto& v : s.when_values) out << " " << v;
    }
    out << "\n";
  }
  return out.str();
}

long long ParamSet::integer(const std::string& name) const {
  long long v = 0;
  parse_integer(values_.at(name), v);
  return v;
}

double ParamSet::real(const std::string& name) const {
  if (values_.at(name) == "auto") return std::numeric_limits<double>::quiet_NaN();
  double v = 0;
  parse_double(values_.at(name), v);
  return v;
}

const std::string& ParamSet::text(const std::string& name) const { return values_.at(name); }

std::vector<double> ParamSet::reals(const std::string& name) const {
  std::vector<double> out;
  for (const auto& item : split_list(values_.at(name))) {
    double v = 0;
    parse_double(item, v);
    out.push_back(v);
  }
  return out;
}

}  // namespace phaselearn
