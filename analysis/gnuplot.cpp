#include "analysis/gnuplot.hpp"

#include <sys/wait.h>

#include <cstdio>

#include "core/errors.hpp"

namespace phaselearn::analysis {

namespace {

std::string shell_quote(const std::string& s) {
  std::string quoted = "'";
  for (const char c : s) {
    if (c == '\'')
      quoted += "'\\''";
    else
      quoted += c;
  }
  return quoted + "'";
}

}  // namespace

std::string run_gnuplot(const std::filesystem::path& directory, const std::string& script_name) {
  const std::string command = "cd " + shell_quote(directory.string()) + " && gnuplot " +
                              shell_quote(script_name) + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw Error("cannot start gnuplot for " + (directory / script_name).string());
  std::string output;
  char buffer[4096];
  while (const std::size_t got = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, got);
  const int status = pclose(pipe);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const std::string code = status != -1 && WIFEXITED(status)
                                 ? "exit status " + std::to_string(WEXITSTATUS(status))
                                 : "abnormal termination";
    throw Error("gnuplot failed on " + (directory / script_name).string() + " (" + code +
                (WIFEXITED(status) && WEXITSTATUS(status) == 127 ? ", is gnuplot installed?" : "") +
                "): " + output);
  }
  return output;
}

}  // namespace phaselearn::analysis
