#pragma once
// Parameters are declared once (ParamSpec); the job file, command-line overrides,
// --help and the "job" attribute of every output file all come from that list.
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace phaselearn {

enum class ParamKind { integer, real, text, choice, real_list };

struct ParamSpec {
  std::string name;  // "section.key", as in the INI file and on the command line
  ParamKind kind;
  std::string default_value;
  std::string description;
  double min = 0, max = 0;           // integer, real and real_list: inclusive range
  std::vector<std::string> choices;  // choice only
  // A key that applies only when another key has one of some values (e.g. an XY move
  // only for model.name = xy2d): given otherwise, it is refused by name.
  std::string when_key;
  std::vector<std::string> when_values;
  // A real key whose default depends on the model (a label window around each model's
  // transition): its default is "auto", resolved from this list of (model, value) for the
  // model of the data the stage reads (see ParamSet::real and model_default).
  std::vector<std::pair<std::string, std::string>> model_defaults;

  std::string allowed() const;  // human-readable, for --help and error messages
  // The value of `auto` for `model`; "" when the key has no default for that model.
  std::string model_default(const std::string& model) const;
};

// The declared key nearest to a mistyped one (edit distance, case-insensitive; the part
// after the section counts too), or "" when none is close.
std::string nearest_parameter(const std::vector<ParamSpec>& specs, const std::string& typed);

class ParamSet {
 public:
  explicit ParamSet(std::vector<ParamSpec> specs);

  // Job file (INI; empty path = defaults only), then "--key=value" overrides that win.
  // Throws InputError naming the key, the value and what is allowed.
  void load(const std::string& job_file, const std::vector<std::string>& overrides);
  // A fully resolved INI text, as produced by to_ini() (used to broadcast a job).
  void load_text(const std::string& ini_text);
  std::string to_ini() const;

  long long integer(const std::string& name) const;
  double real(const std::string& name) const;  // NaN for "auto" (see model_defaults)
  const std::string& text(const std::string& name) const;  // text and choice
  std::vector<double> reals(const std::string& name) const;

  // Throws InputError "<name> = <value>: <why>" for checks that involve several keys.
  [[noreturn]] void reject(const std::string& name, const std::string& why) const;

  const std::vector<ParamSpec>& specs() const { return specs_; }
  bool applies(const ParamSpec& spec) const;  // its when_key condition holds
  // The parameters of the given sections (all for none), grouped by section.
  std::string help(const std::vector<std::string>& sections = {}) const;

 private:
  std::string unknown_key_message(const std::string& typed) const;
  const ParamSpec& spec(const std::string& name) const;
  void assign(const std::string& name, const std::string& value);
  std::vector<ParamSpec> specs_;
  std::map<std::string, std::string> values_;
  std::set<std::string> given_;  // keys set by the job file or the command line
};

}  // namespace phaselearn
