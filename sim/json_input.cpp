// SPDX-License-Identifier: Apache-2.0
#include "sim/json_input.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <vector>

#include "sim/error.hpp"

namespace axsim::sim {

namespace {

// A key as a JSON pointer token (RFC 6901): '~' -> "~0", '/' -> "~1".
std::string pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

// Thrown from the parser callback to stop a parse; caught below and turned into a message.
struct Refused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Tracks where the parser is (one frame per open object or array) to name JSON pointers, refuse
// duplicate keys and cap the depth. Containers at most kMaxJsonDepth deep ever exist.
class Walker {
 public:
  void start(bool object) {
    if (frames_.size() >= static_cast<std::size_t>(kMaxJsonDepth))
      throw Refused(pointer() + ": nesting deeper than " + std::to_string(kMaxJsonDepth) +
                    " levels (the limit for JSON inputs)");
    frames_.push_back({object, {}, {}, 0});
  }
  void key(const std::string& k) {
    Frame& f = frames_.back();
    f.key = k;
    if (!f.keys.insert(k).second)
      throw Refused(pointer() + ": duplicate key \"" + k + "\" (each key may appear once)");
  }
  void end() {
    frames_.pop_back();
    value();
  }
  void value() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
  }
  std::string pointer() const {
    std::string p;
    for (const Frame& f : frames_) {
      p.push_back('/');
      p.append(f.object ? pointer_token(f.key) : std::to_string(f.index));
    }
    return p.empty() ? "/" : p;
  }

 private:
  struct Frame {
    bool object;
    std::set<std::string> keys;
    std::string key;
    std::size_t index;
  };
  std::vector<Frame> frames_;
};

}  // namespace

bool valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    // Sequence length and the range of the second byte (RFC 3629 table).
    int len = 0;
    unsigned char lo = 0x80, hi = 0xbf;
    if (c < 0x80)
      len = 1;
    else if (c >= 0xc2 && c <= 0xdf)
      len = 2;
    else if (c >= 0xe0 && c <= 0xef)
      len = 3, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
    else if (c >= 0xf0 && c <= 0xf4)
      len = 4, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
    else
      return false;
    if (text.size() - i < std::size_t(len)) return false;
    for (int k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(text[i + std::size_t(k)]);
      if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xbf)) return false;
    }
    i += std::size_t(len);
  }
  return true;
}

std::string json_error_text(const std::string& what) {
  // nlohmann's messages start with "[json.exception.parse_error.101] ".
  const auto close = what.find("] ");
  return what.rfind("[json.exception.", 0) == 0 && close != std::string::npos
             ? what.substr(close + 2)
             : what;
}

namespace {

template <class Json>
std::string parse_into(std::string_view text, const std::string& source, Json& out) {
  if (text.size() > kMaxJsonBytes)
    return source + ": JSON text of " + std::to_string(text.size()) +
           " bytes, above the limit of " + std::to_string(kMaxJsonBytes) + " bytes";
  Walker walker;
  auto callback = [&walker](int /*depth*/, nlohmann::json::parse_event_t event, Json& parsed) {
    using E = nlohmann::json::parse_event_t;
    switch (event) {
      case E::object_start:
        walker.start(true);
        break;
      case E::array_start:
        walker.start(false);
        break;
      case E::key:
        walker.key(parsed.template get<std::string>());
        break;
      case E::object_end:
      case E::array_end:
        walker.end();
        break;
      case E::value:
        walker.value();
        break;
    }
    return true;
  };
  try {
    out = Json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/true,
                      /*ignore_comments=*/false);
  } catch (const Refused& e) {
    out = Json();
    return source + ": " + e.what();
  } catch (const nlohmann::json::parse_error& e) {
    out = Json();
    return source + ": invalid JSON at byte " + std::to_string(e.byte) + ": " +
           json_error_text(e.what());
  } catch (const nlohmann::json::exception& e) {
    out = Json();
    return source + ": invalid JSON at " + walker.pointer() + ": " + json_error_text(e.what());
  }
  return "";
}

}  // namespace

std::string parse_json(std::string_view text, const std::string& source, nlohmann::json& out) {
  return parse_into(text, source, out);
}

std::string parse_json(std::string_view text, const std::string& source,
                       nlohmann::ordered_json& out) {
  return parse_into(text, source, out);
}

nlohmann::json parse_config_json(std::string_view text, const std::string& source) {
  nlohmann::json out;
  const std::string error = parse_json(text, source, out);
  if (!error.empty()) throw ConfigError(error);
  return out;
}

std::string read_json_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw ConfigError(path + ": is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path + ": cannot open file");
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxJsonBytes)
      throw ConfigError(path + ": file larger than the limit of " + std::to_string(kMaxJsonBytes) +
                        " bytes for JSON inputs");
  }
  if (in.bad()) throw ConfigError(path + ": cannot read file");
  return text;
}

}  // namespace axsim::sim
