package io.rvnt.daemon.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DaemonLoggingTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @AfterEach
  void backToTheDefault() {
    DaemonLogging.configure(LogLevel.WARN, System.err);
  }

  @Test
  void holdsEveryLoggerButRvntsAtInfoEvenAtTrace() {
    DaemonLogging.configure(LogLevel.TRACE, new PrintStream(out, true, StandardCharsets.UTF_8));
    Logger.getLogger("io.netty.channel.DefaultChannelPipeline").fine("Discarded inbound message");
    Logger.getLogger("io.netty.handler.codec.quic.Quiche").finest("quiche trace line");
    Logger.getLogger("com.sun.net.httpserver").finest("Closing connection: remote=/192.0.2.7:50000");
    Logger.getLogger("jdk.event.security").fine("X509Certificate: Serial:00:e0");
    Logger.getLogger("io.netty.bootstrap").info("a library's info line");
    Logger.getLogger("io.rvnt.daemon.test").finest("our own trace line");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .as("our trace lines and others' info lines pass; others' debug and trace, which name peers, do not")
        .contains("our own trace line", "a library's info line")
        .doesNotContain("Discarded inbound message", "quiche trace", "192.0.2.7", "X509Certificate");
    assertThat(Logger.getLogger("io.netty.handler.codec.quic.Quiche").isLoggable(java.util.logging.Level.FINEST))
        .as("quiche's own trace log is only switched on when its logger is at trace").isFalse();
  }

  @Test
  void aCoarserLevelHoldsForEveryLogger() {
    DaemonLogging.configure(LogLevel.ERROR, new PrintStream(out, true, StandardCharsets.UTF_8));
    Logger.getLogger("io.rvnt.daemon.test").warning("our warning");
    Logger.getLogger("io.netty.bootstrap").warning("a library's warning");
    Logger.getLogger("io.rvnt.daemon.test").severe("our error");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("our error")
        .doesNotContain("our warning", "a library's warning");
  }

  @Test
  void anUncaughtExceptionIsLoggedByItsClassNameNeverItsMessage() throws InterruptedException {
    DaemonLogging.configure(LogLevel.WARN, new PrintStream(out, true, StandardCharsets.UTF_8));
    Thread thread = new Thread(() -> {
      throw new IllegalStateException("Connection refused: /192.0.2.7:4001");
    }, "rvnt-test-thread");
    thread.start();
    thread.join(); // the uncaught-exception handler runs in the thread, before it ends
    assertThat(out.toString(StandardCharsets.UTF_8)).as("one line, the class name, no address")
        .contains("ERROR", "uncaught exception in thread rvnt-test-thread [java.lang.IllegalStateException]")
        .doesNotContain("192.0.2.7").doesNotContain("4001").hasLineCount(1);
  }

  @Test
  void noticesReachTheProductionLevelUnderTheirOwnNameButNotErrorsOnly() {
    DaemonLogging.configure(LogLevel.WARN, new PrintStream(out, true, StandardCharsets.UTF_8));
    Logger.getLogger("io.rvnt.daemon.test").info("an info line");
    Logger.getLogger("io.rvnt.daemon.test").log(Notice.LEVEL, "server started");
    assertThat(out.toString(StandardCharsets.UTF_8)).as("a notice passes WARN, printed as NOTICE, not WARN")
        .contains(" NOTICE io.rvnt.daemon.test: server started").doesNotContain("an info line", " WARN ");
    out.reset();
    DaemonLogging.configure(LogLevel.ERROR, new PrintStream(out, true, StandardCharsets.UTF_8));
    Logger.getLogger("io.rvnt.daemon.test").log(Notice.LEVEL, "server started");
    assertThat(out.toString(StandardCharsets.UTF_8)).as("the error level keeps errors only").isEmpty();
  }

  @Test
  void parsesTheOperatorsLevelNamesInAnyCase() {
    assertThat(LogLevel.parse(" Trace ")).isEqualTo(LogLevel.TRACE);
    assertThat(LogLevel.parse("warn")).isEqualTo(LogLevel.WARN);
    assertThatThrownBy(() -> LogLevel.parse("loud")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected off, error, warn, info, debug or trace");
  }
}
