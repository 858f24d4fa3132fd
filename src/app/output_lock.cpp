#include "app/output_lock.hpp"

#include "app/cli.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.hpp"

namespace fs = std::filesystem;

namespace phaselearn::app {
namespace {

std::string host_name() {
  char h[256] = "";
  gethostname(h, sizeof h - 1);
  return h;
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string field(const std::string& content, const std::string& key) {
  std::istringstream in(content);
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with(key + "=")) return line.substr(key.size() + 1);
  return "";
}

// Runs `squeue` for a job id: "" when the job is unknown or done, its state otherwise;
// "?" when squeue cannot be run.
std::string slurm_state(const std::string& job) {
  for (char c : job)
    if (c < '0' || c > '9') return "?";  // job ids are numbers (array tasks: 123_4 -> no)
  const std::string cmd = "squeue -h -j " + job + " -o %T 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return "?";
  char buf[128] = "";
  std::string out;
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  const int status = pclose(p);
  if (status == -1 || (WIFEXITED(status) && WEXITSTATUS(status) == 127)) return "?";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;  // squeue exits non-zero for an unknown (finished) job: empty output
}

// A process that exists and is not a zombie (a killed rank waits as one until reaped).
bool alive(pid_t pid) {
  if (kill(pid, 0) != 0 && errno == ESRCH) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;  // no /proc: trust kill()
  const auto close = line.rfind(')');
  return !(close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z');
}

// Why a lock found on disk is stale, or "" when it may belong to a live run.
std::string stale_because(const std::string& content) {
  const std::string host = field(content, "host"), pid = field(content, "pid"),
                    job = field(content, "slurm_job_id");
  if (host.empty() || pid.empty()) return "it is unreadable (a run killed while writing it)";
  const std::string my_job = env("SLURM_JOB_ID");
  if (!job.empty() && job == my_job)
    return "it was left by an earlier start of this Slurm job (" + job + ")";
  if (host == host_name()) {
    const long p = std::strtol(pid.c_str(), nullptr, 10);
    if (p > 0 && !alive(pid_t(p))) return "its process " + pid + " on " + host + " is gone";
    return "";
  }
  if (!job.empty()) {
    const std::string state = slurm_state(job);
    if (state.empty()) return "its Slurm job " + job + " has ended";
  }
  return "";
}


// Exclusive create; false when the file exists.
bool create_exclusive(const std::string& path, const std::string& content) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    throw InputError("cannot create the lock '" + path + "': " + std::strerror(errno));
  }
  const ssize_t n = write(fd, content.data(), content.size());
  const bool ok = n == ssize_t(content.size()) && fsync(fd) == 0;
  close(fd);
  if (!ok) {
    unlink(path.c_str());
    throw InputError("cannot write the lock '" + path + "'");
  }
  return true;
}

}  // namespace

std::string lock_path(const std::string& output) { return output + ".lock"; }

OutputLocks::OutputLocks(const std::vector<std::string>& outputs, const parallel::Comm& comm) {
  if (comm.is_root())
    content_ = "host=" + host_name() + "\npid=" + std::to_string(getpid()) +
               "\nslurm_job_id=" + env("SLURM_JOB_ID") + "\nstarted_utc=" + utc_now() + "\n";
  comm.root_decides([&] {
    try {
      for (const std::string& output : outputs) {
        check_output_directory(output);
        const std::string lock = lock_path(output);
        for (int attempt = 0;; ++attempt) {
          if (create_exclusive(lock, content_)) break;
          const std::string found = read_text(lock);
          const std::string why = stale_because(found);
          if (why.empty() || attempt > 0) {
            const std::string job = field(found, "slurm_job_id");
            throw InputError("output '" + output + "' is being written by another run (" +
                             lock + ": host " + field(found, "host") + ", pid " +
                             field(found, "pid") + (job.empty() ? "" : ", Slurm job " + job) +
                             ", since " + field(found, "started_utc") +
                             "); remove the lock only if that run is gone");
          }
          // Take it over: move the stale lock aside under a name of our own, and only if
          // it is still the one judged stale (another run may have taken it meanwhile).
          const std::string aside = lock + ".stale." + std::to_string(getpid());
          if (std::rename(lock.c_str(), aside.c_str()) != 0) continue;  // gone: try again
          if (read_text(aside) != found) {
            std::rename(aside.c_str(), lock.c_str());  // not the one we judged: give it back
            continue;
          }
          unlink(aside.c_str());
          std::printf("phaselearn: taking over the stale lock %s (%s)\n", lock.c_str(),
                      why.c_str());
        }
        held_.push_back(lock);
      }
    } catch (...) {
      release();
      throw;
    }
    return std::string();
  });
}

void OutputLocks::release() noexcept {
  for (const std::string& lock : held_)
    if (read_text(lock) == content_) unlink(lock.c_str());  // never another run's
  held_.clear();
}

OutputLocks::~OutputLocks() { release(); }

}  // namespace phaselearn::app
