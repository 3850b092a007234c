// SPDX-License-Identifier: Apache-2.0
#include "workloads/cpu/xz_file.hpp"

#include <fmt/format.h>
#include <lzma.h>

#include <cstdio>
#include <filesystem>
#include <vector>

#include "sim/error.hpp"

namespace axsim::workloads::cpu {

struct XzFileWriter::Impl {
  std::string path, tmp;
  std::FILE* file = nullptr;
  lzma_stream xz = LZMA_STREAM_INIT;
  std::vector<std::uint8_t> pending, out = std::vector<std::uint8_t>(1 << 16);
  bool finished = false;

  void compress(lzma_action action) {
    xz.next_in = pending.data(), xz.avail_in = pending.size();
    for (;;) {
      xz.next_out = out.data(), xz.avail_out = out.size();
      const lzma_ret r = lzma_code(&xz, action);
      const std::size_t n = out.size() - xz.avail_out;
      if (n && std::fwrite(out.data(), 1, n, file) != n)
        throw sim::ConfigError(tmp + ": cannot write");
      if (r == LZMA_STREAM_END) break;
      if (r != LZMA_OK)
        throw sim::ConfigError(
            fmt::format("{}: xz compression failed (liblzma error {})", path, int(r)));
      if (action == LZMA_RUN && xz.avail_in == 0) break;
    }
    pending.clear();
  }
};

XzFileWriter::XzFileWriter(const std::string& path, std::uint32_t preset)
    : impl_(std::make_unique<Impl>()) {
  impl_->path = path, impl_->tmp = path + ".tmp";
  impl_->file = std::fopen(impl_->tmp.c_str(), "wb");
  if (!impl_->file) throw sim::ConfigError(impl_->tmp + ": cannot create");
  if (lzma_easy_encoder(&impl_->xz, preset, LZMA_CHECK_CRC64) != LZMA_OK)
    throw sim::ConfigError(path + ": cannot start the xz encoder");
}

XzFileWriter::~XzFileWriter() {
  lzma_end(&impl_->xz);
  if (impl_->file) std::fclose(impl_->file);
  if (!impl_->finished) std::remove(impl_->tmp.c_str());
}

void XzFileWriter::write(std::span<const std::uint8_t> bytes) {
  impl_->pending.insert(impl_->pending.end(), bytes.begin(), bytes.end());
  if (impl_->pending.size() >= (1u << 20)) impl_->compress(LZMA_RUN);
}

void XzFileWriter::finish() {
  Impl& m = *impl_;
  m.compress(LZMA_FINISH);
  const bool closed = std::fclose(m.file) == 0;
  m.file = nullptr;
  if (!closed) throw sim::ConfigError(m.tmp + ": cannot write");
  std::error_code ec;
  std::filesystem::rename(m.tmp, m.path, ec);
  if (ec) throw sim::ConfigError(m.path + ": cannot move into place: " + ec.message());
  m.finished = true;
}

}  // namespace axsim::workloads::cpu
