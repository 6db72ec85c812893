// id_runs: the sticky identity of every UTF-16 unit of a text, as a persistent rope of runs.
//
// A run (client, clock, length) says that `length` consecutive units carry the ids
// (client, clock), (client, clock + 1), ... — how a CRDT item numbers its characters. The
// rope's summary counts runs and units, so a unit position is found in O(log n), and an
// insert or erase by unit position splits at most two runs and copies one path. Like every
// persistent value here, an update returns a new version and the old one stays valid.
#pragma once

#include <views/inverted_index.hpp>

#include <schemes/rope.hpp>

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace refold::views {

struct id_run {
    std::uint64_t client = 0;
    std::uint64_t clock = 0;
    std::uint64_t length = 0;  // units
    friend bool operator==(id_run const&, id_run const&) = default;
};

struct id_run_traits {
    using value_type = id_run;
    struct summary_type {
        std::size_t runs = 0;
        std::uint64_t units = 0;
        friend bool operator==(summary_type, summary_type) = default;
    };
    static constexpr std::size_t max_chunk = 32;
    static summary_type measure(std::span<id_run const> s) noexcept {
        summary_type r{s.size(), 0};
        for (auto const& x : s) r.units += x.length;
        return r;
    }
    static summary_type combine(summary_type a, summary_type b) noexcept { return {a.runs + b.runs, a.units + b.units}; }
    static summary_type difference(summary_type a, summary_type b) noexcept { return {a.runs - b.runs, a.units - b.units}; }
    static std::size_t size(summary_type s) noexcept { return s.runs; }
    static std::size_t split_point(std::span<id_run const>, std::size_t want) noexcept { return want; }
};

class id_runs {
public:
    using rope_type = schemes::basic_rope<id_run_traits>;

    id_runs() = default;

    [[nodiscard]] std::uint64_t units() const noexcept { return rope_.summary().units; }
    [[nodiscard]] std::size_t runs() const noexcept { return rope_.size(); }
    // The id of the unit at `pos` (< units()).
    [[nodiscard]] char_id at(std::uint64_t pos) const;
    // Inserts `ids` (in order) before unit `pos`. The && overloads (`r = std::move(r).insert(...)`)
    // edit the rope nodes only *this holds in place.
    [[nodiscard]] id_runs insert(std::uint64_t pos, std::span<id_run const> ids) const&;
    [[nodiscard]] id_runs insert(std::uint64_t pos, std::span<id_run const> ids) &&;
    // Erases units [pos, pos + length).
    [[nodiscard]] id_runs erase(std::uint64_t pos, std::uint64_t length) const&;
    [[nodiscard]] id_runs erase(std::uint64_t pos, std::uint64_t length) &&;
    [[nodiscard]] rope_type const& rope() const noexcept { return rope_; }

private:
    explicit id_runs(rope_type r) : rope_(std::move(r)) {}
    // (index of the run holding unit pos, offset of pos in it); (runs(), 0) at the end.
    [[nodiscard]] std::pair<std::size_t, std::uint64_t> locate(std::uint64_t pos) const;
    // An edit as a replacement of runs [from, to) by `parts`.
    struct edit {
        std::size_t from = 0, to = 0;
        std::vector<id_run> parts;
    };
    [[nodiscard]] edit plan_insert(std::uint64_t pos, std::span<id_run const> ids) const;
    [[nodiscard]] edit plan_erase(std::uint64_t pos, std::uint64_t length) const;

    rope_type rope_;
};

}  // namespace refold::views
