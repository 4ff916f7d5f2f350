package io.rvnt.app.canary;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.document.CanaryDocument;
import io.rvnt.canary.openpgp.KeyDirectory;
import io.rvnt.canary.openpgp.SigningKey;
import io.rvnt.canary.publish.CanarySigning;
import io.rvnt.canary.publish.SigningRequest;
import io.rvnt.canary.publish.SiteDirectory;
import io.rvnt.canary.verify.VerificationPolicy;
import io.rvnt.canary.verify.VerificationResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "sign",
    description = {
      "Write and sign this month's canary.",
      "Writes canary.txt, canary.txt.sig (detached), canary.asc (clear-signed) and canary-key.asc into SITE_DIR. "
          + "The sequence number is one above the canary already there. The result is verified before anything "
          + "is written: a canary dated in the future or already stale is refused."
    })
final class SignCommand implements Callable<Integer> {
  @Mixin HelpOption helpOption;

  @ParentCommand CanaryCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--key", required = true, paramLabel = "DIR", description = "Key folder (from keygen or import).")
  Path key;

  @Mixin Passphrases passphrase;

  @Option(
      names = "--freshness",
      required = true,
      paramLabel = "TEXT",
      description = "A proof-of-freshness line, such as a recent block hash or a headline; repeat for more lines.")
  List<String> freshness;

  @Option(names = "--out", required = true, paramLabel = "SITE_DIR", description = "Folder to write the files to.")
  Path out;

  @Option(
      names = "--date",
      paramLabel = "YYYY-MM-DD",
      converter = Converters.IsoDate.class,
      description = "Publication date; default today (UTC).")
  LocalDate date;

  @Option(
      names = "--due",
      paramLabel = "YYYY-MM-DD",
      converter = Converters.IsoDate.class,
      description = "Date the next canary is due by; default the 5th of the next month.")
  LocalDate due;

  @Option(
      names = "--sequence",
      paramLabel = "N",
      description = "Sequence number; default one above the canary already in SITE_DIR, or 1.")
  Long sequence;

  @Override
  public Integer call() throws CanaryException {
    SigningKey signingKey = KeyDirectory.load(key);
    LocalDate published = date != null ? date : LocalDate.now(parent.clock());
    SigningRequest request =
        new SigningRequest(
            published,
            Optional.ofNullable(due),
            sequence == null ? OptionalLong.empty() : OptionalLong.of(sequence),
            freshness.stream().map(String::strip).toList());
    VerificationResult result =
        passphrase.use(
            false,
            secret ->
                new CanarySigning(parent.clock(), VerificationPolicy.defaults())
                    .sign(signingKey, secret, request, out));
    CanaryDocument canary = result.document().orElseThrow();
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println(
        "signed canary " + canary.sequence() + " published " + canary.published() + ", due by " + canary.due());
    stdout.println("key: " + signingKey.fingerprint().grouped());
    for (String name : SiteDirectory.FILES) {
      stdout.println("wrote " + out.resolve(name));
    }
    stdout.println("Check it with: gpg --verify " + out.resolve(SiteDirectory.DETACHED_SIGNATURE) + " "
        + out.resolve(SiteDirectory.TEXT));
    return 0;
  }
}
