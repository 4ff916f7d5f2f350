// What the js test peers do on a stream, reported as observed values for the Java tests to assert: an echo's SHA-256
// of the bytes sent and of the bytes that came back, a ping's payload and its echo. Nothing is judged here.
import { createHash, randomBytes } from 'node:crypto'

export const ECHO = '/rvnt/echo/1.0.0'
export const PING = '/ipfs/ping/1.0.0'
export const STREAM_LIMITS = { maxInboundStreams: 256, maxOutboundStreams: 256 }
const PIECE = 64 * 1024

// The echo protocol's responder: every byte back, then close once the initiator closed.
export async function echoHandler (stream) {
  try {
    for await (const chunk of stream) {
      if (!stream.send(chunk)) {
        await stream.onDrain()
      }
    }
    await stream.close()
  } catch (err) {
    stream.abort(err)
  }
}

// Writes `payload` in pieces, honouring backpressure, closes the write side, and returns all that came back.
async function exchange (stream, payload) {
  const chunks = []
  const reading = (async () => {
    for await (const chunk of stream) {
      chunks.push(chunk.subarray())
    }
  })()
  for (let offset = 0; offset < payload.length; offset += PIECE) {
    if (!stream.send(payload.subarray(offset, Math.min(payload.length, offset + PIECE)))) {
      await stream.onDrain()
    }
  }
  await stream.close()
  await reading
  return Buffer.concat(chunks)
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex')

// One echo of `size` random bytes on a stream from open(protocol).
export async function echoOnce (open, size) {
  const sent = randomBytes(size)
  const received = await exchange(await open(ECHO), sent)
  return { sentBytes: sent.length, receivedBytes: received.length, sent: sha256(sent), received: sha256(received) }
}

// One ping (ping spec: 32 random bytes, echoed by the responder) on a stream from open(protocol), in hex.
export async function pingOnce (open) {
  const sent = randomBytes(32)
  const received = await exchange(await open(PING), sent)
  return { sent: sent.toString('hex'), received: received.toString('hex') }
}
