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
// Updates made by real Yjs (the interop harness's pinned package, when it is installed): random
// sessions of three peers editing text (with formatting), arrays and maps with nested types;
// every transaction's update, every state-vector diff and the final full states.
const yjsPath = path.join(path.dirname(new URL(import.meta.url).pathname), '../interop/peer/node_modules/yjs/dist/yjs.mjs')
if (fs.existsSync(yjsPath)) {
  const Y = await import(yjsPath)
  let seed = 1
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n }
  const words = ['a', 'hello ', '\u00e9t\u00e9', '\u{1F600}', '\n', '# head\n']
  for (let session = 0; session < 40; session++) {
    const docs = [0, 1, 2].map((i) => { const d = new Y.Doc(); d.clientID = 1 + i + session * 7 + (session % 5 === 0 ? 2 ** 33 : 0); return d })
    docs.forEach((d) => d.on('update', (u) => put('update', Buffer.from(u).toString('hex'))))
    for (let step = 0; step < 30; step++) {
      const d = docs[rnd(3)]
      const t = d.getText('t'), a = d.getArray('a'), m = d.getMap('m')
      switch (rnd(7)) {
        case 0: t.insert(rnd(t.length + 1), words[rnd(words.length)]); break
        case 1: if (t.length > 0) { const i = rnd(t.length); t.delete(i, 1 + rnd(Math.min(3, t.length - i))) } break
        case 2: if (t.length > 0) t.format(rnd(t.length), 2, { bold: rnd(2) ? true : null }); break
        case 3: a.insert(rnd(a.length + 1), [rnd(100), 'x', { k: [1, 2] }]); break
        case 4: { const sub = new Y.Map(); sub.set('n', rnd(9)); a.push([sub]); break }
        case 5: m.set('k' + rnd(4), rnd(2) ? rnd(50) : new Y.Text('nested')); break
        default: if (a.length > 0) a.delete(rnd(a.length), 1)
      }
      if (rnd(4) === 0) {
        const [x, y] = [docs[rnd(3)], docs[rnd(3)]]
        const diff = Y.encodeStateAsUpdate(x, Y.encodeStateVector(y))
        put('update', Buffer.from(diff).toString('hex'))
        put('state_vector', Buffer.from(Y.encodeStateVector(x)).toString('hex'))
        Y.applyUpdate(y, diff)
      }
    }
    for (const d of docs) put('update', Buffer.from(Y.encodeStateAsUpdate(d)).toString('hex'))
  }
} else {
  console.log('make_corpus: tests/interop/peer/node_modules absent (run ctest -L interop once): no Yjs-generated seeds')
}
console.log(`make_corpus: ${n} seeds written under ${out}`)
