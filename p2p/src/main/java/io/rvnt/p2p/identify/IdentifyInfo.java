package io.rvnt.p2p.identify;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.crypto.CryptoException;
import io.rvnt.p2p.crypto.Keys;
import io.rvnt.p2p.crypto.PubKey;
import io.rvnt.p2p.multiformats.Multiaddr;
import io.rvnt.p2p.multiformats.MultiformatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The identify message (identify spec): {@code publicKey = 1}, {@code listenAddrs = 2}, {@code protocols = 3},
 * {@code observedAddr = 4}, {@code protocolVersion = 5}, {@code agentVersion = 6}. Addresses of protocols this
 * implementation does not know are skipped; the signed peer record (field 8) is not used.
 */
public record IdentifyInfo(
    Optional<PubKey> publicKey,
    List<Multiaddr> listenAddrs,
    List<String> protocols,
    Optional<Multiaddr> observedAddr,
    String protocolVersion,
    String agentVersion) {

  public static final String PROTOCOL_VERSION = "ipfs/0.1.0";

  /** Most addresses or protocols kept from one message. */
  static final int MAX_ENTRIES = 128;

  public IdentifyInfo {
    listenAddrs = List.copyOf(listenAddrs);
    protocols = List.copyOf(protocols);
  }

  /** Later messages override single fields and add to the lists (identify spec, multiple messages). */
  IdentifyInfo mergedWith(IdentifyInfo next) {
    List<Multiaddr> addrs = new ArrayList<>(listenAddrs);
    next.listenAddrs.stream().filter(a -> !addrs.contains(a) && addrs.size() < MAX_ENTRIES).forEach(addrs::add);
    List<String> protos = new ArrayList<>(protocols);
    next.protocols.stream().filter(p -> !protos.contains(p) && protos.size() < MAX_ENTRIES).forEach(protos::add);
    return new IdentifyInfo(next.publicKey.or(() -> publicKey), addrs, protos, next.observedAddr.or(() -> observedAddr),
        next.protocolVersion.isEmpty() ? protocolVersion : next.protocolVersion,
        next.agentVersion.isEmpty() ? agentVersion : next.agentVersion);
  }

  byte[] encode() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      if (publicKey.isPresent()) {
        out.writeByteArray(1, publicKey.get().bytes());
      }
      for (Multiaddr a : listenAddrs) {
        out.writeByteArray(2, a.bytes());
      }
      for (String p : protocols) {
        out.writeString(3, p);
      }
      if (observedAddr.isPresent()) {
        out.writeByteArray(4, observedAddr.get().bytes());
      }
      out.writeString(5, protocolVersion);
      out.writeString(6, agentVersion);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new AssertionError("writing to memory does not fail", e);
    }
  }

  static IdentifyInfo decode(byte[] message) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(message);
      PubKey key = null;
      List<Multiaddr> addrs = new ArrayList<>();
      List<String> protocols = new ArrayList<>();
      Multiaddr observed = null;
      String protocolVersion = "";
      String agentVersion = "";
      int tag;
      while ((tag = in.readTag()) != 0) {
        int field = WireFormat.getTagFieldNumber(tag);
        if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          in.skipField(tag);
          continue;
        }
        switch (field) {
          case 1 -> key = Keys.unmarshalPublicKey(in.readByteArray());
          case 2 -> {
            byte[] a = in.readByteArray();
            if (addrs.size() < MAX_ENTRIES) {
              knownAddress(a).ifPresent(addrs::add);
            }
          }
          case 3 -> {
            String p = in.readStringRequireUtf8();
            if (protocols.size() < MAX_ENTRIES) {
              protocols.add(p);
            }
          }
          case 4 -> observed = knownAddress(in.readByteArray()).orElse(null);
          case 5 -> protocolVersion = in.readStringRequireUtf8();
          case 6 -> agentVersion = in.readStringRequireUtf8();
          default -> in.skipField(tag);
        }
      }
      return new IdentifyInfo(Optional.ofNullable(key), addrs, protocols, Optional.ofNullable(observed),
          protocolVersion, agentVersion);
    } catch (IOException | CryptoException e) {
      throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "malformed identify message", e);
    }
  }

  private static Optional<Multiaddr> knownAddress(byte[] bytes) {
    try {
      return Optional.of(Multiaddr.decode(bytes));
    } catch (MultiformatException e) {
      return Optional.empty(); // a transport we do not speak (ws, webrtc, p2p-circuit...): not ours to judge
    }
  }
}
