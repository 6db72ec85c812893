// Gathers bench/results/{incr,schemes,crdt,views}.json (written by bench/run) into
// latest.json and draws three PNG plots with gnuplot:
//   views_latency.png  per-delta view update latency vs document size, refold vs from scratch (log-log)
//   trace_replay.png   automerge-paper trace: replay / encode / load time per library
//   engine_shapes.png  engine ns per node per shape: refold, alien-signals, @preact/signals-core
// Usage: node bench/plot.mjs bench/results
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const dir = process.argv[2] || 'bench/results'
const load = (name) => {
  const f = path.join(dir, `${name}.json`)
  if (!existsSync(f)) return null
  try { return JSON.parse(readFileSync(f, 'utf8')) } catch (e) { return { error: String(e) } }
}
const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memory_gib: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  incr: load('incr'), schemes: load('schemes'), crdt: load('crdt'), views: load('views'),
}
writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(results, null, 2) + '\n')

const gnuplot = (script) => execFileSync('gnuplot', { input: script })
const dat = (name, rows) => {
  const f = path.join(dir, name)
  writeFileSync(f, rows.map(r => r.join('\t')).join('\n') + '\n')
  return f
}
const num = (x) => (typeof x === 'number' && Number.isFinite(x) ? x : NaN)
const term = 'set terminal png size 900,560 font ",11" noenhanced'

// (1) view update latency vs document size.
const v = results.views
if (v && !v.error) {
  const sizes = [['_100k', 1e5], ['', 1e6], ['_10m', 1e7]]
  const rows = sizes
    .map(([s, n]) => [n, num(v[`merge_views_p50_us${s}`]), num(v[`merge_views_p99_us${s}`]), num(v[`from_scratch_views_ms${s}`]) * 1000])
    .filter(r => !Number.isNaN(r[1]))
  if (rows.length) {
    const f = dat('views_latency.dat', rows)
    gnuplot(`${term}
set output '${path.join(dir, 'views_latency.png')}'
set title 'Merged delta (<= 10 ops) with all views updated vs recomputing the views from scratch'
set logscale xy
set xlabel 'document size (characters)'
set ylabel 'microseconds per merged delta'
set key top left
set grid
plot '${f}' using 1:2 with linespoints lw 2 title 'refold p50', \\
     '${f}' using 1:3 with linespoints lw 2 title 'refold p99', \\
     '${f}' using 1:4 with linespoints lw 2 title 'from scratch'
`)
  }
}

// (2) trace replay per library.
const c = results.crdt
if (c && c.rows) {
  const libs = Object.keys(c.rows)
  const f = dat('trace_replay.dat', libs.map(l => [l, num(c.rows[l].replay_ms), num(c.rows[l].encode_ms), num(c.rows[l].load_ms)]))
  gnuplot(`${term}
set output '${path.join(dir, 'trace_replay.png')}'
set title 'automerge-paper trace (259,778 ops): time per library (lower is better)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set ylabel 'milliseconds (log scale)'
set grid ytics
set key top right
plot '${f}' using 2:xtic(1) title 'replay', '' using 3 title 'encode', '' using 4 title 'load'
`)
}

// (3) engine shapes.
const i = results.incr
if (i && i.rows) {
  const shapes = ['chain_1000_per_node', 'diamond_1000_per_node', 'grid_cone_per_node', 'grid_all_per_node']
  const rows = i.rows.filter(r => shapes.includes(r.key))
  if (rows.length) {
    const f = dat('engine_shapes.dat', rows.map(r => [r.key.replace(/_per_node$/, ''), num(r.refold), num(r.alien_signals), num(r.preact_signals)]))
    gnuplot(`${term}
set output '${path.join(dir, 'engine_shapes.png')}'
set title 'Incremental engine: ns per node recomputed (lower is better)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set ylabel 'ns per node (log scale)'
set grid ytics
set key top left
plot '${f}' using 2:xtic(1) title 'refold', '' using 3 title 'alien-signals', '' using 4 title '@preact/signals-core'
`)
  }
}
console.log(`plot: wrote ${path.join(dir, 'latest.json')} and the PNG plots`)
