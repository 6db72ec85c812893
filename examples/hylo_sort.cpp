// hylo: an unfold fused with a fold, no intermediate tree built. Merge sort unfolds a
// vector into a virtual tree of halves and folds it by merging; factorial unfolds n into
// the virtual list n, n-1, ..., 1 and folds it by multiplying.
#include <schemes/hylo.hpp>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <iterator>
#include <random>
#include <type_traits>
#include <vector>

namespace s = refold::schemes;

// TreeF R = Tip | Single x | Fork R R
template <class R>
struct halves_f {
    enum class kind { tip, single, fork } k = kind::tip;
    int x = 0;
    R left{}, right{};

    template <class Fn>
    auto map(Fn& f) const {
        using B = std::decay_t<std::invoke_result_t<Fn&, R const&>>;
        if (k != kind::fork) return halves_f<B>{k, x, {}, {}};
        return halves_f<B>{k, 0, std::invoke(f, left), std::invoke(f, right)};
    }
};

using ints = std::vector<int>;

halves_f<ints> split(ints const& v) {
    using kind = halves_f<ints>::kind;
    if (v.empty()) return {kind::tip, 0, {}, {}};
    if (v.size() == 1) return {kind::single, v[0], {}, {}};
    auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    return {kind::fork, 0, ints(v.begin(), mid), ints(mid, v.end())};
}

ints merge(halves_f<ints> const& t) {
    using kind = halves_f<ints>::kind;
    if (t.k == kind::tip) return {};
    if (t.k == kind::single) return {t.x};
    ints out;
    out.reserve(t.left.size() + t.right.size());
    std::merge(t.left.begin(), t.left.end(), t.right.begin(), t.right.end(), std::back_inserter(out));
    return out;
}

// ListF R = Nil | Cons n R, unfolding n into n, n-1, ..., 1.
template <class R>
struct count_f {
    bool nil = true;
    unsigned long n = 0;
    R rest{};
    template <class Fn>
    auto map(Fn& f) const {
        using B = std::decay_t<std::invoke_result_t<Fn&, R const&>>;
        return nil ? count_f<B>{true, 0, {}} : count_f<B>{false, n, std::invoke(f, rest)};
    }
};
count_f<unsigned long> down(unsigned long n) {
    return n == 0 ? count_f<unsigned long>{true, 0, 0} : count_f<unsigned long>{false, n, n - 1};
}
unsigned long product(count_f<unsigned long> const& l) { return l.nil ? 1UL : l.n * l.rest; }

int main() {
    std::mt19937 rng(42);
    ints v(1000);
    for (int& x : v) x = std::uniform_int_distribution<int>(-500, 500)(rng);
    ints sorted = s::hylo(merge, split, v);
    ints expected = v;
    std::sort(expected.begin(), expected.end());
    bool ok = sorted == expected;
    std::printf("merge sort of %zu ints via hylo: %s (min %d, max %d)\n", v.size(), ok ? "sorted" : "WRONG",
                sorted.front(), sorted.back());
    unsigned long f = s::hylo(product, down, 20UL);
    std::printf("20! via hylo = %lu\n", f);
    ok = ok && f == 2432902008176640000UL;
    std::printf("%s\n", ok ? "ok" : "MISMATCH");
    return ok ? 0 : 1;
}
