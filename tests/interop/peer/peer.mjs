// Real Yjs peers for refold's differential tests.
//
// Reads one JSON command per line on stdin and answers each with exactly one JSON line on
// stdout: {"ok":true, ...} or {"ok":false,"error":"..."}. Peers are numbered by the driver.
// Binary values (updates, state vectors) travel as lowercase hex.
//
// Commands (fields beyond "cmd" and "peer"):
//   new        client, roots: {name: "text"|"array"|"map"}   create a Y.Doc with that client id
//   text_insert path, index, text, [attrs]                   path: [root, key|index, ...]
//   text_delete path, index, length
//   text_format path, index, length, attrs
//   array_insert path, index, values                         values: JSON; {"$type":"text"|"array"|"map"} makes a nested type
//   array_delete path, index, length
//   map_set     path, key, value                             value as in array_insert
//   map_delete  path, key
//   apply       update                                       Y.applyUpdate
//   encode      [sv]                                         -> update: Y.encodeStateAsUpdate(doc, sv)
//   sv                                                       -> sv: Y.encodeStateVector(doc)
//   json                                                     -> json: every root's toJSON, plus "<root>#delta" for texts
//   merge      updates: [hex]                                -> update: Y.mergeUpdates (no peer)
//   diff       update, sv                                    -> update: Y.diffUpdate (no peer)
//   len        path                                          -> length of the type at path
//   drop                                                     forget the peer
//   quit
import * as Y from 'yjs'
import readline from 'node:readline'

// stdout carries only replies: Yjs' own console messages go to stderr.
console.log = console.warn = console.info = console.error
// A shadow twin is fed its twin's own updates, so Yjs sees "its" client id from afar and picks a
// new one (it never edits, so that is harmless); keep that notice out of the logs.
const warn = console.error
console.warn = (...a) => { if (!String(a[0]).includes('Changed the client-id')) warn(...a) }

const peers = new Map()
const hex = (u8) => Buffer.from(u8).toString('hex')
const unhex = (s) => new Uint8Array(Buffer.from(s, 'hex'))

const rootOf = (p, name) => {
  const kind = p.roots[name]
  if (kind === 'text') return p.doc.getText(name)
  if (kind === 'array') return p.doc.getArray(name)
  if (kind === 'map') return p.doc.getMap(name)
  throw new Error(`unknown root ${name}`)
}

const resolve = (p, path) => {
  let t = rootOf(p, path[0])
  for (const step of path.slice(1)) {
    t = typeof step === 'number' ? t.get(step) : t.get(step)
    if (!(t instanceof Y.AbstractType)) throw new Error(`path ${JSON.stringify(path)} is not a type`)
  }
  return t
}

const makeValue = (v) => {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && v.$type) {
    if (v.$type === 'text') return new Y.Text(v.init ?? '')
    if (v.$type === 'array') return new Y.Array()
    if (v.$type === 'map') return new Y.Map()
  }
  return v
}

const docJson = (p) => {
  const out = {}
  for (const [name, kind] of Object.entries(p.roots)) {
    const t = rootOf(p, name)
    out[name] = t.toJSON()
    if (kind === 'text') out[`${name}#delta`] = t.toDelta()
  }
  return out
}

const handle = (m) => {
  const p = m.peer !== undefined ? peers.get(m.peer) : undefined
  if (m.peer !== undefined && m.cmd !== 'new' && !p) throw new Error(`no peer ${m.peer}`)
  switch (m.cmd) {
    case 'new': {
      const doc = new Y.Doc({ gc: m.gc ?? true })
      doc.clientID = m.client
      const q = { doc, roots: m.roots }
      peers.set(m.peer, q)
      for (const name of Object.keys(m.roots)) rootOf(q, name)
      return {}
    }
    case 'text_insert': resolve(p, m.path).insert(m.index, m.text, m.attrs ?? undefined); return {}
    case 'text_delete': resolve(p, m.path).delete(m.index, m.length); return {}
    case 'text_format': resolve(p, m.path).format(m.index, m.length, m.attrs); return {}
    case 'array_insert': resolve(p, m.path).insert(m.index, m.values.map(makeValue)); return {}
    case 'array_delete': resolve(p, m.path).delete(m.index, m.length); return {}
    case 'map_set': resolve(p, m.path).set(m.key, makeValue(m.value)); return {}
    case 'map_delete': resolve(p, m.path).delete(m.key); return {}
    case 'len': return { length: resolve(p, m.path).length }
    case 'apply': Y.applyUpdate(p.doc, unhex(m.update), 'remote'); return {}
    case 'encode': return { update: hex(Y.encodeStateAsUpdate(p.doc, m.sv ? unhex(m.sv) : undefined)) }
    case 'sv': return { sv: hex(Y.encodeStateVector(p.doc)) }
    case 'json': return { json: docJson(p) }
    case 'merge': return { update: hex(Y.mergeUpdates(m.updates.map(unhex))) }
    case 'diff': return { update: hex(Y.diffUpdate(unhex(m.update), unhex(m.sv))) }
    case 'drop': peers.delete(m.peer); return {}
    case 'quit': process.exit(0)
    default: throw new Error(`unknown command ${m.cmd}`)
  }
}

const rl = readline.createInterface({ input: process.stdin, terminal: false })
rl.on('line', (line) => {
  if (!line.trim()) return
  let reply
  try {
    reply = { ok: true, ...handle(JSON.parse(line)) }
  } catch (e) {
    reply = { ok: false, error: String(e && e.message ? e.message : e) }
  }
  process.stdout.write(JSON.stringify(reply) + '\n')
})
rl.on('close', () => process.exit(0))
