// SPDX-License-Identifier: Apache-2.0
// File safety for the host tool, shared by every reader and writer (npy, fileio, the CLI).
// Header-only so that npy.o, fileio.o and the CLI share one state without a link dependency
// (the test and fuzz programs link npy.o alone, or with fileio.o).
//
// Inputs: open_input() opens a path only if it names a regular file. It stat()s first, so a
// FIFO is never opened (open(2) on a FIFO blocks until a writer appears) and a device is never
// read (/dev/zero would stream until memory runs out); the open itself is O_NONBLOCK and is
// checked again with fstat(). Every input's identity (device, inode) is noted.
//
// Outputs: resolve_output() follows symbolic links (an output written through a link replaces
// the file the link names, as the shell's `>` does) and refuses a destination that exists and
// is not a regular file (a directory, a FIFO, a device: `-o /dev/null` must never replace
// /dev/null), whose directory is missing, or whose name is longer than the file system allows.
// A transaction writes each output to a temporary file next to its destination (a name that
// fits NAME_MAX however long the destination's), fsyncs it, and renames everything into place
// only at commit(); until then no destination is touched, and the destructor removes the
// temporaries and any directory the transaction created. While the guard is enabled (the CLI),
// an output may not be one of the run's inputs (same device and inode: any spelling, hard or
// symbolic link) nor the same file as another output of the run (same canonical path, or same
// device and inode), so two options of one command can never overwrite each other.
//
// Signals: install_signal_cleanup() makes SIGINT, SIGTERM and SIGHUP remove every temporary
// file and created directory before the process dies of the signal, ignores SIGPIPE (a closed
// stdout is then a write error the CLI reports) and SIGXFSZ (a file-size limit is then EFBIG,
// an ordinary write error). Temporaries left by a process that was killed outright (SIGKILL,
// power loss) are removed by the next run that writes the same destination, once their process
// is gone and they are a minute old (the older naming, ".<name>.tmp<pid>-<n>", too).
#pragma once
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

static_assert(sizeof(off_t) >= 8,
              "io_guard.h needs a 64-bit off_t: define _FILE_OFFSET_BITS 64 before any include");

namespace io_guard {

/// Every problem: what() is one line, "<path>: <problem>".
struct error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct file_id {
  dev_t dev = 0;
  ino_t ino = 0;
  bool operator==(const file_id& o) const { return dev == o.dev && ino == o.ino; }
};

/// Off by default (library users such as the tests may replace what they read); the CLI
/// turns it on for the whole run.
inline bool& enabled() {
  static bool on = false;
  return on;
}

inline std::vector<file_id>& inputs() {
  static std::vector<file_id> ids;
  return ids;
}

/// Notes an open input file (by descriptor, so the identity is the file actually read).
inline void note_input(int fd) {
  struct stat st;
  if (::fstat(fd, &st) == 0) inputs().push_back({st.st_dev, st.st_ino});
}

inline std::string sys_error(int err) { return std::strerror(err); }

/// "a FIFO", "a character device", ... for a file that is not a regular file.
inline const char* kind_of(mode_t m) {
  if (S_ISDIR(m)) return "a directory";
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISSOCK(m)) return "a socket";
  if (S_ISLNK(m)) return "a symbolic link";
  return "a special file";
}

/// Opens `path` for reading if it is a regular file; returns the descriptor (O_CLOEXEC) and
/// its size. Throws "<path>: cannot open: <reason>" or "<path>: not a regular file (a FIFO)".
/// Notes the file as an input.
inline int open_input(const std::string& path, uint64_t* size) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) throw error(path + ": cannot open: " + sys_error(errno));
  if (!S_ISREG(st.st_mode))
    throw error(path + ": not a regular file (" + kind_of(st.st_mode) + ")");
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) throw error(path + ": cannot open: " + sys_error(errno));
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {  // replaced since the stat above
    const int err = errno;
    ::close(fd);
    throw error(path + ": " +
                (S_ISREG(st.st_mode)
                     ? "cannot stat: " + sys_error(err)
                     : std::string("not a regular file (") + kind_of(st.st_mode) + ")"));
  }
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) (void)::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  note_input(fd);
  *size = static_cast<uint64_t>(st.st_size);
  return fd;
}

// ---------------------------------------------------------------------------------------------
// Output destinations

/// A checked output: the file that will be replaced, and where its temporary goes.
struct destination {
  std::string given;  ///< as the caller spelled it (messages)
  std::string path;   ///< the file to replace: `given`, or what a symbolic link names
  std::string dir;    ///< path's directory ("." when it has none)
  std::string base;   ///< path's last component
  std::string key;    ///< canonical: realpath(dir) + "/" + base
  bool exists = false;
  file_id id;  ///< when it exists
};

