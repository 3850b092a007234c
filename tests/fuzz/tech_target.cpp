// SPDX-License-Identifier: Apache-2.0
// Tech-table fuzz entry points: a node file through TechTable::load (its base node and SRAM table
// resolved from the scratch folder's link to configs/tech) and every pricing function; an SRAM
// table through SramTable::parse and lookups across and beyond its grid.
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "sim/energy.hpp"
#include "sim/error.hpp"
#include "sim/sram_table.hpp"
#include "tests/fuzz/fuzz_targets.hpp"

namespace axsim::fuzz {
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (s.empty()) throw std::runtime_error("missing seed " + p.string());
  return s;
}

/// `text` with every `from` replaced by `to`.
std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at))
    text.replace(at, from.size(), to), at += to.size();
  return text;
}

/// Calls `fn`; a ConfigError (a size the table cannot price) is a documented refusal.
template <class Fn>
void priced_or_refused(Fn fn) {
  try {
    fn();
  } catch (const sim::ConfigError&) {
  }
}

void price_everything(const sim::TechTable& t) {
  for (std::uint64_t bytes : {16ULL, 64ULL, 1000ULL, 65536ULL, 1ULL << 22})
    for (std::uint32_t bits : {8u, 24u, 64u, 700u, 4096u})
      for (bool dual : {false, true}) priced_or_refused([&] { (void)t.sram(bytes, bits, dual); });
  priced_or_refused([&] { (void)t.register_file(8, 32); });
  for (const char* op : {"int_add", "int_mult", "fp_add", "fp_mult"})
    for (std::uint32_t bits : {1u, 8u, 16u, 24u, 64u})
      priced_or_refused([&] { (void)t.logic(op, bits); });
  priced_or_refused([&] { (void)t.wire_pj(24, 0.5); });
}

}  // namespace

Outcome fuzz_tech_bytes(const std::uint8_t* data, std::size_t size) {
  const fs::path path = fs::path(scratch_dir()) / "fuzz_tech.json";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  Outcome o;
  try {
    price_everything(sim::TechTable::load(path.string()));
    o.accepted = true;
  } catch (const sim::ConfigError& e) {
    o.error = e.what();
  }
  return o;
}

Outcome fuzz_sram_table_bytes(const std::uint8_t* data, std::size_t size) {
  Outcome o;
  try {
    const sim::SramTable t =
        sim::SramTable::parse(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json");
    for (const char* flavor : {"lstp", "lstp-lop", "lop", "hp"})
      for (const char* ports : {"1rw", "1r1w"})
        for (double words : {1.0, 32.0, 45.3, 1e3, 1e6, 1e9})
          for (double bits : {4.0, 8.0, 24.0, 512.0, 1e4}) {
            std::string why;
            (void)t.lookup(flavor, ports, words, bits, &why);
          }
    o.accepted = true;
  } catch (const sim::ConfigError& e) {
    o.error = e.what();
  }
  return o;
}

std::vector<std::string> seed_tech_tables() {
  const fs::path tech = fs::path(AXSIM_SOURCE_DIR) / "configs" / "tech";
  std::vector<std::string> out;
  // As written in the scratch folder, beside its link "tech" to configs/tech.
  for (const char* node : {"45nm.json", "16nm.json", "14nm.json"})
    out.push_back(replace_all(replace_all(read_file(tech / node), "\"sram/", "\"tech/sram/"),
                              "\"file\": \"45nm.json\"", "\"file\": \"tech/45nm.json\""));
  return out;
}

std::vector<std::string> seed_sram_tables() {
  return {read_file(fs::path(AXSIM_SOURCE_DIR) / "tests" / "fuzz" / "corpus" / "sram_table" /
                    "small.json")};
}

}  // namespace axsim::fuzz
