// Local edits produce the same update bytes as Yjs: the scenarios' steps are replayed through
// our local API (same client ids, same delivery) and each transaction's update (encode_change)
// must equal the update Yjs emitted for that step.
#include <crdt/yata/doc.hpp>
#include <crdt/yata/json.hpp>
#include <tests/crdt/yata/vector_support.hpp>

#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <set>

using namespace refold::crdt;
using refold::test::from_hex;
using refold::test::to_hex;
using A = encoding::any;

namespace {

struct step {
    std::uint64_t actor;
    std::vector<std::size_t> sees;  // steps applied to the actor's replica before (if not yet)
    std::function<void(yata::doc&)> edit;
};

void run(char const* file, std::vector<step> const& steps) {
    auto p = refold::test::vectors_dir() / file;
    if (!std::filesystem::exists(p)) {
        WARN("skipped: " << file << " not found");
        return;
    }
    auto v = refold::test::load_json(p);
    REQUIRE(v["steps"].size() == steps.size());
    std::map<std::uint64_t, std::unique_ptr<yata::doc>> replicas;
    std::map<std::uint64_t, std::set<std::size_t>> applied;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        INFO(file << " step " << i << ": " << v["steps"][i]["action"].get<std::string>());
        auto& s = steps[i];
        auto& d = replicas[s.actor];
        if (!d) d = std::make_unique<yata::doc>(s.actor);
        for (auto k : s.sees)
            if (applied[s.actor].insert(k).second) d->apply_update(from_hex(v["steps"][k]["update"]));
        auto cs = d->transact([&] { s.edit(*d); });
        applied[s.actor].insert(i);
        CHECK(to_hex(d->encode_change(cs)) == v["steps"][i]["update"].get<std::string>());
    }
}

yata::attributes attrs(std::string const& k, std::string const& v) { return {{k, v}}; }

}  // namespace

TEST_CASE("local text edits emit Yjs' bytes", "[local][vectors]") {
    auto t = [](yata::doc& d) { return d.get_text("text"); };
    run("01-single-insert.json", {{1, {}, [&](auto& d) { t(d).insert(0, "hello"); }}});
    run("02-typing-merged.json", {{1, {}, [&](auto& d) { t(d).insert(0, "h"); }},
                                  {1, {}, [&](auto& d) { t(d).insert(1, "e"); }},
                                  {1, {}, [&](auto& d) { t(d).insert(2, "l"); }},
                                  {1, {}, [&](auto& d) { t(d).insert(3, "l"); }},
                                  {1, {}, [&](auto& d) { t(d).insert(4, "o"); }}});
    run("03-split-by-insert.json", {{1, {}, [&](auto& d) { t(d).insert(0, "hello"); }},
                                    {1, {}, [&](auto& d) { t(d).insert(2, "X"); }}});
    run("04-concurrent-same-position.json", {{1, {}, [&](auto& d) { t(d).insert(0, "aaa"); }},
                                             {2, {}, [&](auto& d) { t(d).insert(0, "bbb"); }},
                                             {3, {}, [&](auto& d) { t(d).insert(0, "ccc"); }}});
    run("05-concurrent-middle.json", {{1, {}, [&](auto& d) { t(d).insert(0, "ac"); }},
                                      {1, {}, [&](auto& d) { t(d).insert(1, "Z"); }},
                                      {2, {0}, [&](auto& d) { t(d).insert(1, "X"); }},
                                      {3, {0}, [&](auto& d) { t(d).insert(1, "Y"); }}});
    run("07-delete-across-blocks.json", {{1, {}, [&](auto& d) { t(d).insert(0, "abc"); }},
                                         {2, {0}, [&](auto& d) { t(d).insert(3, "XYZ"); }},
                                         {1, {1}, [&](auto& d) { t(d).erase(1, 4); }}});
    run("11-text-unicode.json", {{1, {}, [&](auto& d) { t(d).insert(0, "h\xC3\xA9llo \xF0\x9F\x98\x80 \xE4\xB8\x96\xE7\x95\x8C"); }},
                                 {1, {}, [&](auto& d) { t(d).erase(6, 2); }},
                                 {1, {}, [&](auto& d) { t(d).insert(6, "\xF0\x9F\x8E\x89"); }}});
    run("12-surrogate-split.json", {{1, {}, [&](auto& d) { t(d).insert(0, "\xF0\x9F\x98\x80"); }},
                                    {2, {0}, [&](auto& d) { t(d).insert(1, "x"); }}});
    run("14-diff-against-state-vector.json", {{1, {}, [&](auto& d) { t(d).insert(0, "hello"); }},
                                              {1, {}, [&](auto& d) { t(d).insert(5, " world"); }}});
    run("23-big-client-ids.json", {{9007199254740991ull, {}, [&](auto& d) { t(d).insert(0, "A"); }},
                                   {4294967301ull, {}, [&](auto& d) { t(d).insert(0, "B"); }}});
    run("24-insert-next-to-deleted.json", {{1, {}, [&](auto& d) { t(d).insert(0, "abc"); }},
                                           {2, {0}, [&](auto& d) { t(d).erase(1, 1); }},
                                           {1, {}, [&](auto& d) { t(d).insert(2, "X"); }}});
}

