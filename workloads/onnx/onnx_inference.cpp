// SPDX-License-Identifier: Apache-2.0
// ONNX shape inference in a child process. The ONNX library's inference indexes and divides by
// what a malformed model says without checking it (a Conv weight of another rank than its input
// reads past the input's dims, a stride of 0 divides by zero); the checks before it
// (onnx_checks.cpp) bound every number, but a signal or an abort in the library cannot be caught,
// so it runs where it can only lose its own process. The parent gets the inferred shapes back.
#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <string>

#include "workloads/onnx/onnx_internal.hpp"

namespace axsim::workloads::onnx_detail {

namespace {

// Inference of a real model takes milliseconds; a child still running after this is stuck.
constexpr int kInferenceTimeoutMs = 20000;

/// Every value's declared or inferred type in `g` and its subgraphs, in the order the reader
/// reads them: inputs, value_info, outputs, then each node's subgraphs.
void flatten(const onnx::GraphProto& g, onnx::GraphProto& out) {
  for (const auto* list : {&g.input(), &g.value_info(), &g.output()})
    for (const onnx::ValueInfoProto& v : *list) *out.add_value_info() = v;
  for (const onnx::NodeProto& n : g.node())
    for (const onnx::AttributeProto& a : n.attribute()) {
      if (a.has_g()) flatten(a.g(), out);
      for (const onnx::GraphProto& sub : a.graphs()) flatten(sub, out);
    }
}

[[noreturn]] void child(onnx::ModelProto& model, int fd) {
  // A crash in the library ends only this process, by its signal, which the parent reads as
  // "no inferred shapes". The handlers inherited from the parent (a sanitizer's, a fuzzer's)
  // would report it as the parent's own crash.
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) std::signal(sig, SIG_DFL);
  std::string bytes;
  try {
    onnx::shape_inference::InferShapes(model);
    onnx::GraphProto shapes;
    flatten(model.graph(), shapes);
    bytes = shapes.SerializeAsString();
  } catch (...) {
    _exit(1);  // inference gave up: the parent keeps the declared shapes
  }
  for (std::size_t done = 0; done < bytes.size();) {
    const ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(1);
    done += std::size_t(n);
  }
  _exit(0);
}

/// What the child wrote until it closed the pipe, or false if it took too long.
bool read_all(int fd, std::string& out) {
  char buf[1 << 16];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    const int ready = poll(&p, 1, kInferenceTimeoutMs);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return true;
    out.append(buf, std::size_t(n));
  }
}

}  // namespace

bool infer_shapes_isolated(onnx::ModelProto& model, onnx::GraphProto& shapes) {
  // The operator schemas are registered on first use (about 20 ms): once here, so that every
  // child inherits them instead of registering them again.
  static const bool registered = onnx::OpSchemaRegistry::Schema("Conv") != nullptr;
  (void)registered;
  int fds[2];
  if (pipe(fds) != 0) return false;
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]), close(fds[1]);
    return false;
  }
  if (pid == 0) {
    close(fds[0]);
    child(model, fds[1]);
  }
  close(fds[1]);
  std::string bytes;
  const bool complete = read_all(fds[0], bytes);
  close(fds[0]);
  if (!complete) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!complete || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return false;
  return shapes.ParseFromString(bytes);
}

void declared_shapes(const onnx::ModelProto& model, onnx::GraphProto& shapes) {
  flatten(model.graph(), shapes);
}

}  // namespace axsim::workloads::onnx_detail
