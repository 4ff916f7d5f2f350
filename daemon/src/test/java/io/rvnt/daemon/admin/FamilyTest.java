package io.rvnt.daemon.admin;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FamilyTest {

  @Test
  void aNameEndingInTotalIsRefusedSinceTheWriterAppendsIt() {
    assertThatThrownBy(() -> Family.counter("lookups_total", "Lookups."))
        .hasMessage("a family's name does not end with _total (counters get it appended): lookups_total");
  }

  @Test
  void aNameOutsideLowerCaseLettersDigitsAndUnderscoresIsRefused() {
    assertThatThrownBy(() -> Family.gauge("Records-Stored", "Records."))
        .hasMessage("a metric name is lower case letters, digits and underscores: Records-Stored");
  }

  @Test
  void aFamilyWithoutHelpIsRefused() {
    assertThatThrownBy(() -> Family.gauge("records", " ")).hasMessage("family records needs a HELP text");
  }

  @Test
  void aLabelTheWriterUsesItselfIsRefused() {
    assertThatThrownBy(() -> Family.counters("refused", "Refusals.", "refused_", "quantile"))
        .hasMessage("not a label of its own: quantile");
  }

  @Test
  void twoFamiliesWithOneNameAreRefused() {
    assertThatThrownBy(() -> new MetricsSchema("a route", true, "Connections.",
        List.of(Family.gauge("records", "Records."), Family.counter("records", "Records written."))))
        .hasMessage("two families named records");
  }

  @Test
  void aFamilyNamedAfterAPerEndpointFigureIsRefused() {
    assertThatThrownBy(() -> new MetricsSchema("a route", true, "Connections.",
        List.of(Family.counter("requests", "Requests."))))
        .hasMessage("two families named requests");
  }
}