TEST_CASE("local formatting and embeds emit Yjs' bytes", "[local][vectors]") {
    auto r = [](yata::doc& d) { return d.get_text("rich"); };
    run("13-formatting.json", {{1, {}, [&](auto& d) { r(d).insert(0, "hello world"); }},
                               {1, {}, [&](auto& d) { r(d).format(0, 5, attrs("bold", "true")); }},
                               {1, {}, [&](auto& d) { r(d).insert(11, "!", attrs("italic", "true")); }},
                               {1, {}, [&](auto& d) { r(d).insert_embed(12, R"({"image":"x.png"})"); }}});
}

TEST_CASE("local map and array edits emit Yjs' bytes", "[local][vectors]") {
    auto m = [](yata::doc& d) { return d.get_map("m"); };
    run("08-map-set-overwrite-delete.json", {{1, {}, [&](auto& d) { m(d).set("a", A::number(1)); }},
                                             {1, {}, [&](auto& d) { m(d).set("b", A::string("x")); }},
                                             {1, {}, [&](auto& d) { m(d).set("a", A::number(2)); }},
                                             {1, {}, [&](auto& d) { m(d).erase("b"); }}});
    run("09-map-concurrent.json", {{1, {}, [&](auto& d) { m(d).set("k", A::string("from1")); }},
                                   {2, {}, [&](auto& d) { m(d).set("k", A::string("from2")); }},
                                   {1, {}, [&](auto& d) { m(d).set("d", A::string("v0")); }},
                                   {1, {}, [&](auto& d) { m(d).erase("d"); }},
                                   {2, {0, 2}, [&](auto& d) { m(d).set("d", A::string("v2")); }}});
    auto a = [](yata::doc& d) { return d.get_array("arr"); };
    run("25-array-interleaved.json",
        {{1, {}, [&](auto& d) { a(d).push_back({A::number(1), A::number(2), A::number(3)}); }},
         {2, {0}, [&](auto& d) { a(d).insert(1, {A::string("b")}); a(d).erase(2, 1); }},
         {1, {}, [&](auto& d) { a(d).insert(1, {A::string("a")}); a(d).push_back({A::number(4)}); }}});
    run("10-nested-types.json",
        {{1, {}, [&](auto& d) { d.get_map("root").set_type("list", encoding::type_ref::array); }},
         {1, {}, [&](auto& d) {
              auto list = d.array_at(d.get_map("root").get("list")->type);
              list.push_back({A::number(1), A::string("two"), A::object({{"three", A::number(3)}}),
                              A::array({A::number(4)}), A::boolean(true), A::null(), A::number(5.5)});
          }},
         {1, {}, [&](auto& d) {
              auto list = d.array_at(d.get_map("root").get("list")->type);
              d.text_at(list.insert_type(0, encoding::type_ref::text)).insert(0, "hi");
          }},
         {1, {}, [&](auto& d) {
              auto meta = d.get_map("root").set_type("meta", encoding::type_ref::map);
              d.map_at(meta).set("x", A::string("y"));
          }}});
    run("16-gc-deleted-range.json",
        {{1, {}, [&](auto& d) { d.get_text("text").insert(0, "abcdef"); }},
         {1, {}, [&](auto& d) { d.get_text("text").erase(1, 3); }},
         {1, {}, [&](auto& d) {
              auto sub = m(d).set_type("sub", encoding::type_ref::map);
              d.map_at(sub).set("a", A::number(1));
              d.map_at(sub).set("b", A::number(2));
          }},
         {1, {}, [&](auto& d) { m(d).erase("sub"); }}});
}
