// --out's file: written completely or not at all; devices and pipes written directly.
#include <hotdog/sim/text/output_file.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

using namespace hotdog::sim;
namespace fs = std::filesystem;

namespace {

// A fresh folder for one test, removed afterwards.
struct scratch {
  fs::path dir;
  scratch() {
    static int count = 0;
    dir = fs::temp_directory_path() /
          ("hotdog-output-file-test-" + std::to_string(::getpid()) + "-" + std::to_string(++count));
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

TEST_CASE("a regular file is replaced by commit, and only then", "[output_file]") {
  scratch s;
  const fs::path target = s.dir / "trace.txt";
  write(target, "old\n");
  {
    output_file f(target.string());
    REQUIRE(f.error().empty());
    CHECK_FALSE(f.direct());
    CHECK(f.path() == target.string());
    f.stream() << "new\n";
    f.stream().flush();
    // Meanwhile a reader sees the old file whole; the new one waits beside it.
    CHECK(read(target) == "old\n");
    const auto during = s.names();
    REQUIRE(during.size() == 2);
    CHECK(starts_with(during[1], "trace.txt.tmp."));
    CHECK(f.commit() == std::nullopt);
  }
  CHECK(read(target) == "new\n");
  CHECK(s.names() == std::vector<std::string>{"trace.txt"});
}

TEST_CASE("without commit the target is left as it was", "[output_file]") {
  scratch s;
  const fs::path target = s.dir / "trace.txt";
  write(target, "old\n");
  {
    output_file f(target.string());
    REQUIRE(f.error().empty());
    f.stream() << "half a tra";
  }
  CHECK(read(target) == "old\n");
  CHECK(s.names() == std::vector<std::string>{"trace.txt"});

  // A file that did not exist is not created.
  {
    output_file f((s.dir / "new.txt").string());
    f.stream() << "half";
  }
  CHECK(s.names() == std::vector<std::string>{"trace.txt"});
}

TEST_CASE("a file that did not exist appears whole on commit", "[output_file]") {
  scratch s;
  const fs::path target = s.dir / "new.jsonl";
  output_file f(target.string());
  REQUIRE(f.error().empty());
  CHECK_FALSE(f.direct());
  f.stream() << "{\"seq\":1}\n";
  CHECK_FALSE(fs::exists(target));
  CHECK(f.commit() == std::nullopt);
  CHECK(read(target) == "{\"seq\":1}\n");
}

TEST_CASE("/dev/null is written to, never replaced", "[output_file]") {
  const std::string tmp = "/dev/null.tmp." + std::to_string(::getpid());
  {
    output_file f("/dev/null");
    REQUIRE(f.error().empty());
    CHECK(f.direct());
    f.stream() << "discarded\n";
    CHECK_FALSE(fs::exists(tmp));
    CHECK(f.commit() == std::nullopt);
  }
  CHECK(fs::is_character_file("/dev/null"));
  CHECK_FALSE(fs::exists(tmp));
}

TEST_CASE("a FIFO is written to, never replaced", "[output_file]") {
  scratch s;
  const fs::path fifo = s.dir / "trace.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string got;
  std::thread reader([&] { got = read(fifo); });
  {
    output_file f(fifo.string());  // waits for the reader
    REQUIRE(f.error().empty());
    CHECK(f.direct());
    f.stream() << "line 1\nline 2\n";
    CHECK(f.commit() == std::nullopt);
  }
  reader.join();
  CHECK(got == "line 1\nline 2\n");
  CHECK(fs::is_fifo(fifo));
  CHECK(s.names() == std::vector<std::string>{"trace.fifo"});
}

TEST_CASE("a file that cannot be opened says why, and nothing is created", "[output_file]") {
  scratch s;
  const fs::path target = s.dir / "no-such-dir" / "t.txt";
  output_file f(target.string());
  CHECK(f.error() == "cannot write " + target.string() + ": No such file or directory");
  CHECK(f.commit() == f.error());
  CHECK(s.names().empty());
}

TEST_CASE("a failed rename leaves the target as it was and no temporary file", "[output_file]") {
  scratch s;
  const fs::path target = s.dir / "trace.txt";
  output_file f(target.string());
  REQUIRE(f.error().empty());
  f.stream() << "trace\n";
  // Something else takes the name meanwhile: a folder that is not empty cannot be replaced.
  fs::create_directories(target / "inside");
  CHECK(f.commit().value_or("").rfind("cannot write " + target.string() + ": ", 0) == 0);
  CHECK(fs::is_directory(target / "inside"));
  CHECK(s.names() == std::vector<std::string>{"trace.txt"});
}
