package io.rvnt.daemon.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class OneLineFormatterTest {
  @Test
  void printsExceptionsByClassNameNeverByMessage() {
    LogRecord record = new LogRecord(Level.WARNING, "request failed");
    record.setLoggerName("io.rvnt.test");
    record.setThrown(new IllegalStateException("user alice at 10.1.2.3",
        new java.io.IOException("key 0xdeadbeef")));
    String line = new OneLineFormatter().format(record);
    assertThat(line).matches("\\S+Z WARN io\\.rvnt\\.test: request failed "
        + "\\[java\\.lang\\.IllegalStateException <- java\\.io\\.IOException\\]\\R");
    assertThat(line).doesNotContain("alice").doesNotContain("10.1.2.3").doesNotContain("deadbeef");
  }

  @Test
  void keepsEachRecordOnOneLine() {
    LogRecord record = new LogRecord(Level.SEVERE, "two\nlines");
    assertThat(new OneLineFormatter().format(record)).contains("ERROR -: two lines").hasLineCount(1);
  }
}
