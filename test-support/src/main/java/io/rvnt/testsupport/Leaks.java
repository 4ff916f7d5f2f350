package io.rvnt.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the zero-logging tests (invariant 1) look for, the same way for every server: each form a secret could be
 * printed in, and the files a server's data directory may hold beside its RocksDB data.
 */
public final class Leaks {

  private Leaks() {}

  /** Bytes in every form a log line could carry them: raw, hex in both cases, base64 and base64url. */
  public static List<String> byteForms(byte[] bytes) {
    return List.of(new String(bytes, StandardCharsets.ISO_8859_1), HexFormat.of().formatHex(bytes),
        HexFormat.of().withUpperCase().formatHex(bytes), Base64.getEncoder().withoutPadding().encodeToString(bytes),
        Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** A libp2p peer id in its text forms (base58, CID) and every form of its bytes. */
  public static List<String> peerIdForms(String base58, String cid, byte[] bytes) {
    List<String> forms = new ArrayList<>(List.of(base58, cid));
    forms.addAll(byteForms(bytes));
    return forms;
  }

  /**
   * Checks what a libp2p server printed: none of {@code secrets} anywhere; and outside its own lines (those matching
   * one of {@code ownLines}: its listen addresses, its admin listener) no port of {@code ports}, no IPv4 address, no
   * multiaddr, and not its own peer id.
   *
   * @param whose what the secrets and ports belong to, for the assertion messages ("a peer", "a client")
   */
  public static void assertOutputHoldsNone(String output, List<Pattern> ownLines, List<String> secrets,
      List<String> ports, String ownPeerId, String whose) {
    for (String secret : secrets) {
      assertThat(output).as("the output never holds anything of %s", whose).doesNotContain(secret);
    }
    String withoutOwnLines = output;
    for (Pattern own : ownLines) {
      withoutOwnLines = own.matcher(withoutOwnLines).replaceAll("");
    }
    for (String port : ports) {
      assertThat(withoutOwnLines).as("no port of %s", whose)
          .doesNotContainPattern("(?<![0-9])" + port + "(?![0-9])");
    }
    assertThat(withoutOwnLines).as("addresses appear only in the server's own lines")
        .doesNotContainPattern("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
        .doesNotContainPattern("/(tcp|udp)/\\d")
        .doesNotContain("/p2p/");
    assertThat(withoutOwnLines).as("the server's own peer id only in its own lines").doesNotContain(ownPeerId);
  }

  /**
   * Checks that {@code data} holds only RocksDB's files and the node's own peer key, and that none of them but
   * RocksDB's data files ({@code *.sst} tables, {@code *.log} write-ahead logs, {@code MANIFEST-*}, which lists the
   * tables' smallest and largest keys) holds any of {@code secrets}. Those three hold what the server stores, which
   * is its job; {@code CURRENT}, {@code IDENTITY}, {@code LOCK}, {@code OPTIONS-*} and {@code peer.key} are read and
   * must hold nothing of {@code whose}. Any other file, RocksDB's info {@code LOG} above all, fails.
   *
   * @param whose what the secrets belong to, for the assertion messages ("a peer", "a mailbox")
   */
  public static void assertDataDirectoryHoldsNone(Path data, List<String> secrets, String whose) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(data)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).as("the peer key and the store").isNotEmpty();
    for (Path file : files) {
      String name = file.getFileName().toString();
      assertThat(name).as("RocksDB's info log is off").doesNotStartWith("LOG");
      boolean stored = name.endsWith(".sst") || name.endsWith(".log") || name.startsWith("MANIFEST-");
      boolean bookkeeping = name.equals("CURRENT") || name.equals("IDENTITY") || name.equals("LOCK")
          || name.startsWith("OPTIONS-") || name.equals("peer.key");
      assertThat(stored || bookkeeping).as("only the peer key and RocksDB's documented files: %s", name).isTrue();
      if (!stored) {
        String content = ServerProcess.readLenient(file);
        for (String secret : secrets) {
          assertThat(content).as("%s holds nothing about %s", name, whose).doesNotContain(secret);
        }
      }
    }
  }
}
