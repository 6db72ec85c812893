#include "session.hpp"

#include <crdt/encoding/update.hpp>
#include <crdt/yata/doc.hpp>
#include <crdt/yata/json.hpp>

#include <algorithm>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>

namespace refold::test::interop {
namespace {

namespace yata = refold::crdt::yata;
namespace enc = refold::crdt::encoding;
using json = nlohmann::json;
using bytes = std::vector<std::uint8_t>;

std::string to_hex(bytes const& b) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    s.reserve(b.size() * 2);
    for (auto c : b) {
        s.push_back(digits[c >> 4]);
        s.push_back(digits[c & 15]);
    }
    return s;
}

bytes from_hex(std::string const& s) {
    auto val = [](char c) -> std::uint8_t {
        if (c >= '0' && c <= '9') return static_cast<std::uint8_t>(c - '0');
        return static_cast<std::uint8_t>(c - 'a' + 10);
    };
    bytes b(s.size() / 2);
    for (std::size_t i = 0; i < b.size(); ++i)
        b[i] = static_cast<std::uint8_t>((val(s[2 * i]) << 4) | val(s[2 * i + 1]));
    return b;
}

const json roots = {{"t", "text"}, {"a", "array"}, {"m", "map"}};

// One document of either implementation, driven by the node-protocol commands.
class side {
public:
    virtual ~side() = default;
    virtual bool is_yjs() const = 0;
    virtual void local(json const& cmd) = 0;  // a local edit (text_insert, map_set, ...)
    virtual void apply(bytes const& update) = 0;
    virtual bytes encode(std::optional<bytes> const& sv) = 0;
    virtual bytes state_vector() = 0;
    virtual json to_json() = 0;
    virtual std::uint64_t length(json const& path) = 0;
    // The text at `path` as UTF-8 (text types only).
    std::string text_at(json const& path) {
        json j = to_json();
        json const* v = &j;
        for (auto const& step : path) v = &(*v)[step.get<std::string>()];
        return v->is_string() ? v->get<std::string>() : std::string{};
    }
};

class yjs_side final : public side {
public:
    yjs_side(node_peer& node, int id, std::uint64_t client) : node_(node), id_(id) {
        node_.call({{"cmd", "new"}, {"peer", id_}, {"client", client}, {"roots", roots}});
    }
    ~yjs_side() override {
        try {
            node_.call({{"cmd", "drop"}, {"peer", id_}});
        } catch (...) {
        }
    }
    bool is_yjs() const override { return true; }
    void local(json const& cmd) override {
        json c = cmd;
        c["peer"] = id_;
        node_.call(c);
    }
    void apply(bytes const& update) override {
        node_.call({{"cmd", "apply"}, {"peer", id_}, {"update", to_hex(update)}});
    }
    bytes encode(std::optional<bytes> const& sv) override {
        json c = {{"cmd", "encode"}, {"peer", id_}};
        if (sv) c["sv"] = to_hex(*sv);
        return from_hex(node_.call(c)["update"].get<std::string>());
    }
    bytes state_vector() override {
        return from_hex(node_.call({{"cmd", "sv"}, {"peer", id_}})["sv"].get<std::string>());
    }
    json to_json() override { return node_.call({{"cmd", "json"}, {"peer", id_}})["json"]; }
    std::uint64_t length(json const& path) override {
        return node_.call({{"cmd", "len"}, {"peer", id_}, {"path", path}})["length"].get<std::uint64_t>();
    }

private:
    node_peer& node_;
    int id_;
};

enc::any json_to_any(json const& v) {
    switch (v.type()) {
        case json::value_t::null: return enc::any::null();
        case json::value_t::boolean: return enc::any::boolean(v.get<bool>());
        case json::value_t::number_integer:
        case json::value_t::number_unsigned: return enc::any::integer(v.get<std::int64_t>());
        case json::value_t::number_float: return enc::any::number(v.get<double>());
        case json::value_t::string: return enc::any::string(v.get<std::string>());
        case json::value_t::array: {
            std::vector<enc::any> items;
            for (auto const& x : v) items.push_back(json_to_any(x));
            return enc::any::array(std::move(items));
        }
        case json::value_t::object: {
            std::vector<std::pair<std::string, enc::any>> fields;
            for (auto it = v.begin(); it != v.end(); ++it) fields.emplace_back(it.key(), json_to_any(it.value()));
            return enc::any::object(std::move(fields));
        }
        default: throw std::runtime_error("interop: value not representable");
    }
}

yata::attributes to_attrs(json const& a) {
    yata::attributes out;
    if (a.is_object())
        for (auto it = a.begin(); it != a.end(); ++it) out.push_back({it.key(), it.value().dump()});
    return out;
}

class refold_side final : public side {
public:
    explicit refold_side(std::uint64_t client) : doc_(client) {
        doc_.get_text("t");
        doc_.get_array("a");
        doc_.get_map("m");
    }
    bool is_yjs() const override { return false; }

