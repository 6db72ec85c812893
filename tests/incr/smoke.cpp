#include <incr/graph.hpp>
#include <catch2/catch.hpp>

TEST_CASE("smoke") {
    refold::incr::graph g;
    auto a = g.var(1);
    auto b = g.var<long>(2);
    auto s = g.map([](int x, long y) { return x + y; }, a, b);
    auto o = g.observe(s);
    g.stabilize();
    CHECK(o.value() == 3);
    a.set(5);
    g.stabilize();
    CHECK(o.value() == 7);
}
