#pragma once
// A small JSON value and writer for summary.json.
//
// Hand-written because the machine has no C++ JSON library to build against: Boost.JSON
// arrived in Boost 1.75 (Debian 12 has 1.74), Boost.PropertyTree writes every number as
// a string and cannot hold arrays of numbers, and only the runtime parts of jsoncpp are
// installed. Writing (no parsing) is a few dozen lines.
#include <concepts>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace phaselearn::analysis {

class Json {
 public:
  using Array = std::vector<Json>;
  // Insertion order is kept, so the file reads in the order the summary was built.
  using Object = std::vector<std::pair<std::string, Json>>;

  Json() = default;  // null
  Json(std::nullptr_t) {}
  Json(bool b) : value_(b) {}
  Json(double d) : value_(d) {}  // NaN and infinities are written as null
  template <std::integral I>
    requires(!std::same_as<I, bool>)
  Json(I i) : value_(static_cast<std::int64_t>(i)) {}
  Json(const char* s) : value_(std::string(s)) {}
  Json(std::string s) : value_(std::move(s)) {}
  Json(std::string_view s) : value_(std::string(s)) {}
  Json(Array a) : value_(std::move(a)) {}
  Json(Object o) : value_(std::move(o)) {}
  Json(const std::vector<double>& numbers);

  static Json object() { return Json(Object{}); }
  static Json array() { return Json(Array{}); }

  // Object member, inserted (as null) if absent; turns a null value into an object.
  Json& operator[](std::string_view key);
  // Appends to an array; turns a null value into an array.
  void push_back(Json element);

  // Pretty-printed with `indent` spaces per level; 0 writes one line.
  std::string dump(int indent = 2) const;

 private:
  void dump_to(std::string& out, int indent, int depth) const;
  std::variant<std::nullptr_t, bool, double, std::int64_t, std::string, Array, Object> value_;
};

// Atomic write (see text_file.hpp) of dump() and a final newline.
void write_json(const std::filesystem::path& path, const Json& value);

}  // namespace phaselearn::analysis