    std::uint32_t resolve(json const& path) {
        std::uint32_t t = doc_.get_root(path[0].get<std::string>());
        for (std::size_t i = 1; i < path.size(); ++i) {
            std::optional<yata::element> e;
            if (path[i].is_number()) e = doc_.array_at(t).get(path[i].get<std::uint64_t>());
            else e = doc_.map_at(t).get(path[i].get<std::string>());
            if (!e || e->k != yata::element::kind::type) throw std::runtime_error("interop: path is not a type");
            t = e->type;
        }
        return t;
    }

    void insert_value(json const& v, auto&& insert_plain, auto&& insert_type) {
        if (v.is_object() && v.contains("$type")) {
            auto k = v["$type"].get<std::string>();
            insert_type(k == "text" ? yata::type_ref::text : k == "map" ? yata::type_ref::map : yata::type_ref::array);
        } else {
            insert_plain(json_to_any(v));
        }
    }

    void local(json const& c) override {
        auto const& op = c["cmd"].get_ref<std::string const&>();
        auto t = resolve(c["path"]);
        if (op == "text_insert") {
            doc_.text_at(t).insert(c["index"].get<std::uint64_t>(), c["text"].get<std::string>(),
                                   to_attrs(c.value("attrs", json())));
        } else if (op == "text_delete") {
            doc_.text_at(t).erase(c["index"].get<std::uint64_t>(), c["length"].get<std::uint64_t>());
        } else if (op == "text_format") {
            doc_.text_at(t).format(c["index"].get<std::uint64_t>(), c["length"].get<std::uint64_t>(),
                                   to_attrs(c["attrs"]));
        } else if (op == "array_insert") {
            auto arr = doc_.array_at(t);
            auto index = c["index"].get<std::uint64_t>();
            // Yjs inserts a run of plain values as one item and each type as its own item;
            // one transaction keeps the whole insert atomic like Yjs' array.insert.
            doc_.transact([&] {
                std::vector<enc::any> run;
                auto flush = [&] {
                    if (run.empty()) return;
                    auto n = run.size();
                    arr.insert(index, std::move(run));
                    index += n;
                    run.clear();
                };
                for (auto const& v : c["values"]) {
                    insert_value(v, [&](enc::any a) { run.push_back(std::move(a)); },
                                 [&](yata::type_ref k) { flush(); arr.insert_type(index++, k); });
                }
                flush();
            });
        } else if (op == "array_delete") {
            doc_.array_at(t).erase(c["index"].get<std::uint64_t>(), c["length"].get<std::uint64_t>());
        } else if (op == "map_set") {
            auto m = doc_.map_at(t);
            auto key = c["key"].get<std::string>();
            insert_value(c["value"], [&](enc::any a) { m.set(key, std::move(a)); },
                         [&](yata::type_ref k) { m.set_type(key, k); });
        } else if (op == "map_delete") {
            auto m = doc_.map_at(t);
            auto key = c["key"].get<std::string>();
            if (m.contains(key)) m.erase(key);
        } else {
            throw std::runtime_error("interop: unknown op " + op);
        }
    }
    void apply(bytes const& update) override { doc_.apply_update(update); }
    bytes encode(std::optional<bytes> const& sv) override {
        return doc_.encode_state_as_update(sv ? enc::decode_state_vector(*sv) : yata::state_vector{});
    }
    bytes state_vector() override { return doc_.encode_state_vector(); }
    json to_json() override {
        json out = json::object();
        out["t"] = yata::type_to_json(doc_, doc_.get_root("t"), yata::root_kind::text);
        out["t#delta"] = yata::delta_to_json(doc_, doc_.get_text("t").delta(), true);
        out["a"] = yata::type_to_json(doc_, doc_.get_root("a"), yata::root_kind::array);
        out["m"] = yata::type_to_json(doc_, doc_.get_root("m"), yata::root_kind::map);
        return out;
    }
    std::uint64_t length(json const& path) override {
        auto t = resolve(path);
        auto kind = doc_.info(t).kind;
        if (kind == yata::type_ref::text) return doc_.text_at(t).length();
        return doc_.array_at(t).size();
    }

private:
    yata::doc doc_;
};

enc::state_vector sv_of(side& s) { return enc::decode_state_vector(s.state_vector()); }

struct peer {
    std::unique_ptr<side> main;
    std::unique_ptr<side> shadow;  // the other implementation, fed the same bytes
    std::vector<bytes> inbox;
};

class runner {
public:
    runner(node_peer& node, session_result& result) : node_(node), result_(result) {}