/// Longest file name in `dir` (NAME_MAX unless the file system says otherwise).
inline size_t name_max(const std::string& dir) {
  const long n = ::pathconf(dir.c_str(), _PC_NAME_MAX);
  return n > 0 ? static_cast<size_t>(n) : size_t{NAME_MAX};
}

inline void split_path(const std::string& p, std::string* dir, std::string* base) {
  const size_t slash = p.rfind('/');
  *dir = slash == std::string::npos ? "." : slash == 0 ? "/" : p.substr(0, slash);
  *base = slash == std::string::npos ? p : p.substr(slash + 1);
}

/// Resolves and checks an output path (see the file comment). Throws error naming `given`.
inline destination resolve_output(const std::string& given) {
  destination d;
  d.given = given;
  const std::string who = given.empty() ? std::string("output") : given;
  if (given.empty() || given.back() == '/') throw error(who + ": not a file name");
  d.path = given;
  struct stat st;
  if (::lstat(given.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode)) {
      char* real = ::realpath(given.c_str(), nullptr);
      if (real == nullptr) {
        const int err = errno;
        if (err == ENOENT) throw error(given + ": is a symbolic link to a missing file");
        throw error(given + ": cannot follow the symbolic link: " + sys_error(err));
      }
      d.path = real;
      std::free(real);
      if (::stat(d.path.c_str(), &st) != 0)
        throw error(given + ": cannot follow the symbolic link: " + sys_error(errno));
    }
    d.exists = true;
    if (S_ISDIR(st.st_mode)) throw error(given + ": is a directory");
    if (!S_ISREG(st.st_mode))
      throw error(given + ": is " + kind_of(st.st_mode) +
                  "; outputs must be regular files (they are replaced by a new file)");
    d.id = {st.st_dev, st.st_ino};
  } else if (errno != ENOENT && errno != ENOTDIR && errno != ENAMETOOLONG) {
    throw error(given + ": cannot access: " + sys_error(errno));
  }
  split_path(d.path, &d.dir, &d.base);
  if (d.base.empty() || d.base == "." || d.base == "..") throw error(who + ": not a file name");
  struct stat ds;
  if (::stat(d.dir.c_str(), &ds) != 0)
    throw error(given + ": cannot create a file in '" + d.dir + "': " + sys_error(errno));
  if (!S_ISDIR(ds.st_mode))
    throw error(given + ": cannot create a file in '" + d.dir + "': " + sys_error(ENOTDIR));
  const size_t max = name_max(d.dir);
  if (d.base.size() > max)
    throw error(given + ": file name too long (" + std::to_string(d.base.size()) +
                " bytes; at most " + std::to_string(max) + " here)");
  char* real = ::realpath(d.dir.c_str(), nullptr);
  if (real == nullptr)
    throw error(given + ": cannot create a file in '" + d.dir + "': " + sys_error(errno));
  const std::string cdir = real;
  std::free(real);
  d.key = (cdir == "/" ? std::string() : cdir) + "/" + d.base;
  return d;
}

/// True if a and b would write the same file.
inline bool same_file(const destination& a, const destination& b) {
  return a.key == b.key || (a.exists && b.exists && a.id == b.id);
}

/// Outputs claimed so far by this run (while enabled).
inline std::vector<destination>& claimed() {
  static std::vector<destination> c;
  return c;
}

/// Throws unless `d` differs from the inputs (while enabled), from `others`, and from the
/// outputs this run has claimed (while enabled).
inline void check_distinct(const destination& d, const std::vector<const destination*>& others) {
  if (enabled() && d.exists)
    for (const file_id& f : inputs())
      if (f == d.id) throw error(d.given + ": is also an input; write the output to another file");
  auto clash = [&d](const destination& o) {
    if (!same_file(d, o)) return;
    if (o.given == d.given) throw error(d.given + ": given twice as an output");
    throw error(d.given + ": is the same file as " + o.given + " (given twice as an output)");
  };
  for (const destination* o : others) clash(*o);
  if (enabled())
    for (const destination& o : claimed()) clash(o);
}

// ---------------------------------------------------------------------------------------------
// Signal-time cleanup: fixed slots that a signal handler can read without allocating.

namespace detail {
constexpr int kSlots = 64;
constexpr size_t kSlotPath = 4352;  // PATH_MAX and a temporary suffix
struct slot {
  std::atomic<int> state{0};  // 0 free, 1 being filled, 2 active
  bool is_dir = false;
  char path[kSlotPath];
};
inline slot g_slots[kSlots];
}  // namespace detail

