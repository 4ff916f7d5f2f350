package io.rvnt.dht;

import io.rvnt.dht.routing.Key;
import io.rvnt.dht.wire.KadMessage;
import io.rvnt.p2p.crypto.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One iterative Kademlia lookup (Kademlia paper §2.3, kad-dht spec "Peer routing"), the plain variant: at most
 * {@code alpha} requests in flight, always to the closest peers not yet asked; peers each response names join the
 * candidates; the lookup ends when the {@code k} closest candidates that answered have all been asked, when the
 * visitor says it has what it wanted, or after {@code maxQueries} requests. S/Kademlia's disjoint paths are not
 * used: the bootstrap network is small and its nodes are operated by one party. Thread-safe (guarded by this).
 */
final class Lookup {

  /** Sees every response; returns true to end the lookup early. */
  interface Visitor {
    boolean onResponse(PeerInfo from, KadMessage response);
  }

  private enum State { NEW, WAITING, DONE, FAILED }

  private static final class Candidate {
    PeerInfo peer;
    State state = State.NEW;

    Candidate(PeerInfo peer) {
      this.peer = peer;
    }
  }

  private final PeerId self;
  private final Function<PeerInfo, CompletableFuture<KadMessage>> ask;
  private final Visitor visitor;
  private final int k;
  private final int alpha;
  private final int maxQueries;
  private final TreeMap<Key, Candidate> candidates;
  private final CompletableFuture<List<PeerInfo>> result = new CompletableFuture<>();
  private int inflight;
  private int queries;

  Lookup(Key target, PeerId self, Function<PeerInfo, CompletableFuture<KadMessage>> ask, Visitor visitor, int k,
      int alpha, int maxQueries) {
    this.self = self;
    this.ask = ask;
    this.visitor = visitor;
    this.k = k;
    this.alpha = alpha;
    this.maxQueries = maxQueries;
    this.candidates = new TreeMap<>(target::compareDistance);
  }

  /** Starts from {@code seeds}; completes with the k closest peers that answered, closest first. */
  CompletableFuture<List<PeerInfo>> run(List<PeerInfo> seeds) {
    synchronized (this) {
      seeds.forEach(this::add);
    }
    pump();
    return result;
  }

  private void add(PeerInfo peer) {
    if (peer.id().equals(self)) {
      return;
    }
    Candidate existing = candidates.get(Key.of(peer.id()));
    if (existing == null) {
      candidates.put(Key.of(peer.id()), new Candidate(peer));
    } else if (existing.peer.addrs().isEmpty() && !peer.addrs().isEmpty()) {
      existing.peer = peer;
    }
  }

  private void pump() {
    List<Candidate> start = new ArrayList<>();
    synchronized (this) {
      if (result.isDone()) {
        return;
      }
      int seen = 0;
      for (Candidate c : candidates.values()) {
        if (seen >= k) {
          break;
        }
        if (c.state == State.FAILED) {
          continue;
        }
        seen++;
        if (c.state == State.NEW && inflight < alpha && queries < maxQueries) {
          c.state = State.WAITING;
          inflight++;
          queries++;
          start.add(c);
        }
      }
      if (start.isEmpty() && inflight == 0) {
        finish();
        return;
      }
    }
    for (Candidate c : start) {
      ask.apply(c.peer).whenComplete((response, error) -> onAnswer(c, response, error));
    }
  }

  private void onAnswer(Candidate c, KadMessage response, Throwable error) {
    synchronized (this) {
      inflight--;
      if (error != null || response == null) {
        c.state = State.FAILED;
      } else {
        c.state = State.DONE;
        response.closerPeers().forEach(this::add);
        if (!result.isDone() && visitor.onResponse(c.peer, response)) {
          finish();
        }
      }
    }
    pump();
  }

  private void finish() {
    List<PeerInfo> closest = new ArrayList<>();
    for (Map.Entry<Key, Candidate> e : candidates.entrySet()) {
      if (closest.size() >= k) {
        break;
      }
      if (e.getValue().state == State.DONE) {
        closest.add(e.getValue().peer);
      }
    }
    result.complete(closest);
  }
}