    void add_peer(bool yjs, std::uint64_t client) {
        static int next_node_id = 0;
        peer p;
        auto make_yjs = [&] { return std::make_unique<yjs_side>(node_, next_node_id++, client); };
        auto make_refold = [&] { return std::make_unique<refold_side>(client); };
        p.main = yjs ? std::unique_ptr<side>(make_yjs()) : std::unique_ptr<side>(make_refold());
        p.shadow = yjs ? std::unique_ptr<side>(make_refold()) : std::unique_ptr<side>(make_yjs());
        peers_.push_back(std::move(p));
    }

    // Executes one logged step; returns false (with result_.failure set) on divergence.
    bool step(json const& s) {
        result_.log.push_back(s);
        auto const& what = s["do"].get_ref<std::string const&>();
        if (what == "op") {
            auto& p = peer_at(s["peer"]);
            auto before = p.main->state_vector();
            try {
                p.main->local(s["cmd"]);
            } catch (std::exception const& e) {  // marked so that minimize() skips invalid steps
                throw std::runtime_error(std::string("interop: local edit failed: ") + e.what());
            }
            auto u = p.main->encode(before);
            p.shadow->apply(u);
            if (!take_back_cleanup(p)) return false;
        } else if (what == "send") {
            auto& from = peers_.at(s["from"].get<std::size_t>());
            auto& to = peers_.at(s["to"].get<std::size_t>());
            std::optional<bytes> sv;
            if (s["mode"] == "diff") sv = to.main->state_vector();
            to.inbox.push_back(from.main->encode(sv));
        } else if (what == "merge") {
            auto& p = peers_.at(s["peer"].get<std::size_t>());
            std::vector<bytes> parts;
            auto picks = s["picks"].get<std::vector<std::size_t>>();
            std::sort(picks.rbegin(), picks.rend());
            for (auto i : picks) {
                if (i >= p.inbox.size()) throw std::runtime_error("interop: step refers to a missing update");
                parts.push_back(std::move(p.inbox.at(i)));
                p.inbox.erase(p.inbox.begin() + static_cast<std::ptrdiff_t>(i));
            }
            bytes merged;
            if (s["by"] == "yjs") {
                json hexes = json::array();
                for (auto const& b : parts) hexes.push_back(to_hex(b));
                merged = from_hex(node_.call({{"cmd", "merge"}, {"updates", hexes}})["update"].get<std::string>());
            } else {
                merged = enc::merge_updates(parts);
            }
            p.inbox.push_back(std::move(merged));
        } else if (what == "deliver") {
            auto& p = peers_.at(s["peer"].get<std::size_t>());
            auto i = s["pick"].get<std::size_t>();
            if (i >= p.inbox.size()) throw std::runtime_error("interop: step refers to a missing update");
            bytes u = p.inbox[i];
            if (!s.value("dup", false)) p.inbox.erase(p.inbox.begin() + static_cast<std::ptrdiff_t>(i));
            p.main->apply(u);
            p.shadow->apply(u);
            ++result_.updates_exchanged;
        } else if (what == "check") {
            return check();
        } else if (what == "final") {
            for (int pass = 0; pass < 2; ++pass)
                for (std::size_t a = 0; a < peers_.size(); ++a)
                    for (std::size_t b = 0; b < peers_.size(); ++b) {
                        if (a == b) continue;
                        auto u = peers_[a].main->encode(peers_[b].main->state_vector());
                        peers_[b].main->apply(u);
                        peers_[b].shadow->apply(u);
                        ++result_.updates_exchanged;
                    }
            if (!check()) return false;
            auto j0 = peers_[0].main->to_json();
            auto sv0 = sv_of(*peers_[0].main);
            for (std::size_t i = 1; i < peers_.size(); ++i) {
                if (sv_of(*peers_[i].main) != sv0) return fail("final: state vectors differ", 0, i);
                if (peers_[i].main->to_json() != j0) return fail("final: peers did not converge", 0, i);
            }
        }
        return true;
    }

