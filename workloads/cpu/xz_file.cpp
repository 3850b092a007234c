// SPDX-License-Identifier: Apache-2.0
#include "workloads/cpu/xz_file.hpp"

#include <fmt/format.h>
#include <lzma.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
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

struct XzDecoder::Impl {
  lzma_stream xz = LZMA_STREAM_INIT;
  bool ended = false;
};

XzDecoder::XzDecoder(std::span<const std::uint8_t> in) : impl_(std::make_unique<Impl>()) {
  constexpr std::uint64_t kMemoryLimitBytes = 256ull << 20;
  if (lzma_stream_decoder(&impl_->xz, kMemoryLimitBytes, 0) != LZMA_OK)
    throw std::runtime_error("cannot start the xz decoder");
  impl_->xz.next_in = in.data(), impl_->xz.avail_in = in.size();
}

XzDecoder::~XzDecoder() { lzma_end(&impl_->xz); }

std::size_t XzDecoder::decode(std::span<std::uint8_t> out) {
  lzma_stream& xz = impl_->xz;
  std::size_t n = 0;
  while (n == 0 && !impl_->ended) {
    xz.next_out = out.data(), xz.avail_out = out.size();
    const lzma_ret r = lzma_code(&xz, LZMA_FINISH);
    n = out.size() - xz.avail_out;
    if (r == LZMA_STREAM_END) {
      if (xz.avail_in != 0) throw std::runtime_error("bytes after the end of the xz stream");
      impl_->ended = true;
    } else if (r == LZMA_MEMLIMIT_ERROR) {
      throw std::runtime_error("the xz stream needs more than 256 MiB to decompress");
    } else if (r == LZMA_FORMAT_ERROR) {
      throw std::runtime_error("not an xz stream");
    } else if (r != LZMA_OK && r != LZMA_BUF_ERROR) {
      throw std::runtime_error(fmt::format("damaged xz stream (liblzma error {})", int(r)));
    } else if (r == LZMA_BUF_ERROR && n == 0) {
      throw std::runtime_error("the xz stream ends early");
    }
  }
  return n;
}

}  // namespace axsim::workloads::cpu
