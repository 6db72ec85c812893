// REQUIRE_THROWS_ID(expr, type, id): expr throws `type` whose message starts with `id`
// (evaluating expr once).
#pragma once

#include <catch2/catch.hpp>

#include <exception>
#include <string>

namespace refold::test {

template <class E, class F>
void require_throws_id(F&& f, std::string const& id, char const* expr) {
    INFO(expr);
    try {
        f();
    } catch (E const& e) {
        REQUIRE_THAT(std::string(e.what()), Catch::Matchers::StartsWith(id));
        return;
    } catch (std::exception const& e) {
        FAIL("threw another exception: " << e.what());
    }
    FAIL("did not throw");
}

}  // namespace refold::test

#define REQUIRE_THROWS_ID(expr, type, id) ::refold::test::require_throws_id<type>([&] { (void)(expr); }, id, #expr)