    std::size_t size() const { return peers_.size(); }
    peer& peer_at(json const& i) {
        if (i.get<std::size_t>() >= peers_.size()) throw std::runtime_error("interop: no such peer");
        return peers_[i.get<std::size_t>()];
    }
    peer& at(std::size_t i) { return peers_.at(i); }

private:
    // Yjs cleans up redundant formatting when it RECEIVES a text edit (cleanupYTextAfterTransaction
    // on remote transactions) but not when it makes one (formatText runs no cleanup), so the
    // receiving twin may delete format items the author keeps. In a real network the receiver's
    // cleanup transaction is broadcast back to the author; here the shadow is the receiver, so its
    // own deletions are handed back to the main peer after each local edit. That hand-back may
    // only delete redundant format items: it must not move the state vector, nor change the
    // content or the effective attributes (the delta with equal-attribute runs joined).
    bool take_back_cleanup(peer& p) {
        auto const sv = p.main->state_vector();
        auto const before = joined(p.main->to_json());
        p.main->apply(p.shadow->encode(std::nullopt));
        if (p.main->state_vector() != sv || joined(p.main->to_json()) != before) {
            std::ostringstream os;
            os << "the shadow's own changes after a local edit were more than a formatting cleanup\n  before: "
               << before.dump() << "\n  after:  " << joined(p.main->to_json()).dump();
            result_.ok = false;
            result_.failure = os.str();
            return false;
        }
        return true;
    }

