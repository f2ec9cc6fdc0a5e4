#include <hotdog/sim/analysis/explainer.hpp>

#include <hotdog/sim/events/payloads.hpp>

#include "event_script.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

using namespace hotdog;
using namespace hotdog::sim;
using hotdog::test::event_script;

namespace {

// The explanation of each event in turn, "-" for none, from one explainer.
std::vector<std::string> explain_all(const event_script& s) {
  explainer x;
  std::vector<std::string> out;
  for (const auto& e : s.events()) out.push_back(x.explain(e).value_or("-"));
  return out;
}

}  // namespace

TEST_CASE("a park says why the process waits / the event that ends it says why it wakes",
          "[explainer]") {
  event_script s;
  s.park("t", wait_op::take, "c");
  s.block("p", wait_op::put, "c");
  s.put("p", "c", "v");
  s.take("t", "c", "v");
  s.park("t", wait_op::take, "c");
  s.take("t", "c");  // nil: closed
  CHECK(explain_all(s) ==
        std::vector<std::string>{
            "t parks (its go block gives its thread back): there is nothing to take from c yet",
            "p blocks its thread: nobody is taking from c yet, and it has no room",
            "a taker came to c and gets the value (its take follows): p's put completes with "
            "true and p wakes",
            "t wakes: a value arrived on c",
            "t parks (its go block gives its thread back): there is nothing to take from c yet",
            "t wakes: c is closed and drained, so the take gives null",
        });
}

TEST_CASE("an operation that did not wait says where its value went or came from", "[explainer]") {
  event_script s;
  s.put("p", "c", "v");         // into the buffer
  s.take("p", "c", "v");        // out of it
  s.put("p", "c", "v", false);  // closed
  s.take("p", "c");             // closed and drained
  s.start("p");
  s.log("p", "hello");
  s.exit("p");
  s.end("done");
  CHECK(explain_all(s) ==
        std::vector<std::string>{
            "c has room in its buffer, so the value waits there and the put completes at once "
            "with true",
            "p takes at once: a value was waiting in c's buffer",
            "c is closed, so the put returns false and the value is not delivered",
            "c is closed and drained, so the take gives null",
            "-",
            "-",
            "-",
            "-",
        });
}

TEST_CASE("a rendezvous names both sides, and a close names the puts it does not release",
          "[explainer]") {
  SECTION("a put meets a waiting taker") {
    event_script s;
    s.park("printer", wait_op::take, "echo");
    s.put("repl", "echo", "ketchup");
    s.take("printer", "echo", "ketchup");
    CHECK(explain_all(s)[1] ==
          "printer was waiting to take from echo, so the value goes straight to it (a "
          "rendezvous) and the put completes at once with true");
  }
  SECTION("a take meets a waiting put: the put is reported first, the take next") {
    event_script s;
    s.block("repl", wait_op::put, "in");
    s.put("repl", "in", "3");
    s.take("machine", "in", "3");
    const auto x = explain_all(s);
    CHECK(x[1] ==
          "a taker came to in and gets the value (its take follows): repl's put completes with "
          "true and repl wakes");
    CHECK(x[2] ==
          "machine takes at once the value repl was waiting to put on in (the put just "
          "before)");
  }
  SECTION("a take from a full buffer lets the waiting put in") {
    event_script s;
    s.park("p", wait_op::put, "c");
    s.take("t", "c", "old");
    s.put("p", "c", "new");
    CHECK(explain_all(s)[2] ==
          "the take just before made room in the buffer of c, so the value goes in: p's put "
          "completes with true and p wakes");
  }
  SECTION("on an unbuffered channel the take just before took the value: no buffer") {
    scenario sc;
    sc.channels.resize(1);
    sc.channels[0].name = "c";  // unbuffered
    explainer x;
    x.know(sc);
    event_script s;
    s.park("p", wait_op::put, "c");
    s.take("t", "c", "v");
    s.put("p", "c", "v");
    std::vector<std::string> out;
    for (const auto& e : s.events()) out.push_back(x.explain(e).value_or("-"));
    CHECK(out[2] ==
          "the take just before took this value from c: p's put completes with true and p wakes");
  }
  SECTION("close with a put waiting and a taker waiting") {
    event_script s;
    s.block("repl", wait_op::put, "in");
    s.park("t", wait_op::take, "out");
    s.close("machine", "in");
    s.close("machine", "out");
    const auto x = explain_all(s);
    CHECK(x[2] ==
          "in is closed: the waiting put of repl stays waiting, since close does not release a "
          "put already waiting: it is taken later, or never; values in it can still be taken, "
          "later puts return false");
    CHECK(x[3] ==
          "out is closed: t, waiting to take, gets null; values in it can still be taken, later "
          "puts return false");
  }
}

