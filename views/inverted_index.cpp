#include <views/inverted_index.hpp>

#include <algorithm>
#include <functional>
#include <iterator>
#include <unordered_map>

namespace refold::views {

namespace {

struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

struct char_id_hash {
    std::size_t operator()(char_id const& c) const noexcept {
        std::uint64_t h = c.client * 0x9e3779b97f4a7c15ull ^ (c.clock + 0x632be59bd9b4e019ull);
        h ^= h >> 29;
        h *= 0xbf58476d1ce4e5b9ull;
        return static_cast<std::size_t>(h ^ (h >> 32));
    }
};

struct posting {
    std::int64_t count = 0;  // sum of multiplicities
    // Non-zero multiplicities only. Hashed: a frequent term has a large posting, and an edit
    // touches one occurrence in O(1) instead of a deep (cache-missing) tree walk.
    std::unordered_map<char_id, std::int64_t, char_id_hash> at;
};

}  // namespace

struct inverted_index::impl {
    std::unordered_map<std::string, posting, string_hash, std::equal_to<>> terms;
    // (-count, term) for every term with a positive count: top-k is a prefix walk.
    std::set<std::pair<std::int64_t, std::string_view>> by_count;  // views of the keys of `terms`
    std::int64_t total = 0;
    // The best-ranked (-count, term) key a change touched since the last top_may_have_changed.
    bool touched = false;
    std::pair<std::int64_t, std::string> touched_best;

    void touch(std::int64_t count, std::string_view term) {
        if (count <= 0) return;  // not ranked
        std::pair<std::int64_t, std::string_view> const key{-count, term};
        if (!touched || key < std::pair<std::int64_t, std::string_view>{touched_best.first, touched_best.second}) {
            touched = true;
            touched_best = {key.first, std::string(term)};
        }
    }

    impl() = default;
    // by_count holds views of this impl's own keys, so a copy rebuilds it.
    impl(impl const& o) : terms(o.terms), total(o.total), touched(o.touched), touched_best(o.touched_best) {
        for (auto const& [t, p] : terms)
            if (p.count > 0) by_count.emplace(-p.count, t);
    }
    impl& operator=(impl const&) = delete;
};

inverted_index::inverted_index() : p_(std::make_unique<impl>()) {}
inverted_index::inverted_index(inverted_index const& o) : p_(std::make_unique<impl>(*o.p_)), version_(o.version_) {}
inverted_index& inverted_index::operator=(inverted_index const& o) {
    if (this != &o) {
        p_ = std::make_unique<impl>(*o.p_);
        version_ = o.version_;
    }
    return *this;
}
inverted_index::inverted_index(inverted_index&&) noexcept = default;
inverted_index& inverted_index::operator=(inverted_index&&) noexcept = default;
inverted_index::~inverted_index() = default;

void inverted_index::add(std::string_view term, char_id at, int sign) {
    if (sign == 0) return;
    ++version_;
    auto it = p_->terms.find(term);
    if (it == p_->terms.end()) it = p_->terms.emplace(std::string(term), posting{}).first;
    posting& p = it->second;
    std::int64_t const old_count = p.count;
    auto [pos, fresh] = p.at.try_emplace(at, 0);
    pos->second += sign;
    if (pos->second == 0) p.at.erase(pos);
    p.count += sign;
    p_->total += sign;
    p_->touch(old_count, it->first);
    p_->touch(p.count, it->first);
    if (old_count > 0 && p.count > 0) {
        // Re-key the ranking node in place (no allocation).
        auto node = p_->by_count.extract({-old_count, it->first});
        node.value().first = -p.count;
        p_->by_count.insert(std::move(node));
    } else {
        if (old_count > 0) p_->by_count.erase({-old_count, it->first});
        if (p.count > 0) p_->by_count.emplace(-p.count, it->first);
    }
    if (p.at.empty()) p_->terms.erase(it);
}

std::int64_t inverted_index::count(std::string_view term) const {
    auto it = p_->terms.find(term);
    return it == p_->terms.end() ? 0 : it->second.count;
}

std::vector<char_id> inverted_index::occurrences(std::string_view term) const {
    std::vector<char_id> out;
    auto it = p_->terms.find(term);
    if (it == p_->terms.end()) return out;
    out.reserve(it->second.at.size());
    for (auto const& [id, m] : it->second.at) out.push_back(id);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<term_count> inverted_index::top(std::size_t k) const {
    std::vector<term_count> out;
    for (auto it = p_->by_count.begin(); it != p_->by_count.end() && out.size() < k; ++it) {
        out.push_back(term_count{std::string(it->second), -it->first});
    }
    return out;
}

bool inverted_index::top_may_have_changed(std::size_t k) {
    impl& s = *p_;
    if (!s.touched) return false;
    s.touched = false;
    if (k == 0) return false;
    if (s.by_count.size() < k) return true;
    auto const kth = std::next(s.by_count.begin(), static_cast<std::ptrdiff_t>(k - 1));
    // A change ranked at or before the k-th key may have entered, left or moved in the top k.
    return std::pair<std::int64_t, std::string_view>{s.touched_best.first, s.touched_best.second} <= *kth;
}

std::size_t inverted_index::distinct_terms() const noexcept { return p_->terms.size(); }
std::int64_t inverted_index::total() const noexcept { return p_->total; }

std::map<std::string, std::int64_t> inverted_index::counts() const {
    std::map<std::string, std::int64_t> out;
    for (auto const& [t, p] : p_->terms)
        if (p.count != 0) out.emplace(t, p.count);
    return out;
}

bool inverted_index::invariant() const {
    std::int64_t total = 0;
    std::size_t positive = 0;
    for (auto const& [t, p] : p_->terms) {
        if (p.at.empty()) return false;
        std::int64_t sum = 0;
        for (auto const& [id, m] : p.at) {
            if (m == 0) return false;
            sum += m;
        }
        if (sum != p.count) return false;
        total += sum;
        if (p.count > 0) {
            ++positive;
            if (!p_->by_count.contains({-p.count, t})) return false;
        }
    }
    return total == p_->total && positive == p_->by_count.size();
}

bool operator==(inverted_index const& a, inverted_index const& b) {
    if (a.p_->terms.size() != b.p_->terms.size()) return false;
    for (auto const& [t, p] : a.p_->terms) {
        auto it = b.p_->terms.find(t);
        if (it == b.p_->terms.end() || it->second.at != p.at) return false;
    }
    return true;
}

}  // namespace refold::views
