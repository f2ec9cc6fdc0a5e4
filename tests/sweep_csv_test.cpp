#include "hotdog/sim/sweep/csv.hpp"

#include "hotdog/sim/sweep/sweep_writer.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace hotdog::sim;

TEST_CASE("csv fields are RFC 4180", "[sweep]") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("") == "");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_field("cr\r") == "\"cr\r\"");
  CHECK(csv_field("back\\slash") == "back\\slash");  // no backslash escaping
}

TEST_CASE("csv column names say ms for times", "[sweep]") {
  for (const char* t :
       {"t", "wait_mean", "wait_p95", "waits.all.mean", "waits.served.max", "machines.m1.wait_mean",
        "machines.m1.sold_out", "processes.chef.parked", "processes.chef.blocked"})
    CHECK(csv_column(t) == std::string(t) + "_ms");
  for (const char* n :
       {"served", "waits.all.n", "machines.m1.utilization", "machines.m1.queue_max",
        "channels.wait.puts", "channels.m1.in.max_waiting_puts", "machines.t.served"})
    CHECK(csv_column(n) == n);
}

TEST_CASE("runs-csv writes a row per line, fields in the first run's columns", "[sweep]") {
  std::ostringstream out;
  auto w = make_sweep_writer("runs-csv", "t", out);
  CHECK_FALSE(w->add(
      R"({"point":{"a.b":"x,y"},"seed":1,"summary":{"served":2,"end":"done","t":5,"balanced":true,"waits":{"all":{"mean":1.5}}},"expected":true,"run":0})"));
  CHECK_FALSE(w->add(
      R"({"point":{"a.b":"z"},"seed":2,"summary":{"served":3,"end":"limit","t":7,"balanced":false},"expected":false,"run":1})"));
  CHECK(w->add(R"({"point":{"a.b":"z"},"seed":3,"summary":{"other":1},"run":2})").has_value());
  CHECK(w->add("[[[[").has_value());
  w->finish();
  CHECK(out.str() ==
        "a.b,seed,end,served,t_ms,balanced,waits.all.mean_ms,expected\n"
        "\"x,y\",1,done,2,5,1,1.5,1\n"
        "z,2,limit,3,7,0,,0\n");
}

TEST_CASE("a line nested deeper than a sweep writes is refused, not walked", "[sweep]") {
  std::ostringstream out;
  auto w = make_sweep_writer("csv", "t", out);
  const std::string deep = "{\"point\":" + std::string(100000, '[') + std::string(100000, ']') +
                           ",\"seed\":1,\"summary\":{},\"run\":0}";
  const auto error = w->add(deep);
  REQUIRE(error.has_value());
  CHECK(error->find("not a line of hotdog sweep's JSONL") == 0);
}

TEST_CASE("runs-csv: a field given as text keeps its column, whichever run comes first",
          "[sweep]") {
  const std::string text =
      R"({"point":{"m.stock":"unlimited"},"seed":1,"summary":{"sold":3,"stock_left":"unlimited","end":"done","t":9},"expected":true,"run":0})";
  const std::string number =
      R"({"point":{"m.stock":5},"seed":1,"summary":{"sold":3,"stock_left":2,"end":"done","t":9},"expected":true,"run":1})";
  const std::string header = "m.stock,seed,end,sold,stock_left,t_ms,expected\n";
  // The runs-csv a sweep writes of these lines, in this order.
  const auto csv_of = [](std::initializer_list<std::string> lines) {
    std::ostringstream out;
    auto w = make_sweep_writer("runs-csv", "t", out);
    for (const auto& line : lines) CHECK_FALSE(w->add(line));
    w->finish();
    return out.str();
  };
  SECTION("text first") {
    CHECK(csv_of({text, number}) == header + "unlimited,1,done,3,,9,1\n5,1,done,3,2,9,1\n");
  }
  SECTION("number first") {
    CHECK(csv_of({number, text}) == header + "5,1,done,3,2,9,1\nunlimited,1,done,3,,9,1\n");
  }
  SECTION("text in every run") { CHECK(csv_of({text}) == header + "unlimited,1,done,3,,9,1\n"); }
}

TEST_CASE("a line with a NUL byte is not a sweep's line", "[sweep]") {
  // nlohmann_json reads a NUL as the end of its input: "{...}\0junk" must not pass for "{...}".
  const std::string line =
      R"({"point":{},"seed":1,"summary":{"sold":3,"end":"done"},"expected":true,"run":0})";
  for (const char* format : {"runs-csv", "csv", "text", "html"}) {
    std::ostringstream out;
    auto w = make_sweep_writer(format, "t", out);
    for (const std::string& bad : {line + std::string(1, '\0'), line + std::string("\0junk", 5)}) {
      const auto error = w->add(bad);
      REQUIRE(error.has_value());
      CHECK(error->find("not a line of hotdog sweep's JSONL") == 0);
    }
    CHECK_FALSE(w->add(line));
  }
}