    // The document JSON with each text delta's adjacent string inserts of equal attributes joined.
    static json joined(json j) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            if (it.key().find("#delta") == std::string::npos || !it.value().is_array()) continue;
            json out = json::array();
            for (auto const& op : it.value()) {
                if (!out.empty() && op.contains("insert") && op["insert"].is_string() && out.back().contains("insert") &&
                    out.back()["insert"].is_string() && op.value("attributes", json()) == out.back().value("attributes", json())) {
                    out.back()["insert"] = out.back()["insert"].get<std::string>() + op["insert"].get<std::string>();
                } else {
                    out.push_back(op);
                }
            }
            it.value() = std::move(out);
        }
        return j;
    }

    bool fail(std::string what, std::size_t a, std::size_t b) {
        std::ostringstream os;
        os << what << "\n  peer " << a << " (" << (peers_[a].main->is_yjs() ? "yjs" : "refold")
           << "): " << peers_[a].main->to_json().dump() << "\n  peer " << b << " ("
           << (peers_[b].main->is_yjs() ? "yjs" : "refold") << "): " << peers_[b].main->to_json().dump();
        result_.ok = false;
        result_.failure = os.str();
        return false;
    }

    bool check() {
        for (std::size_t i = 0; i < peers_.size(); ++i) {
            auto& p = peers_[i];
            auto jm = p.main->to_json();
            auto js = p.shadow->to_json();
            if (jm != js || sv_of(*p.main) != sv_of(*p.shadow)) {
                std::ostringstream os;
                os << "peer " << i << " and its shadow diverged\n  "
                   << (p.main->is_yjs() ? "yjs:    " : "refold: ") << jm.dump() << "\n  "
                   << (p.shadow->is_yjs() ? "yjs:    " : "refold: ") << js.dump();
                result_.ok = false;
                result_.failure = os.str();
                return false;
            }
        }
        // Same state vector and same delete set => same content, across implementations.
        std::vector<std::pair<enc::state_vector, enc::delete_set>> keys;
        for (auto& p : peers_) {
            auto full = enc::decode_update(p.main->encode(std::nullopt));
            full.deletes.normalize();
            keys.emplace_back(sv_of(*p.main), std::move(full.deletes));
        }
        for (std::size_t a = 0; a < peers_.size(); ++a)
            for (std::size_t b = a + 1; b < peers_.size(); ++b)
                if (keys[a] == keys[b] && peers_[a].main->to_json() != peers_[b].main->to_json())
                    return fail("same state vector and delete set, different content", a, b);
        return true;
    }

    node_peer& node_;
    session_result& result_;
    std::vector<peer> peers_;
};

// ---- generation -------------------------------------------------------------------------

const char* const pieces[] = {"a", "b", "c", " ", "hello", "\n", "\xc3\xa9", "\xe4\xb8\xad",
                              "\xf0\x9f\x98\x80", "\xf0\x9d\x90\x80x", "# ", "z\xc3\xa9\xf0\x9f\x98\x80"};

struct generator {
    std::mt19937_64& rng;
    session_options const& opts;

