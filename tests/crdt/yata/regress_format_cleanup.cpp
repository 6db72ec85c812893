// Yjs' removal of redundant format items (SPEC §10.4). Expected deltas were produced by Yjs
// 13.6.33 running the same edits (script in the comment of each case).
#include <crdt/yata/doc.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace refold::crdt;

namespace {

// "text|k=v,k=v" per run, e.g. "b|bold=true".
std::string runs(yata::text const& t) {
    std::string out;
    for (auto const& op : t.delta()) {
        if (!out.empty()) out += " ";
        out += op.text;
        for (auto const& a : op.attrs) out += "|" + a.key + "=" + a.value;
    }
    return out;
}

void sync(yata::doc& a, yata::doc& b) {
    auto ua = a.encode_state_as_update();
    auto ub = b.encode_state_as_update();
    a.apply_update(ub);
    b.apply_update(ua);
}

}  // namespace

TEST_CASE("local delete removes the format items it leaves behind", "[yata][format]") {
    // t.insert(0,'abc'); t.format(1,1,{bold:true}); t.delete(1,1) → [{"insert":"ac"}]
    yata::doc d(1);
    auto t = d.get_text("t");
    t.insert(0, "abc");
    t.format(1, 1, {{"bold", "true"}});
    CHECK(runs(t) == "a b|bold=true c");
    t.erase(1, 1);
    CHECK(runs(t) == "ac");
}

TEST_CASE("remote delete of formatted text: contextless cleanup keeps one item per key", "[yata][format]") {
    // a: 'abc' → b; a.format(1,1,{bold:true}) ‖ b.delete(1,1); exchange →
    // both [{"insert":"a"},{"insert":"c"}] (a bold:true/bold:null pair stays)
    yata::doc a(1), b(2);
    a.get_text("t").insert(0, "abc");
    b.apply_update(a.encode_state_as_update());
    a.get_text("t").format(1, 1, {{"bold", "true"}});
    b.get_text("t").erase(1, 1);
    sync(a, b);
    CHECK(runs(a.get_text("t")) == "a c");
    CHECK(runs(b.get_text("t")) == "a c");
}

TEST_CASE("concurrent overlapping formats converge to Yjs' runs", "[yata][format]") {
    // c: 'abcdef' → e; c.format(1,3,{bold:true}) ‖ e.format(2,3,{bold:true}); exchange →
    // a | b bold | cd bold | e | f
    yata::doc c(1), e(2);
    c.get_text("t").insert(0, "abcdef");
    e.apply_update(c.encode_state_as_update());
    c.get_text("t").format(1, 3, {{"bold", "true"}});
    e.get_text("t").format(2, 3, {{"bold", "true"}});
    sync(c, e);
    CHECK(runs(c.get_text("t")) == "a b|bold=true cd|bold=true e f");
    CHECK(runs(e.get_text("t")) == "a b|bold=true cd|bold=true e f");
}
