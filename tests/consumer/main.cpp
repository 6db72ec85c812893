// A project outside the refold tree, built against the installed package.
#include <crdt/lattice/primitives.hpp>

#include <cstdio>

int main() {
    using refold::crdt::lattice::max_lattice;
    auto a = max_lattice<int>{3};
    auto b = max_lattice<int>{5};
    auto j = join(a, b);
    std::printf("join(3, 5) = %d\n", j.value);
    return j.value == 5 ? 0 : 1;
}