    // Moves a UTF-16 offset in `s` down to a code-point boundary (never inside a pair).
    static std::uint64_t snap(std::string const& s, std::uint64_t units) {
        std::uint64_t at = 0;
        for (std::size_t i = 0; i < s.size();) {
            auto c = static_cast<unsigned char>(s[i]);
            std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            std::uint64_t w = len == 4 ? 2 : 1;
            if (at + w > units) break;
            at += w;
            i += len;
        }
        return at;
    }

    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : std::uniform_int_distribution<std::uint64_t>(0, n - 1)(rng); }
    bool chance(double p) { return std::bernoulli_distribution(p)(rng); }

    std::string text() {
        std::string s;
        auto n = 1 + below(3);
        for (std::uint64_t i = 0; i < n; ++i) s += pieces[below(std::size(pieces))];
        return s;
    }
    json value(bool allow_types) {
        if (allow_types && chance(0.12)) {
            const char* k[] = {"text", "array", "map"};
            return {{"$type", k[below(3)]}};
        }
        switch (below(7)) {
            case 0: return static_cast<std::int64_t>(below(2000)) - 1000;
            case 1: return static_cast<double>(below(1000)) / 8.0 + 0.5;
            case 2: return text();
            case 3: return chance(0.5);
            case 4: return nullptr;
            case 5: return json{{"x", below(10)}, {"name", text()}};
            default: return json::array({below(5), text()});
        }
    }
    json attrs() {
        switch (below(4)) {
            case 0: return {{"bold", true}};
            case 1: return {{"bold", nullptr}};
            case 2: return {{"italic", true}};
            default: return {{"color", chance(0.5) ? "red" : "blue"}};
        }
    }

    // A local edit for peer `s`.
    json op(side& s) {
        auto r = below(100);
        if (r < 45) {  // text
            json path = chance(0.2) ? json{"m", "nt"} : json{"t"};
            auto len = s.length(path);
            const bool formatting_op = r >= 38 && opts.formatting;
            const bool snap_all = !opts.split_surrogates || (formatting_op && !opts.format_surrogate_splits);
            std::string content = snap_all ? s.text_at(path) : std::string{};
            auto fix = [&](std::uint64_t i) { return snap_all ? snap(content, i) : i; };
            if (r < 25 || len == 0) {
                json c = {{"cmd", "text_insert"}, {"path", path}, {"index", fix(below(len + 1))}, {"text", text()}};
                if (opts.formatting && chance(0.2)) c["attrs"] = attrs();
                return c;
            }
            auto index = below(len);
            auto length = 1 + below(std::min<std::uint64_t>(len - index, 6));
            if (snap_all) {
                auto end = fix(index + length);
                index = fix(index);
                if (end <= index) end = snap(content, index + 2) > index ? snap(content, index + 2) : index;
                if (end <= index) return {{"cmd", "text_insert"}, {"path", path}, {"index", index}, {"text", text()}};
                length = end - index;
            }
            if (r < 38 || !opts.formatting) return {{"cmd", "text_delete"}, {"path", path}, {"index", index}, {"length", length}};
            return {{"cmd", "text_format"}, {"path", path}, {"index", index}, {"length", length}, {"attrs", attrs()}};
        }
        if (r < 70) {  // array
            bool root = chance(0.75);
            json path = root ? json{"a"} : json{"m", "na"};
            auto len = s.length(path);
            if (r < 60 || len == 0) {
                json values = json::array();
                auto n = 1 + below(3);
                for (std::uint64_t i = 0; i < n; ++i) values.push_back(value(root));
                return {{"cmd", "array_insert"}, {"path", path}, {"index", below(len + 1)}, {"values", values}};
            }
            auto index = below(len);
            auto length = 1 + below(std::min<std::uint64_t>(len - index, 3));
            return {{"cmd", "array_delete"}, {"path", path}, {"index", index}, {"length", length}};
        }
        bool root = chance(0.75);
        json path = root ? json{"m"} : json{"m", "nm"};
        std::string key = "k" + std::to_string(below(4));
        if (r < 90) return {{"cmd", "map_set"}, {"path", path}, {"key", key}, {"value", value(root)}};
        return {{"cmd", "map_delete"}, {"path", path}, {"key", key}};
    }
};

}  // namespace

session_result replay(node_peer& yjs, std::vector<nlohmann::json> const& log) {
    session_result result;
    runner run(yjs, result);
    try {
        for (auto const& s : log) {
            if (s.contains("client")) {
                result.log.push_back(s);
                run.add_peer(s["yjs"].get<bool>(), s["client"].get<std::uint64_t>());
            } else if (!run.step(s)) {
                return result;
            }
        }
    } catch (std::exception const& e) {
        result.ok = false;
        result.failure = std::string("exception: ") + e.what();
    }
    return result;
}

std::vector<nlohmann::json> minimize(node_peer& yjs, std::vector<nlohmann::json> log, int budget) {
    auto fails = [&](std::vector<nlohmann::json> const& l) {
        auto r = replay(yjs, l);
        return !r.ok && r.failure.rfind("exception: interop:", 0) != 0;
    };
    std::size_t header = 0;
    while (header < log.size() && log[header].contains("client")) ++header;
    for (std::size_t chunk = (log.size() - header) / 2; chunk >= 1 && budget > 0; chunk /= 2) {
        for (std::size_t at = header; at + chunk <= log.size() && budget > 0;) {
            auto trial = log;
            trial.erase(trial.begin() + static_cast<std::ptrdiff_t>(at), trial.begin() + static_cast<std::ptrdiff_t>(at + chunk));
            --budget;
            // Keep the final comparison step so a shorter log still checks something.
            if (!trial.empty() && fails(trial)) log = std::move(trial);
            else at += chunk;
        }
    }
    return log;
}

