// A relay client in js-libp2p, written from docs/relay-protocol.md alone, for the relay interop test (relay module,
// JsRelayInteropIT). Transport from argv[2]: 'tcp' (Noise + yamux) or 'quic'. It prints one JSON line
// {"event":"ready",...} and then answers JSON commands, one per stdin line (json-lines.mjs):
//   {"cmd":"hello","relay":MULTIADDR}                                  → {params}
//   {"cmd":"create","relay":..,"seed":HEX,"powBits":N}                 → {status}
//   {"cmd":"register","relay":..,"seed":HEX,"day":N,"secrets":"HEX,HEX"} → {status, depositIds:[HEX]}
//   {"cmd":"deposit","relay":..,"secret":HEX,"day":N,"message":TEXT}   → {status, envelopeId}
//   {"cmd":"collect","relay":..,"seed":HEX,"max":N,"ack":"HEX,HEX"}
//                                                  → {status, more, envelopes:[{id,blobId,day,message}]}
// Lists travel as comma-separated strings: the Java side writes flat JSON objects (test-support JsonLines).
// Protobuf is encoded and decoded by hand (spec §3 and relay.proto): the document is the contract.
import { createHash, createHmac, createPrivateKey, createPublicKey, sign } from 'node:crypto'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { quic } from '@chainsafe/libp2p-quic'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import { serve } from './json-lines.mjs'

const PROTOCOL = '/rvnt/relay/1.0.0'
const SIZES = [1024, 4096, 16384, 65536] // spec §4.4
const MAX_RESPONSE = 1 << 20 // spec §3
const STATUS = ['OK', 'MALFORMED', 'TOO_LARGE', 'BAD_PADDING', 'BAD_CHALLENGE', 'STALE_CHALLENGE', 'BAD_KEY',
  'BAD_SIGNATURE', 'POW_INSUFFICIENT', 'UNKNOWN_MAILBOX', 'UNKNOWN_DEPOSIT_ID', 'DEPOSIT_ID_TAKEN', 'BAD_DAY',
  'TOO_MANY_IDS', 'QUOTA_EXCEEDED', 'STORAGE_FULL', 'RATE_LIMITED', 'UNAVAILABLE'] // spec §7

const transport = process.argv[2] ?? 'tcp'
const node = await createLibp2p(transport === 'quic'
  ? { transports: [quic()] }
  : { transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [yamux()] })

const hex = (bytes) => Buffer.from(bytes).toString('hex')
const unhex = (text) => new Uint8Array(Buffer.from(text, 'hex'))
const ascii = (text) => new Uint8Array(Buffer.from(text, 'ascii'))
const concat = (...parts) => new Uint8Array(Buffer.concat(parts.map(p => Buffer.from(p))))
const u32be = (n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return new Uint8Array(b) }
const sha256 = (...parts) => { const h = createHash('sha256'); parts.forEach(p => h.update(Buffer.from(p))); return new Uint8Array(h.digest()) }

// --- protobuf, by hand (proto3 binary encoding) ---
function varint (n) {
  const out = []
  let v = BigInt(n)
  do {
    let byte = Number(v & 0x7fn)
    v >>= 7n
    if (v > 0n) byte |= 0x80
    out.push(byte)
  } while (v > 0n)
  return new Uint8Array(out)
}
const bytesField = (field, value) => concat(varint((field << 3) | 2), varint(value.length), value)
const varintField = (field, value) => BigInt(value) === 0n ? new Uint8Array(0) : concat(varint(field << 3), varint(value))

function readVarint (buf, pos) {
  let result = 0n
  let shift = 0n
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint')
    const b = buf[pos++]
    result |= BigInt(b & 0x7f) << shift
    if ((b & 0x80) === 0) return [result, pos]
    shift += 7n
    if (shift > 63n) throw new Error('varint too long')
  }
}

// Calls onField(number, wireType, value) for each field: value is a BigInt for varints, bytes for length-delimited.
function parseFields (buf, onField) {
  let pos = 0
  while (pos < buf.length) {
    let key
    [key, pos] = readVarint(buf, pos)
    const field = Number(key >> 3n)
    const wire = Number(key & 7n)
    if (wire === 0) {
      let v
      [v, pos] = readVarint(buf, pos)
      onField(field, wire, v)
    } else if (wire === 2) {
      let len
      [len, pos] = readVarint(buf, pos)
      const end = pos + Number(len)
      if (end > buf.length) throw new Error('truncated field')
      onField(field, wire, buf.subarray(pos, end))
      pos = end
    } else if (wire === 1) {
      pos += 8
    } else if (wire === 5) {
      pos += 4
    } else {
      throw new Error('unknown wire type ' + wire)
    }
  }
}

