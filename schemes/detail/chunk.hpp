// internal; see <schemes/rope.hpp>
#pragma once

#include <schemes/detail/pool.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <memory>
#include <new>
#include <span>
#include <utility>

namespace refold::schemes::detail {

// An array of T in one allocation, shared by an intrusive non-atomic count: the payload of
// a rope leaf. Copying the handle is O(1). Contents never change while shared; a uniquely
// held chunk of trivially copyable elements may be edited in place (try_splice), using the
// spare capacity that rounding the allocation up to the pool's granule leaves.
template <class T>
class chunk {
    struct rep {
        std::uint32_t refs;
        std::uint32_t size;      // elements constructed
        std::uint32_t capacity;  // elements allocated
    };
    static constexpr std::size_t align = alignof(T) > alignof(rep) ? alignof(T) : alignof(rep);
    static constexpr std::size_t offset = (sizeof(rep) + alignof(T) - 1) / alignof(T) * alignof(T);
    static_assert(align <= __STDCPP_DEFAULT_NEW_ALIGNMENT__, "over-aligned rope elements");

public:
    chunk() noexcept = default;
    chunk(chunk const& o) noexcept : p_(o.p_) {
        if (p_ != nullptr) ++p_->refs;
    }
    chunk(chunk&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
    chunk& operator=(chunk o) noexcept {
        std::swap(p_, o.p_);
        return *this;
    }
    ~chunk() { release(); }

    // The concatenation a ++ b ++ c (each may be empty). Size must fit in 32 bits.
    [[nodiscard]] static chunk make(std::span<T const> a, std::span<T const> b = {},
                                    std::span<T const> c = {}) {
        return make_reserve(0, a, b, c);
    }
    // The same, with room for at least `reserve` elements (for later in-place growth).
    [[nodiscard]] static chunk make_reserve(std::size_t reserve, std::span<T const> a, std::span<T const> b = {},
                                            std::span<T const> c = {}) {
        std::size_t cap = capacity_for(a.size() + b.size() + c.size(), reserve);
        return make_in(pool_allocate(block_bytes(cap)), cap, a, b, c);
    }
    // The capacity make_reserve gives n elements with `reserve`, and the pool block it takes.
    [[nodiscard]] static std::size_t capacity_for(std::size_t n, std::size_t reserve) noexcept {
        std::size_t cap = n > reserve ? n : reserve;
        if constexpr (std::is_trivially_copyable_v<T>) {  // the granule's slack is free
            std::size_t bytes = (offset + cap * sizeof(T) + pool_granule - 1) / pool_granule * pool_granule;
            cap = (bytes - offset) / sizeof(T);
        }
        return cap;
    }
    [[nodiscard]] static constexpr std::size_t block_bytes(std::size_t cap) noexcept { return offset + cap * sizeof(T); }
    // a ++ b ++ c built in `mem`, a pool block of block_bytes(cap) bytes that the chunk
    // then owns (it is freed as such, also when an element's copy throws).
    [[nodiscard]] static chunk make_in(void* mem, std::size_t cap, std::span<T const> a, std::span<T const> b = {},
                                       std::span<T const> c = {}) {
        chunk r;
        r.p_ = ::new (mem) rep{1, 0, static_cast<std::uint32_t>(cap)};
        T* out = r.data_mut();
        if constexpr (std::is_trivially_copyable_v<T>) {
            for (auto part : {a, b, c}) {
                if (!part.empty()) std::memcpy(out + r.p_->size, part.data(), part.size() * sizeof(T));
                r.p_->size += static_cast<std::uint32_t>(part.size());
            }
            return r;
        }
        // The size grows as elements are constructed, so a throwing copy leaves a valid
        // chunk that the handle's destructor tears down.
        for (auto part : {a, b, c}) {
            for (T const& x : part) {
                ::new (static_cast<void*>(out + r.p_->size)) T(x);
                ++r.p_->size;
            }
        }
        return r;
    }

    [[nodiscard]] std::span<T const> view() const noexcept {
        if (p_ == nullptr) return {};
        return {data(), p_->size};
    }
    [[nodiscard]] std::size_t size() const noexcept { return p_ != nullptr ? p_->size : 0; }
    [[nodiscard]] T const* data() const noexcept {
        return reinterpret_cast<T const*>(reinterpret_cast<unsigned char const*>(p_) + offset);
    }
    [[nodiscard]] void const* id() const noexcept { return p_; }
    [[nodiscard]] std::size_t capacity() const noexcept { return p_ != nullptr ? p_->capacity : 0; }
    [[nodiscard]] bool unique() const noexcept { return p_ != nullptr && p_->refs == 1; }

    // In place: replaces the `gone` elements at `pos` by `items`, when this handle is the
    // only holder, T is trivially copyable, the result fits the capacity and `items` does
    // not point into this chunk. Returns false (and changes nothing) otherwise.
    bool try_splice(std::size_t pos, std::size_t gone, std::span<T const> items) noexcept {
        if constexpr (!std::is_trivially_copyable_v<T>) {
            return false;
        } else {
            if (!unique()) return false;
            std::size_t n = p_->size;
            if (n - gone + items.size() > p_->capacity) return false;
            T* d = data_mut();
            auto lo = reinterpret_cast<std::uintptr_t>(d), hi = lo + p_->capacity * sizeof(T);
            auto at = reinterpret_cast<std::uintptr_t>(items.data());
            if (!items.empty() && at < hi && at + items.size() * sizeof(T) > lo) return false;
            if (gone != items.size() && pos + gone < n)
                std::memmove(d + pos + items.size(), d + pos + gone, (n - pos - gone) * sizeof(T));
            if (items.size() == 1) d[pos] = items[0];  // (a typed character: no call)
            else if (!items.empty()) std::memcpy(d + pos, items.data(), items.size() * sizeof(T));
            p_->size = static_cast<std::uint32_t>(n - gone + items.size());
            return true;
        }
    }
    // Heap bytes owned by this chunk (for memory accounting).
    [[nodiscard]] std::size_t bytes() const noexcept { return p_ != nullptr ? offset + p_->capacity * sizeof(T) : 0; }

private:
    T* data_mut() noexcept {
        return reinterpret_cast<T*>(reinterpret_cast<unsigned char*>(p_) + offset);
    }
    void release() noexcept {
        if (p_ == nullptr || --p_->refs != 0) return;
        std::size_t cap = p_->capacity;
        std::destroy_n(data_mut(), p_->size);
        p_->~rep();
        pool_deallocate(static_cast<void*>(p_), offset + cap * sizeof(T));
        p_ = nullptr;
    }

    rep* p_ = nullptr;
};

}  // namespace refold::schemes::detail
