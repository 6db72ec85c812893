// An arithmetic expression as fix of a functor: evaluated with cata, pretty-printed with
// para (which sees the original subtrees, to parenthesise only where needed).
#include <schemes/cata.hpp>
#include <schemes/fix.hpp>
#include <schemes/para.hpp>

#include <cstdio>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>

namespace s = refold::schemes;

enum class op { num, add, mul, neg };

// ExprF R = Num n | Add R R | Mul R R | Neg R
template <class R>
struct expr_f {
    op kind;
    long value = 0;  // num
    R a{}, b{};      // add, mul: a and b; neg: a

    template <class Fn>
    auto map(Fn& f) const {
        using B = std::decay_t<std::invoke_result_t<Fn&, R const&>>;
        if (kind == op::num) return expr_f<B>{kind, value, {}, {}};
        if (kind == op::neg) return expr_f<B>{kind, 0, std::invoke(f, a), {}};
        return expr_f<B>{kind, 0, std::invoke(f, a), std::invoke(f, b)};
    }
};
using expr = s::fix<expr_f>;

expr num(long n) { return expr(expr_f<expr>{op::num, n, {}, {}}); }
expr add(expr x, expr y) { return expr(expr_f<expr>{op::add, 0, std::move(x), std::move(y)}); }
expr mul(expr x, expr y) { return expr(expr_f<expr>{op::mul, 0, std::move(x), std::move(y)}); }
expr neg(expr x) { return expr(expr_f<expr>{op::neg, 0, std::move(x), {}}); }

long eval(expr_f<long> const& e) {
    switch (e.kind) {
    case op::num: return e.value;
    case op::add: return e.a + e.b;
    case op::mul: return e.a * e.b;
    case op::neg: return -e.a;
    }
    return 0;
}

// Binding strength of an expression's top operator.
int precedence(expr const& e) {
    switch (e->kind) {
    case op::add: return 1;
    case op::mul: return 2;
    default: return 3;
    }
}

// para: each child comes with its original subtree, so the printer can ask how tightly
// that child binds before deciding on parentheses.
using child = std::pair<expr, std::string>;
std::string print(expr_f<child> const& e) {
    auto wrap = [](child const& c, int outer) {
        return precedence(c.first) < outer ? "(" + c.second + ")" : c.second;
    };
    switch (e.kind) {
    case op::num: return std::to_string(e.value);
    case op::add: return wrap(e.a, 1) + " + " + wrap(e.b, 1);
    case op::mul: return wrap(e.a, 2) + " * " + wrap(e.b, 2);
    case op::neg: return "-" + wrap(e.a, 3);
    }
    return {};
}

int main() {
    // (2 + 3) * -(4 * 5) + 6 * (7 + 8)
    expr e = add(mul(add(num(2), num(3)), neg(mul(num(4), num(5)))), mul(num(6), add(num(7), num(8))));
    long value = s::cata(eval, e);
    std::string text = s::para(print, e);
    std::printf("%s = %ld\n", text.c_str(), value);
    bool ok = value == (2 + 3) * -(4 * 5) + 6 * (7 + 8) && text == "(2 + 3) * -(4 * 5) + 6 * (7 + 8)";
    // Subtrees are shared: building a bigger expression reuses e's nodes.
    expr twice = add(e, e);
    ok = ok && s::cata(eval, twice) == 2 * value && s::same_node(twice->a, twice->b);
    std::printf("%s\n", ok ? "ok" : "MISMATCH");
    return ok ? 0 : 1;
}