function decodeResponse (buf) {
  const r = { status: 'OK', challenge: null, params: null, envelopes: [], more: false }
  parseFields(buf, (f, w, v) => {
    if (f === 1 && w === 0) r.status = STATUS[Number(v)] ?? 'UNAVAILABLE'
    else if (f === 2 && w === 2) r.challenge = new Uint8Array(v)
    else if (f === 3 && w === 2) r.params = decodeParams(v)
    else if (f === 4 && w === 2) r.envelopes.push(decodeEnvelope(v))
    else if (f === 5 && w === 0) r.more = v !== 0n
  })
  return r
}

function decodeEnvelope (buf) {
  const e = { id: null, day: 0, blob: null }
  parseFields(buf, (f, w, v) => {
    if (f === 1) e.id = new Uint8Array(v)
    else if (f === 2) e.day = Number(v)
    else if (f === 3) e.blob = new Uint8Array(v)
  })
  return e
}

function decodeParams (buf) {
  const names = [null, 'day', 'retentionDays', 'blobSizes', 'createPowBits', 'maxEnvelopesPerMailbox',
    'maxBytesPerMailbox', 'maxDepositIdsPerDay', 'registerDaysAhead', 'challengeTtlSeconds', 'maxCollectEnvelopes',
    'maxRequestBytes', 'maxResponseBytes', 'requestsPerSecond', 'requestBurst']
  const p = { blobSizes: [] }
  parseFields(buf, (f, w, v) => {
    if (f === 3 && w === 2) {
      let pos = 0 // packed repeated uint32
      while (pos < v.length) { let n; [n, pos] = readVarint(v, pos); p.blobSizes.push(Number(n)) }
    } else if (f === 3) {
      p.blobSizes.push(Number(v))
    } else if (names[f]) {
      p[names[f]] = Number(v)
    }
  })
  return p
}

const owner = (publicKey, challenge, signature) =>
  concat(bytesField(1, publicKey), bytesField(2, challenge), bytesField(3, signature))

// --- identifiers and proofs (spec §4, §5) ---
function keyPair (seed) {
  const key = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seed)]), format: 'der', type: 'pkcs8' })
  const publicKey = new Uint8Array(createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(-32))
  return { key, publicKey }
}

const depositId = (secret, relayId, day) => new Uint8Array(createHmac('sha256', Buffer.from(secret))
  .update(concat(ascii('rvnt-relay/1 deposit'), [0], relayId, u32be(day))).digest().subarray(0, 16))
const envelopeId = (blob) => sha256(ascii('rvnt-relay/1 envelope'), [0], blob).subarray(0, 16)

function signedBytes (op, relayId, challenge, publicKey, payload) {
  return concat(ascii('rvnt-relay/1 ' + op), [0], relayId, challenge, publicKey, payload)
}

function solvePow (relayId, publicKey, bits) {
  const challenge = sha256(ascii('rvnt-relay/1 pow-create'), [0], relayId, publicKey)
  const pre = Buffer.alloc(40)
  Buffer.from(challenge).copy(pre)
  for (let nonce = 0n; ; nonce++) {
    pre.writeBigUInt64BE(nonce, 32)
    const h = createHash('sha256').update(pre).digest()
    let zeros = 0
    for (const b of h) { if (b === 0) { zeros += 8; continue } zeros += Math.clz32(b) - 24; break }
    if (zeros >= bits) return nonce
  }
}

function pad (content) { // the reference layout of spec §4.4
  const size = SIZES.find(s => content.length + 4 <= s)
  if (size === undefined) throw new Error('content too large for a blob')
  const blob = new Uint8Array(size)
  blob.set(u32be(content.length), 0)
  blob.set(content, 4)
  return blob
}

function unpad (blob) {
  const length = Buffer.from(blob).readUInt32BE(0)
  return Buffer.from(blob.subarray(4, 4 + length)).toString('utf8')
}

// --- one stream per relay: framed requests, answers in order (spec §3) ---
class Session {
  constructor (stream, relayId) {
    this.stream = stream
    this.relayId = relayId
    this.buffer = new Uint8Array(0)
    this.waiting = []
    this.challenge = null
    this.closed = null
    this.read()
  }