session_result run_session(node_peer& yjs, std::uint64_t seed, session_options opts) {
    session_result result;
    std::mt19937_64 rng(seed);
    generator gen{rng, opts};
    runner run(yjs, result);

    int n = opts.peers > 0 ? opts.peers : 2 + static_cast<int>(gen.below(4));
    for (int i = 0; i < n; ++i) {
        // Random client ids, some above 2^32 (Yjs allows up to 2^53 - 1).
        std::uint64_t client = gen.chance(0.3) ? (std::uint64_t{1} << 32) + gen.below((std::uint64_t{1} << 53) - (std::uint64_t{1} << 32))
                                               : 1 + gen.below(0xFFFFFFFFu);
        result.log.push_back({{"peer", i}, {"client", client}, {"yjs", i % 2 == 1}});
        run.add_peer(i % 2 == 1, client);
    }
    auto exec = [&](json s) { return run.step(s); };
    try {
        // Peer 0 creates the nested types, and everyone receives them before editing.
        for (auto const& [key, kind] : {std::pair{"nt", "text"}, {"na", "array"}, {"nm", "map"}})
            if (!exec({{"do", "op"}, {"peer", 0}, {"cmd", {{"cmd", "map_set"}, {"path", {"m"}}, {"key", key}, {"value", {{"$type", kind}}}}}}))
                return result;
        for (int i = 1; i < n; ++i) {
            if (!exec({{"do", "send"}, {"from", 0}, {"to", i}, {"mode", "full"}})) return result;
            if (!exec({{"do", "deliver"}, {"peer", i}, {"pick", 0}})) return result;
        }
        for (int round = 0; round < opts.rounds; ++round) {
            for (int k = 0; k < opts.ops_per_round; ++k) {
                auto p = gen.below(static_cast<std::uint64_t>(n));
                if (!exec({{"do", "op"}, {"peer", p}, {"cmd", gen.op(*run.at(p).main)}})) return result;
            }
            for (int k = 0; k < opts.syncs_per_round; ++k) {
                auto a = gen.below(static_cast<std::uint64_t>(n));
                auto b = (a + 1 + gen.below(static_cast<std::uint64_t>(n - 1))) % static_cast<std::uint64_t>(n);
                auto& inbox = run.at(b).inbox;
                auto r = gen.below(10);
                json s;
                if (r < 4) s = {{"do", "send"}, {"from", a}, {"to", b}, {"mode", "diff"}};
                else if (r < 5) s = {{"do", "send"}, {"from", a}, {"to", b}, {"mode", "full"}};
                else if (r < 6 && inbox.size() >= 2) {
                    auto i = gen.below(inbox.size());
                    auto j = (i + 1 + gen.below(inbox.size() - 1)) % inbox.size();
                    s = {{"do", "merge"}, {"peer", b}, {"picks", {i, j}}, {"by", gen.chance(0.5) ? "yjs" : "refold"}};
                } else if (!inbox.empty()) {
                    s = {{"do", "deliver"}, {"peer", b}, {"pick", gen.below(inbox.size())}, {"dup", gen.chance(0.15)}};
                } else {
                    s = {{"do", "send"}, {"from", a}, {"to", b}, {"mode", "diff"}};
                }
                if (!exec(s)) return result;
            }
            // Deliver part of what is queued, in random order, then compare.
            for (std::size_t b = 0; b < run.size(); ++b) {
                auto& inbox = run.at(b).inbox;
                auto k = gen.below(inbox.size() + 1);
                for (std::uint64_t i = 0; i < k && !inbox.empty(); ++i)
                    if (!exec({{"do", "deliver"}, {"peer", b}, {"pick", gen.below(inbox.size())}})) return result;
            }
            if (!exec({{"do", "check"}})) return result;
        }
        exec({{"do", "final"}});
    } catch (std::exception const& e) {
        result.ok = false;
        result.failure = std::string("exception: ") + e.what();
    }
    return result;
}

}  // namespace refold::test::interop
