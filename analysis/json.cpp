#include "analysis/json.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "analysis/text_file.hpp"
#include "core/errors.hpp"

namespace phaselearn::analysis {

namespace {

void append_string(std::string& out, std::string_view s) {
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;  // UTF-8 passes through unchanged
        }
    }
  }
  out += '"';
}

void append_number(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, d);  // shortest round trip
  out.append(buffer, result.ptr);
}

void newline(std::string& out, int indent, int depth) {
  if (indent <= 0) return;
  out += '\n';
  out.append(static_cast<std::size_t>(indent * depth), ' ');
}

}  // namespace

Json::Json(const std::vector<double>& numbers) : value_(Array(numbers.begin(), numbers.end())) {}

Json& Json::operator[](std::string_view key) {
  if (std::holds_alternative<std::nullptr_t>(value_)) value_ = Object{};
  auto* object = std::get_if<Object>(&value_);
  if (!object) throw Error("JSON: member access on a value that is not an object");
  for (auto& [name, member] : *object)
    if (name == key) return member;
  object->emplace_back(std::string(key), Json());
  return object->back().second;
}

void Json::push_back(Json element) {
  if (std::holds_alternative<std::nullptr_t>(value_)) value_ = Array{};
  auto* array = std::get_if<Array>(&value_);
  if (!array) throw Error("JSON: push_back on a value that is not an array");
  array->push_back(std::move(element));
}

std::string Json::dump(int indent) const {
  std::string out;
  dump_to(out, indent, 0);
  return out;
}

void Json::dump_to(std::string& out, int indent, int depth) const {
  const char* separator = indent > 0 ? ": " : ":";
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>) {
          out += "null";
        } else if constexpr (std::is_same_v<T, bool>) {
          out += v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, double>) {
          append_number(out, v);
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          out += std::to_string(v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          append_string(out, v);
        } else if constexpr (std::is_same_v<T, Array>) {
          out += '[';
          for (std::size_t i = 0; i < v.size(); ++i) {
            if (i > 0) out += ',';
            newline(out, indent, depth + 1);
            v[i].dump_to(out, indent, depth + 1);
          }
          if (!v.empty()) newline(out, indent, depth);
          out += ']';
        } else {
          out += '{';
          for (std::size_t i = 0; i < v.size(); ++i) {
            if (i > 0) out += ',';
            newline(out, indent, depth + 1);
            append_string(out, v[i].first);
            out += separator;
            v[i].second.dump_to(out, indent, depth + 1);
          }
          if (!v.empty()) newline(out, indent, depth);
          out += '}';
        }
      },
      value_);
}

void write_json(const std::filesystem::path& path, const Json& value) {
  write_text_file(path, value.dump() + "\n");
}

}  // namespace phaselearn::analysis