TEST_CASE("an alts that waited names the arms it withdrew", "[explainer]") {
  SECTION("a channel wins over two others") {
    event_script s;
    s.park_alts("x", {"a", "b", "timeout"});
    s.alts("x", "b", wait_op::take, "v");
    CHECK(explain_all(s) ==
          std::vector<std::string>{
              "x parks (its go block gives its thread back): none of a, b and timeout is "
              "ready, so alts waits for the first that is",
              "b was ready first, so alts took it, so its operations on a and timeout are "
              "withdrawn",
          });
  }
  SECTION("the timeout wins over one other, with the thread blocked") {
    event_script s;
    s.park_alts("x", {"in", "timeout"}, event_kind::block);
    s.alts("x", "timeout", wait_op::take, std::nullopt);
    CHECK(explain_all(s) ==
          std::vector<std::string>{
              "x blocks its thread: none of in and timeout is ready, so alts waits for the "
              "first that is",
              "the timeout won the alts, so its operation on in is withdrawn",
          });
  }
  SECTION("a channel named twice loses one of its arms") {
    event_script s;
    s.park_alts("x", {"c", "c"});
    s.alts("x", "c", wait_op::put, std::nullopt, true);
    CHECK(explain_all(s)[1] ==
          "c was ready first, so alts took it, so its operation on c is "
          "withdrawn");
  }
  SECTION("an alts that did not wait withdraws nothing; a default is its own case") {
    event_script s;
    s.alts("x", "a", wait_op::take, "v");
    s.alts("x", "default", wait_op::none, "d");
    CHECK(explain_all(s) == std::vector<std::string>{
                                "a was ready first, so alts took it",
                                "nothing was ready, so alts returns its default at once",
                            });
  }
}

TEST_CASE("offer!, poll!, close, discards, sleeps and errors", "[explainer]") {
  event_script s;
  s.offer("p", "c", "v", std::nullopt);
  s.offer("p", "c", "v", false);
  s.offer("p", "c", "v", true);
  s.poll("p", "c");
  s.poll("p", "c", "v");
  s.close("p", "c");
  s.drop("c", "new");
  s.slide("c", "old");
  s.sleep("p", 250);
  s.error("p", "boom");
  CHECK(explain_all(s) ==
        std::vector<std::string>{
            "offer! would have had to wait, so it gives up and returns null",
            "c is closed, so offer! returns false",
            "offer! could put at once, so it returns true",
            "nothing could be taken from c at once, so poll! returns null",
            "poll! found a value at once",
            "c is closed: values in it can still be taken, later puts return false",
            "the buffer of c is full, so the dropping buffer discards \"new\", the new value",
            "the buffer of c is full, so the sliding buffer drops \"old\", its oldest value",
            "p waits 250 ms of virtual time (a timeout channel)",
            "a failing process is never silent here: the run stops (core.async would only print "
            "it)",
        });
}

TEST_CASE("a deadlock is explained from its report, one clause per waiting process",
          "[explainer]") {
  event_script s;
  deadlock_report r;
  r.waiting.push_back({"a", wait_op::take, {"c"}});
  r.waiting.push_back({"b", wait_op::put, {"d"}});
  r.waiting.push_back({"x", wait_op::alts, {"e", "f", "g"}});
  s.deadlock(r);
  s.deadlock({});
  CHECK(explain_all(s) ==
        std::vector<std::string>{
            "nothing can run and no timer is pending, so nobody will ever wake: a waits to take "
            "on c, and no process left puts to it; b waits to put on d, and no process left "
            "takes from it; x waits to alts on e, f and g, and no process left serves it",
            "nothing can run and no timer is pending, so nobody will ever wake: ",
        });
}

