// Reading a text rope's bytes in place (see <views/detail/text_bytes.hpp>).
#include <views/detail/text_bytes.hpp>

#include <algorithm>
#include <cstring>

namespace refold::views::detail {

namespace {

using node_type = schemes::text_rope::node_type;

// Appends bytes [from, to) of the subtree n (which starts at byte `base`) to out.
void copy_bytes(node_type const& n, std::size_t base, std::size_t from, std::size_t to, std::string& out) {
    if (n->is_leaf()) {
        auto const e = n->elements();
        std::size_t const a = from > base ? from - base : 0;
        std::size_t const b = std::min(e.size(), to - base);
        if (a < b) out.append(e.data() + a, b - a);
        return;
    }
    std::size_t const lbytes = n->left()->summary().bytes;
    if (from < base + lbytes) copy_bytes(n->left(), base, from, to, out);
    if (to > base + lbytes) copy_bytes(n->right(), base + lbytes, from, to, out);
}

}  // namespace

void append_bytes(schemes::text_rope const& t, std::size_t from, std::size_t to, std::string& out) {
    if (from < to) copy_bytes(t.root(), 0, from, std::min(to, t.size_bytes()), out);
}

leaf_view leaf_at(schemes::text_rope const& t, std::size_t b) {
    node_type const* n = &t.root();
    std::size_t base = 0;
    while (!(*n)->is_leaf()) {
        node_type const& l = (*n)->left();
        std::size_t const lbytes = l->summary().bytes;
        if (b < base + lbytes) {
            n = &l;
        } else {
            base += lbytes;
            n = &(*n)->right();
        }
    }
    auto const e = (*n)->elements();
    return {std::string_view(e.data(), e.size()), base};
}

std::size_t byte_of_unit(schemes::text_rope const& t, std::uint64_t unit) {
    if (is_ascii(t)) return static_cast<std::size_t>(unit);
    return t.locate_utf16(static_cast<std::size_t>(unit)).byte;
}

std::uint64_t units_before(schemes::text_rope const& t, std::size_t b) {
    if (is_ascii(t)) return b;
    return t.metrics_before(b).utf16;
}

std::size_t line_start(schemes::text_rope const& t, std::size_t b) {
    while (b > 0) {
        leaf_view const l = leaf_at(t, b - 1);
        std::size_t const end = b - l.base;  // scan bytes [0, end) of the leaf, backwards
        void const* nl = ::memrchr(l.bytes.data(), '\n', end);
        if (nl != nullptr) return l.base + static_cast<std::size_t>(static_cast<char const*>(nl) - l.bytes.data()) + 1;
        b = l.base;
    }
    return 0;
}

std::size_t line_end(schemes::text_rope const& t, std::size_t e) {
    std::size_t const size = t.size_bytes();
    while (e < size) {
        leaf_view const l = leaf_at(t, e);
        std::size_t const from = e - l.base;
        void const* nl = std::memchr(l.bytes.data() + from, '\n', l.bytes.size() - from);
        if (nl != nullptr) return l.base + static_cast<std::size_t>(static_cast<char const*>(nl) - l.bytes.data());
        e = l.base + l.bytes.size();
    }
    return size;
}

std::size_t run_start(schemes::text_rope const& t, std::size_t a, bool (*in_run)(char) noexcept) {
    while (a > 0) {
        leaf_view const l = leaf_at(t, a - 1);
        std::size_t i = a - l.base;
        while (i > 0 && in_run(l.bytes[i - 1])) --i;
        if (i > 0) return l.base + i;
        a = l.base;
    }
    return 0;
}

std::size_t run_end(schemes::text_rope const& t, std::size_t b, bool (*in_run)(char) noexcept) {
    std::size_t const size = t.size_bytes();
    while (b < size) {
        leaf_view const l = leaf_at(t, b);
        std::size_t i = b - l.base;
        while (i < l.bytes.size() && in_run(l.bytes[i])) ++i;
        if (i < l.bytes.size()) return l.base + i;
        b = l.base + l.bytes.size();
    }
    return size;
}

}  // namespace refold::views::detail