/// Registers a temporary file (or a created directory) for removal if a signal ends the
/// process. Returns the slot, or -1 (path too long for a slot: syscalls would refuse it too).
inline int track(const std::string& path, bool is_dir) {
  if (path.size() + 1 > detail::kSlotPath) return -1;
  for (int i = 0; i < detail::kSlots; ++i) {
    int expected = 0;
    detail::slot& s = detail::g_slots[i];
    if (!s.state.compare_exchange_strong(expected, 1)) continue;
    std::memcpy(s.path, path.c_str(), path.size() + 1);
    s.is_dir = is_dir;
    s.state.store(2);
    return i;
  }
  return -1;
}

inline void untrack(int i) {
  if (i >= 0) detail::g_slots[i].state.store(0);
}

/// Removes every tracked temporary, then every tracked directory (async-signal-safe).
inline void remove_tracked() {
  for (int pass = 0; pass < 2; ++pass)
    for (detail::slot& s : detail::g_slots)
      if (s.state.load() == 2 && s.is_dir == (pass == 1)) {
        if (pass == 0)
          (void)::unlink(s.path);
        else
          (void)::rmdir(s.path);
      }
}

namespace detail {
inline void on_signal(int sig) {
  const int saved = errno;
  remove_tracked();
  errno = saved;
  ::signal(sig, SIG_DFL);  // SA_RESETHAND did this already; belt and braces
  ::raise(sig);            // delivered when the handler returns: the process dies of `sig`
}
}  // namespace detail

/// The signals whose default action would leave temporaries behind.
inline const int* cleanup_signals(size_t* n) {
  static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
  *n = sizeof sigs / sizeof sigs[0];
  return sigs;
}