TEST_CASE("the simulation's own events that need a word", "[explainer]") {
  event_script s;
  s.payload("m", sold_out_event{0, sold_out_action::close});
  s.payload("m", sold_out_event{0, sold_out_action::wait_for_chef});
  s.payload("c", leave_event{leave_reason::impatient, 500, 0});
  s.payload("c", leave_event{leave_reason::served, 5, 0});
  s.payload("m", stock_event{0, 5, 3});
  CHECK(explain_all(s) ==
        std::vector<std::string>{
            "out of hot dogs, the machine closes its in channel (the book's v2)",
            "out of hot dogs: the machine takes no payment until the chef restocks",
            "the customer's timeout won the alts, so the payment was withdrawn and no money "
            "was lost",
            "-",
            "-",
        });
}

TEST_CASE("a deadlock among some names whom each waits for, self-waits and the cycle",
          "[explainer]") {
  event_script s;
  deadlock_report r;
  r.waiting.push_back({"ann", wait_op::take, {"tongs2"}});
  r.waiting.push_back({"bob", wait_op::put, {"tongs1"}});
  r.waiting.push_back({"cy", wait_op::alts, {"a", "b"}});
  r.waiting.push_back({"dee", wait_op::put, {"d"}});
  r.waits_for = {{{"bob"}, false}, {{"ann"}, false}, {{"ann", "bob"}, false}, {{}, true}};
  r.cycle = {"ann", "bob", "ann"};
  r.others_run = true;
  s.deadlock(r);
  CHECK(explain_all(s) ==
        std::vector<std::string>{
            "others still run, but these processes can never go on: no timer can wake them and "
            "no process that can still run would release them: ann waits for tongs2, which only "
            "bob puts to; bob waits for tongs1, which only ann takes from; cy waits for a and b, "
            "which only ann and bob act on (of these); dee waits to put on d, which only dee "
            "itself takes from later: it waits on itself; they wait on each other in a cycle "
            "(ann -> bob -> ann)",
        });
  CHECK(describe_cycle(r) ==
        "ann waits for tongs2, which only bob puts to; bob waits for tongs1, which only ann takes "
        "from");
}

TEST_CASE("a mult's or pub's park on its deliveries says whom it waits for, and with what",
          "[explainer]") {
  scenario sc;
  sc.processes.resize(3);
  sc.processes[0].name = "news";
  sc.processes[0].body = mult_spec{};
  sc.processes[1].name = "router";
  sc.processes[1].body = pub_spec{};
  sc.processes[2].name = "reader";  // a script
  explainer x;
  x.know(sc);
  event_script s;
  const auto tagged = [](event& e, std::uint32_t tag) -> event& {
    e.proc_tag = tag;
    return e;
  };
  tagged(s.take("news", "batches", "3"), 1);
  tagged(s.park_alts("news", {"t1", "t2"}), 1).put_arms = 0b11;
  tagged(s.alts("news", "t1", wait_op::put, std::nullopt, true), 1);
  tagged(s.park("news", wait_op::put, "t2"), 1);
  tagged(s.park("news", wait_op::take, "batches"), 1);  // waiting for a value: said as usual
  tagged(s.take("router", "orders", "drink"), 2);
  tagged(s.park("router", wait_op::put, "fridge"), 2);
  tagged(s.park_alts("reader", {"a", "b"}), 3).put_arms = 0b11;  // not a combinator
  std::vector<std::string> got;
  for (const auto& e : s.events()) got.push_back(x.explain(e).value_or("-"));
  const std::string parks = " parks (its go block gives its thread back): ";
  CHECK(got[1] == "news" + parks +
                      "it is a mult, and taps t1 and t2 have not accepted \"3\" yet; it takes its "
                      "next value only once every tap has");
  CHECK(got[3] ==
        "news" + parks +
            "it is a mult, and tap t2 has not accepted \"3\" yet; it takes its next value "
            "only once every tap has");
  CHECK(got[4] == "news" + parks + "there is nothing to take from batches yet");
  CHECK(got[6] == "router" + parks +
                      "it is a pub, and the subscriber fridge of the topic of "
                      "\"drink\" has not accepted it yet; it takes its next value only then");
  CHECK(got[7] ==
        "reader" + parks + "none of a and b is ready, so alts waits for the first that is");
}
