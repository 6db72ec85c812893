// Peer benchmark for refold_bench_crdt: the same steps on Yjs, Loro and diamond-types.
//
//   node bench.mjs [--trace FILE] [--refold PATH/refold_bench_crdt] [--runs N] [--dump-yjs FILE] [--json]
//
// Steps per library, as in bench/crdt/main.cpp: replay the sequential trace as one local
// transaction per patch (client/peer id 1), encode the final state, load it into a fresh doc,
// and apply it to a doc that holds the first half of the patches. Medians over --runs.
// Prints one table with ratios against refold (when --refold is given and runs).
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { createRequire } from 'node:module'
import * as Y from 'yjs'
import { LoroDoc } from 'loro-crdt'

const require = createRequire(import.meta.url)
const dt = require('diamond-types-node')

const args = process.argv.slice(2)
// With --json, stdout carries exactly one JSON object: libraries' own notices (Yjs logs through
// console.log when the merge step meets its own client id) go to stderr.
const stdoutLog = console.log
if (args.includes('--json')) console.log = (...a) => console.error(...a)
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt }
const here = new URL('.', import.meta.url).pathname
const tracePath = opt('--trace', here + '../../../../shared/traces/sequential/automerge-paper.json.gz')
const refoldBin = opt('--refold', null)
const runs = Number(opt('--runs', '3'))
const dumpYjs = opt('--dump-yjs', null)

const raw = readFileSync(tracePath)
const trace = JSON.parse((tracePath.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8'))
const patches = trace.txns.flatMap(t => t.patches)
if ([...trace.endContent].length !== trace.endContent.length) {
  console.error('trace has astral characters: positions would need conversion; not supported here')
  process.exit(2)
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const time = f => { const t0 = performance.now(); const r = f(); return [performance.now() - t0, r] }

const libs = {
  yjs: {
    replay (n) {
      const doc = new Y.Doc(); doc.clientID = 1
      const text = doc.getText('text')
      for (let i = 0; i < n; i++) {
        const [pos, del, ins] = patches[i]
        doc.transact(() => { if (del > 0) text.delete(pos, del); if (ins !== '') text.insert(pos, ins) })
      }
      return doc
    },
    text: doc => doc.getText('text').toString(),
    encode: doc => Y.encodeStateAsUpdate(doc),
    load (bytes) { const d = new Y.Doc(); d.clientID = 2; Y.applyUpdate(d, bytes); return d },
    merge (doc, bytes) { Y.applyUpdate(doc, bytes) }
  },
  loro: {
    replay (n) {
      const doc = new LoroDoc(); doc.setPeerId(1n)
      const text = doc.getText('text')
      for (let i = 0; i < n; i++) {
        const [pos, del, ins] = patches[i]
        if (del > 0) text.delete(pos, del)
        if (ins !== '') text.insert(pos, ins)
        doc.commit()
      }
      return doc
    },
    text: doc => doc.getText('text').toString(),
    encode: doc => doc.export({ mode: 'update' }),
    load (bytes) { const d = new LoroDoc(); d.import(bytes); return d },
    merge (doc, bytes) { doc.import(bytes) }
  },
  'diamond-types': {
    replay (n) {
      const doc = new dt.Doc('a')
      for (let i = 0; i < n; i++) {
        const [pos, del, ins] = patches[i]
        if (del > 0) doc.del(pos, del)
        if (ins !== '') doc.ins(pos, ins)
      }
      return doc
    },
    text: doc => doc.get(),
    encode: doc => doc.toBytes(),
    load: bytes => dt.Doc.fromBytes(bytes),
    merge (doc, bytes) { doc.mergeBytes(bytes) }
  }
}

const rows = {}
for (const [name, lib] of Object.entries(libs)) {
  const r = { replay_ms: [], encode_ms: [], load_ms: [], merge_half_ms: [] }
  let bytes
  for (let k = 0; k < runs; k++) {
    const [tr, doc] = time(() => lib.replay(patches.length))
    if (lib.text(doc) !== trace.endContent) throw new Error(name + ': final text differs from endContent')
    const [te, b] = time(() => lib.encode(doc)); bytes = b
    const [tl, loaded] = time(() => lib.load(bytes))
    if (lib.text(loaded) !== trace.endContent) throw new Error(name + ': loaded text differs')
    const half = lib.replay(Math.floor(patches.length / 2))
    const [tm] = time(() => lib.merge(half, bytes))
    if (lib.text(half) !== trace.endContent) throw new Error(name + ': half + update differs')
    r.replay_ms.push(tr); r.encode_ms.push(te); r.load_ms.push(tl); r.merge_half_ms.push(tm)
  }
  rows[name] = {
    replay_ms: median(r.replay_ms), encode_ms: median(r.encode_ms), encoded_bytes: bytes.length,
    load_ms: median(r.load_ms), merge_half_ms: median(r.merge_half_ms)
  }
  if (name === 'yjs' && dumpYjs) writeFileSync(dumpYjs, bytes)
}

if (refoldBin) {
  const yjsFile = dumpYjs || '/tmp/refold-peers-yjs.bin'
  if (!dumpYjs) writeFileSync(yjsFile, libs.yjs.encode(libs.yjs.replay(patches.length)))
  const out = execFileSync(refoldBin, ['--trace', tracePath, '--json', '--runs', String(runs), '--compare', yjsFile])
  const j = JSON.parse(out.toString())
  rows.refold = {
    replay_ms: j.replay_ms, encode_ms: j.encode_ms, encoded_bytes: j.encoded_bytes,
    load_ms: j.load_ms, merge_half_ms: j.merge_half_ms, bytes_equal_yjs: j.bytes_equal_yjs
  }
}

const keys = ['replay_ms', 'encode_ms', 'encoded_bytes', 'load_ms', 'merge_half_ms']
if (args.includes('--json')) {  // machine-readable, for bench/run and bench/plot.mjs
  stdoutLog(JSON.stringify({ trace: tracePath.split('/').pop(), ops: patches.length, runs, rows }, null, 2))
  process.exit(0)
}
const base = rows.refold
console.log(`trace: ${tracePath.split('/').pop()} (${patches.length} patches), medians of ${runs} runs`)
console.log(['library', ...keys].map(s => s.padStart(20)).join(''))
for (const [name, row] of Object.entries(rows)) {
  console.log([name, ...keys.map(k => {
    const v = row[k]
    const ratio = base && name !== 'refold' && base[k] > 0 ? ` (${(v / base[k]).toFixed(1)}x)` : ''
    return (k === 'encoded_bytes' ? String(v) : v.toFixed(2)) + ratio
  })].map(s => s.padStart(20)).join(''))
}
if (base) console.log(`refold encoded bytes equal to Yjs's: ${base.bytes_equal_yjs === 1 ? 'yes' : 'no'}`)
