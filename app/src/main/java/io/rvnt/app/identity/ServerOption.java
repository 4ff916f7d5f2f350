package io.rvnt.app.identity;

import java.net.URI;
import picocli.CommandLine.Option;

/** The identity server to talk to, shared by every {@code identity} subcommand. */
final class ServerOption {
  @Option(
      names = "--server",
      required = true,
      paramLabel = "URL",
      description = "Identity server base URL, e.g. http://127.0.0.1:8080 or https://id.example.org.")
  URI server;
}
