// The shapes of refold_bench_incr (bench/incr/main.cpp) on alien-signals and
// @preact/signals-core, printed side by side with refold's figures and ratios.
//
//   cd bench/peers/incr && npm ci
//   node run.mjs [--json] [--refold <path to refold_bench_incr>] [--wall] [--quick]
//
// refold_bench_incr is looked up at --refold, $REFOLD_BENCH_INCR, then
// build/release/bench/refold_bench_incr from the repository root; when found it runs with
// --json and its figures join the table. Times are medians of 21 samples of ~20 ms, in
// ns (per node where the key says so), measured as process CPU time (process.cpuUsage)
// like the C++ side's thread CPU time, because the benchmark machine is shared; --wall
// switches to wall time. Observed outputs are effects (both libraries run them
// synchronously on write); "set all inputs" runs inside a batch, like one stabilize().
import * as alien from 'alien-signals';
import * as preact from '@preact/signals-core';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const opt = (f) => { const i = args.indexOf(f); return i >= 0 ? args[i + 1] : undefined; };
const useWall = flag('--wall');
const quick = flag('--quick');

// ---- engines: a common minimal interface
const engines = {
  alien: {
    signal: (v) => { const s = alien.signal(v); return { get: () => s(), set: (x) => s(x) }; },
    computed: (f) => { const c = alien.computed(f); return { get: () => c() }; },
    effect: (f) => alien.effect(f),
    batch: (f) => { alien.startBatch(); try { f(); } finally { alien.endBatch(); } },
  },
  preact: {
    signal: (v) => { const s = preact.signal(v); return { get: () => s.value, set: (x) => { s.value = x; } }; },
    computed: (f) => { const c = preact.computed(f); return { get: () => c.value }; },
    effect: (f) => preact.effect(f),
    batch: (f) => preact.batch(f),
  },
};

// ---- timing
function nowNs() {
  if (useWall) return Number(process.hrtime.bigint());
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}
function measure(body, samples = quick ? 7 : 21, targetMs = 20) {
  let iters = 1;
  for (;;) {
    const t0 = nowNs();
    body(iters);
    const ms = (nowNs() - t0) / 1e6;
    if (ms >= targetMs / 4) { iters = Math.max(1, Math.round(iters * targetMs / ms)); break; }
    iters *= 4;
  }
  const per = [];
  for (let s = 0; s < samples; s++) {
    const t0 = nowNs();
    body(iters);
    per.push((nowNs() - t0) / iters);
  }
  per.sort((a, b) => a - b);
  return per[per.length >> 1];
}

let sink = 0;

// ---- shapes (as in bench/incr/main.cpp)
function chain(E) {
  const input = E.signal(0);
  let last = input;
  for (let i = 0; i < 1000; i++) { const prev = last; last = E.computed(() => prev.get() + 1); }
  E.effect(() => { sink = last.get(); });
  let v = 0;
  return measure((n) => { for (let i = 0; i < n; i++) input.set(++v); }) / 1000;
}

function diamond(E) {
  const input = E.signal(0);
  const mids = [];
  for (let k = 0; k < 1000; k++) mids.push(E.computed(() => input.get() + k));
  const sum = E.computed(() => { let s = 0; for (const m of mids) s += m.get(); return s; });
  E.effect(() => { sink = sum.get(); });
  let v = 0;
  return measure((n) => { for (let i = 0; i < n; i++) input.set(++v); }) / 1000;
}

const W = 1000, LAYERS = 10;
function grid(E) {
  const inputs = [];
  for (let i = 0; i < W; i++) inputs.push(E.signal(i));
  let below = inputs;
  for (let l = 0; l < LAYERS; l++) {
    const b = below, layer = [];
    for (let i = 0; i < W; i++) {
      const x = b[(i + W - 1) % W], y = b[i], z = b[(i + 1) % W];
      layer.push(E.computed(() => (x.get() + y.get() + z.get()) >>> 0));
    }
    below = layer;
  }
  for (const out of below) E.effect(() => { sink = out.get(); });
  return inputs;
}
function gridCone(E) {
  const inputs = grid(E);
  let v = 0;
  return measure((n) => { for (let i = 0; i < n; i++) inputs[500].set(++v); }) / 120;
}
function gridAll(E) {
  const inputs = grid(E);
  let v = 0;
  return measure((n) => {
    for (let i = 0; i < n; i++) {
      ++v;
      E.batch(() => { for (let k = 0; k < W; k++) inputs[k].set((v + k) >>> 0); });
    }
  }) / (W * LAYERS);
}

