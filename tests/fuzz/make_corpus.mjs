// Writes seed corpora for the fuzz harnesses from the Yjs vectors in ../shared/yjs/vectors:
// every update (full state and per step) for the update/apply harnesses, every state vector,
// and the lib0 primitive encodings. Usage: node make_corpus.mjs <vectors-dir> <out-dir>
import fs from 'node:fs'
import path from 'node:path'

const [vectors, out] = process.argv.slice(2)
const dirs = ['update', 'state_vector', 'lib0', 'relative_position', 'trace']
for (const d of dirs) fs.mkdirSync(path.join(out, d), { recursive: true })
let n = 0
const put = (dir, hex) => {
  if (typeof hex !== 'string' || !/^([0-9a-f]{2})*$/.test(hex)) return
  fs.writeFileSync(path.join(out, dir, `seed-${n++}`), Buffer.from(hex, 'hex'))
}
const walk = (dir, v) => {
  if (Array.isArray(v)) return v.forEach((x) => walk(dir, x))
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === 'string' && /update/i.test(k)) put('update', x)
      else if (typeof x === 'string' && /^(stateVector|sv)$/i.test(k)) put('state_vector', x)
      else if (typeof x === 'string' && k === 'hex') put('lib0', '00' + x)
      else walk(dir, x)
    }
  }
}
for (const f of fs.readdirSync(vectors)) {
  if (!f.endsWith('.json')) continue
  walk('update', JSON.parse(fs.readFileSync(path.join(vectors, f), 'utf8')))
}
// Small editing traces for the trace reader (sequential and concurrent shapes).
fs.writeFileSync(path.join(out, 'trace', 'seq.json'), JSON.stringify({ startContent: '', endContent: 'hi', txns: [{ time: 't', patches: [[0, 0, 'hx'], [1, 1, 'i']] }] }))
fs.writeFileSync(path.join(out, 'trace', 'conc.json'), JSON.stringify({ kind: 'concurrent', numAgents: 2, endContent: 'ab', txns: [{ parents: [], agent: 0, patches: [[0, 0, 'a']] }, { parents: [0], agent: 1, patches: [[1, 0, 'b']] }] }))
// Relative positions: an item anchor (client 1, clock 2) and a root-end anchor, in Yjs' layout.
fs.writeFileSync(path.join(out, 'relative_position', 'item'), Buffer.from('00010200', 'hex'))
fs.writeFileSync(path.join(out, 'relative_position', 'root'), Buffer.from('01047465787400', 'hex'))
console.log(`make_corpus: ${n} seeds written under ${out}`)
