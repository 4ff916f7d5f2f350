// The line protocol between a js test peer and the Java test that drives it (test-support's JsonLinesPeer), one
// JSON object per line. Out: first {"event":"ready","peerId":..,"addrs":[..],"protocols":[..]}, then one reply per
// command, {"id":n,"ok":true,...} or {"id":n,"ok":false,"error":".."}. In: {"id":n, ...} commands; what they say is
// the peer's own. Closing stdin stops the node and ends the process.
import { createInterface } from 'node:readline'

function reply (message) {
  process.stdout.write(JSON.stringify(message) + '\n')
}

// Announces `node` and answers each command line with the result of run(command), a promise or a value.
export function serve (node, run) {
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
    Promise.resolve().then(() => run(command)).then(
      result => reply({ id: command.id, ok: true, ...result }),
      err => reply({ id: command.id, ok: false, error: String(err?.name ?? '') + ': ' + String(err?.message ?? err) }))
  })
  // The test ends the process by closing stdin if it dies without saying 'stop'.
  process.stdin.on('end', () => { node.stop().finally(() => process.exit(0)) })
}