  async read () {
    try {
      for await (const chunk of this.stream) {
        this.buffer = concat(this.buffer, chunk.subarray())
        for (;;) {
          let length, pos
          try { [length, pos] = readVarint(this.buffer, 0) } catch { break }
          if (length > BigInt(MAX_RESPONSE)) throw new Error('response above 1 MiB')
          if (this.buffer.length < pos + Number(length)) break
          const message = this.buffer.subarray(pos, pos + Number(length))
          this.buffer = this.buffer.subarray(pos + Number(length))
          const response = decodeResponse(message)
          if (response.challenge !== null) this.challenge = response.challenge
          const waiter = this.waiting.shift()
          if (waiter === undefined) throw new Error('an answer to no request')
          waiter.resolve(response)
        }
      }
      this.closed = new Error('the relay closed the stream')
    } catch (err) {
      this.closed = err
    }
    for (const w of this.waiting.splice(0)) w.reject(this.closed)
  }

  async request (body) {
    if (this.closed) throw this.closed
    const message = concat(body)
    const answer = new Promise((resolve, reject) => this.waiting.push({ resolve, reject }))
    if (!this.stream.send(concat(varint(message.length), message))) await this.stream.onDrain()
    return await answer
  }

  async signed (op, seed, payload, body) {
    if (this.challenge === null) await this.request(bytesField(1, new Uint8Array(0))) // Hello, for a challenge
    const { key, publicKey } = keyPair(seed)
    const signature = new Uint8Array(sign(null, signedBytes(op, this.relayId, this.challenge, publicKey, payload), key))
    return await this.request(body(owner(publicKey, this.challenge, signature)))
  }
}

const list = (text) => (text ?? '').split(',').filter(item => item.length > 0)

const sessions = new Map()
async function session (address, signal) {
  let s = sessions.get(address)
  if (s === undefined || s.closed) {
    const addr = multiaddr(address)
    // spec §2: the relay's binary PeerId, from the address's /p2p/ part.
    const relayId = peerIdFromString(address.substring(address.lastIndexOf('/p2p/') + 5)).toMultihash().bytes
    const stream = await node.dialProtocol(addr, PROTOCOL, { signal })
    s = new Session(stream, relayId)
    sessions.set(address, s)
  }
  return s
}

const commands = {
  async hello ({ relay }, signal) {
    const s = await session(relay, signal)
    const r = await s.request(bytesField(1, new Uint8Array(0)))
    return { status: r.status, params: r.params }
  },
  async create ({ relay, seed, powBits }, signal) {
    const s = await session(relay, signal)
    const { publicKey } = keyPair(unhex(seed))
    const nonce = solvePow(s.relayId, publicKey, powBits)
    const r = await s.signed('create', unhex(seed), new Uint8Array(0),
      (o) => bytesField(2, concat(bytesField(1, o), varintField(2, nonce))))
    return { status: r.status }
  },
  async register ({ relay, seed, day, secrets }, signal) {
    const s = await session(relay, signal)
    const ids = list(secrets).map(secret => depositId(unhex(secret), s.relayId, day))
    const payload = concat(u32be(day), ...ids)
    const r = await s.signed('register', unhex(seed), payload,
      (o) => bytesField(3, concat(bytesField(1, o), varintField(2, day), ...ids.map(id => bytesField(3, id)))))
    return { status: r.status, depositIds: ids.map(hex) }
  },
  async deposit ({ relay, secret, day, message }, signal) {
    const s = await session(relay, signal)
    const blob = pad(new Uint8Array(Buffer.from(message, 'utf8')))
    const id = depositId(unhex(secret), s.relayId, day)
    const r = await s.request(bytesField(4, concat(bytesField(1, id), bytesField(2, blob))))
    return { status: r.status, envelopeId: hex(envelopeId(blob)) }
  },
  // Reports each envelope's id as the relay sent it and as computed from its blob; the Java side compares them.
  async collect ({ relay, seed, max, ack }, signal) {
    const s = await session(relay, signal)
    const acks = list(ack).map(unhex)
    const payload = concat(u32be(max), ...acks)
    const r = await s.signed('collect', unhex(seed), payload,
      (o) => bytesField(5, concat(bytesField(1, o), ...acks.map(id => bytesField(2, id)), varintField(3, max))))
    const envelopes = r.envelopes.map(e => ({ id: hex(e.id), blobId: hex(envelopeId(e.blob)), day: e.day,
      message: unpad(e.blob) }))
    return { status: r.status, more: r.more, envelopes }
  }
}

serve(node, commands)
