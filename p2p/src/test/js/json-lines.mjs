// The line protocol between a js test peer and the Java test that drives it (test-support's JsonLinesPeer), one
// JSON object per line. Out: first {"event":"ready","peerId":..,"addrs":[..],"protocols":[..]}, then one reply per
// command, {"id":n,"ok":true,...} or {"id":n,"ok":false,"error":".."}. In: {"id":n,"cmd":NAME,"deadlineMs":ms,...}:
// every peer names its commands under "cmd", and each command gets an AbortSignal that fires once the Java side's
// deadline passed, so no peer has a deadline of its own. Peers report what they observed; the Java tests judge it.
// "stop", or closing stdin, stops the node and ends the process.
import { createInterface } from 'node:readline'

// For what js-libp2p runs on its own, outside any command (identify on every new connection, 5 s by default): on a
// busy machine the other side can take longer than that, and an identify given up on leaves the peer without its
// protocols for good (kad-dht then never adds it to the routing table). The commands' own waits end with the Java
// side's deadline instead.
export const BACKGROUND_TIMEOUT_MS = 60_000

function reply (message) {
  process.stdout.write(JSON.stringify(message) + '\n')
}

async function stop (node) {
  await node.stop()
  setImmediate(() => process.exit(0))
  return {}
}

// Announces `node` and answers each command line with the result of commands[cmd](command, signal), a promise or a
// value.
export function serve (node, commands) {
  reply({
    event: 'ready',
    peerId: node.peerId.toString(),
    addrs: node.getMultiaddrs().map(a => a.toString()),
    protocols: node.getProtocols()
  })
  createInterface({ input: process.stdin }).on('line', line => {
    let command
    try {
      command = JSON.parse(line)
    } catch {
      reply({ ok: false, error: 'not JSON' })
      return
    }
    Promise.resolve().then(() => {
      if (command.cmd === 'stop') return stop(node)
      const run = Object.hasOwn(commands, command.cmd) ? commands[command.cmd] : undefined
      if (typeof run !== 'function') throw new Error('unknown cmd ' + command.cmd)
      if (!Number.isFinite(command.deadlineMs)) throw new Error('no deadlineMs')
      return run(command, AbortSignal.timeout(command.deadlineMs))
    }).then(
      result => reply({ id: command.id, ok: true, ...result }),
      err => reply({ id: command.id, ok: false, error: String(err?.name ?? '') + ': ' + String(err?.message ?? err) }))
  })
  // The test ends the process by closing stdin if it dies without saying 'stop'.
  process.stdin.on('end', () => { node.stop().finally(() => process.exit(0)) })
}

// Waits on the peer's own events: until(check, signal) resolves with check()'s first non-null value, checked again
// on every changed(); it gives up when `signal` aborts (the Java side's deadline).
export function conditions () {
  const waiters = new Set()
  return {
    changed () {
      for (const waiter of [...waiters]) waiter()
    },
    until (check, signal) {
      return new Promise((resolve, reject) => {
        const done = () => {
          waiters.delete(attempt)
          signal.removeEventListener('abort', abort)
        }
        const attempt = () => {
          const value = check()
          if (value != null) {
            done()
            resolve(value)
          }
        }
        const abort = () => {
          done()
          reject(signal.reason)
        }
        waiters.add(attempt)
        signal.addEventListener('abort', abort)
        attempt()
      })
    }
  }
}
