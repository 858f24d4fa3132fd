#pragma once
// The project's small exception hierarchy. main() maps each kind to an exit code.
#include <stdexcept>
#include <string>

namespace phaselearn {

// Exit codes, documented in the README.
inline constexpr int exit_ok = 0;
inline constexpr int exit_runtime_error = 1;
inline constexpr int exit_bad_input = 2;
inline constexpr int exit_checkpointed = 3;  // checkpoint written, run not finished

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  virtual int exit_code() const { return exit_runtime_error; }
  // True when every rank throws this same error (it was decided on one rank and
  // broadcast), so ranks can leave together instead of aborting the job.
  bool on_every_rank() const { return on_every_rank_; }
  void set_on_every_rank() { on_every_rank_ = true; }

 private:
  bool on_every_rank_ = false;
};

// The user's input is wrong: a parameter, a job file, an input or output path.
class InputError : public Error {
 public:
  using Error::Error;
  int exit_code() const override { return exit_bad_input; }
};

// A file exists but is not what we expect (format, version, run_id, truncated).
class FormatError : public InputError {
 public:
  using InputError::InputError;
};

// Not a failure: a checkpoint was written on request (signal) and the run stopped.
// Thrown on every rank together; main exits with exit_checkpointed.
class Checkpointed : public Error {
 public:
  explicit Checkpointed(const std::string& what) : Error(what) { set_on_every_rank(); }
  int exit_code() const override { return exit_checkpointed; }
};

}  // namespace phaselearn