function leafSequence(leaves) {
  // the same role as the C++ side's fixed pseudo-random sequence (not the same numbers)
  let s = 12345;
  const seq = new Uint32Array(4096);
  for (let i = 0; i < seq.length; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; seq[i] = s % leaves; }
  return seq;
}
function fold(E, n) {
  const leaves = new Array(n);
  const build = (lo, hi) => {
    if (hi - lo === 1) { leaves[lo] = E.signal(lo); return leaves[lo]; }
    const mid = lo + ((hi - lo) >> 1);
    const l = build(lo, mid), r = build(mid, hi);
    return E.computed(() => l.get() + r.get());
  };
  const root = build(0, n);
  E.effect(() => { sink = root.get(); });
  const seq = leafSequence(n);
  let k = 0;
  return measure((m) => {
    for (let i = 0; i < m; i++) { const leaf = leaves[seq[k++ & 4095]]; leaf.set(leaf.get() + 1); }
  });
}

// No stabilize() here: the closest analogue is reading an up-to-date observed computed.
function emptyRead(E) {
  const input = E.signal(1);
  const c = E.computed(() => input.get() * 2);
  E.effect(() => { sink = c.get(); });
  return measure((n) => { for (let i = 0; i < n; i++) sink += c.get(); });
}

function run(E) {
  return {
    chain_1000_per_node: chain(E),
    diamond_1000_per_node: diamond(E),
    grid_cone_per_node: gridCone(E),
    grid_all_per_node: gridAll(E),
    fold_64k_leaf_edit: fold(E, 1 << 16),
    fold_1m_leaf_edit: quick ? NaN : fold(E, 1 << 20),
    empty_stabilize: emptyRead(E),
  };
}

// ---- refold side
function refoldFigures() {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [opt('--refold'), process.env.REFOLD_BENCH_INCR,
    resolve(here, '../../../build/release/bench/refold_bench_incr')].filter(Boolean);
  const exe = candidates.find((p) => existsSync(p));
  if (!exe) return { figures: null, exe: null };
  const out = execFileSync(exe, ['--json'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return { figures: JSON.parse(out), exe };
}

const results = { alien: run(engines.alien), preact: run(engines.preact) };
const { figures: refold, exe } = refoldFigures();
const keys = Object.keys(results.alien);
const ratio = (x, r) => (r && Number.isFinite(x) ? x / r : null);
const report = {
  machine: `node ${process.version}, ${useWall ? 'wall' : 'cpu'} time`,
  refold_bench: exe,
  refold_figures: refold,  // every key refold_bench_incr printed (baselines, memory, ...)
  rows: keys.map((k) => ({
    key: k,
    refold: refold ? refold[k] ?? null : null,
    alien_signals: results.alien[k],
    preact_signals: results.preact[k],
    alien_over_refold: ratio(results.alien[k], refold?.[k]),
    preact_over_refold: ratio(results.preact[k], refold?.[k]),
  })),
};

if (flag('--json')) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const f = (x) => (x == null || !Number.isFinite(x) ? '-' : x.toFixed(x < 10 ? 2 : 1));
  console.log(`# ${report.machine}; refold: ${exe ?? 'not found (pass --refold <refold_bench_incr>)'}`);
  console.log('key'.padEnd(24) + 'refold'.padStart(10) + 'alien'.padStart(10) + 'preact'.padStart(10) +
    'alien/refold'.padStart(14) + 'preact/refold'.padStart(15));
  for (const r of report.rows) {
    console.log(r.key.padEnd(24) + f(r.refold).padStart(10) + f(r.alien_signals).padStart(10) +
      f(r.preact_signals).padStart(10) + f(r.alien_over_refold).padStart(14) + f(r.preact_over_refold).padStart(15));
  }
}
void sink;