/// See the file comment. A signal the parent set to be ignored stays ignored (nohup, `&`).
inline void install_signal_cleanup() {
  size_t n = 0;
  const int* sigs = cleanup_signals(&n);
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = detail::on_signal;
  sa.sa_flags = SA_RESETHAND;
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < n; ++i) sigaddset(&sa.sa_mask, sigs[i]);
  for (size_t i = 0; i < n; ++i) {
    struct sigaction old;
    if (::sigaction(sigs[i], nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    (void)::sigaction(sigs[i], &sa, nullptr);
  }
  ::signal(SIGPIPE, SIG_IGN);
  ::signal(SIGXFSZ, SIG_IGN);
}

/// Blocks the cleanup signals in the calling thread while alive: worker threads start with it
/// held, so that a signal always runs its handler on the main thread.
class block_cleanup_signals {
 public:
  block_cleanup_signals() {
    sigset_t set;
    sigemptyset(&set);
    size_t n = 0;
    const int* sigs = cleanup_signals(&n);
    for (size_t i = 0; i < n; ++i) sigaddset(&set, sigs[i]);
    ok_ = ::pthread_sigmask(SIG_BLOCK, &set, &old_) == 0;
  }
  ~block_cleanup_signals() {
    if (ok_) ::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  block_cleanup_signals(const block_cleanup_signals&) = delete;
  block_cleanup_signals& operator=(const block_cleanup_signals&) = delete;

 private:
  sigset_t old_;
  bool ok_ = false;
};

// ---------------------------------------------------------------------------------------------
// Temporary files

/// ".<base>.attnkit-": the part of a temporary's name that depends on the destination only.
/// base is cut short so that the whole name (see temp_name) fits `max` bytes.
inline std::string temp_stem(const std::string& base, size_t max) {
  constexpr size_t kRest = 9 + 10 + 1 + 3 + 4;  // ".attnkit-", pid, '-', attempt, ".tmp"
  const size_t room = max > kRest + 1 ? max - kRest - 1 : 0;
  return "." + base.substr(0, room) + ".attnkit-";
}

/// ".<base>.attnkit-<pid>-<attempt>.tmp", at most `max` bytes.
inline std::string temp_name(const std::string& base, unsigned attempt, size_t max) {
  return temp_stem(base, max) + std::to_string(::getpid()) + "-" + std::to_string(attempt) + ".tmp";
}

/// Removes temporaries of our naming for `base` in `dir` whose process is gone and which are
/// at least `min_age` seconds old (a writer on another host of a shared file system keeps its
/// temporary's mtime fresh while it writes).
inline void remove_stale_temps(const std::string& dir, const std::string& base, size_t max,
                               time_t min_age = 60) {
  const std::string prefix = temp_stem(base, max);
  const std::string old_prefix = "." + base + ".tmp";  // earlier naming: .<base>.tmp<pid>-<n>
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return;
  const time_t now = std::time(nullptr);
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    std::string rest;  // "<pid>-<attempt>"
    if (name.size() > prefix.size() + 4 && name.compare(0, prefix.size(), prefix) == 0 &&
        name.compare(name.size() - 4, 4, ".tmp") == 0)
      rest = name.substr(prefix.size(), name.size() - prefix.size() - 4);
    else if (name.size() > old_prefix.size() && name.compare(0, old_prefix.size(), old_prefix) == 0)
      rest = name.substr(old_prefix.size());
    else
      continue;
    const size_t dash = rest.find('-');
    if (dash == 0 || dash == std::string::npos || dash > 10 ||
        rest.find_first_not_of("0123456789-") != std::string::npos ||
        rest.find('-', dash + 1) != std::string::npos)
      continue;
    const long pid = std::strtol(rest.substr(0, dash).c_str(), nullptr, 10);
    if (pid <= 0 || pid == static_cast<long>(::getpid())) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // still running
    struct stat st;
    if (::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
      continue;
    if (now - st.st_mtime < min_age) continue;
    (void)::unlinkat(::dirfd(d), e->d_name, 0);
  }
  ::closedir(d);
}

inline bool write_full(int fd, const char* p, size_t n) {
  while (n > 0) {
    const ssize_t r = ::write(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      if (r == 0) errno = EIO;
      return false;
    }
    p += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

/// One command's outputs, all or nothing as far as the OS allows (see the file comment).
class transaction {
 public:
  /// A piece of an output file's bytes.
  struct chunk {
    const void* data;
    size_t size;
  };

  transaction() = default;
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;
  ~transaction() { abort(); }

  /// Creates directory `path` unless it exists (then it must be a directory); a directory
  /// created here is removed again unless commit() succeeds. Call it after every other
  /// check, right before the add()s of the files it holds.
  void make_dir(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode)) throw error(path + ": exists and is not a directory");
      return;
    }
    if (::mkdir(path.c_str(), 0777) != 0) {
      if (errno == EEXIST && ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return;
      throw error(path + ": cannot create directory: " + sys_error(errno));
    }
    dirs_.push_back({path, track(path, true)});
  }

  /// Checks `given` (resolve_output, check_distinct), then writes `chunks` to a temporary
  /// file next to the destination and fsyncs it. The destination is untouched until commit().
  void add(const std::string& given, std::initializer_list<chunk> chunks) {
    member m;
    m.d = resolve_output(given);
    std::vector<const destination*> others;
    for (const member& o : members_) others.push_back(&o.d);
    check_distinct(m.d, others);
    if (enabled()) claimed().push_back(m.d);
    const size_t max = name_max(m.d.dir);
    remove_stale_temps(m.d.dir, m.d.base, max);
    const std::string prefix = m.d.dir == "/" ? "/" : m.d.dir + "/";
    int fd = -1;
    for (unsigned attempt = 0; fd < 0; ++attempt) {
      m.tmp = prefix + temp_name(m.d.base, attempt, max);
      m.slot = track(m.tmp, false);  // before the file exists: a signal may come any time
      fd = ::open(m.tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
      if (fd < 0) {
        const int err = errno;
        untrack(m.slot);
        if (err != EEXIST || attempt > 100)
          throw error(given + ": cannot create a file in '" + m.d.dir + "': " + sys_error(err));
      }
    }
    bool ok = true;
    for (const chunk& c : chunks)
      ok = ok && write_full(fd, static_cast<const char*>(c.data), c.size);
    ok = ok && ::fsync(fd) == 0;
    int err = errno;
    if (::close(fd) != 0 && ok) {
      ok = false;
      err = errno;
    }
    if (!ok) {
      ::unlink(m.tmp.c_str());
      untrack(m.slot);
      throw error(given + ": cannot write: " + sys_error(err));
    }
    members_.push_back(std::move(m));
  }

  /// Renames every temporary over its destination, then makes the renames durable.
  void commit() {
    for (member& m : members_) {
      if (m.renamed) continue;
      if (::rename(m.tmp.c_str(), m.d.path.c_str()) != 0)
        throw error(m.d.given + ": cannot replace: " + sys_error(errno));
      m.renamed = true;
      untrack(m.slot);
      const int d = ::open(m.d.dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (d >= 0) {
        (void)::fsync(d);
        ::close(d);
      }
    }
    for (auto& dir : dirs_) untrack(dir.second);
    dirs_.clear();
  }

 private:
  struct member {
    destination d;
    std::string tmp;
    int slot = -1;
    bool renamed = false;
  };
  void abort() {
    for (member& m : members_)
      if (!m.renamed) {
        ::unlink(m.tmp.c_str());
        untrack(m.slot);
      }
    for (auto it = dirs_.rbegin(); it != dirs_.rend(); ++it) {
      (void)::rmdir(it->first.c_str());  // only if empty: a partly committed set keeps its files
      untrack(it->second);
    }
    dirs_.clear();
  }
  std::vector<member> members_;
  std::vector<std::pair<std::string, int>> dirs_;
};

}  // namespace io_guard
